"""The book runner: execute the chapters of ``notebooks/manifest.toml`` in order with papermill.

For each chapter the runner

1. syncs the notebook from its jupytext source (``notebooks/NN_topic.py`` is the source; the
   paired ``.ipynb`` carries no outputs);
2. executes it with papermill, passing the parameters the chapter declares in its cell tagged
   ``parameters`` (``wiod_dir``, ``country_dir``, ``abdata``, ``sample``);
3. writes the executed notebook to ``build/{profile}/executed/`` and fails when a cell raised or
   printed a warning (the book treats warnings as failures);
4. records the chapter's run time in ``build/{profile}/timings.json``.

``profile`` is ``real`` for the WIOD tables and ``sample`` for the synthetic release, so the two
never overwrite each other: figures go to ``figures/`` (real) or ``build/sample/figures``, tables
to ``output/`` or ``build/sample/output``. Finally the executed chapters are rendered to a static
HTML book in ``build/{profile}/book/`` (see :mod:`wiodbook.render`).
"""

from __future__ import annotations

import json
import os
import time
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import config

NOTEBOOKS = config.ROOT / "notebooks"
MANIFEST = NOTEBOOKS / "manifest.toml"


@dataclass(frozen=True)
class Chapter:
    name: str
    title: str
    summary: str

    @property
    def source(self) -> Path:
        return NOTEBOOKS / f"{self.name}.py"

    @property
    def notebook(self) -> Path:
        return NOTEBOOKS / f"{self.name}.ipynb"


def read_manifest(path: Path = MANIFEST) -> list[Chapter]:
    """The chapters in reading order, as listed in ``notebooks/manifest.toml``."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    chapters = [Chapter(c["name"], c["title"], c.get("summary", "")) for c in data.get("chapter", [])]
    names = [c.name for c in chapters]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: a chapter is listed twice: {names}")
    return chapters


def profile_dirs(sample: bool) -> dict[str, Path]:
    """Output folders of one profile (``real`` or ``sample``)."""
    profile = "sample" if sample else "real"
    build = config.build_dir() / profile
    return {
        "build": build,
        "executed": build / "executed",
        "book": build / "book",
        "figures": config.figures_dir() if not sample else build / "figures",
        "output": config.output_dir() if not sample else build / "output",
    }


def sample_release(dest: Path | None = None) -> Path:
    """The synthetic sample release (written once under the cache folder)."""
    from . import fixtures

    dest = dest or (config.cache_dir() / "sample-release")
    done = dest / ".complete"
    if not done.exists() or not (dest / "reference" / "abdata.csv").exists():
        fixtures.write_release(dest, fixtures.SAMPLE_COUNTRIES)
        done.touch()
    return dest


def _cells(nb) -> list[tuple]:
    return [(c["cell_type"], c["source"], json.dumps(c.get("metadata", {}), sort_keys=True)) for c in nb["cells"]]


def sync_notebook(chapter: Chapter) -> Path:
    """Write the chapter's ``.ipynb`` from its jupytext source when their cells differ.

    The comparison ignores cell ids (jupytext draws new ones on every conversion), so a notebook
    that is already in sync is left untouched and the committed file does not change.
    """
    import jupytext
    import nbformat

    nb = jupytext.read(chapter.source)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    if chapter.notebook.exists():
        current = nbformat.read(chapter.notebook, as_version=4)
        if _cells(current) == _cells(nb):
            return chapter.notebook
    chapter.notebook.write_text(jupytext.writes(nb, fmt="ipynb"))
    return chapter.notebook


def _warnings_in(executed: Path) -> list[str]:
    """Warnings printed by any cell of an executed notebook (stderr streams naming a Warning)."""
    nb = json.loads(executed.read_text())
    found = []
    for k, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                if "Warning" in text:
                    found.append(f"cell {k}: {text.strip()[:400]}")
    return found


def run_chapter(chapter: Chapter, parameters: dict, dirs: dict[str, Path]) -> float:
    """Execute one chapter; return its run time in seconds."""
    import papermill as pm

    sync_notebook(chapter)
    declared = pm.inspect_notebook(str(chapter.notebook))
    params = {k: v for k, v in parameters.items() if k in declared}
    out = dirs["executed"] / f"{chapter.name}.ipynb"
    out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    pm.execute_notebook(
        str(chapter.notebook), str(out), parameters=params, cwd=str(NOTEBOOKS),
        kernel_name="python3", progress_bar=False, log_output=False,
    )
    elapsed = time.perf_counter() - start
    warnings = _warnings_in(out)
    if warnings:
        raise RuntimeError(
            f"chapter {chapter.name} printed warnings (the book treats warnings as failures):\n"
            + "\n".join(warnings)
        )
    return elapsed


@contextmanager
def _environment(values: dict[str, str]):
    """Set environment variables for the kernels started inside, and restore them afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run_chapters(chapters: list[str] | None, parameters: dict, dirs: dict[str, Path]) -> dict[str, float]:
    selected = read_manifest()
    if chapters:
        unknown = set(chapters) - {c.name for c in selected}
        if unknown:
            raise ValueError(f"not in notebooks/manifest.toml: {sorted(unknown)}")
        selected = [c for c in selected if c.name in chapters]
    absent = [str(c.source) for c in selected if not c.source.exists()]
    if absent:
        raise FileNotFoundError(f"notebooks/manifest.toml lists chapters without a source: {absent}")
    timings: dict[str, float] = {}
    for chapter in selected:
        print(f"[book] {chapter.name} ...", flush=True)
        timings[chapter.name] = round(run_chapter(chapter, parameters, dirs), 2)
        print(f"[book] {chapter.name} done in {timings[chapter.name]:.1f} s", flush=True)
    return timings


