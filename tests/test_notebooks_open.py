"""A student's path: open a chapter's .ipynb in JupyterLab and run it top to bottom.

No runner, no injected parameters: the notebook as committed, executed with nbclient in the
project's kernel. The data come from the environment, as they would for a student who set
WIOD_DIR and COUNTRY_DIR (here: the synthetic sample release in the real layouts).
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from wiodbook import book

CHAPTERS = [c.name for c in book.read_manifest()]


@pytest.fixture(scope="module")
def student_env(tmp_path_factory):
    root = tmp_path_factory.mktemp("student")
    mp = pytest.MonkeyPatch()
    mp.setenv("WIODBOOK_CACHE", str(root / "cache"))
    release = book.sample_release(root / "release")
    mp.setenv("WIOD_DIR", str(release))
    mp.setenv("COUNTRY_DIR", str(release / "country"))
    mp.setenv("ABDATA", str(release / "reference" / "abdata.csv"))
    mp.setenv("WIODBOOK_FIGURES", str(root / "figures"))
    mp.setenv("WIODBOOK_OUTPUT", str(root / "output"))
    mp.setenv("OPENBLAS_NUM_THREADS", "1")
    yield root
    mp.undo()


@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_runs_top_to_bottom_as_committed(name, student_env):
    chapter = next(c for c in book.read_manifest() if c.name == name)
    nb = nbformat.read(chapter.notebook, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=600,
                   resources={"metadata": {"path": str(book.NOTEBOOKS)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert sum(1 for c in nb.cells if c.cell_type == "code" and c.get("outputs")) > 3
