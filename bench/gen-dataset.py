#!/usr/bin/env python3
"""Writes a deterministic mixed benchmark dataset.

Usage: gen-dataset.py DIR SIZE_MIB [SEED]

The same SIZE_MIB and SEED always give the same bytes, names and mtimes:
  40% random binary in a few large files (incompressible, like media or encrypted data),
  40% text in 8 MiB files (compressible, like logs and source),
  20% as small files of 1-20 KiB (about 20,000 per GiB), half text and half binary,
      spread over nested directories (like a home directory or a source tree).
Prints the number of files and bytes written.
"""
import os
import random
import sys

MIB = 1024 * 1024
TEXT_FILE = 8 * MIB
BINARY_FILE = 128 * MIB
# Fixed mtime so that restored trees can be compared by metadata as well as content.
MTIME = 1_700_000_000


def text_pool(rng):
    """Lines drawn from a vocabulary, so the text compresses roughly like real logs (3-5x with zstd -3)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(8000)]
    lines = []
    for n in range(100_000):
        words = rng.choices(vocab, k=rng.randint(4, 18))
        lines.append("%06d %s %s\n" % (n, rng.choice(("INFO", "WARN", "DEBUG", "ERROR")), " ".join(words)))
    return [line.encode() for line in lines]


def text_bytes(rng, pool, size):
    out = bytearray()
    while len(out) < size:
        out += b"".join(rng.choices(pool, k=min(2048, (size - len(out)) // 50 + 1)))
    return bytes(out[:size])


def write(path, data, counters):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    os.utime(path, (MTIME, MTIME))
    counters[0] += 1
    counters[1] += len(data)


def main():
    root, size_mib = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    rng = random.Random(seed)
    total = size_mib * MIB
    counters = [0, 0]
    pool = text_pool(rng)

    binary_total = total * 4 // 10
    n = 0
    while binary_total > 0:
        size = min(BINARY_FILE, binary_total)
        write(os.path.join(root, "media", "blob-%03d.bin" % n), rng.randbytes(size), counters)
        binary_total -= size
        n += 1

    text_total = total * 4 // 10
    n = 0
    while text_total > 0:
        size = min(TEXT_FILE, text_total)
        write(os.path.join(root, "logs", "day-%02d" % (n // 10), "app-%04d.log" % n),
              text_bytes(rng, pool, size), counters)
        text_total -= size
        n += 1

    small_total = total - counters[1]
    n = 0
    while small_total > 0:
        size = min(rng.randint(1024, 20 * 1024), small_total)
        directory = os.path.join(root, "src", "m%03d" % (n // 1000), "p%02d" % (n // 100 % 10))
        if n % 2 == 0:
            write(os.path.join(directory, "f%06d.txt" % n), text_bytes(rng, pool, size), counters)
        else:
            write(os.path.join(directory, "f%06d.dat" % n), rng.randbytes(size), counters)
        small_total -= size
        n += 1

    print("%d files, %d bytes" % (counters[0], counters[1]))


if __name__ == "__main__":
    main()
