#!/usr/bin/env python3
"""The preconditioning benchmark (bench/RESULTS.md, "Preconditioning"; issue 14).

For 16 channels of inception_4c (every 32nd: 0, 32, ..., 480), each dreamt from seeded noise at
224 px for 64 steps by `livedream atlas` (the 16 channels as one batch: the atlas's feature
visualization, its waking term included) with each --precondition mode (the transforms: roll, so the
modes differ only in the preconditioner; and fourier with --transforms robust, the atlas's default),
this measures, independently of the engine (the model run here by PyTorch from the same TorchScript file):
  - the reached activation: the mean of that channel of inception_4c on the written picture;
  - the high-frequency energy: the mean |Laplacian| (4-neighbour, per colour, pixels in 0..1).
and writes a table (markdown), the raw numbers (JSON) and a picture sheet (4 channels x modes).

  .venv/bin/python bench/precondition.py [--out DIR] [--steps 64] [--size 224] [--step-size 0.05] [--sheet FILE]
                                         [--configs none,laplacian,...] [--reuse]

Environment: LIVEDREAM_BUILD (default build), LIVEDREAM_SHARED (default ../shared).
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import torch
from PIL import Image, ImageDraw

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIGS = [("none", "roll"), ("laplacian", "roll"), ("fourier", "roll"), ("smooth", "roll"), ("fourier", "robust")]


def to_network(png, model):
    """The model contract: BGR, 0..255, mean subtracted, NCHW float32."""
    rgb = np.asarray(Image.open(png).convert("RGB"), dtype=np.float32)
    bgr = torch.from_numpy(rgb[:, :, ::-1].copy()).permute(2, 0, 1)[None]
    mean = torch.tensor(list(model.input_mean_bgr), dtype=torch.float32).view(1, 3, 1, 1)
    return bgr - mean


def mean_abs_laplacian(png):
    x = np.asarray(Image.open(png).convert("RGB"), dtype=np.float64) / 255.0
    lap = x[1:-1, :-2] + x[1:-1, 2:] + x[:-2, 1:-1] + x[2:, 1:-1] - 4 * x[1:-1, 1:-1]
    return float(np.abs(lap).mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "precondition-bench"))
    parser.add_argument("--steps", type=int, default=64)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--step-size", type=float, default=0.05)
    parser.add_argument("--configs", default=",".join(p if t == "roll" else f"{p}+{t}" for p, t in CONFIGS),
                        help="which runs, e.g. none,fourier,fourier+robust")
    parser.add_argument("--reuse", action="store_true", help="measure PNGs already in --out instead of dreaming them again")
    parser.add_argument("--sheet", default=os.path.join(ROOT, "assets", "readme", "precondition.jpg"))
    args = parser.parse_args()
    build = os.environ.get("LIVEDREAM_BUILD", os.path.join(ROOT, "build"))
    shared = os.environ.get("LIVEDREAM_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
    model_path = os.path.join(shared, "models", "googlenet_bvlc.pt")
    livedream = os.path.join(build, "livedream")
    for path, fix in ((livedream, "build it: cmake --build build"), (model_path, "set LIVEDREAM_SHARED")):
        if not os.path.exists(path):
            sys.exit(f"bench/precondition.py: error: {path} is missing ({fix})")
    os.makedirs(args.out, exist_ok=True)

    model = torch.jit.load(model_path).eval()
    channels = list(range(0, 512, 32))
    results = {}
    for name in args.configs.split(","):
        precondition, _, transforms = name.partition("+")
        transforms = transforms or "roll"
        cache = os.path.join(args.out, "cache-" + name)
        command = [livedream, "atlas", "--model", model_path, "--layer", "inception_4c", "--channels",
                   ",".join(map(str, channels)), "--size", str(args.size), "--steps", str(args.steps),
                   "--step-size", str(args.step_size), "--batch", "16", "--precondition", precondition,
                   "--transforms", transforms, "--out", os.path.join(args.out, f"grid-{name}.png")]
        start = time.monotonic()
        if not args.reuse:
            shutil.rmtree(cache, ignore_errors=True)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "LIVEDREAM_ATLAS_CACHE": cache})
        seconds = time.monotonic() - start
        rows = []
        for channel in channels:
            png = glob.glob(os.path.join(cache, "*", "inception_4c", "*", f"channel_{channel}.png"))[0]
            shutil.copy(png, os.path.join(args.out, f"{name}-{channel}.png"))
            with torch.no_grad():
                act = model.extract(to_network(png, model), ["inception_4c"])[0][0, channel].mean().item()
            rows.append({"channel": channel, "activation": act, "laplacian": mean_abs_laplacian(png)})
            print(f"{name:18s} channel {channel:3d}: activation {act:8.2f}  mean |laplacian| {rows[-1]['laplacian']:.4f}",
                  flush=True)
        results[name] = {"rows": rows, "seconds": seconds}
    print(f"\n{args.steps} steps from noise at {args.size} px, 16 channels of inception_4c ({channels}), means over them:\n")
    print("| precondition | channel activation | mean abs Laplacian (0..1) | wall time (16 as one batch) |")
    print("|---|---|---|---|")
    for name, r in results.items():
        acts = [row["activation"] for row in r["rows"]]
        laps = [row["laplacian"] for row in r["rows"]]
        print(f"| {name} | {np.mean(acts):.2f} | {np.mean(laps):.4f} | {r['seconds']:.0f} s |")
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"steps": args.steps, "size": args.size, "step_size": args.step_size, "channels": channels,
                   "results": results}, f, indent=1)

    # The sheet: a row per mode, 4 channels, labelled.
    shown = channels[:16:4]
    cell, label = 160, 18
    sheet = Image.new("RGB", (cell * len(shown) + 110, (cell + 4) * len(results) + label), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    for j, channel in enumerate(shown):
        draw.text((110 + j * cell + 4, 2), f"inception_4c:{channel}", fill=(220, 220, 220))
    for i, name in enumerate(results):
        y = label + i * (cell + 4)
        draw.text((4, y + cell // 2 - 6), name, fill=(220, 220, 220))
        for j, channel in enumerate(shown):
            tile = Image.open(os.path.join(args.out, f"{name}-{channel}.png")).convert("RGB").resize((cell, cell))
            sheet.paste(tile, (110 + j * cell, y))
    os.makedirs(os.path.dirname(args.sheet), exist_ok=True)
    sheet.save(args.sheet, quality=88)
    print(f"\nsheet: {args.sheet}")


if __name__ == "__main__":
    main()
