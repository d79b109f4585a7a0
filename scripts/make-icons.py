"""Draws the toolbar icon (three candles on a dark tile) as PNGs without any image library."""
import struct, zlib, sys

def png(size, path):
    bg = (19, 23, 34, 255); green = (38, 166, 154, 255); red = (239, 83, 80, 255)
    px = [[(0, 0, 0, 0)] * size for _ in range(size)]
    r = size // 6
    for y in range(size):
        for x in range(size):
            cx = min(max(x, r), size - 1 - r); cy = min(max(y, r), size - 1 - r)
            if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
                px[y][x] = bg
    # candles: (x centre, body top, body bottom, wick top, wick bottom, colour) in fractions
    for fx, bt, bb, wt, wb, c in [(0.27, 0.45, 0.75, 0.35, 0.85, red), (0.5, 0.3, 0.6, 0.18, 0.7, green), (0.73, 0.2, 0.5, 0.1, 0.62, green)]:
        w = max(1, round(size * 0.14)); x0 = round(size * fx - w / 2)
        for y in range(round(size * wt), round(size * wb)):
            px[y][round(size * fx)] = c
        for y in range(round(size * bt), round(size * bb)):
            for x in range(x0, x0 + w):
                px[y][x] = c
    raw = b''.join(b'\x00' + b''.join(bytes(p) for p in row) for row in px)
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)

for s in (16, 32, 48, 128):
    png(s, f'{sys.argv[1]}/{s}.png')
