#!/usr/bin/env python3
"""Build livedream "contract" models: TorchScript files the C++ dreamer loads.

Every exported file is a ``torch.jit.script``-ed module with

* ``extract(x, layers: List[str]) -> List[Tensor]``: activations of the named layers, in the
  order asked, computing only up to the deepest layer asked; an unknown name raises
  ``RuntimeError("unknown layer: ...")``.
* ``forward(x) -> Dict[str, Tensor]``: every layer's activation.
* ``classify(x) -> Tensor[N, 1000]``: ImageNet logits; ``class_names: List[str]`` (1000 names).
* ``layer_names: List[str]`` (shallow to deep), ``layer_channels: List[int]`` and
  ``layer_strides: List[int]`` (nominal stride w.r.t. the input, same order).
* Input description (``x`` is NCHW float32)::

      input_channel_order  "BGR" or "RGB"   order of the 3 input channels
      input_range          255.0 or 1.0     value of a full-intensity pixel before normalisation
      input_mean           List[float]      mean to subtract, in input_channel_order, model units
      input_std            List[float]      then divide by this, in input_channel_order
      input_mean_bgr       List[float]      the same mean, always in B,G,R order (even for RGB models)
      input_std_bgr        List[float]      the same std, always in B,G,R order (1.0s for Caffe models)
      min_input_size       int              smallest height/width that works

  So an 8-bit image ``img`` (H, W, 3) becomes, per channel c of ``input_channel_order``:
  ``x[c] = (img[c] * input_range / 255 - input_mean[c]) / input_std[c]``.
* every parameter has ``requires_grad == False`` (only the image needs a gradient).

Models:

``bvlc_googlenet``
    BVLC GoogLeNet (Caffe model zoo, the network of the original DeepDream), converted from the
    per-layer raw float32 files of CaffeJS (github.com/chaosmail/caffejs at a fixed commit, checked
    by sha256). BGR, 0..255, mean (104, 117, 123), std 1. Layers conv1 ... inception_5b, the names of
    the Caffe deepdream notebook. Identical to ``shared/models/googlenet_bvlc.pt``.
``googlenet``, ``inception_v3``, ``vgg16``
    torchvision models (ImageNet weights through torchvision's own download and hash check, a local
    ``--weights-file``, or ``--random-weights`` for offline tests). RGB, 0..1.
    torchvision's GoogLeNet and InceptionV3 weights were ported from TensorFlow and expect inputs
    scaled to -1..1; torchvision normally converts ImageNet-normalised inputs to that with
    ``transform_input=True``. Here ``transform_input`` is off and the true normalisation is stated
    instead: mean 0.5, std 0.5 (exactly what ``transform_input`` computes). VGG16 uses the ImageNet
    mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225) (RGB order).
    InceptionV3 layer names are the Keras ones (``mixed0`` .. ``mixed10``, as in the TensorFlow
    DeepDream tutorial's ``mixed3``/``mixed5``); it needs inputs of at least 75 px.

TorchScript files can run code: load only models you trust.
"""

import argparse
import hashlib
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

# torch 2.x marks torch.jit as deprecated; TorchScript is still what LibTorch's C++ loader reads.
warnings.filterwarnings("ignore", message=r"`torch\.jit\.\w+` is deprecated",
                        category=FutureWarning)

# --------------------------------------------------------------------------------------------
# constants

CAFFEJS_REPO = "chaosmail/caffejs"
CAFFEJS_COMMIT = "d161d610145d6ce1ee4b9e44b10de780e8ecec2d"
CAFFEJS_BASE_URL = (
    f"https://raw.githubusercontent.com/{CAFFEJS_REPO}/{CAFFEJS_COMMIT}/models/bvlc_googlenet"
)
# sha256 of the 116 weights/**/{*_filter,*_bias}.bin files concatenated in sorted path order
BVLC_WEIGHTS_SHA256 = "4bfa6575c1d353551f798a1f4f0d7dfddeab903627fcab716b5857863a0e9b95"
BVLC_WEIGHT_FILE_COUNT = 116

CAFFE_MEAN_BGR = [104.0, 117.0, 123.0]
IMAGENET_MEAN_RGB = [0.485, 0.456, 0.406]
IMAGENET_STD_RGB = [0.229, 0.224, 0.225]
TF_MEAN_RGB = [0.5, 0.5, 0.5]  # the -1..1 scaling of torchvision's transform_input
TF_STD_RGB = [0.5, 0.5, 0.5]

INCEPTION_V3_KERAS_NAMES = {
    "Mixed_5b": "mixed0", "Mixed_5c": "mixed1", "Mixed_5d": "mixed2",
    "Mixed_6a": "mixed3", "Mixed_6b": "mixed4", "Mixed_6c": "mixed5",
    "Mixed_6d": "mixed6", "Mixed_6e": "mixed7",
    "Mixed_7a": "mixed8", "Mixed_7b": "mixed9", "Mixed_7c": "mixed10",
}

MODELS = ("bvlc_googlenet", "googlenet", "inception_v3", "vgg16")
# The file each model is saved as by default: the names livedream, its presets and its messages use
# (src/core/paths.cpp has the same table; models/README.md lists it).
FILE_NAMES = {"bvlc_googlenet": "googlenet_bvlc.pt", "googlenet": "googlenet.pt",
              "inception_v3": "inception_v3.pt", "vgg16": "vgg16.pt"}


