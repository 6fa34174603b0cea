#!/usr/bin/env python3
"""Writes the error-matrix fixtures into a folder at test time (nothing binary is committed).

    make_fixtures.py images DIR     odd-mode, broken, huge-header and bomb images (Pillow, zlib)
    make_fixtures.py models DIR GOOD_MODEL   broken and contract-less models (torch)

Each odd-mode image is 96x80 and mostly the colour (200, 120, 40); the expected RGB after
livedream's conversion is written to DIR/expected.json (alpha composited over black).
"""
import json
import os
import struct
import sys
import zlib

W, H = 96, 80
COLOUR = (200, 120, 40)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, depth, colour_type, raw_rows, extra=b""):
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(raw_rows)) +
            chunk(b"IEND", b""))


def header_only_png(width, height):
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")


def images(out):
    from PIL import Image

    expected = {}
    rgb = Image.new("RGB", (W, H), COLOUR)

    def save(name, image, want, **kw):
        image.save(os.path.join(out, name), **kw)
        expected[name] = want

    grey = round((COLOUR[0] * 299 + COLOUR[1] * 587 + COLOUR[2] * 114) / 1000)
    save("rgb.png", rgb, COLOUR)
    save("grey.png", rgb.convert("L"), (grey,) * 3)
    # grey + alpha: fully opaque top half, fully transparent bottom half (expected: the top half)
    la = rgb.convert("LA")
    alpha = Image.new("L", (W, H), 0)
    alpha.paste(255, (0, 0, W, H // 2))
    la.putalpha(alpha)
    save("grey_alpha.png", la, (grey,) * 3)
    save("palette.png", rgb.convert("P", palette=Image.ADAPTIVE, colors=4), COLOUR)
    pal_t = rgb.convert("P", palette=Image.ADAPTIVE, colors=4)
    save("palette_transparent.png", pal_t, (0, 0, 0), transparency=pal_t.getpixel((0, 0)))
    rgba = rgb.convert("RGBA")
    rgba.putalpha(128)
    save("rgba_half.png", rgba, tuple(round(c * 128 / 255) for c in COLOUR))
    save("grey16.png", Image.new("I;16", (W, H), grey * 257), (grey,) * 3)
    save("bilevel.png", Image.new("1", (W, H), 1), (255, 255, 255))
    save("rgb.jpg", rgb, COLOUR, quality=95)
    save("progressive.jpg", rgb, COLOUR, quality=95, progressive=True)
    save("grey.jpg", rgb.convert("L"), (grey,) * 3, quality=95)
    save("cmyk.jpg", rgb.convert("CMYK"), COLOUR, quality=95)
    save("rgb.gif", rgb.convert("P", palette=Image.ADAPTIVE, colors=4), COLOUR)
    save("rgb.bmp", rgb, COLOUR)
    save("rgba.tga", rgb.convert("RGBA"), COLOUR)
    save("rgb.ppm", rgb, COLOUR)
    # 16-bit RGB and RGBA PNGs and a 16-bit PGM, by hand (Pillow writes none of them)
    samples16 = [c * 257 for c in COLOUR]
    row = b"\0" + struct.pack(">HHH", *samples16) * W
    open(os.path.join(out, "rgb16.png"), "wb").write(png(W, H, 16, 2, row * H))
    expected["rgb16.png"] = COLOUR
    row = b"\0" + struct.pack(">HHHH", *samples16, 65535) * W
    open(os.path.join(out, "rgba16.png"), "wb").write(png(W, H, 16, 6, row * H))
    expected["rgba16.png"] = COLOUR
    open(os.path.join(out, "grey16.pgm"), "wb").write(b"P5\n%d %d\n65535\n" % (W, H) + struct.pack(">H", grey * 257) * (W * H))
    expected["grey16.pgm"] = (grey,) * 3
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)

    # Sizes: 1x1 and 16x16 (loadable; the engine decides), and headers over the limits.
    Image.new("RGB", (1, 1), COLOUR).save(os.path.join(out, "one_pixel.png"))
    Image.new("RGB", (16, 16), COLOUR).save(os.path.join(out, "sixteen.png"))
    open(os.path.join(out, "side_16385.png"), "wb").write(header_only_png(16385, 16))
    open(os.path.join(out, "pixels_100m.png"), "wb").write(header_only_png(10001, 10000))
    open(os.path.join(out, "side_30000.jpg"), "wb").write(
        b"\xff\xd8" + b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, 2, 30000, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00" + b"\xff\xd9")
    open(os.path.join(out, "side_20000.gif"), "wb").write(b"GIF89a" + struct.pack("<HH", 20000, 20000) + b"\x00\x00\x00" + b";")
    # A 1x1 PNG whose pixel data inflates to 64 MB (a decompression bomb: 65 KB on disk).
    z = zlib.compressobj(9)
    bomb = b"".join(z.compress(b"\0" * (1 << 20)) for _ in range(64)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    open(os.path.join(out, "bomb.png"), "wb").write(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", bomb) + chunk(b"IEND", b""))
    # Broken and non-image files.
    good_png = open(os.path.join(out, "rgb.png"), "rb").read()
    noisy = Image.effect_noise((W, H), 64).convert("RGB")
    noisy.save(os.path.join(out, "noisy.png"))
    noisy_png = open(os.path.join(out, "noisy.png"), "rb").read()
    open(os.path.join(out, "truncated.png"), "wb").write(noisy_png[: len(noisy_png) // 2])
    open(os.path.join(out, "truncated_header.png"), "wb").write(good_png[:20])
    noisy.save(os.path.join(out, "noisy.jpg"), quality=90)
    jpg = open(os.path.join(out, "noisy.jpg"), "rb").read()
    open(os.path.join(out, "truncated.jpg"), "wb").write(jpg[: len(jpg) // 2])
    open(os.path.join(out, "truncated_header.jpg"), "wb").write(jpg[:30])
    open(os.path.join(out, "empty.png"), "wb").close()
    open(os.path.join(out, "text.png"), "w").write("this is not an image\n")
    open(os.path.join(out, "document.pdf.png"), "wb").write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    open(os.path.join(out, "image.webp"), "wb").write(b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\0" * 24)
    open(os.path.join(out, "vector.svg"), "w").write('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n')


def models(out, good):
    import zipfile

    import torch

    data = open(good, "rb").read()
    open(os.path.join(out, "truncated.pt"), "wb").write(data[: len(data) // 2])
    open(os.path.join(out, "empty.pt"), "wb").close()
    open(os.path.join(out, "text.pt"), "w").write("not a model\n")
    with zipfile.ZipFile(os.path.join(out, "random_zip.pt"), "w") as z:
        z.writestr("hello.txt", "a zip archive, but not TorchScript")

    class NoExtract(torch.nn.Module):
        def forward(self, x):
            return x * 2

    torch.jit.script(NoExtract()).save(os.path.join(out, "no_extract.pt"))

    class NoLayerNames(torch.nn.Module):
        def forward(self, x):
            return x

        @torch.jit.export
        def extract(self, x: torch.Tensor, layers: list[str]) -> list[torch.Tensor]:
            return [x for _ in layers]

    torch.jit.script(NoLayerNames()).save(os.path.join(out, "no_layer_names.pt"))


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    if kind == "images":
        images(out)
    elif kind == "models":
        models(out, sys.argv[3])
    else:
        sys.exit("usage: make_fixtures.py images DIR | models DIR GOOD_MODEL")
