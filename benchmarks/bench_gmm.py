"""Benchmark: wiodbook.gmm against pyxtabond2 on the reference specifications and a book-sized panel.

Run from the project root with the project's venv:

    .venv/bin/python benchmarks/bench_gmm.py            # creates build/bench-venv on first use
    .venv/bin/python benchmarks/bench_gmm.py --repeat 7

``pyxtabond2`` (PyPI) is installed in a separate venv, ``build/bench-venv`` (``python -m venv
build/bench-venv && build/bench-venv/bin/pip install pyxtabond2``); it is never a dependency of the
project. This script times ours in-process and runs itself in the benchmark venv (``--worker``) to
time pyxtabond2 on the same data. Each timing is the best of ``--repeat`` runs of model setup plus
fit (pyxtabond2 gets its lag columns precomputed, outside the timing; ours builds lags itself).
Both run with one BLAS thread unless OPENBLAS_NUM_THREADS is set (see the top of the script).
It also checks each pyxtabond2 estimate against ours, so a fast but wrong answer is visible.
The table is printed and written to build/bench/gmm.md.
"""

from __future__ import annotations

import os

# One BLAS thread for both estimators (inherited by the pyxtabond2 worker): the matrices here are
# small, and on a 2-core machine shared with other work, multi-threaded BLAS mostly adds
# synchronisation overhead. Override with e.g. OPENBLAS_NUM_THREADS=2.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BENCH_VENV = ROOT / "build" / "bench-venv"
SIM_N, SIM_T = 800, 15


def simulate_book_panel(n: int = SIM_N, t: int = SIM_T, seed: int = 0) -> pd.DataFrame:
    """A panel the size of the book's: UPG with two endogenous regressors and three controls."""
    rng = np.random.default_rng(seed)
    eta = rng.normal(size=n)
    upg = np.zeros((n, t)); dig = np.zeros((n, t)); dig2 = np.zeros((n, t))
    x = rng.normal(size=(n, t, 3))
    for s in range(1, t):
        dig[:, s] = 0.6 * dig[:, s - 1] + 0.3 * eta + rng.normal(size=n)
        dig2[:, s] = 0.5 * dig2[:, s - 1] + 0.2 * eta + rng.normal(size=n)
        upg[:, s] = (0.6 * upg[:, s - 1] + 0.2 * dig[:, s] + 0.1 * dig2[:, s] + x[:, s] @ [0.1, 0.2, -0.1]
                     + eta + rng.normal(size=n))
    df = pd.DataFrame({"id": np.repeat(np.arange(1, n + 1), t), "year": np.tile(np.arange(2000, 2000 + t), n),
                       "upg": upg.ravel(), "dig": dig.ravel(), "dig2": dig2.ravel(),
                       "x1": x[:, :, 0].ravel(), "x2": x[:, :, 1].ravel(), "x3": x[:, :, 2].ravel()})
    for y in range(2000, 2000 + t):
        df[f"yr{y}"] = (df["year"] == y).astype(float)
    return df


