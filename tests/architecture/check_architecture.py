#!/usr/bin/env python3
"""The module map of src/, checked: every #include "module/..." goes to the module itself or to a
module below it (no include runs back up, so there is no cycle), the engine and the session see no
GL/GLFW/ImGui, the command line is the only user of CLI11, and no folder holds more than a fifth
or so of the code. Usage: check_architecture.py SRC_DIR. Exit 1 with one line per violation."""
import os
import re
import sys

# Each module and the modules it may include (its own files always).
ALLOWED = {
    "core": set(),
    "dream": {"core"},
    "atlas": {"core", "dream"},  # the channel atlas: feature visualizations, cache, grid (no GL)
    "session": {"core", "dream", "video"},  # dream only in torch_backend.cpp (checked below)
    "render": {"core"},
    "ui": {"core", "render"},
    "capture": {"core"},
    "video": {"core"},  # ffmpeg and ffprobe are found and run through core/child_process
    "control": {"core"},  # OSC in: the wire format (address table, parser) and the transport (liblo)
    "viewer": {"core", "session", "render", "ui", "capture", "video", "control"},
    "app": {"core", "dream", "atlas", "session", "capture", "video", "control", "viewer"},
}
# Third-party headers a module must not see.
FORBIDDEN = {
    "dream": ("glad/", "GLFW/", "imgui", "CLI/"),
    "session": ("glad/", "GLFW/", "imgui", "CLI/"),
    "atlas": ("glad/", "GLFW/", "imgui", "CLI/"),
    "core": ("glad/", "GLFW/", "imgui", "torch/", "ATen/", "c10/", "CLI/"),
    "capture": ("glad/", "GLFW/", "imgui", "torch/", "ATen/", "c10/", "CLI/"),
    "render": ("imgui", "torch/", "ATen/", "c10/", "CLI/"),
    "ui": ("torch/", "ATen/", "c10/", "CLI/"),
    "video": ("glad/", "GLFW/", "imgui", "torch/", "ATen/", "c10/", "CLI/"),
    "control": ("glad/", "GLFW/", "imgui", "torch/", "ATen/", "c10/", "CLI/"),
    "viewer": ("glad/", "GLFW/", "imgui", "torch/", "ATen/", "c10/", "CLI/"),
}
# The only files of a module allowed to include LibTorch when the module otherwise must not.
TORCH_IN_SESSION = {"torch_backend.cpp"}
MAX_SHARE = 0.22  # "no folder holds more than about 20% of the code"

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)


def main(src):
    problems = []
    lines_by_module = {}
    for module in sorted(os.listdir(src)):
        folder = os.path.join(src, module)
        if not os.path.isdir(folder):
            continue
        if module not in ALLOWED:
            problems.append(f"src/{module}: a module missing from the map in {__file__}")
            continue
        for root, _, files in os.walk(folder):
            for name in files:
                if not name.endswith((".h", ".cpp", ".cu", ".c")):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, src)
                text = open(path, encoding="utf-8").read()
                folder_key = os.path.relpath(root, src)  # dream and dream/ops are two folders
                lines_by_module[folder_key] = lines_by_module.get(folder_key, 0) + text.count("\n")
                for target in INCLUDE.findall(text):
                    head = target.split("/")[0]
                    if head in ALLOWED and "/" in target:
                        if head != module and head not in ALLOWED[module]:
                            problems.append(f"src/{rel}: includes {target}: {module} may not depend on {head}")
                        if module == "session" and head == "dream" and name not in TORCH_IN_SESSION:
                            problems.append(f"src/{rel}: includes {target}: only the torch backend of the session sees the engine")
                    for bad in FORBIDDEN.get(module, ()):
                        if target.startswith(bad):
                            if module == "session" and name in TORCH_IN_SESSION:
                                continue
                            problems.append(f"src/{rel}: includes <{target}>, which {module} must not see")
                    if module == "session" and name not in TORCH_IN_SESSION and target.startswith(("torch/", "ATen/", "c10/")):
                        problems.append(f"src/{rel}: includes <{target}>: only the torch backend of the session sees LibTorch")
    main_cpp = os.path.join(src, "main.cpp")
    if os.path.exists(main_cpp):
        for target in INCLUDE.findall(open(main_cpp).read()):
            if target.split("/")[0] in ALLOWED and not target.startswith("app/"):
                problems.append(f"src/main.cpp: includes {target}: main hands over to app only")
        lines_by_module["main"] = open(main_cpp).read().count("\n")
    total = sum(lines_by_module.values())
    for module, count in sorted(lines_by_module.items()):
        share = count / total if total else 0
        print(f"{module:12s} {count:6d} lines  {100 * share:4.1f}%")
        if share > MAX_SHARE:
            problems.append(f"src/{module}: {100 * share:.1f}% of the code (more than {100 * MAX_SHARE:.0f}%): split it")
    for p in problems:
        print("architecture: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../src")))
