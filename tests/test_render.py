"""The rendered book (wiodbook.render): structure of the pages, navigation, offline assets, images.

Small executed notebooks are written with nbformat in a temporary folder (one with a captioned
figure, a DataFrame table, math in markdown, a stderr stream and papermill's injected cell), and
the book is rendered from them with a manifest-like chapter list that also names a chapter that
was not run.
"""

from __future__ import annotations

import base64
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from wiodbook.book import Chapter
from wiodbook.render import BOOK_TITLE, render_book

CAPTION = "Output multipliers of the synthetic economy, split into domestic and imported inputs."


def _png() -> str:
    """A small real PNG (matplotlib), base64 as a notebook stores it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
    ax.bar([0, 1, 2], [1.0, 2.0, 1.5])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _notebook(title: str, *, figure: bool, table: bool, stderr: bool) -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(f"# {title}\n\n## Overview\n\nLet $A$ be the technical coefficients. "
                          "Then $x = Ax + y$, so\n\n$$L = (I - A)^{-1}$$\n\nand *output* follows."),
        new_code_cell("wiod_dir = ''\nsample = True", metadata={"tags": ["parameters"]}, execution_count=1),
        new_code_cell('# Parameters\nwiod_dir = "/data/wiod"\nsample = True\n',
                      metadata={"tags": ["injected-parameters"]}, execution_count=2),
        new_code_cell("print('parsed 3 countries')", execution_count=3,
                      outputs=[new_output("stream", name="stdout", text="parsed 3 countries\n")]),
    ]
    if table:
        df = pd.DataFrame({"multiplier": [1.52, 1.87]}, index=pd.Index(["C10-C12", "C26"], name="industry"))
        cells.append(new_code_cell("table", execution_count=4, outputs=[new_output(
            "execute_result", execution_count=4,
            data={"text/html": df.to_html(), "text/plain": df.to_string()})]))
    if stderr:
        cells.append(new_code_cell("import sys; sys.stderr.write('reading <cache>\\n')", execution_count=5,
                                   outputs=[new_output("stream", name="stderr", text="reading <cache>\n")]))
    if figure:
        cells.append(new_code_cell(
            "publish(output_multipliers_figure(L, Ld, industries), 'io_multipliers')",
            metadata={"caption": CAPTION}, execution_count=6,
            outputs=[new_output("display_data", data={"image/png": _png(),
                                                      "text/plain": "<Figure size 700x420 with 1 Axes>"})]))
        cells.append(new_code_cell("plt.plot([1, 2])", execution_count=7, outputs=[new_output(
            "display_data", data={"image/png": _png(), "text/plain": "<Figure>"})]))
    cells.append(new_markdown_cell("## Key takeaways\n\n- The identity $x = Lx$ holds.\n"))
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "papermill": {"duration": 12.5, "start_time": "2024-01-01T00:00:00"},
    })
    nbformat.validate(nb)
    return nb


CHAPTERS = [
    Chapter("01_io_decomposition", "Input-output decomposition", "Coefficients, $L$ and the identities."),
    Chapter("02_measures", "Digital dependence measures", "Complete consumption coefficients."),
    Chapter("03_not_run", "A chapter that was not run", "Listed, not linked."),
    Chapter("04_panel", "The analysis panel", "Countries, years and splits."),
]


def build_sample_book(root: Path, *, sample: bool = True, scorecard: bool = True) -> Path:
    """Executed notebooks (three of four chapters), a figures folder and timings; render; return index."""
    executed = root / "executed"
    executed.mkdir(parents=True)
    nbformat.write(_notebook("Input-output decomposition", figure=True, table=True, stderr=True),
                   executed / "01_io_decomposition.ipynb")
    nbformat.write(_notebook("Digital dependence measures", figure=False, table=True, stderr=False),
                   executed / "02_measures.ipynb")
    nbformat.write(_notebook("The analysis panel", figure=True, table=False, stderr=False),
                   executed / "04_panel.ipynb")
    (root / "timings.json").write_text(json.dumps({"01_io_decomposition": 3.25, "02_measures": 75.0,
                                                   "total": 80.0}))
    if scorecard:
        (executed / "scorecard.html").write_text(
            "<html><body><table class='scorecard'><tr><th>claim</th><th>status</th></tr>"
            "<tr><td>identities hold</td><td>reproduced</td></tr></table></body></html>")
    figures = root / "figures"
    figures.mkdir()
    (figures / "io_multipliers.png").write_bytes(base64.b64decode(_png()))
    (figures / "io_multipliers.pdf").write_bytes(b"%PDF-1.4 stub")
    return render_book(CHAPTERS, executed, root / "book", figures=figures, sample=sample)


class _Collector(HTMLParser):
    """Every tag with its attributes, to check links and assets."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


