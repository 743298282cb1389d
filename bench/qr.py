"""CPU per QR code: samizdat's ``qr_png`` on mirror URLs of the usual shapes.

    python -m bench.qr [--codes 2000] [--rounds 5]
    PYTHONPATH=/path/to/other/src python -m bench.qr     # another version, same way

Each round makes one code (the page's PNG, as a sync writes it) for each of ``--codes``
different URLs (GitHub blob URLs of ASCII article ids, one in ten with a percent-encoded
Chinese path), in this one process; the figure is CPU time (``time.process_time``) per
code, the median of the rounds. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from statistics import median
from urllib.parse import quote


def urls(count: int) -> list[str]:
    rng = random.Random(18004)
    made = []
    for k in range(count):
        path = f"pages/c{k % 10:03d}/n{rng.randrange(10**8)}.md"
        if k % 10 == 9:
            path = quote(f"pages/国际/新闻-{rng.randrange(10**6)}.md")
        made.append(f"https://github.com/owner/mirror/blob/main/{path}")
    return made


def measure(codes: int, rounds: int) -> dict[str, object]:
    import samizdat
    from samizdat.render import qr_png

    data = urls(codes)
    qr_png(data[0])  # imports, caches
    per_code, sizes = [], [len(qr_png(url)) for url in data]
    for _ in range(rounds):
        started = time.process_time()
        for url in data:
            qr_png(url)
        per_code.append((time.process_time() - started) / codes)
    return {
        "samizdat": str(samizdat.__file__),
        "codes": codes,
        "rounds": rounds,
        "cpu_ms_per_code": round(1000 * median(per_code), 3),
        "cpu_ms_range": [round(1000 * min(per_code), 3), round(1000 * max(per_code), 3)],
        "png_bytes_mean": round(sum(sizes) / len(sizes), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.qr", description=__doc__)
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(measure(max(1, args.codes), max(1, args.rounds)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
