#!/usr/bin/env python3
"""Runs `livedream bench` and the PyTorch reference (bench/reference.py) case by case, and prints the
comparison: steps per second of each, their ratio, the engine's step split, FLOPs per step and the
fraction of the machine's measured matrix-multiply throughput the engine achieves.

Called by bench/run (which builds livedream first); see bench/run --help for the options.
Each case runs the engine, then the reference, back to back, so a change in the machine's load
hits both alike. The table is Markdown, ready for bench/RESULTS.md; --out also saves every number
as JSON.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_json(cmd, env=None):
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.stderr.write("bench: command failed: %s\n%s%s" % (" ".join(cmd), proc.stdout[-2000:], proc.stderr[-2000:]))
        sys.exit(1)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if not lines:
        sys.stderr.write("bench: no JSON from: %s\n%s" % (" ".join(cmd), proc.stdout[-2000:]))
        sys.exit(1)
    return json.loads(lines[-1])


def load_avg():
    return os.getloadavg()[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--livedream", required=True, help="the livedream program")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--models-dir", required=True)
    ap.add_argument("--case", action="append", default=[], help="FILE:LAYER (repeatable)")
    ap.add_argument("--sizes", default="224,512,1024")
    ap.add_argument("--dtypes", default="float32,bfloat16")
    ap.add_argument("--threads", type=int, default=0, help="0: one per core")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--ref-reps", type=int, default=0, help="reference repetitions (default: --reps)")
    ap.add_argument("--with-extract", action="store_true", help="also time the reference on the truncated extract()")
    ap.add_argument("--no-reference", action="store_true")
    ap.add_argument("--out", help="save all numbers as JSON here")
    args = ap.parse_args()

    threads = args.threads or os.cpu_count()
    cases = args.case or ["googlenet_bvlc.pt:inception_4c", "squeezenet1_1_caffe.pt:fire5"]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    dtypes = [d for d in args.dtypes.split(",") if d]
    ref_reps = args.ref_reps or args.reps
    reference = os.path.join(HERE, "reference.py")
    env = dict(os.environ)

    result = {"command": " ".join([os.path.relpath(sys.argv[0])] + sys.argv[1:]), "started": time.strftime("%Y-%m-%d %H:%M:%S"),
              "load_before": load_avg(), "rows": []}
    if not args.no_reference and args.device == "cpu":
        result["gemm"] = run_json([args.python, reference, "gemm", "--threads", str(threads), "--json"])
    machine = None
    loads = [load_avg()]
    for case in cases:
        file, layer = case.rsplit(":", 1)
        model_path = file if os.path.isabs(file) else os.path.join(args.models_dir, file)
        flops = run_json([args.python, reference, "flops", "--model", model_path, "--layer", layer, "--size", str(max(sizes)), "--json"])
        for size in sizes:
            scale = (size * size) / float(max(sizes) ** 2)
            ref = None
            ref_cache = {}
            for dtype in dtypes:
                eng = run_json([args.livedream, "bench", "--json", "--case", model_path + ":" + layer, "--sizes", str(size),
                                "--dtype", dtype, "--device", args.device, "--threads", str(threads), "--warmup", str(args.warmup),
                                "--reps", str(args.reps)], env)
                machine = eng["machine"]
                row = {"model": file, "layer": layer, "size": size, "dtype": dtype, "engine": eng["cases"][0],
                       "load": load_avg()}
                # The FLOPs scale with the pixel count (fully convolutional; borders aside, exact here).
                row["step_flop"] = flops["step_flop"] * scale
                row["reference_step_flop"] = flops["reference_step_flop"] * scale
                if not args.no_reference:
                    if "float32" not in ref_cache:
                        ref_cache["float32"] = run_json([args.python, reference, "step", "--model", model_path, "--layer", layer,
                                                         "--size", str(size), "--threads", str(threads), "--device", args.device,
                                                         "--warmup", str(args.warmup), "--reps", str(ref_reps), "--json"])
                    ref = ref_cache["float32"]
                    row["reference"] = ref
                    if dtype == "bfloat16":
                        row["reference_autocast"] = run_json(
                            [args.python, reference, "step", "--model", model_path, "--layer", layer, "--size", str(size),
                             "--threads", str(threads), "--device", args.device, "--autocast", "bfloat16",
                             "--warmup", str(args.warmup), "--reps", str(ref_reps), "--json"])
                    if args.with_extract and dtype == "float32":
                        row["reference_extract"] = run_json(
                            [args.python, reference, "step", "--model", model_path, "--layer", layer, "--size", str(size),
                             "--threads", str(threads), "--device", args.device, "--mode", "extract",
                             "--warmup", str(args.warmup), "--reps", str(ref_reps), "--json"])
                result["rows"].append(row)
                loads.append(load_avg())
                print_row_progress(row)
    result["machine"] = machine
    result["load_max"] = max(loads)
    result["load_after"] = load_avg()
    print()
    print_report(result)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


def print_row_progress(row):
    e = row["engine"]
    ref = row.get("reference")
    msg = "  %s %s %d %s: engine %.2f steps/s" % (row["model"], row["layer"], row["size"], row["dtype"], e["steps_per_s"])
    if ref:
        msg += ", reference %.2f steps/s (x%.2f)" % (ref["steps_per_s"], e["steps_per_s"] / ref["steps_per_s"])
    sys.stderr.write(msg + ", load %.2f\n" % row["load"])


def print_report(result):
    m = result.get("machine") or {}
    print("Machine: %s, %s cores, %s threads; LibTorch %s, oneDNN %s; livedream %s; device %s" % (
        m.get("cpu"), m.get("cores"), m.get("threads"), m.get("libtorch"), m.get("onednn"), m.get("livedream"), m.get("device")))
    print("Load average (1 min): %.2f before, %.2f at most between cases, %.2f after" % (
        result["load_before"], result["load_max"], result["load_after"]))
    gemm = result.get("gemm")
    if gemm:
        print("GEMM roofline (%s threads; best of torch.mm and 1x1-convolution GEMMs of sizes %s): float32 %.0f GFLOP/s (%s), "
              "bfloat16 %.0f GFLOP/s (%s)" % (
                  gemm["machine"]["threads"], ", ".join(k for k in gemm["float32"]["sizes"].keys()),
                  gemm["float32"]["best_gflops"], gemm["float32"]["best_at"], gemm["bfloat16"]["best_gflops"], gemm["bfloat16"]["best_at"]))
    print()
    print("| model | layer | px | dtype | engine steps/s | median ms (min..max) | fwd / bwd / upd / other ms | outside fwd+bwd | peak RSS MiB "
          "| reference steps/s | engine / reference | GFLOP/step | engine GFLOP/s | of GEMM peak |")
    print("|---|---|---:|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in result["rows"]:
        e = row["engine"]
        s = e["step"]
        ref = row.get("reference")
        gflop = row["step_flop"] / 1e9
        achieved = gflop * e["steps_per_s"]
        peak = None
        if gemm:
            peak = gemm["bfloat16" if row["dtype"] == "bfloat16" else "float32"]["best_gflops"]
        ref_txt = "%.2f" % ref["steps_per_s"] if ref else "-"
        if row.get("reference_autocast"):
            ref_txt += " (autocast bf16: %.2f)" % row["reference_autocast"]["steps_per_s"]
        if row.get("reference_extract"):
            ref_txt += " (extract: %.2f)" % row["reference_extract"]["steps_per_s"]
        ratio = "**%.2fx**" % (e["steps_per_s"] / ref["steps_per_s"]) if ref else "-"
        print("| %s | %s | %d | %s | %.2f | %.1f (%.1f..%.1f) | %.1f / %.1f / %.1f / %.1f | %.1f%% | %.0f | %s | %s | %.2f | %.1f | %s |" % (
            row["model"].replace(".pt", ""), row["layer"], row["size"], row["dtype"], e["steps_per_s"], s["median_ms"], s["min_ms"],
            s["max_ms"], e["forward_ms"], e["backward_ms"], e["update_ms"], e["other_ms"], 100 * e["outside_fwd_bwd_fraction"],
            e["peak_rss_mib"], ref_txt, ratio, gflop, achieved, "%.0f%%" % (100 * achieved / peak) if peak else "-"))
    print()
    print("steps/s from the median of %s timed steps after %s warm-up steps, each side; GFLOP/step: the engine's step "
          "(truncated forward + input gradient, convolutions only, torch.utils.flop_counter); the reference also runs the "
          "layers after the chosen one (GFLOP/step %s)." % (
              result["rows"][0]["engine"]["reps"] if result["rows"] else "?",
              result["rows"][0]["engine"]["warmup"] if result["rows"] else "?",
              ", ".join("%s %d px: %.2f" % (r["model"].replace(".pt", ""), r["size"], r["reference_step_flop"] / 1e9)
                        for r in result["rows"] if r["dtype"] == result["rows"][0]["dtype"])))


if __name__ == "__main__":
    main()
