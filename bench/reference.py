#!/usr/bin/env python3
"""The PyTorch reference for `livedream bench`: one DeepDream step written the way PyTorch users write it.

It follows the TensorFlow tutorial's loop (tensorflow.org/tutorials/generative/deepdream), ported to
PyTorch as people usually port it: call the network's full forward pass, take the layer's activation
from what it returns (the TorchScript models here cannot take hooks, so forward() returns every
layer's activation in a dict, which is what hooks would collect), autograd, normalise by the standard
deviation, update, clip:

    img.requires_grad_(True)
    acts = model(to_model_input(img))          # every layer, up to the deepest (inception_5b)
    loss = acts[layer].mean()
    loss.backward()
    with torch.no_grad():
        g = img.grad / (img.grad.std() + 1e-8)
        img += g * step_size
        img.clamp_(-1, 1)
    img.grad = None

Same TorchScript file and the same number of threads as the engine (torch.set_num_threads), a
warm-up, then repetitions timed one step each; median and spread. `--mode extract` runs the same
loop through the model's truncated extract() instead (what truncation alone gains), and
`--autocast bfloat16` wraps the forward pass in CPU autocast (what a PyTorch user gets for free).

Subcommands:
    step     time the reference step (default)
    gemm     the practical roofline: large torch.mm throughput in float32 and bfloat16
    flops    FLOPs of one engine step (truncated forward + gradient w.r.t. the input only),
             counted with torch.utils.flop_counter on the real network
Every subcommand prints a line of text, or one JSON object with --json.
"""
import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
import warnings

import torch

warnings.filterwarnings("ignore", category=FutureWarning)  # torch.jit.load is deprecated in 2.x


def load_model(path):
    model = torch.jit.load(path, map_location="cpu")
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def to_model_input(model, img):
    """[-1, 1] RGB -> the model's convention: x = (pixel * range / 255 - mean) / std, channel order."""
    rng = float(model.input_range)
    bgr = model.input_channel_order == "BGR"
    mean = [float(v) for v in model.input_mean_bgr]
    std = [float(v) for v in model.input_std_bgr] if hasattr(model, "input_std_bgr") else [1.0, 1.0, 1.0]
    if not bgr:
        mean, std = mean[::-1], std[::-1]
    x = (img + 1.0) * (0.5 * rng)
    if bgr:
        x = x.flip(1)
    mean_t = torch.tensor(mean, dtype=img.dtype, device=img.device).view(1, 3, 1, 1)
    std_t = torch.tensor(std, dtype=img.dtype, device=img.device).view(1, 3, 1, 1)
    return (x - mean_t) / std_t


def start_image(size, device):
    """The sky photo (stretched to size x size) when it is there, else a fixed random picture."""
    h, w = size
    shared = os.environ.get("LIVEDREAM_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    sky = os.path.join(shared, "images", "sky.jpg")
    try:
        from PIL import Image
        import numpy as np
        pic = Image.open(sky).convert("RGB").resize((w, h), Image.BILINEAR)
        arr = torch.from_numpy(np.asarray(pic).copy()).permute(2, 0, 1).float()
        return (arr / 127.5 - 1.0).unsqueeze(0).to(device)
    except Exception:  # no PIL or no photo: the timing does not depend on the content
        gen = torch.Generator().manual_seed(1)
        return (torch.rand(1, 3, h, w, generator=gen) * 2 - 1).to(device)


def parse_size(text):
    if "x" in text:
        w, h = text.split("x")
        return int(h), int(w)
    return int(text), int(text)


def summary(times_ms):
    s = sorted(times_ms)
    n = len(s)
    q = lambda f: s[min(n - 1, max(0, round(f * (n - 1))))]
    return {"median_ms": statistics.median(s), "min_ms": s[0], "max_ms": s[-1],
            "p10_ms": q(0.1), "p90_ms": q(0.9),
            "mad_ms": statistics.median([abs(t - statistics.median(s)) for t in s])}


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kB


def machine_info(threads):
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "threads": threads,
            "interop_threads": torch.get_num_interop_threads(),
            "torch": torch.__version__, "python": platform.python_version(),
            "cpu_capability": torch.backends.cpu.get_cpu_capability(),
            "load_avg": os.getloadavg()[0]}


