"""Benchmark: the whole book, cold (no caches) and warm, with each chapter's time and peak memory.

    python benchmarks/bench_book.py [--sample] [--wiod-dir DIR] [--country-dir DIR]

Cold means a fresh, empty cache folder (Excel parsed again, panel rebuilt, GMM fits redone);
warm reruns the book on the caches the cold run left. Each run is a child process
(``python -m wiodbook book``); its wall time comes from ``time.perf_counter``, per-chapter times
from the runner's ``timings.json``, peak memory (largest resident set of the runner and of the
notebook kernels it started) from ``resource.getrusage(RUSAGE_CHILDREN)``. Also times the Excel
parse of all 43 tables and the panel build on their own. Standard library only; prints a Markdown
report and writes it to ``build/bench/book.md``. Nothing here is asserted: figures are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    """Run a child process; return (seconds, peak resident memory of children so far in MiB)."""
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kib / 1024


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sample", action="store_true")
    p.add_argument("--wiod-dir", default=os.environ.get("WIOD_DIR"))
    p.add_argument("--country-dir", default=os.environ.get("COUNTRY_DIR"))
    a = p.parse_args()
    profile = "sample" if a.sample else "real"
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"profile: {profile}",
        "",
        "| run | seconds | peak memory of any child (MiB) |",
        "|---|---:|---:|",
    ]
    chapter_rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as build:
        env = dict(os.environ, WIODBOOK_CACHE=cache, WIODBOOK_BUILD=build)
        if a.wiod_dir:
            env["WIOD_DIR"] = a.wiod_dir
        if a.country_dir:
            env["COUNTRY_DIR"] = a.country_dir
        book = [sys.executable, "-m", "wiodbook", "book", "--no-download"] + (["--sample"] if a.sample else [])
        if not a.sample:
            parse = [sys.executable, "-c",
                     "from wiodbook import wiod; wiod.load_niot(); wiod.load_sea()"]
            sec, mem = run(parse, env)
            lines.append(f"| Excel parse of all NIOT tables and the SEA (cold) | {sec:.1f} | {mem:.0f} |")
            panel = [sys.executable, "-m", "wiodbook", "panel", "--out", str(Path(build) / "panel.parquet")]
            sec, mem = run(panel, env)
            lines.append(f"| panel build (parsed tables cached) | {sec:.1f} | {mem:.0f} |")
            # start the book cold again: empty the cache
            for f in sorted(Path(cache).rglob("*"), reverse=True):
                f.unlink() if f.is_file() else f.rmdir()
        for label in ("cold", "warm"):
            sec, mem = run(book, env)
            lines.append(f"| whole book, {label} | {sec:.1f} | {mem:.0f} |")
            timings = json.loads((Path(build) / profile / "timings.json").read_text())
            for name, t in timings.items():
                chapter_rows.setdefault(name, {})[label] = t
    lines += ["", "| chapter | cold s | warm s |", "|---|---:|---:|"]
    for name, t in chapter_rows.items():
        lines.append(f"| {name} | {t.get('cold', float('nan')):.1f} | {t.get('warm', float('nan')):.1f} |")
    text = "\n".join(lines)
    print(text)
    out = ROOT / "build" / "bench" / f"book-{profile}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")


if __name__ == "__main__":
    main()
