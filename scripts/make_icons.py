#!/usr/bin/env python3
"""Draws Salesim's icon: the SVG for the hicolor theme's scalable size and PNGs at fixed sizes,
from one list of shapes, with nothing but the standard library (so any machine regenerates them
the same way). Usage: scripts/make_icons.py [OUT_DIR]   (default assets/icons)

The icon: two speech bubbles on a rounded blue square, the seller's (white) and the buyer's
(amber), with a tick in the buyer's: a conversation that ends in a yes."""
import math
import os
import struct
import sys
import zlib

SIZE = 256  # the drawing's own units
PNG_SIZES = (16, 32, 48, 64, 128, 256)

BLUE = (0x1F, 0x4E, 0x8C)
WHITE = (0xFF, 0xFF, 0xFF)
AMBER = (0xF2, 0xA9, 0x00)
INK = (0x1F, 0x4E, 0x8C)

# Shapes in drawing order: (kind, colour, parameters).
SHAPES = [
    ("rrect", BLUE, (8, 8, 240, 240, 48)),
    # The seller's bubble, left and higher, with its tail pointing down-left.
    ("rrect", WHITE, (28, 40, 140, 96, 30)),
    ("poly", WHITE, ((52, 128), (48, 164), (88, 128))),
    # The buyer's bubble, right and lower, tail down-right.
    ("rrect", AMBER, (92, 112, 136, 92, 30)),
    ("poly", AMBER, ((196, 196), (212, 228), (168, 196))),
    # A tick in the buyer's bubble.
    ("line", INK, ((130, 158), (152, 180), 12)),
    ("line", INK, ((152, 180), (192, 134), 12)),
    # Three dots in the seller's bubble: still talking.
    ("circle", INK, (62, 88, 9)),
    ("circle", INK, (98, 88, 9)),
    ("circle", INK, (134, 88, 9)),
]


def hexc(c):
    return "#%02x%02x%02x" % c


def svg():
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">']
    for kind, colour, p in SHAPES:
        if kind == "rrect":
            x, y, w, h, r = p
            out.append(f'  <rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{hexc(colour)}"/>')
        elif kind == "poly":
            pts = " ".join(f"{x},{y}" for x, y in p)
            out.append(f'  <polygon points="{pts}" fill="{hexc(colour)}"/>')
        elif kind == "line":
            (x1, y1), (x2, y2), w = p
            out.append(f'  <line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{hexc(colour)}" '
                       f'stroke-width="{w}" stroke-linecap="round"/>')
        elif kind == "circle":
            x, y, r = p
            out.append(f'  <circle cx="{x}" cy="{y}" r="{r}" fill="{hexc(colour)}"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def inside(kind, p, x, y):
    if kind == "rrect":
        rx, ry, w, h, r = p
        if x < rx or y < ry or x > rx + w or y > ry + h:
            return False
        cx = min(max(x, rx + r), rx + w - r)
        cy = min(max(y, ry + r), ry + h - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    if kind == "poly":
        # Point in triangle (convex polygon) by the signs of the edge cross products.
        sign = 0
        for i in range(len(p)):
            (x1, y1), (x2, y2) = p[i], p[(i + 1) % len(p)]
            c = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
            if c != 0:
                if sign == 0:
                    sign = 1 if c > 0 else -1
                elif (c > 0) != (sign > 0):
                    return False
        return True
    if kind == "line":
        (x1, y1), (x2, y2), w = p
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        px, py = x1 + t * dx, y1 + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= (w / 2) ** 2
    if kind == "circle":
        cx, cy, r = p
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    raise ValueError(kind)


def raster(n, samples=4):
    """RGBA rows of an n x n image, each pixel averaged over samples x samples points."""
    scale = SIZE / n
    rows = []
    for py in range(n):
        row = bytearray()
        for px in range(n):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) * scale
                    y = (py + (sy + 0.5) / samples) * scale
                    colour = None
                    for kind, c, p in SHAPES:
                        if inside(kind, p, x, y):
                            colour = c
                    if colour is not None:
                        acc[0] += colour[0]
                        acc[1] += colour[1]
                        acc[2] += colour[2]
                        acc[3] += 255
            k = samples * samples
            alpha = acc[3] / k
            if alpha > 0:
                # Colour averaged over the covered samples only (straight alpha).
                cov = acc[3] / 255
                row += bytes((round(acc[0] / cov), round(acc[1] / cov), round(acc[2] / cov), round(alpha)))
            else:
                row += bytes((0, 0, 0, 0))
        rows.append(bytes(row))
    return rows


def png(rows, n):
    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "assets", "icons")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "salesim.svg"), "w", encoding="utf-8") as f:
        f.write(svg())
    for n in PNG_SIZES:
        with open(os.path.join(out, f"salesim-{n}.png"), "wb") as f:
            f.write(png(raster(n), n))
    print(f"wrote salesim.svg and {len(PNG_SIZES)} PNGs to {out}")


if __name__ == "__main__":
    sys.exit(main() or 0)