class ExportError(Exception):
    """A failure with a message meant for the user (printed as one line by the CLI)."""


# --------------------------------------------------------------------------------------------
# the contract wrapper (TorchScript)

class ContractModel(nn.Module):
    """A chain of stages; stage i maps layer i-1's activation to layer i's activation."""

    layer_names: List[str]
    layer_channels: List[int]
    layer_strides: List[int]
    class_names: List[str]
    input_channel_order: str
    input_range: float
    input_mean: List[float]
    input_std: List[float]
    input_mean_bgr: List[float]
    input_std_bgr: List[float]
    min_input_size: int
    enforce_min_input_size: bool
    model_name: str
    model_source: str

    def __init__(self, stages: Sequence[Tuple[str, nn.Module]], head: nn.Module, *,
                 layer_strides: Sequence[int], class_names: Sequence[str],
                 channel_order: str, input_range: float,
                 mean: Sequence[float], std: Sequence[float],
                 min_input_size: int, enforce_min_input_size: bool,
                 model_name: str, model_source: str):
        super().__init__()
        if channel_order not in ("BGR", "RGB"):
            raise ValueError(channel_order)
        self.stages = nn.ModuleDict(list(stages))
        self.head = head
        self.layer_names = [name for name, _ in stages]
        self.layer_channels = [0] * len(self.layer_names)  # filled by probe_channels()
        self.layer_strides = [int(s) for s in layer_strides]
        if len(self.layer_strides) != len(self.layer_names):
            raise ValueError("one stride per layer")
        self.class_names = list(class_names)
        self.input_channel_order = channel_order
        self.input_range = float(input_range)
        self.input_mean = [float(v) for v in mean]
        self.input_std = [float(v) for v in std]
        rev = channel_order == "RGB"
        self.input_mean_bgr = list(reversed(self.input_mean)) if rev else list(self.input_mean)
        self.input_std_bgr = list(reversed(self.input_std)) if rev else list(self.input_std)
        self.min_input_size = int(min_input_size)
        self.enforce_min_input_size = bool(enforce_min_input_size)
        self.model_name = model_name
        self.model_source = model_source

    def _check_input(self, x: Tensor):
        if x.dim() != 4 or x.size(1) != 3:
            raise RuntimeError("expected an NCHW tensor with 3 channels, got shape "
                               + str(x.shape))
        if self.enforce_min_input_size:
            if x.size(2) < self.min_input_size or x.size(3) < self.min_input_size:
                raise RuntimeError(self.model_name + " needs inputs of at least "
                                   + str(self.min_input_size) + "x" + str(self.min_input_size)
                                   + " px, got " + str(x.size(2)) + "x" + str(x.size(3)))

    def _run(self, x: Tensor, upto: int) -> Dict[str, Tensor]:
        self._check_input(x)
        acts: Dict[str, Tensor] = {}
        i = 0
        for name, stage in self.stages.items():
            if i <= upto:
                x = stage(x)
                acts[name] = x
            i += 1
        return acts

    def _index(self, name: str) -> int:
        for i in range(len(self.layer_names)):
            if self.layer_names[i] == name:
                return i
        return -1

    @torch.jit.export
    def extract(self, x: Tensor, layers: List[str]) -> List[Tensor]:
        upto = -1
        for name in layers:
            idx = self._index(name)
            if idx < 0:
                raise RuntimeError("unknown layer: " + name + " (layers of " + self.model_name
                                   + ": " + ", ".join(self.layer_names) + ")")
            upto = max(upto, idx)
        out: List[Tensor] = []
        if upto < 0:
            return out
        acts = self._run(x, upto)
        for name in layers:
            out.append(acts[name])
        return out

    def forward(self, x: Tensor) -> Dict[str, Tensor]:
        return self._run(x, len(self.layer_names) - 1)

    @torch.jit.export
    def classify(self, x: Tensor) -> Tensor:
        acts = self._run(x, len(self.layer_names) - 1)
        return self.head(acts[self.layer_names[-1]])


class GlobalPoolLinear(nn.Module):
    """Global average pool + flatten + fully connected (GoogLeNet, InceptionV3)."""

    def __init__(self, fc: nn.Linear):
        super().__init__()
        self.fc = fc

    def forward(self, x: Tensor) -> Tensor:
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class ReLUAfter(nn.Module):
    def __init__(self, m: nn.Module):
        super().__init__()
        self.m = m

    def forward(self, x: Tensor) -> Tensor:
        return F.relu(self.m(x))


def finalize(model: ContractModel, probe_size: int) -> ContractModel:
    """Eval mode, frozen parameters, layer_channels from one probe pass."""
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    with torch.no_grad():
        acts = model(torch.zeros(1, 3, probe_size, probe_size))
    model.layer_channels = [int(acts[n].shape[1]) for n in model.layer_names]
    return model


# --------------------------------------------------------------------------------------------
# Caffe prototxt (protobuf text format) reader, just enough for deploy.prototxt

_TOKEN = re.compile(r'\s*(?:#[^\n]*\n?|([{}:])|"((?:[^"\\]|\\.)*)"|([^\s{}:"#]+))')