def run_book(
    *,
    sample: bool = False,
    wiod_dir: str | Path | None = None,
    country_dir: str | Path | None = None,
    abdata: str | Path | None = None,
    chapters: list[str] | None = None,
    render: bool = True,
    download: bool = True,
) -> dict:
    """Run the book: every chapter of the manifest in order (or the named ones), then render it.

    Returns the timings (seconds per chapter and in total) also written to ``timings.json``.
    """
    t0 = time.perf_counter()
    dirs = profile_dirs(sample)
    if sample:
        release = sample_release()
        wiod = release
        country = release / "country"
        abdata = abdata or config.abdata_path() or release / "reference" / "abdata.csv"
    else:
        from .sources import ensure_wiod

        wiod = ensure_wiod(Path(wiod_dir) if wiod_dir else config.wiod_dir(), download=download)
        country = Path(country_dir) if country_dir else config.country_dir()
        if not (country / "country_indicators.csv").exists():
            from .country import ensure_country_indicators

            country = ensure_country_indicators(country, download=download).parent
    abdata = abdata or config.abdata_path() or ""
    parameters = {
        "wiod_dir": str(wiod), "country_dir": str(country), "abdata": str(abdata), "sample": sample,
    }
    # the kernels inherit these: the library writes figures and tables where this profile says
    env = {
        "WIODBOOK_FIGURES": str(dirs["figures"]),
        "WIODBOOK_OUTPUT": str(dirs["output"]),
        "WIOD_DIR": str(wiod),
        "COUNTRY_DIR": str(country),
        **({"ABDATA": str(abdata)} if abdata else {}),
        # the book's matrices are small (56 x 56, a few hundred instruments): one BLAS thread per
        # process is faster than two fighting over two cores, and gives bitwise-repeatable sums
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    }
    with _environment(env):
        timings = _run_chapters(chapters, parameters, dirs)
    dirs["build"].mkdir(parents=True, exist_ok=True)
    timings_file = dirs["build"] / "timings.json"
    if chapters and timings_file.exists():  # a partial run keeps the other chapters' times
        timings = {**json.loads(timings_file.read_text()), **timings}
    timings.pop("total", None)
    scorecard = dirs["output"] / "scorecard.html"  # written by the closing chapter
    if scorecard.exists():
        (dirs["executed"] / "scorecard.html").write_text(scorecard.read_text())
    if render:
        from .render import render_book

        index = render_book(
            read_manifest(), dirs["executed"], dirs["book"], figures=dirs["figures"], sample=sample, timings=timings
        )
        print(f"[book] rendered: {index}", flush=True)
    timings["total"] = round(time.perf_counter() - t0, 2)
    timings_file.write_text(json.dumps(timings, indent=2) + "\n")
    print(f"[book] {'sample' if sample else 'real'} book finished in {timings['total']:.1f} s", flush=True)
    return timings
