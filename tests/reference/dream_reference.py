#!/usr/bin/env python3
"""An independent DeepDream reference, written from the published formulas, for checking the C++ engine.

The TensorFlow DeepDream tutorial (tensorflow.org/tutorials/generative/deepdream):
    loss = sum over layers of mean(activation)
    g = d loss / d img;  g /= reduce_std(g) + 1e-8;  img = clip(img + g * step_size, -1, 1)
with the image in [-1, 1]. The Caffe deepdream notebook (google/deepdream, dream.ipynb):
    objective_L2: loss = mean(activation^2) (the notebook sets diff = data, the same direction)
    img += step_size / mean(|g|) * g
    octaves: successively smaller copies of the base image; after each octave the detail
    (dream - base) is upscaled and added to the next, larger base.

The engine under test runs the same TorchScript model; this script runs it from Python with
plain PyTorch, from the same starting tensor, and writes the result for the C++ test to compare.
Tensors travel as raw little-endian float64, shape (1, 3, H, W).

Conventions the two implementations must share (they are part of the method's definition here):
  * octave i (counted down from full size) is round_half_up(size / scale^i), the factor raised so
    the shorter side is at least --min-size; smallest octave first;
  * resampling is bilinear (align_corners=False), antialiased when shrinking;
  * reduce_std is the population standard deviation (TensorFlow's), not the unbiased one.
No jitter and no tiling: those are random or approximate, and are tested separately.
"""
import argparse
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F


def parse_layers(spec):
    """name[:ch+ch...][:weight],... -> [(name, [channels], weight)] (a subset of the CLI syntax)."""
    terms = []
    for item in spec.split(","):
        name, *fields = item.split(":")
        channels, weight = [], 1.0
        for f in fields:
            if "." in f:
                weight = float(np.float32(f))
            else:
                channels = [int(c) for c in f.split("+")]
        terms.append((name, channels, weight))
    return terms


def to_model_input(model, img):
    """[-1, 1] RGB -> the model's convention (contract: x = (pixel * range / 255 - mean) / std)."""
    rng = float(model.input_range)
    bgr = model.input_channel_order == "BGR"
    mean_bgr = [float(np.float32(v)) for v in model.input_mean_bgr]
    std_bgr = [float(np.float32(v)) for v in model.input_std_bgr] if hasattr(model, "input_std_bgr") else [1.0] * 3
    mean = mean_bgr if bgr else mean_bgr[::-1]
    inv_std = [float(np.float32(1.0) / np.float32(s)) for s in (std_bgr if bgr else std_bgr[::-1])]
    x = (img + 1.0) * float(np.float32(0.5) * np.float32(rng))
    if bgr:
        x = x.flip(1)
    mean_t = torch.tensor(mean, dtype=img.dtype).view(1, 3, 1, 1)
    inv_t = torch.tensor(inv_std, dtype=img.dtype).view(1, 3, 1, 1)
    return (x - mean_t) * inv_t


def objective(model, img, terms, loss_kind):
    layers = []
    for name, _, _ in terms:
        if name not in layers:
            layers.append(name)
    acts = model.extract(to_model_input(model, img), layers)
    total = None
    for name, channels, weight in terms:
        a = acts[layers.index(name)]
        if channels:
            a = a[:, channels]
        value = a.mean() if loss_kind == "mean" else (a * a).mean()
        if weight != 1.0:
            value = value * weight
        total = value if total is None else total + value
    return total


def ascent_step(model, img, terms, loss_kind, step_size):
    x = img.detach().requires_grad_(True)
    loss = objective(model, x, terms, loss_kind)
    (g,) = torch.autograd.grad(loss, x)
    if loss_kind == "mean":
        g = g / (g.std(correction=0) + 1e-8)
    else:
        g = g / (g.abs().mean() + 1e-8)
    return (img + g * step_size).clamp(-1.0, 1.0)


def octave_sizes(h, w, octaves, scale, min_size):
    min_factor = min(1.0, min_size / min(h, w))
    sizes = []
    for i in range(octaves - 1, -1, -1):
        f = max(math.pow(scale, -i), min_factor)
        sizes.append((math.floor(h * f + 0.5), math.floor(w * f + 0.5)))
    return sizes


def resize(x, size):
    if tuple(x.shape[-2:]) == tuple(size):
        return x
    shrinking = size[0] < x.shape[-2] or size[1] < x.shape[-1]
    return F.interpolate(x, size=size, mode="bilinear", align_corners=False, antialias=shrinking)


def dream(model, source, terms, loss_kind, step_size, steps, octaves, scale, min_size):
    h, w = source.shape[-2:]
    detail = None
    img = source
    for size in octave_sizes(h, w, octaves, scale, min_size):
        base = resize(source, size)
        detail = torch.zeros_like(base) if detail is None else resize(detail, size)
        img = base + detail
        for _ in range(steps):
            img = ascent_step(model, img, terms, loss_kind, step_size)
        detail = img - base
    return img


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--input", required=True, help="raw float64 (1, 3, H, W) in [-1, 1]")
    p.add_argument("--height", type=int, required=True)
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--output", required=True, help="raw float64 result")
    p.add_argument("--layers", default="inception_4c")
    p.add_argument("--loss", choices=["mean", "mean-square"], default="mean")
    p.add_argument("--step-size", default="0.01", help="as a float32, like the engine's parameter")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--octaves", type=int, default=1)
    p.add_argument("--octave-scale", default="1.4", help="as a float32, like the engine's parameter")
    p.add_argument("--min-size", type=int, default=64)
    p.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    a = p.parse_args()

    if a.threads > 0:
        torch.set_num_threads(a.threads)
    dtype = torch.float64 if a.dtype == "float64" else torch.float32
    model = torch.jit.load(a.model, map_location="cpu")
    model.eval()
    model.to(dtype)
    source = torch.from_numpy(np.fromfile(a.input, dtype="<f8").reshape(1, 3, a.height, a.width)).to(dtype)
    out = dream(model, source, parse_layers(a.layers), a.loss, float(np.float32(a.step_size)), a.steps, a.octaves,
                float(np.float32(a.octave_scale)), a.min_size)
    out.detach().to(torch.float64).numpy().astype("<f8").tofile(a.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
