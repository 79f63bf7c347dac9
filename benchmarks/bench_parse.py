"""Benchmark: parsing the 43 NIOT workbooks and the SEA, cold (no cache) and warm (cache),
and the Excel reader comparison (python-calamine vs openpyxl) on the same workbooks.

    python benchmarks/bench_parse.py [--wiod-dir DIR] [--openpyxl-sample N]

Prints a Markdown table and writes it to build/bench/parse.md. Standard tools only (time,
tempfile); no timing assertions anywhere: the figures are reported, not tested.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from wiodbook import config, wiod


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--wiod-dir", default=None)
    p.add_argument("--openpyxl-sample", type=int, default=5,
                   help="how many NIOT workbooks to read with openpyxl for the comparison (slow)")
    a = p.parse_args()
    base = Path(a.wiod_dir) if a.wiod_dir else config.wiod_dir()
    countries = wiod.available_countries(base)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WIODBOOK_CACHE"] = tmp
        t = time.perf_counter()
        niot = wiod.load_niot(countries, base)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        wiod.load_niot(countries, base)
        warm = time.perf_counter() - t
        t = time.perf_counter()
        wiod.load_sea(base)
        sea_cold = time.perf_counter() - t
        t = time.perf_counter()
        wiod.load_sea(base)
        sea_warm = time.perf_counter() - t
    rows.append((f"{len(countries)} NIOT workbooks, cold (parse + validate + write cache)", cold))
    rows.append((f"{len(countries)} NIOT workbooks, warm (checksum + read cache)", warm))
    rows.append(("SEA workbook, cold", sea_cold))
    rows.append(("SEA workbook, warm", sea_warm))
    sample = countries[: a.openpyxl_sample]
    timings = {}
    for engine in ("calamine", "openpyxl"):
        t = time.perf_counter()
        for iso3 in sample:
            wiod.read_niot(config.niot_path(base, iso3), iso3, engine=engine)
        timings[engine] = (time.perf_counter() - t) / len(sample)
    rows.append((f"one NIOT workbook with python-calamine (mean of {len(sample)})", timings["calamine"]))
    rows.append((f"one NIOT workbook with openpyxl (mean of {len(sample)})", timings["openpyxl"]))
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"data: {base}; frame {niot.shape[0]:,} x {niot.shape[1]}",
        "",
        "| step | seconds |",
        "|---|---:|",
        *[f"| {name} | {sec:.2f} |" for name, sec in rows],
        "",
        f"calamine is {timings['openpyxl'] / timings['calamine']:.1f}x faster than openpyxl per workbook.",
    ]
    text = "\n".join(lines)
    print(text)
    out = config.build_dir() / "bench" / "parse.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")


if __name__ == "__main__":
    main()