# ---------------------------------------------------------------------------------------------- step

def cmd_step(args):
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    model = load_model(args.model)
    model.to(device)
    size = parse_size(args.size)
    img = start_image(size, device)
    layer = args.layer
    autocast_dtype = {"none": None, "bfloat16": torch.bfloat16, "float16": torch.float16}[args.autocast]

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    def step():
        nonlocal img
        img.requires_grad_(True)
        with torch.autocast(device.type, dtype=autocast_dtype, enabled=autocast_dtype is not None):
            if args.mode == "full":
                acts = model(to_model_input(model, img))  # every layer's activation
                act = acts[layer]
            else:
                act = model.extract(to_model_input(model, img), [layer])[0]
        loss = act.float().mean()
        loss.backward()
        with torch.no_grad():
            g = img.grad
            g = g / (g.std(unbiased=False) + 1e-8)
            img += g * args.step_size
            img.clamp_(-1.0, 1.0)
        img.grad = None
        img = img.detach()
        return loss

    for _ in range(args.warmup):
        step()
    sync()
    times = []
    loss = None
    for _ in range(args.reps):
        t0 = time.perf_counter()
        loss = step()
        sync()
        times.append((time.perf_counter() - t0) * 1000.0)
    stats = summary(times)
    result = {"kind": "reference", "model": os.path.basename(args.model), "layer": layer,
              "height": size[0], "width": size[1], "mode": args.mode, "autocast": args.autocast,
              "device": args.device, "warmup": args.warmup, "reps": args.reps,
              "steps_per_s": 1000.0 / stats["median_ms"], **stats,
              "loss": float(loss.detach()), "peak_rss_mb": peak_rss_mb(),
              "machine": machine_info(args.threads)}
    if device.type == "cuda":
        result["cuda_max_allocated_mb"] = torch.cuda.max_memory_allocated() / 2**20
    emit(args, result, "reference {model} {layer} {height}x{width} {mode}: {steps_per_s:.2f} steps/s, "
                       "median {median_ms:.1f} ms (min {min_ms:.1f}, max {max_ms:.1f}), peak RSS {peak_rss_mb:.0f} MB")


# ---------------------------------------------------------------------------------------------- gemm