@pytest.fixture()
def book(tmp_path) -> Path:
    return build_sample_book(tmp_path)


def test_index_lists_chapters_in_manifest_order(book):
    assert book.name == "index.html"
    page = book.read_text()
    assert f"<title>{BOOK_TITLE}</title>" in page.replace("&#x27;", "'")
    assert "synthetic sample" in page
    positions = [page.index(f'id="toc-{c.name}"') for c in CHAPTERS]
    assert positions == sorted(positions)
    links = {a.get("href") for t, a in parse(book).tags if t == "a"}
    for name in ("01_io_decomposition", "02_measures", "04_panel"):
        assert f"{name}.html" in links
    # the chapter not run is listed, not linked, with a note
    assert "03_not_run.html" not in links
    assert not (book.parent / "03_not_run.html").exists()
    assert re.search(r'id="toc-03_not_run".*?not run in this build', page, flags=re.S)
    # summaries (markdown, math kept) and run times: timings.json first, then papermill's duration
    assert "Complete consumption coefficients." in page
    assert "ran in 3.2 s" in page and "ran in 1 min 15 s" in page and "ran in 12.5 s" in page
    # the scorecard written by a chapter next to the executed notebooks
    assert "Replication scorecard" in page and "identities hold" in page
    # the saved figure files are copied and listed
    assert (book.parent / "figures" / "io_multipliers.png").stat().st_size > 0
    assert "figures/io_multipliers.pdf" in links


def test_real_data_line_and_scorecard_argument(tmp_path):
    executed = tmp_path / "executed"
    executed.mkdir()
    nbformat.write(_notebook("One", figure=False, table=False, stderr=False), executed / "01_io_decomposition.ipynb")
    index = render_book(CHAPTERS[:1], executed, tmp_path / "book", sample=False,
                        scorecard_html="<p id='card'>3 of 4 claims reproduced</p>")
    page = index.read_text()
    assert "real data" in page and "synthetic sample" not in page
    assert "3 of 4 claims reproduced" in page
    # no timings.json: the run time papermill recorded in the notebook
    assert "ran in 12.5 s" in page


def test_navigation_links_resolve(book):
    out = book.parent
    pages = sorted(out.glob("*.html"))
    assert [p.name for p in pages] == ["01_io_decomposition.html", "02_measures.html", "04_panel.html", "index.html"]
    for page in pages:
        tags = parse(page).tags
        hrefs = [a["href"] for t, a in tags if t == "a" and "href" in a]
        for href in hrefs:
            target = urlsplit(href)
            if target.scheme or href.startswith("#"):
                continue
            assert (out / target.path).is_file(), f"{page.name}: link {href} does not resolve"
        if page.name != "index.html":
            assert "index.html" in hrefs, f"{page.name} has no link to the index"
    # previous / next skip the chapter that was not run
    first = parse(out / "01_io_decomposition.html").tags
    rels = {a.get("rel"): a["href"] for t, a in first if t == "a" and a.get("rel")}
    assert rels == {"next": "02_measures.html"}
    second = {a.get("rel"): a["href"] for t, a in parse(out / "02_measures.html").tags if t == "a" and a.get("rel")}
    assert second == {"prev": "01_io_decomposition.html", "next": "04_panel.html"}


