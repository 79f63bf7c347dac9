"""Every chapter's paired notebook is in sync with its jupytext source and carries no outputs.

The jupytext text file ``notebooks/NN_topic.py`` is a chapter's source; the paired ``.ipynb`` is
kept in sync (the book runner rewrites it from the source) and is committed without outputs or
execution counts. A pair drifts when someone edits one side only: this test names the chapter and
the first cell that differs. Checked for every chapter of ``notebooks/manifest.toml`` and for any
other ``notebooks/*.py`` that carries a jupytext header.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from wiodbook.book import MANIFEST, NOTEBOOKS


def _manifest_names() -> list[str]:
    with open(MANIFEST, "rb") as fh:
        return [c["name"] for c in tomllib.load(fh).get("chapter", [])]


def _has_jupytext_header(path: Path) -> bool:
    head = path.read_text(encoding="utf-8")[:2000]
    return head.startswith("# ---\n") and "jupytext:" in head.split("# ---\n", 2)[1]


def _sources() -> list[str]:
    names = _manifest_names()
    others = sorted(p.stem for p in NOTEBOOKS.glob("*.py") if p.stem not in names and _has_jupytext_header(p))
    return names + others


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


SOURCES = _sources()


def test_manifest_lists_chapters():
    assert _manifest_names(), f"{MANIFEST} lists no chapter"


@pytest.mark.parametrize("name", SOURCES)
def test_pair_in_sync_and_clean(name):
    source = NOTEBOOKS / f"{name}.py"
    assert source.exists(), f"{MANIFEST.name} lists {name} but {source} does not exist"
    check_pair(source, NOTEBOOKS / f"{name}.ipynb")


def check_pair(source: Path, paired: Path) -> None:
    """Fail (AssertionError) unless ``paired`` is the clean notebook of the jupytext ``source``."""
    import jupytext

    assert _has_jupytext_header(source), f"{source} has no jupytext header (# --- jupyter: jupytext: ...)"
    assert paired.exists(), (
        f"{paired} is missing: write it from the source with "
        f"`jupytext --to ipynb {source.name}` (or run the book)"
    )
    nb = json.loads(paired.read_text(encoding="utf-8"))

    # committed without outputs and without execution counts
    for k, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{paired.name} cell {k} has outputs: clear them before committing"
            assert cell.get("execution_count") is None, f"{paired.name} cell {k} has an execution count"

    # the same cells as the jupytext source (type, text and metadata such as tags and captions)
    expected = jupytext.read(source)
    got = [(c["cell_type"], _text(c["source"]), c.get("metadata", {})) for c in nb["cells"]]
    want = [(c.cell_type, c.source, dict(c.metadata)) for c in expected.cells]
    for k, (g, w) in enumerate(zip(got, want)):
        assert g == w, (
            f"{paired.name} drifted from {source.name} at cell {k}:\n  .ipynb: {g!r:.300}\n  .py:    {w!r:.300}\n"
            f"re-sync with `jupytext --sync` or `jupytext --to ipynb {source.name}`"
        )
    assert len(got) == len(want), f"{paired.name} has {len(got)} cells, {source.name} has {len(want)}"

    # the first code cell is the one papermill fills in
    first_code = next((c for c in nb["cells"] if c["cell_type"] == "code"), None)
    assert first_code is not None, f"{paired.name} has no code cell"
    tags = first_code.get("metadata", {}).get("tags", [])
    assert "parameters" in tags, f"{paired.name}: the first code cell is not tagged `parameters` (tags: {tags})"


_DEMO = """# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # A chapter

# %% tags=["parameters"]
sample = False

# %% caption="A figure."
print(sample)
"""


def test_check_pair_catches_drift(tmp_path):
    import jupytext

    source = tmp_path / "99_demo.py"
    source.write_text(_DEMO)
    paired = tmp_path / "99_demo.ipynb"
    paired.write_text(jupytext.writes(jupytext.read(source), fmt="ipynb"))
    check_pair(source, paired)  # in sync

    clean = json.loads(paired.read_text())

    def variant(edit) -> None:
        nb = json.loads(json.dumps(clean))
        edit(nb)
        paired.write_text(json.dumps(nb))
        with pytest.raises(AssertionError):
            check_pair(source, paired)

    variant(lambda nb: nb["cells"][2].update(source="print(sample, 2)"))          # edited in Jupyter only
    variant(lambda nb: nb["cells"][2]["metadata"].update(caption="Another."))    # metadata drift
    variant(lambda nb: nb["cells"].pop())                                          # a cell dropped
    variant(lambda nb: nb["cells"][2].update(outputs=[{"output_type": "stream", "name": "stdout",
                                                       "text": "False\n"}]))     # outputs committed
    variant(lambda nb: nb["cells"][2].update(execution_count=3))                  # execution count
    variant(lambda nb: nb["cells"][1]["metadata"].update(tags=[]))                # no parameters cell