def _best(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


# ----------------------------------------------------------------------------------- ours
def run_ours(abdata: pd.DataFrame, sim: pd.DataFrame, repeat: int) -> dict:
    import warnings

    from wiodbook import gmm

    out = {}
    for name in ("A", "B", "D", "F", "H"):
        sec, res = _best(lambda: gmm.run_reference(abdata, name), repeat)
        out[name] = {"seconds": sec, "params": {k: float(v) for k, v in res.params.items()}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sec, res = _best(lambda: gmm.xtabond2(
            "upg L.upg dig dig2 x1 x2 x3 yr*", gmm="upg dig dig2, lag(2 3) collapse",
            iv=["x1 x2 x3", "yr*, eq(level)"], twostep=True, robust=True, data=sim, i="id", t="year"), repeat)
    out["book"] = {"seconds": sec, "params": {k: float(v) for k, v in res.params.items()},
                   "n_instruments": res.n_instruments}
    return out


# ----------------------------------------------------------------------------------- pyxtabond2
def _lags(df, cols, lags):
    df = df.sort_values(["id", "year"]).copy()
    g = df.groupby("id")
    for c in cols:
        for l in lags:
            df[f"L{l}.{c}"] = g[c].shift(l)
    return df


def run_pyxtabond2(abdata_path: str, sim_path: str, repeat: int) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    from pyxtabond2 import GMMStyle, IVStyle, PyXtabond2

    ab = pd.read_csv(abdata_path) if abdata_path.endswith(".csv") else pd.read_stata(abdata_path)
    ab = ab.drop(columns=[c for c in ab.columns if str(c).startswith("Unnamed") or str(c) == ""])
    ab["id"] = ab["id"].round().astype(int)
    ab["year"] = ab["year"].round().astype(int)
    ab = _lags(ab, ["n", "w", "k", "ys"], (1, 2))
    # pyxtabond2 does not drop collinear regressors: give it the year dummies Stata keeps
    yd = [f"yr{y}" for y in range(1978, 1984)]
    ys = [f"yr{y}" for y in range(1977, 1984)]
    specs = {
        "A": dict(df=ab, id_col="id", time_col="year", dep_var="n",
                  x_vars=["L1.n", "L2.n", "w", "L1.w", "k", "L1.k", "L2.k", "ys", "L1.ys", "L2.ys"] + yd,
                  gmm=[GMMStyle("n", lag=(2, None))],
                  iv=[IVStyle(["w", "L1.w", "k", "L1.k", "L2.k", "ys", "L1.ys", "L2.ys"] + yd)],
                  model_type="difference", robust=True),
        "D": dict(df=ab, id_col="id", time_col="year", dep_var="n",
                  x_vars=["L1.n", "w", "L1.w", "k", "L1.k"] + ys,
                  gmm=[GMMStyle(["n", "w", "k"], lag=(2, None))],
                  iv=[IVStyle(ys, equation="level")],
                  model_type="system", robust=True, small=True),
        "F": dict(df=ab, id_col="id", time_col="year", dep_var="n",
                  x_vars=["L1.n", "L2.n", "w", "k"],
                  gmm=[GMMStyle("n", lag=(2, 4)), GMMStyle("w", lag=(1, 3))], iv=[IVStyle("k")],
                  model_type="difference", twostep=True, robust=True),
        "H": dict(df=ab, id_col="id", time_col="year", dep_var="n",
                  x_vars=["L1.n", "L2.n", "w", "L1.w", "k", "ys", "L1.ys"] + yd,
                  gmm=[GMMStyle("n", lag=(2, None), collapse=True)],
                  iv=[IVStyle(["w", "L1.w", "k", "ys", "L1.ys"] + yd)],
                  model_type="difference", twostep=True, robust=True),
    }
    specs["B"] = dict(specs["A"], twostep=True)
    sim = pd.read_parquet(sim_path)
    sim = _lags(sim, ["upg"], (1,))
    specs["book"] = dict(df=sim, id_col="id", time_col="year", dep_var="upg",
                         x_vars=["L1.upg", "dig", "dig2", "x1", "x2", "x3"] + [f"yr{y}" for y in range(2001, 2014)],
                         gmm=[GMMStyle(["upg", "dig", "dig2"], lag=(2, 3), collapse=True)],
                         iv=[IVStyle(["x1", "x2", "x3"]), IVStyle([f"yr{y}" for y in range(2001, 2014)], equation="level")],
                         model_type="system", twostep=True, robust=True)
    out = {}
    for name in ("A", "B", "D", "F", "H", "book"):
        kw = specs[name]
        try:
            sec, res = _best(lambda: PyXtabond2(**kw).fit(), repeat)
            names = [n.replace("L1.", "L.").replace("L2.", "L2.") for n in res.x_names]
            out[name] = {"seconds": sec, "params": dict(zip(names, map(float, np.ravel(res.beta))))}
        except Exception as exc:  # noqa: BLE001
            out[name] = {"seconds": None, "error": f"{type(exc).__name__}: {exc}"}
    return out


# ----------------------------------------------------------------------------------- driver
def ensure_bench_venv() -> Path:
    py = BENCH_VENV / "bin" / "python"
    if not py.exists():
        print(f"creating {BENCH_VENV} with pyxtabond2 (one-off)...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "pyxtabond2", "pyarrow"], check=True)
    return py


def _agree(ours: dict, theirs: dict) -> str:
    common = [k for k in ours if k in theirs]
    if not common:
        return "n/a"
    d = max(abs(ours[k] - theirs[k]) for k in common)
    return f"{d:.1e}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--abdata", default=os.environ.get("ABDATA", "/work/shared/reference/abdata.csv"))
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--sim", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(run_pyxtabond2(args.abdata, args.sim, args.repeat)))
        return

    from wiodbook import gmm

    abdata = gmm.load_abdata(args.abdata)
    sim = simulate_book_panel()
    out_dir = ROOT / "build" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    sim_path = out_dir / "book_panel.parquet"
    sim.to_parquet(sim_path)
    ours = run_ours(abdata, sim, args.repeat)
    py = ensure_bench_venv()
    proc = subprocess.run([str(py), __file__, "--worker", "--repeat", str(args.repeat), "--abdata", args.abdata,
                           "--sim", str(sim_path)], capture_output=True, text=True, check=True)
    theirs = json.loads(proc.stdout.strip().splitlines()[-1])

    labels = {"A": "A: 1-step diff, robust", "B": "B: 2-step diff, Windmeijer",
              "D": "D: 1-step system, robust small", "F": "F: 2-step diff, lag limits",
              "H": "H: 2-step diff, collapsed (plm)",
              "book": f"book-sized: {SIM_N}x{SIM_T}, 2-step system, 3 endog., collapsed"}
    rows = []
    for key in ("A", "B", "D", "F", "H", "book"):
        o, t = ours[key], theirs.get(key, {})
        ts = t.get("seconds")
        rows.append({
            "specification": labels[key],
            "ours (s)": f"{o['seconds']:.4f}",
            "pyxtabond2 (s)": f"{ts:.4f}" if ts else "cannot express: " + t.get("error", "?")[:60],
            "ratio (pyxtabond2 / ours)": f"{ts / o['seconds']:.1f}x" if ts else "-",
            "max |coef diff|": _agree(o["params"], t.get("params", {})) if ts else "-",
        })
    table = pd.DataFrame(rows)
    cpu = os.cpu_count()
    header = (f"Machine: {platform.processor() or platform.machine()}, {cpu} cores, Python "
              f"{platform.python_version()}, numpy {np.__version__}, OPENBLAS_NUM_THREADS="
              f"{os.environ.get('OPENBLAS_NUM_THREADS')}; best of {args.repeat} runs.\n")
    md = header + "\n" + table.to_markdown(index=False) if _has_tabulate() else header + "\n" + _md(table)
    print(md)
    (out_dir / "gmm.md").write_text(md + "\n")
    print(f"\nwritten to {out_dir / 'gmm.md'}")


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
        return True
    except ImportError:
        return False


def _md(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(str(v) for v in r) + " |" for r in df.itertuples(index=False)]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