def time_op(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def cmd_gemm(args):
    """Practical roofline: the best sustained matrix-multiply throughput, as torch.mm (MKL or oneDNN,
    as ATen picks) and as a 1x1 convolution on a channels-last tensor (oneDNN's GEMM kernels, the ones
    the engine's convolutions run on), at a few large square sizes; the roofline is the best of both."""
    torch.set_num_threads(args.threads)
    out = {"kind": "gemm", "machine": machine_info(args.threads)}
    for name, dtype in (("float32", torch.float32), ("bfloat16", torch.bfloat16)):
        best = {}
        for n in args.sizes:
            gen = torch.Generator().manual_seed(0)
            a = torch.randn(n, n, generator=gen).to(dtype)
            b = torch.randn(n, n, generator=gen).to(dtype)
            c = torch.empty(n, n, dtype=dtype)
            times = time_op(lambda: torch.mm(a, b, out=c), args.reps)
            flop = 2.0 * n ** 3
            best["mm %d" % n] = {"median_gflops": flop / statistics.median(times) / 1e9, "best_gflops": flop / min(times) / 1e9}
            # The same GEMM as a 1x1 convolution: (n pixels) x (n in) x (n out), channels-last.
            side = int(round(n ** 0.5))
            x = torch.randn(1, n, side, n // side, generator=gen).to(dtype).contiguous(memory_format=torch.channels_last)
            w = torch.randn(n, n, 1, 1, generator=gen).to(dtype)
            with torch.no_grad():
                times = time_op(lambda: torch.nn.functional.conv2d(x, w), args.reps)
            flop = 2.0 * n * n * side * (n // side)
            best["conv1x1 %d" % n] = {"median_gflops": flop / statistics.median(times) / 1e9, "best_gflops": flop / min(times) / 1e9}
        out[name] = {"sizes": best,
                     "best_gflops": max(v["best_gflops"] for v in best.values()),
                     "median_gflops": max(v["median_gflops"] for v in best.values()),
                     "best_at": max(best, key=lambda k: best[k]["best_gflops"])}
    emit(args, out, "GEMM with {threads} threads: float32 best {f32:.1f} GFLOP/s (median {f32m:.1f}, {f32at}), "
                    "bfloat16 best {bf16:.1f} GFLOP/s (median {bf16m:.1f}, {bf16at})",
         f32at=out["float32"]["best_at"], bf16at=out["bfloat16"]["best_at"],
         threads=args.threads, f32=out["float32"]["best_gflops"], f32m=out["float32"]["median_gflops"],
         bf16=out["bfloat16"]["best_gflops"], bf16m=out["bfloat16"]["median_gflops"])


# --------------------------------------------------------------------------------------------- flops

def cmd_flops(args):
    """FLOPs of one engine step: the truncated forward and the gradient w.r.t. the input only.

    The backward pass of a convolution needs its grad-input convolution (as many FLOPs as the
    forward) but not the grad-weight one, as the parameters need no gradient; FlopCounterMode counts
    convolution_backward by its output mask, so this is exact for the convolutions and matrix
    products (element-wise work, pooling and LRN are not counted: they are memory-bound)."""
    from torch.utils.flop_counter import FlopCounterMode
    torch.set_num_threads(args.threads)
    model = load_model(args.model)
    size = parse_size(args.size)
    img = start_image(size, torch.device("cpu")).requires_grad_(True)
    with FlopCounterMode(display=False) as counter:
        act = model.extract(to_model_input(model, img), [args.layer])[0]
        forward = counter.get_total_flops()
        torch.autograd.grad(act.mean(), img)
        total = counter.get_total_flops()
    with FlopCounterMode(display=False) as counter:
        with torch.no_grad():
            model(to_model_input(model, img.detach()))
        full_forward = counter.get_total_flops()
    result = {"kind": "flops", "model": os.path.basename(args.model), "layer": args.layer,
              "height": size[0], "width": size[1],
              "forward_flop": forward, "backward_flop": total - forward, "step_flop": total,
              "reference_step_flop": full_forward + (total - forward)}
    emit(args, result, "{model} {layer} {height}x{width}: {gf:.2f} GFLOP per step "
                       "(forward {fw:.2f}, backward to the input {bw:.2f}); reference {rf:.2f}",
         gf=total / 1e9, fw=forward / 1e9, bw=(total - forward) / 1e9, rf=result["reference_step_flop"] / 1e9)


def emit(args, result, template, **extra):
    if args.json:
        print(json.dumps(result))
    else:
        print(template.format(**{**result, **result.get("machine", {}), **extra}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    default_model = os.path.join(os.environ.get("LIVEDREAM_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared")),
                                 "models", "googlenet_bvlc.pt")

    def common(p):
        p.add_argument("--threads", type=int, default=2)
        p.add_argument("--json", action="store_true")

    def model_args(p):
        p.add_argument("--model", default=default_model)
        p.add_argument("--layer", default="inception_4c")
        p.add_argument("--size", default="512", help="N or WxH pixels")

    p = sub.add_parser("step", help="time the reference step")
    common(p)
    model_args(p)
    p.add_argument("--mode", choices=["full", "extract"], default="full",
                   help="full: forward() with every layer (the reference); extract: the truncated network")
    p.add_argument("--autocast", choices=["none", "bfloat16", "float16"], default="none")
    p.add_argument("--device", default="cpu")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--step-size", type=float, default=0.01)
    p.set_defaults(func=cmd_step)

    p = sub.add_parser("gemm", help="matrix-multiply throughput (the practical roofline)")
    common(p)
    p.add_argument("--sizes", type=int, nargs="+", default=[1024, 2048])
    p.add_argument("--reps", type=int, default=5)
    p.set_defaults(func=cmd_gemm)

    p = sub.add_parser("flops", help="FLOPs of one step")
    common(p)
    model_args(p)
    p.set_defaults(func=cmd_flops)

    argv = sys.argv[1:]
    if not argv or argv[0] not in ("step", "gemm", "flops", "-h", "--help"):
        argv = ["step"] + argv
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
