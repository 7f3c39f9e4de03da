#!/usr/bin/env python3
"""Writes the PNG fixtures the decoder tests read, with an encoder that is not ours:
Python's zlib and struct, every row filter type (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth,
cycling by row), and one file from Pillow when it is installed. Pixel values follow
value(x, y, c) = (x*37 + y*91 + c*53 + x*y*7) % 256, which the Swift tests recompute.
Not part of CI; run it from this directory: python3 make_png_fixtures.py"""
import struct, zlib

def value(x, y, c):
    return (x * 37 + y * 91 + c * 53 + x * y * 7) % 256

def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

def filter_rows(rows, bpp):
    out = b""
    prior = bytes(len(rows[0]))
    for y, row in enumerate(rows):
        kind = y % 5
        f = bytearray()
        for i, v in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            f.append((v - pred) % 256)
        out += bytes([kind]) + bytes(f)
        prior = row
    return out

def write(name, width, height, depth, color_type, rows, bpp, extra=b""):
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    data = zlib.compress(filter_rows(rows, bpp), 9)
    with open(name, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", data) + chunk(b"IEND", b""))

W, H = 7, 10
for name, ct, ch in [("gray8.png", 0, 1), ("graya8.png", 4, 2), ("rgb8.png", 2, 3), ("rgba8.png", 6, 4)]:
    rows = [bytes(value(x, y, c) for x in range(W) for c in range(ch)) for y in range(H)]
    write(name, W, H, 8, ct, rows, ch)

# 16-bit RGB: the high byte is value(), the low byte noise the decoder drops.
rows = [b"".join(struct.pack(">H", value(x, y, c) * 256 + (x * 11 + c) % 256) for x in range(W) for c in range(3))
        for y in range(H)]
write("rgb16.png", W, H, 16, 2, rows, 6)

# 1-bit gray: pixel on where (x + y) % 3 == 0; 4-bit palette of 16 colours, index (x + 2y) % 16, with tRNS.
def pack(bits, depth):
    out, acc, n = bytearray(), 0, 0
    for v in bits:
        acc = (acc << depth) | v; n += depth
        if n == 8: out.append(acc); acc, n = 0, 0
    if n: out.append(acc << (8 - n))
    return bytes(out)
rows = [pack([1 if (x + y) % 3 == 0 else 0 for x in range(W)], 1) for y in range(H)]
write("gray1.png", W, H, 1, 0, rows, 1)
palette = bytes(v for i in range(16) for v in (i * 16, 255 - i * 16, (i * 40) % 256))
trns = bytes(255 - i * 10 for i in range(16))
rows = [pack([(x + 2 * y) % 16 for x in range(W)], 4) for y in range(H)]
write("palette4.png", W, H, 4, 3, rows, 1, chunk(b"PLTE", palette) + chunk(b"tRNS", trns))

try:
    from PIL import Image
    img = Image.new("RGB", (W, H))
    img.putdata([tuple(value(x, y, c) for c in range(3)) for y in range(H) for x in range(W)])
    img.save("pillow_rgb.png", optimize=True)
except ImportError:
    print("Pillow not installed: pillow_rgb.png not written")