def test_no_network_assets(book):
    out = book.parent
    for page in sorted(out.glob("*.html")):
        text = page.read_text()
        tags = parse(page).tags
        for tag, attrs in tags:
            for key in ("src", "href", "data", "poster", "srcset"):
                value = (attrs.get(key) or "").strip()
                if tag == "a" and key == "href":
                    continue  # a hyperlink a reader may follow is not an asset
                assert not re.match(r"(?i)(https?:)?//", value), f"{page.name}: <{tag} {key}={value}>"
        scripts = [a for t, a in tags if t == "script"]
        assert not scripts, f"{page.name} has scripts: {scripts}"
        links = [a for t, a in tags if t == "link"]
        assert all(a.get("href") == "style.css" for a in links), links
        assert "@import" not in text and "mathjax" not in text.lower()
        # nothing of the form url(http...) either
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    css = (out / "style.css").read_text()
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css) and "@import" not in css
    assert ".highlight" in css


def test_chapter_page_content(book):
    out = book.parent
    page = (out / "01_io_decomposition.html").read_text()
    c = parse(out / "01_io_decomposition.html")
    # images: written next to the pages, non-empty PNGs, the captioned one inside a figure
    imgs = [a for t, a in c.tags if t == "img"]
    assert len(imgs) == 2
    for img in imgs:
        path = out / img["src"]
        assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 100
    m = re.search(r"<figure[^>]*>\s*<img[^>]*>\s*<figcaption>(.*?)</figcaption>\s*</figure>", page, flags=re.S)
    assert m and CAPTION in m.group(1) and "Figure 1.1" in m.group(1)
    assert page.count("<figcaption>") == 1  # the image without a caption gets none
    # the DataFrame table
    assert '<table border="1" class="dataframe">' in page and "C26" in page and "1.87" in page
    # math kept as LaTeX source, set apart
    assert '<span class="math inline" title="LaTeX">x = Ax + y</span>' in page
    assert re.search(r'<div class="math display"[^>]*>L = \(I - A\)\^\{-1\}</div>', page)
    # stdout and stderr streams, escaped
    assert '<pre class="output stream stdout">parsed 3 countries' in page
    assert '<pre class="output stream stderr">reading &lt;cache&gt;' in page
    # papermill's injected cell collapsed; the parameters cell shown
    assert re.search(r'<details class="input injected"><summary>Parameters injected', page)
    assert '<details class="input injected" open' not in page
    assert 'class="cell code parameters"' in page
    # code highlighted, the sample banner on the page
    assert '<div class="highlight">' in page
    assert "Synthetic sample data" in page
    # figure numbering follows the chapter number from the name
    panel = (out / "04_panel.html").read_text()
    assert "Figure 4.1" in panel


def test_render_is_deterministic_and_replaces_stale_pages(tmp_path):
    a = build_sample_book(tmp_path / "a")
    b = build_sample_book(tmp_path / "b")
    files_a = sorted(p.relative_to(a.parent) for p in a.parent.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b.parent) for p in b.parent.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (a.parent / rel).read_bytes() == (b.parent / rel).read_bytes(), rel
    # render again with one chapter fewer: its page goes away
    (tmp_path / "a" / "executed" / "04_panel.ipynb").unlink()
    render_book(CHAPTERS, tmp_path / "a" / "executed", a.parent, sample=True)
    assert not (a.parent / "04_panel.html").exists()
    assert not any(p.name.startswith("04_panel") for p in (a.parent / "images").iterdir())


def test_output_html_cannot_pull_network_assets(tmp_path):
    executed = tmp_path / "executed"
    executed.mkdir()
    nb = _notebook("One", figure=False, table=False, stderr=False)
    nb.cells.append(new_code_cell("fig.show()", execution_count=9, outputs=[new_output("display_data", data={
        "text/html": '<script src="https://cdn.plot.ly/plotly.min.js"></script><div id="p">plot</div>'
                     '<link rel="stylesheet" href="//fonts.googleapis.com/css"><img src="http://x.org/a.png">',
        "text/plain": "Figure"})]))
    nbformat.write(nb, executed / "01_io_decomposition.ipynb")
    index = render_book(CHAPTERS[:1], executed, tmp_path / "book")
    page = (index.parent / "01_io_decomposition.html").read_text()
    assert "plot</div>" in page
    assert "plot.ly" not in page and "googleapis" not in page and "x.org" not in page