def parse_prototxt(text: str) -> Dict[str, list]:
    """Parse protobuf text format into {key: [values...]} (nested messages are dicts)."""
    tokens: List[Tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise ExportError(f"deploy.prototxt: cannot parse near {text[pos:pos + 40]!r}")
        pos = m.end()
        if m.group(1):
            tokens.append(("punct", m.group(1)))
        elif m.group(2) is not None:
            tokens.append(("str", m.group(2)))
        elif m.group(3):
            tokens.append(("word", m.group(3)))

    def scalar(kind: str, val: str):
        if kind == "str":
            return val
        try:
            return int(val)
        except ValueError:
            try:
                return float(val)
            except ValueError:
                return val  # enum / bool

    def message(i: int, closing: bool) -> Tuple[Dict[str, list], int]:
        out: Dict[str, list] = {}
        while i < len(tokens):
            kind, val = tokens[i]
            if kind == "punct" and val == "}":
                if not closing:
                    raise ExportError("deploy.prototxt: unbalanced '}'")
                return out, i + 1
            if kind != "word":
                raise ExportError(f"deploy.prototxt: unexpected {val!r}")
            key = val
            i += 1
            if i < len(tokens) and tokens[i] == ("punct", ":"):
                i += 1
            if i < len(tokens) and tokens[i] == ("punct", "{"):
                sub, i = message(i + 1, True)
                out.setdefault(key, []).append(sub)
            elif i < len(tokens):
                out.setdefault(key, []).append(scalar(*tokens[i]))
                i += 1
            else:
                raise ExportError("deploy.prototxt: truncated")
        if closing:
            raise ExportError("deploy.prototxt: missing '}'")
        return out, i

    msg, _ = message(0, False)
    return msg


def _one(d: dict, key: str, default=None):
    v = d.get(key)
    if not v:
        return default
    return v[0]


def caffe_layers(proto: Dict[str, list]) -> Dict[str, dict]:
    layers = proto.get("layer") or proto.get("layers") or []
    return {_one(l, "name"): l for l in layers}


def caffe_blob_files(layers: Dict[str, dict]) -> List[str]:
    """The CaffeJS weight file paths (relative, sorted) of every Convolution/InnerProduct layer."""
    files = []
    for name, l in layers.items():
        if _one(l, "type") in ("Convolution", "InnerProduct"):
            files.append(f"weights/{name}_filter.bin")
            files.append(f"weights/{name}_bias.bin")
    return sorted(files)


# --------------------------------------------------------------------------------------------
# CaffeJS files: local folder or download, checksum

def _download(url: str, dest: Path, timeout: float) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            data = r.read()
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", None) or e
        raise ExportError(
            f"could not download {url} ({reason}); pass --caffejs-dir DIR (a local copy of "
            f"{CAFFEJS_REPO} models/bvlc_googlenet at commit {CAFFEJS_COMMIT[:12]}) or set "
            f"LIVEDREAM_MODEL to an existing model file") from None
    if data.startswith(b"version https://git-lfs"):
        raise ExportError(f"{url} is a Git LFS pointer, not the data; pass --caffejs-dir DIR")
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(dest)


def fetch_caffejs(cache_dir: Path, base_url: str = CAFFEJS_BASE_URL,
                  timeout: float = 30.0, log=print) -> Path:
    """Download deploy.prototxt, synset_words.txt and the 116 weight files into cache_dir
    (files already there are kept; the checksum is verified afterwards by the caller)."""
    for name in ("deploy.prototxt", "synset_words.txt"):
        if not (cache_dir / name).is_file():
            log(f"downloading {base_url}/{name}")
            _download(f"{base_url}/{name}", cache_dir / name, timeout)
    files = caffe_blob_files(caffe_layers(parse_prototxt(
        (cache_dir / "deploy.prototxt").read_text())))
    missing = [f for f in files if not (cache_dir / f).is_file()]
    if missing:
        log(f"downloading {len(missing)} weight files from {base_url}/weights/")
    for f in missing:
        _download(f"{base_url}/{f}", cache_dir / f, timeout)
    return cache_dir


def weights_sha256(root: Path, files: Sequence[str]) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        with open(root / f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def verify_caffejs_dir(root: Path, expected_sha256: Optional[str] = BVLC_WEIGHTS_SHA256
                       ) -> Tuple[Dict[str, dict], List[str]]:
    """Check that root holds deploy.prototxt, synset_words.txt and exactly the expected weight
    files with the expected checksum. Returns (prototxt layers, class names)."""
    root = Path(root)
    for name in ("deploy.prototxt", "synset_words.txt"):
        if not (root / name).is_file():
            raise ExportError(f"{root}: missing {name} (expected a copy of {CAFFEJS_REPO} "
                              f"models/bvlc_googlenet)")
    layers = caffe_layers(parse_prototxt((root / "deploy.prototxt").read_text()))
    files = caffe_blob_files(layers)
    missing = [f for f in files if not (root / f).is_file()]
    if missing:
        raise ExportError(f"{root}: {len(missing)} weight file(s) missing, e.g. {missing[0]}")
    if len(files) != BVLC_WEIGHT_FILE_COUNT:
        raise ExportError(f"{root}/deploy.prototxt names {len(files)} weight files, expected "
                          f"{BVLC_WEIGHT_FILE_COUNT}: not the BVLC GoogLeNet deploy.prototxt")
    if expected_sha256:
        got = weights_sha256(root, files)
        if got != expected_sha256:
            raise ExportError(
                f"{root}: checksum mismatch: sha256 of the {len(files)} weight files is {got}, "
                f"expected {expected_sha256} ({CAFFEJS_REPO} at {CAFFEJS_COMMIT[:12]}); "
                f"the files are corrupt or from another version")
    names = []
    for line in (root / "synset_words.txt").read_text().splitlines():
        line = line.strip()
        if line:
            parts = line.split(" ", 1)
            names.append(parts[1] if len(parts) == 2 and re.fullmatch(r"n\d{8}", parts[0])
                         else line)
    if len(names) != 1000:
        raise ExportError(f"{root}/synset_words.txt has {len(names)} names, expected 1000")
    return layers, names


# --------------------------------------------------------------------------------------------
# BVLC GoogLeNet from CaffeJS files

class CaffeInception(nn.Module):
    def __init__(self, convs: Dict[str, nn.Conv2d], pool_pad: int):
        super().__init__()
        self.b1x1 = convs["1x1"]
        self.b3x3_reduce = convs["3x3_reduce"]
        self.b3x3 = convs["3x3"]
        self.b5x5_reduce = convs["5x5_reduce"]
        self.b5x5 = convs["5x5"]
        self.pool_proj = convs["pool_proj"]
        self.pool_pad = pool_pad

    def forward(self, x: Tensor) -> Tensor:
        a = F.relu(self.b1x1(x))
        b = F.relu(self.b3x3(F.relu(self.b3x3_reduce(x))))
        c = F.relu(self.b5x5(F.relu(self.b5x5_reduce(x))))
        d = F.relu(self.pool_proj(F.max_pool2d(x, 3, 1, self.pool_pad, ceil_mode=True)))
        return torch.cat([a, b, c, d], 1)


class _CaffeReader:
    def __init__(self, root: Path, layers: Dict[str, dict]):
        self.root = root
        self.layers = layers

    def layer(self, name: str, type_: str) -> dict:
        l = self.layers.get(name)
        if l is None or _one(l, "type") != type_:
            raise ExportError(f"deploy.prototxt: expected a {type_} layer named {name!r}")
        return l

    def blob(self, name: str, kind: str, count: int) -> np.ndarray:
        path = self.root / "weights" / f"{name}_{kind}.bin"
        a = np.fromfile(path, dtype="<f4")
        if a.size != count:
            raise ExportError(f"{path}: {a.size} floats, expected {count}")
        return a.astype(np.float32)

    def conv(self, name: str, in_ch: int) -> nn.Conv2d:
        p = _one(self.layer(name, "Convolution"), "convolution_param")
        out = int(_one(p, "num_output"))
        k = int(_one(p, "kernel_size"))
        stride = int(_one(p, "stride", 1))
        pad = int(_one(p, "pad", 0))
        if int(_one(p, "group", 1)) != 1 or _one(p, "dilation", 1) != 1:
            raise ExportError(f"{name}: grouped/dilated convolutions are not supported")
        conv = nn.Conv2d(in_ch, out, k, stride=stride, padding=pad, bias=True)
        w = self.blob(name, "filter", out * k * k * in_ch).reshape(out, k, k, in_ch)
        conv.weight.data.copy_(torch.from_numpy(w).permute(0, 3, 1, 2))  # (out,kh,kw,in)->(out,in,kh,kw)
        conv.bias.data.copy_(torch.from_numpy(self.blob(name, "bias", out)))
        return conv

    def fc(self, name: str, in_features: int) -> nn.Linear:
        p = _one(self.layer(name, "InnerProduct"), "inner_product_param")
        out = int(_one(p, "num_output"))
        fc = nn.Linear(in_features, out)
        fc.weight.data.copy_(torch.from_numpy(
            self.blob(name, "filter", out * in_features).reshape(out, in_features)))
        fc.bias.data.copy_(torch.from_numpy(self.blob(name, "bias", out)))
        return fc

    def lrn(self, name: str) -> nn.LocalResponseNorm:
        p = _one(self.layer(name, "LRN"), "lrn_param")
        region = _one(p, "norm_region", "ACROSS_CHANNELS")
        if region not in ("ACROSS_CHANNELS", 0):
            raise ExportError(f"{name}: only ACROSS_CHANNELS LRN is supported")
        # Caffe ACROSS_CHANNELS: x / (k + alpha/n * sum_{window} x^2)^beta == torch's LRN
        return nn.LocalResponseNorm(int(_one(p, "local_size", 5)), alpha=float(_one(p, "alpha", 1.0)),
                                    beta=float(_one(p, "beta", 0.75)), k=float(_one(p, "k", 1.0)))

    def max_pool(self, name: str) -> nn.MaxPool2d:
        p = _one(self.layer(name, "Pooling"), "pooling_param")
        if _one(p, "pool", "MAX") not in ("MAX", 0):
            raise ExportError(f"{name}: expected MAX pooling")
        # Caffe rounds pooling output sizes up: ceil_mode
        return nn.MaxPool2d(int(_one(p, "kernel_size")), int(_one(p, "stride", 1)),
                            int(_one(p, "pad", 0)), ceil_mode=True)


def build_bvlc_googlenet(caffejs_dir: Path, verify: bool = True) -> ContractModel:
    root = Path(caffejs_dir)
    layers, class_names = verify_caffejs_dir(root, BVLC_WEIGHTS_SHA256 if verify else None)
    r = _CaffeReader(root, layers)

    def inception(block: str, in_ch: int) -> Tuple[CaffeInception, int]:
        convs = {}
        convs["1x1"] = r.conv(f"{block}/1x1", in_ch)
        convs["3x3_reduce"] = r.conv(f"{block}/3x3_reduce", in_ch)
        convs["3x3"] = r.conv(f"{block}/3x3", convs["3x3_reduce"].out_channels)
        convs["5x5_reduce"] = r.conv(f"{block}/5x5_reduce", in_ch)
        convs["5x5"] = r.conv(f"{block}/5x5", convs["5x5_reduce"].out_channels)
        convs["pool_proj"] = r.conv(f"{block}/pool_proj", in_ch)
        pool = r.max_pool(f"{block}/pool")
        if pool.kernel_size != 3 or pool.stride != 1:
            raise ExportError(f"{block}/pool: expected a 3x3 stride-1 max pool")
        out = sum(convs[k].out_channels for k in ("1x1", "3x3", "5x5", "pool_proj"))
        return CaffeInception(convs, int(pool.padding)), out

    stages: List[Tuple[str, nn.Module]] = []
    conv1 = r.conv("conv1/7x7_s2", 3)
    stages.append(("conv1", ReLUAfter(conv1)))
    c = conv1.out_channels
    conv2r = r.conv("conv2/3x3_reduce", c)
    stages.append(("conv2_reduce", nn.Sequential(r.max_pool("pool1/3x3_s2"), r.lrn("pool1/norm1"),
                                                 ReLUAfter(conv2r))))
    conv2 = r.conv("conv2/3x3", conv2r.out_channels)
    stages.append(("conv2", ReLUAfter(conv2)))
    c = conv2.out_channels
    pre = {"inception_3a": [r.lrn("conv2/norm2"), r.max_pool("pool2/3x3_s2")],
           "inception_4a": [r.max_pool("pool3/3x3_s2")],
           "inception_5a": [r.max_pool("pool4/3x3_s2")]}
    for block in ("inception_3a", "inception_3b", "inception_4a", "inception_4b", "inception_4c",
                  "inception_4d", "inception_4e", "inception_5a", "inception_5b"):
        inc, c = inception(block, c)
        stages.append((block, nn.Sequential(*pre.get(block, []), inc) if block in pre else inc))
    head = GlobalPoolLinear(r.fc("loss3/classifier", c))
    model = ContractModel(
        stages, head,
        layer_strides=[2, 4, 4, 8, 8, 16, 16, 16, 16, 16, 32, 32],
        class_names=class_names, channel_order="BGR", input_range=255.0,
        mean=CAFFE_MEAN_BGR, std=[1.0, 1.0, 1.0], min_input_size=64,
        enforce_min_input_size=False, model_name="bvlc_googlenet",
        model_source=f"BVLC GoogLeNet (Caffe model zoo, unrestricted use) via {CAFFEJS_REPO}@"
                     f"{CAFFEJS_COMMIT} models/bvlc_googlenet, weights sha256 "
                     f"{BVLC_WEIGHTS_SHA256}")
    return finalize(model, 224)


# --------------------------------------------------------------------------------------------
# torchvision models

def _tv():
    try:
        import torchvision  # noqa: F401
        from torchvision import models
    except ImportError:
        raise ExportError("torchvision is not installed: pip install -r scripts/requirements.txt"
                          ) from None
    return models


def _tv_state_dict(weights_enum, weights_file: Optional[Path], random_weights: bool,
                   model_name: str):
    """None for random weights, else a state_dict (downloaded by torchvision or read from a file)."""
    if random_weights:
        return None
    if weights_file is not None:
        try:
            sd = torch.load(weights_file, map_location="cpu", weights_only=True)
        except Exception as e:
            raise ExportError(f"cannot read {weights_file}: {e}") from None
        if isinstance(sd, dict) and "state_dict" in sd and isinstance(sd["state_dict"], dict):
            sd = sd["state_dict"]
        return sd
    w = weights_enum.DEFAULT
    try:
        return w.get_state_dict(progress=True, check_hash=True)
    except Exception as e:  # URLError, socket errors, hash mismatch
        raise ExportError(
            f"could not download the ImageNet weights of {model_name} ({w.url}): "
            f"{type(e).__name__}: {e}; pass --weights-file FILE (that state_dict), "
            f"--random-weights (for tests), or set LIVEDREAM_MODEL to an existing model file"
        ) from None


def _load(net: nn.Module, sd, model_name: str) -> None:
    if sd is None:
        return
    missing, unexpected = net.load_state_dict(sd, strict=False)
    missing = [k for k in missing if "aux" not in k.lower()]
    unexpected = [k for k in unexpected if "aux" not in k.lower()]
    if missing or unexpected:
        raise ExportError(f"weights do not fit {model_name}: missing {missing[:3]}, "
                          f"unexpected {unexpected[:3]}")


def _weights_source(model_name: str, weights_enum, sd, weights_file) -> str:
    if sd is None:
        return f"torchvision {model_name} architecture, RANDOM weights (not for dreaming)"
    if weights_file is not None:
        return f"torchvision {model_name}, weights from {Path(weights_file).name}"
    return f"torchvision {model_name}, {weights_enum.DEFAULT} ({weights_enum.DEFAULT.url})"


def build_tv_googlenet(weights_file=None, random_weights=False) -> ContractModel:
    models = _tv()
    W = models.GoogLeNet_Weights
    sd = _tv_state_dict(W, weights_file, random_weights, "googlenet")
    net = models.googlenet(weights=None, aux_logits=True, transform_input=False,
                           init_weights=sd is None)
    _load(net, sd, "googlenet")
    n = net
    stages = [
        ("conv1", n.conv1),
        ("conv2", nn.Sequential(n.maxpool1, n.conv2)),
        ("conv3", n.conv3),
        ("inception3a", nn.Sequential(n.maxpool2, n.inception3a)),
        ("inception3b", n.inception3b),
        ("inception4a", nn.Sequential(n.maxpool3, n.inception4a)),
        ("inception4b", n.inception4b),
        ("inception4c", n.inception4c),
        ("inception4d", n.inception4d),
        ("inception4e", n.inception4e),
        ("inception5a", nn.Sequential(n.maxpool4, n.inception5a)),
        ("inception5b", n.inception5b),
    ]
    model = ContractModel(
        stages, GlobalPoolLinear(n.fc),
        layer_strides=[2, 4, 4, 8, 8, 16, 16, 16, 16, 16, 32, 32],
        class_names=W.IMAGENET1K_V1.meta["categories"], channel_order="RGB", input_range=1.0,
        mean=TF_MEAN_RGB, std=TF_STD_RGB, min_input_size=64, enforce_min_input_size=False,
        model_name="googlenet", model_source=_weights_source("googlenet", W, sd, weights_file))
    return finalize(model, 224)


def build_tv_inception_v3(weights_file=None, random_weights=False) -> ContractModel:
    models = _tv()
    W = models.Inception_V3_Weights
    sd = _tv_state_dict(W, weights_file, random_weights, "inception_v3")
    net = models.inception_v3(weights=None, aux_logits=True, transform_input=False,
                              init_weights=sd is None)
    _load(net, sd, "inception_v3")
    n = net
    stages: List[Tuple[str, nn.Module]] = [
        ("conv2d_1a", n.Conv2d_1a_3x3),
        ("conv2d_2a", n.Conv2d_2a_3x3),
        ("conv2d_2b", n.Conv2d_2b_3x3),
        ("conv2d_3b", nn.Sequential(n.maxpool1, n.Conv2d_3b_1x1)),
        ("conv2d_4a", n.Conv2d_4a_3x3),
    ]
    strides = [2, 2, 2, 4, 4]
    for tv_name, keras in INCEPTION_V3_KERAS_NAMES.items():
        block = getattr(n, tv_name)
        if tv_name == "Mixed_5b":
            block = nn.Sequential(n.maxpool2, block)
        stages.append((keras, block))
        strides.append(8 if tv_name.startswith("Mixed_5") else
                       16 if tv_name.startswith("Mixed_6") else 32)
    model = ContractModel(
        stages, GlobalPoolLinear(n.fc), layer_strides=strides,
        class_names=W.IMAGENET1K_V1.meta["categories"], channel_order="RGB", input_range=1.0,
        mean=TF_MEAN_RGB, std=TF_STD_RGB, min_input_size=75, enforce_min_input_size=True,
        model_name="inception_v3",
        model_source=_weights_source("inception_v3", W, sd, weights_file))
    return finalize(model, 299)


class VGGHead(nn.Module):
    def __init__(self, classifier: nn.Sequential):
        super().__init__()
        # drop the Dropout layers (identity at inference) so the head has no train-mode behaviour
        self.classifier = nn.Sequential(*[m for m in classifier if not isinstance(m, nn.Dropout)])

    def forward(self, x: Tensor) -> Tensor:
        x = F.max_pool2d(x, 2, 2)                 # pool5
        x = F.adaptive_avg_pool2d(x, (7, 7))
        return self.classifier(torch.flatten(x, 1))


def build_tv_vgg16(weights_file=None, random_weights=False) -> ContractModel:
    models = _tv()
    W = models.VGG16_Weights
    sd = _tv_state_dict(W, weights_file, random_weights, "vgg16")
    net = models.vgg16(weights=None)
    _load(net, sd, "vgg16")
    stages: List[Tuple[str, nn.Module]] = []
    strides: List[int] = []
    pending: List[nn.Module] = []
    block, idx, stride = 1, 1, 1
    feats = list(net.features)
    i = 0
    while i < len(feats):
        m = feats[i]
        if isinstance(m, nn.MaxPool2d):
            block += 1
            idx = 1
            stride *= 2
            if i != len(feats) - 1:          # pool5 belongs to the head
                pending.append(m)
            i += 1
            continue
        assert isinstance(m, nn.Conv2d) and isinstance(feats[i + 1], nn.ReLU)
        stages.append((f"conv{block}_{idx}", nn.Sequential(*pending, m, nn.ReLU())))
        strides.append(stride)
        pending = []
        idx += 1
        i += 2
    model = ContractModel(
        stages, VGGHead(net.classifier), layer_strides=strides,
        class_names=W.IMAGENET1K_V1.meta["categories"], channel_order="RGB", input_range=1.0,
        mean=IMAGENET_MEAN_RGB, std=IMAGENET_STD_RGB, min_input_size=32,
        enforce_min_input_size=False, model_name="vgg16",
        model_source=_weights_source("vgg16", W, sd, weights_file))
    return finalize(model, 64)


# --------------------------------------------------------------------------------------------
# save / check helpers (also used by the tests)

def default_cache_dir() -> Path:
    base = os.environ.get("LIVEDREAM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "livedream")
    return Path(base) / f"caffejs-bvlc_googlenet-{CAFFEJS_COMMIT[:12]}"


def build(model: str, *, caffejs_dir: Optional[Path] = None, cache_dir: Optional[Path] = None,
          weights_file: Optional[Path] = None, random_weights: bool = False,
          timeout: float = 30.0, log=print) -> ContractModel:
    if model == "bvlc_googlenet":
        if random_weights or weights_file:
            raise ExportError("bvlc_googlenet takes --caffejs-dir (or downloads), "
                              "not --random-weights/--weights-file")
        if caffejs_dir is not None:
            return build_bvlc_googlenet(Path(caffejs_dir))
        cache = Path(cache_dir or default_cache_dir())
        fetch_caffejs(cache, timeout=timeout, log=log)
        try:
            return build_bvlc_googlenet(cache)
        except ExportError as e:
            raise ExportError(f"{e} (downloaded files are kept in {cache}: delete that folder "
                              f"and try again)") from None
    if caffejs_dir is not None:
        raise ExportError("--caffejs-dir is only for bvlc_googlenet")
    if random_weights and weights_file:
        raise ExportError("--random-weights and --weights-file exclude each other")
    builders = {"googlenet": build_tv_googlenet, "inception_v3": build_tv_inception_v3,
                "vgg16": build_tv_vgg16}
    if model not in builders:
        raise ExportError(f"unknown model {model!r}; one of {', '.join(MODELS)}")
    return builders[model](weights_file=weights_file, random_weights=random_weights)


def save(model: ContractModel, out: Path) -> Tuple[str, int]:
    """Script and save; returns (sha256, size in bytes)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    scripted = torch.jit.script(model)
    # write under the final file name (the zip archive inside is named after it, so the output is
    # reproducible) in a private temporary folder, then move it into place
    with tempfile.TemporaryDirectory(prefix=".export-", dir=out.parent) as tmpdir:
        tmp = Path(tmpdir) / out.name
        torch.jit.save(scripted, str(tmp))
        os.replace(tmp, out)
    h = hashlib.sha256()
    with open(out, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest(), out.stat().st_size


def to_model_input(rgb: np.ndarray, m) -> Tensor:
    """An 8-bit RGB image (H, W, 3) -> the 1x3xHxW tensor model `m` expects (uses its attributes)."""
    x = torch.from_numpy(np.ascontiguousarray(rgb, dtype=np.float32)).permute(2, 0, 1)
    if m.input_channel_order == "BGR":
        x = x.flip(0)
    x = x * (float(m.input_range) / 255.0)
    mean = torch.tensor(list(m.input_mean), dtype=torch.float32).view(3, 1, 1)
    std = torch.tensor(list(m.input_std), dtype=torch.float32).view(3, 1, 1)
    return ((x - mean) / std).unsqueeze(0).contiguous()


def top_k(m, x: Tensor, k: int = 5) -> List[Tuple[str, float]]:
    with torch.no_grad():
        p = torch.softmax(m.classify(x), 1)[0]
    v, i = p.topk(k)
    return [(m.class_names[int(j)], float(s)) for s, j in zip(v, i)]


def check_saved(path: Path, size: int = 224, image: Optional[Path] = None, log=print) -> None:
    """Load a saved model back and exercise the contract; raises ExportError on a violation."""
    m = torch.jit.load(str(path))
    m.eval()
    names = list(m.layer_names)
    for attr in ("layer_channels", "layer_strides", "class_names", "input_channel_order",
                 "input_range", "input_mean_bgr", "input_std_bgr", "input_mean", "input_std"):
        if not hasattr(m, attr):
            raise ExportError(f"{path}: attribute {attr} missing")
    if len(m.class_names) != 1000:
        raise ExportError(f"{path}: {len(m.class_names)} class names")
    if any(p.requires_grad for p in m.parameters()):
        raise ExportError(f"{path}: a parameter requires grad")
    torch.manual_seed(0)
    x = torch.randn(1, 3, size, size)
    asked = [names[-1], names[0], names[len(names) // 2]]
    t0 = time.perf_counter()
    with torch.no_grad():
        acts = m.extract(x, asked)
    dt = time.perf_counter() - t0
    for name, a in zip(asked, acts):
        i = names.index(name)
        if a.shape[1] != m.layer_channels[i]:
            raise ExportError(f"{path}: {name} has {a.shape[1]} channels, "
                              f"layer_channels says {m.layer_channels[i]}")
    log(f"check: extract({asked}) on 1x3x{size}x{size}: "
        + ", ".join(f"{n} {tuple(a.shape)}" for n, a in zip(asked, acts)) + f" in {dt:.2f}s")
    try:
        m.extract(x, ["no_such_layer"])
    except Exception:
        pass
    else:
        raise ExportError(f"{path}: extract accepted an unknown layer name")
    with torch.no_grad():
        logits = m.classify(x)
    if tuple(logits.shape) != (1, 1000):
        raise ExportError(f"{path}: classify gave shape {tuple(logits.shape)}")
    if image is not None:
        from PIL import Image
        rgb = np.asarray(Image.open(image).convert("RGB"))
        for name, p in top_k(m, to_model_input(rgb, m), 5):
            log(f"  {p:6.3f}  {name}")
    log("check: ok")


# --------------------------------------------------------------------------------------------
# CLI

def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(
        prog="export_model.py",
        description="Build a livedream contract model (TorchScript) from published weights.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"""models:
  bvlc_googlenet  BVLC GoogLeNet (Caffe; the original DeepDream network). BGR, 0..255,
                  mean (104,117,123). From the raw CaffeJS files of {CAFFEJS_REPO} at commit
                  {CAFFEJS_COMMIT[:12]}: --caffejs-dir DIR, or downloaded into
                  {default_cache_dir()} (sha256 checked either way).
                  Layers conv1, conv2_reduce, conv2, inception_3a ... inception_5b.
  googlenet       torchvision GoogLeNet. RGB, 0..1, mean/std 0.5 (= torchvision's transform_input).
                  Layers conv1, conv2, conv3, inception3a ... inception5b.
  inception_v3    torchvision InceptionV3. RGB, 0..1, mean/std 0.5; inputs >= 75 px.
                  Layers conv2d_1a ... conv2d_4a, mixed0 ... mixed10 (Keras names).
  vgg16           torchvision VGG16. RGB, 0..1, ImageNet mean/std. Layers conv1_1 ... conv5_3.
  All models take any input of 64 px or more (inception_v3: 75 px or more).

examples:
  %(prog)s bvlc_googlenet --caffejs-dir ../shared/models/bvlc_googlenet_caffejs --out models/googlenet_bvlc.pt --check
  %(prog)s inception_v3 --out models/inception_v3.pt          # needs internet (torchvision download)
  %(prog)s vgg16 --random-weights --out /tmp/vgg16_random.pt  # offline, for tests only

TorchScript files can run code: load only models you trust.""")
    ap.add_argument("model", choices=MODELS, help="which network to build")
    ap.add_argument("--out", type=Path, help="output .pt file (default: models/<its file name>: googlenet_bvlc.pt for bvlc_googlenet, "
                    "else <model>.pt)")
    ap.add_argument("--caffejs-dir", type=Path,
                    help="bvlc_googlenet: local folder laid out like CaffeJS models/bvlc_googlenet "
                         "(deploy.prototxt, synset_words.txt, weights/); default: download")
    ap.add_argument("--cache-dir", type=Path,
                    help="bvlc_googlenet: where downloads go (default: $LIVEDREAM_CACHE or "
                         "~/.cache/livedream)")
    ap.add_argument("--timeout", type=float, default=30.0, help="download timeout per file, s")
    ap.add_argument("--weights-file", type=Path,
                    help="torchvision models: a local state_dict file instead of the download")
    ap.add_argument("--random-weights", action="store_true",
                    help="torchvision models: random weights (offline tests; useless for dreaming)")
    ap.add_argument("--seed", type=int, default=0, help="seed for --random-weights")
    ap.add_argument("--check", action="store_true",
                    help="load the written file back and run extract/classify on a random "
                         "224x224 input")
    ap.add_argument("--check-image", type=Path,
                    help="with --check: also print the top-5 classes of this image")
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    args = ap.parse_args(argv)

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    out = args.out or Path(__file__).resolve().parent / FILE_NAMES[args.model]
    try:
        t0 = time.perf_counter()
        model = build(args.model, caffejs_dir=args.caffejs_dir, cache_dir=args.cache_dir,
                      weights_file=args.weights_file, random_weights=args.random_weights,
                      timeout=args.timeout)
        t1 = time.perf_counter()
        sha, size = save(model, out)
        t2 = time.perf_counter()
        print(f"wrote {out}: {size} bytes, sha256 {sha}")
        print(f"  {model.model_source}")
        print(f"  input {model.input_channel_order} 0..{model.input_range:g}, "
              f"mean {model.input_mean} std {model.input_std} ({model.input_channel_order} order)")
        print("  layers " + ", ".join(f"{n} ({c}, /{s})" for n, c, s in zip(
            model.layer_names, model.layer_channels, model.layer_strides)))
        print(f"  build {t1 - t0:.1f}s, script+save {t2 - t1:.1f}s")
        if args.check:
            check_saved(out, 224, args.check_image)
    except ExportError as e:
        print(f"export_model.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
