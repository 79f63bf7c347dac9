"""The whole book on the synthetic sample: every chapter of the manifest executes in order.

This is the book's end-to-end test on a machine without the real data: the sample release is
written in the real layouts, so the chapters run the same code as on the WIOD tables.
"""

from __future__ import annotations

import json

import pytest

from wiodbook import book


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("book")
    mp = pytest.MonkeyPatch()
    for var, sub in (("WIODBOOK_BUILD", "build"), ("WIODBOOK_CACHE", "cache"),
                     ("WIODBOOK_FIGURES", "figures"), ("WIODBOOK_OUTPUT", "output")):
        mp.setenv(var, str(root / sub))
    try:
        timings = book.run_book(sample=True, download=False)
        yield root, timings
    finally:
        mp.undo()


def test_every_chapter_executes_on_the_sample(sample_book):
    root, timings = sample_book
    chapters = book.read_manifest()
    assert [c.name for c in chapters] == [k for k in timings if k != "total"]
    for c in chapters:
        executed = root / "build" / "sample" / "executed" / f"{c.name}.ipynb"
        nb = json.loads(executed.read_text())
        errors = [o for cell in nb["cells"] for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        assert errors == [], f"{c.name} raised"


def test_sample_outputs_go_to_the_sample_profile(sample_book):
    root, _ = sample_book
    figures = root / "build" / "sample" / "figures"
    assert (figures / "fig01_output_multipliers.png").stat().st_size > 1000
    assert (figures / "fig01_output_multipliers.pdf").stat().st_size > 1000
    assert not (root / "figures").exists()  # the real book's folder is untouched
    index = root / "build" / "sample" / "book" / "index.html"
    assert "synthetic sample" in index.read_text().lower()


def test_manifest_lists_existing_sources():
    chapters = book.read_manifest()
    assert chapters[0].name == "01_io_decomposition"
    assert all(c.source.exists() for c in chapters)
