"""The rendered book: static HTML pages built from the executed chapters, readable offline.

:func:`render_book` turns the executed notebooks of ``build/{profile}/executed/`` into a folder
that a reviewer opens in any browser without a network connection:

- ``index.html``: the book's title, whether the numbers come from the real WIOD release or the
  synthetic sample, the replication scorecard (when a chapter wrote ``scorecard.html`` next to the
  executed notebooks, or when one is passed in), and the chapters in manifest order with their
  one-line summaries and run times (from ``timings.json`` of the profile, else from the run
  time papermill recorded in the notebook). Chapters not executed yet are listed, not linked;
- ``{chapter}.html``: one page per chapter with the narrative, the code, its printed output,
  tables and figures, and previous / index / next links at the top and the bottom;
- ``images/``: every image output, decoded from the notebook under a stable name;
- ``figures/``: a copy of the PNG figures the runner saved, listed on the index;
- ``style.css``: the book's style sheet (``templates/book.css``) and the code colours.

Nothing is loaded from the network: no scripts at all, no web fonts; mathematics is kept as its
LaTeX source in a styled span (no MathJax). A figure's caption comes from the ``caption`` key of
its code cell's metadata and is shown under the image. The cell papermill injects (tag
``injected-parameters``) is shown collapsed. The output depends only on the inputs: no dates, no
absolute paths, so two renders of the same notebooks write the same bytes.
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

BOOK_TITLE = "Digital technology and manufacturing upgrading: a WIOD replication book"

#: Output MIME types in the order they are preferred when an output offers several.
MIME_ORDER = (
    "text/html",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/markdown",
    "text/latex",
    "text/plain",
)
_IMAGE_EXT = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}

#: Tags (Jupyter Book / nbconvert conventions) that hide parts of a cell.
REMOVE_CELL = {"remove-cell", "remove_cell"}
REMOVE_INPUT = {"remove-input", "remove_input"}
REMOVE_OUTPUT = {"remove-output", "remove_output"}
HIDE_INPUT = {"hide-input", "hide_input"}
INJECTED = "injected-parameters"


@dataclass(frozen=True)
class _Entry:
    """One chapter of the book as the renderer sees it."""

    name: str
    title: str
    summary: str
    notebook: Path | None  # the executed notebook, None when the chapter was not run
    seconds: float | None
    number: int

    @property
    def page(self) -> str:
        return f"{self.name}.html"


# --------------------------------------------------------------------------------------------
# markdown with math kept as LaTeX source


def _markdown_renderer():
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class BookRenderer(IPythonRenderer):
        """nbconvert's renderer, with math wrapped in spans that the style sheet sets apart."""

        def block_math(self, body: str) -> str:
            return f'<div class="math display" title="LaTeX">{self.escape_html(body)}</div>'

        def latex_environment(self, name: str, body: str) -> str:
            name, body = self.escape_html(name), self.escape_html(body)
            return (f'<div class="math display" title="LaTeX">'
                    f"\\begin{{{name}}}{body}\\end{{{name}}}</div>")

        def inline_math(self, body: str) -> str:
            return f'<span class="math inline" title="LaTeX">{self.escape_html(body)}</span>'

    def render(source: str, attachments: dict | None = None) -> str:
        renderer = BookRenderer(escape=False, anchor_link_text="#", attachments=attachments or {})
        return MarkdownWithMath(renderer=renderer).render(source)

    return render


_MARKDOWN = None


def markdown_to_html(source: str, attachments: dict | None = None) -> str:
    """Markdown (with ``$...$`` and ``$$...$$`` math) to HTML; math stays as LaTeX source."""
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = _markdown_renderer()
    return _MARKDOWN(source, attachments)


def _inline_markdown(source: str) -> str:
    """Markdown for a one-line text (a caption, a summary) without the enclosing paragraph."""
    out = markdown_to_html(source).strip()
    m = re.fullmatch(r"<p>(.*)</p>", out, flags=re.S)
    return m.group(1) if m else out


# --------------------------------------------------------------------------------------------
# code and outputs


def _highlight(code: str, language: str = "python") -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language or "python")
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return highlight(code, lexer, HtmlFormatter(cssclass="highlight"))


def _ansi(text: str) -> str:
    from nbconvert.filters.ansi import ansi2html

    return ansi2html(text)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


_EXTERNAL_TAG = re.compile(
    r"<(script|link|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</\1>)?",
    flags=re.I | re.S,
)
_EXTERNAL_IMG = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>", flags=re.I | re.S)


def _offline_html(fragment: str) -> str:
    """An output's HTML without anything that would load from the network (and without scripts)."""
    fragment = _EXTERNAL_TAG.sub("<!-- external asset removed: the book works offline -->", fragment)
    fragment = _EXTERNAL_IMG.sub("<!-- external image removed: the book works offline -->", fragment)
    return re.sub(r"<script\b.*?</script>", "", fragment, flags=re.I | re.S)


class _ChapterWriter:
    """Renders the cells of one executed notebook; writes its images under ``images/``."""

    def __init__(self, entry: _Entry, out_dir: Path):
        self.entry = entry
        self.out_dir = out_dir
        self.figure_count = 0
        self.images: list[str] = []

    def image(self, mime: str, data: Any, cell_no: int, out_no: int, k: int) -> str:
        ext = _IMAGE_EXT[mime]
        name = f"{self.entry.name}-cell{cell_no:03d}-out{out_no}-{k}.{ext}"
        if mime == "image/svg+xml":
            payload = _text(data).encode("utf-8")
        else:
            payload = base64.b64decode(_text(data))
        path = self.out_dir / "images" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
        self.images.append(name)
        return f"images/{name}"

    def output(self, out: dict, cell_no: int, out_no: int, caption: str | None) -> str:
        kind = out.get("output_type")
        if kind == "stream":
            name = out.get("name", "stdout")
            return f'<pre class="output stream {html.escape(name)}">{_ansi(_text(out.get("text", "")))}</pre>'
        if kind == "error":
            tb = "\n".join(out.get("traceback") or [f"{out.get('ename')}: {out.get('evalue')}"])
            return f'<pre class="output error">{_ansi(tb)}</pre>'
        if kind not in ("display_data", "execute_result"):
            return ""
        data = out.get("data", {})
        meta = out.get("metadata", {})
        mime = next((m for m in MIME_ORDER if m in data), None)
        if mime is None:
            return ""
        if mime in _IMAGE_EXT:
            src = self.image(mime, data[mime], cell_no, out_no, 0)
            size = meta.get(mime, {}) if isinstance(meta.get(mime), dict) else {}
            attrs = "".join(
                f' {k}="{int(size[k])}"' for k in ("width", "height") if isinstance(size.get(k), (int, float))
            )
            if caption:
                self.figure_count += 1
                label = f"Figure {self.entry.number}.{self.figure_count}"
                alt = html.escape(f"{label}: {re.sub(r'<[^>]+>', '', _inline_markdown(caption))}", quote=True)
                return (f'<figure class="output figure"><img src="{src}" alt="{alt}"{attrs}>'
                        f'<figcaption><span class="label">{label}.</span> {_inline_markdown(caption)}'
                        f"</figcaption></figure>")
            return f'<div class="output image"><img src="{src}" alt="output of cell {cell_no}"{attrs}></div>'
        value = _text(data[mime])
        if mime == "text/html":
            return f'<div class="output html">{_offline_html(value)}</div>'
        if mime == "text/markdown":
            return f'<div class="output markdown">{markdown_to_html(value)}</div>'
        if mime == "text/latex":
            return f'<div class="output latex math display" title="LaTeX">{html.escape(value)}</div>'
        return f'<pre class="output text">{_ansi(value)}</pre>'

    def cell(self, cell: dict, cell_no: int, language: str) -> str:
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        if tags & REMOVE_CELL:
            return ""
        source = _text(cell.get("source", ""))
        kind = cell.get("cell_type")
        if kind == "markdown":
            return f'<div class="cell markdown">{markdown_to_html(source, cell.get("attachments"))}</div>'
        if kind == "raw":
            return f'<pre class="cell raw">{html.escape(source)}</pre>'
        if kind != "code":
            return ""
        caption = cell.get("metadata", {}).get("caption")
        caption = _text(caption) if caption else None
        parts = []
        if INJECTED in tags:
            parts.append('<details class="input injected"><summary>Parameters injected by the book runner '
                         f"(papermill)</summary>{_highlight(source, language)}</details>")
        elif source.strip() and not tags & REMOVE_INPUT:
            code = _highlight(source, language)
            if tags & HIDE_INPUT:
                code = f'<details class="input"><summary>Show code</summary>{code}</details>'
            else:
                code = f'<div class="input">{code}</div>'
            parts.append(code)
        if not tags & REMOVE_OUTPUT:
            outs = [self.output(o, cell_no, k, caption) for k, o in enumerate(cell.get("outputs", []))]
            outs = [o for o in outs if o]
            if outs:
                parts.append('<div class="outputs">' + "".join(outs) + "</div>")
        if not parts:
            return ""
        classes = "cell code" + (" parameters" if "parameters" in tags else "")
        classes += " injected-parameters" if INJECTED in tags else ""
        return f'<div class="{classes}">' + "".join(parts) + "</div>"

    def body(self, nb: dict) -> str:
        language = (nb.get("metadata", {}).get("language_info", {}) or {}).get("name") or "python"
        return "\n".join(
            c for c in (self.cell(cell, k, language) for k, cell in enumerate(nb.get("cells", []))) if c
        )


# --------------------------------------------------------------------------------------------
# pages


def _template(name: str) -> str:
    return resources.files("wiodbook").joinpath("templates", name).read_text(encoding="utf-8")


def _stylesheet() -> str:
    from pygments.formatters import HtmlFormatter

    return _template("book.css") + "\n/* code colours (pygments, style 'default') */\n" + \
        HtmlFormatter(style="default").get_style_defs(".highlight") + "\n"


def _page(title: str, body: str, *, sample: bool) -> str:
    return _template("page.html").format(
        title=html.escape(title),
        book_title=html.escape(BOOK_TITLE),
        data_banner=_data_banner(sample, short=True),
        body=body,
    )


def _data_line(sample: bool) -> str:
    if sample:
        return ("This build uses the <strong>synthetic sample</strong> release generated by "
                "<code>wiodbook.fixtures</code> in the layouts of the real files, not the WIOD data: "
                "the code paths are the real ones, the numbers are illustrative only.")
    return "This build uses the <strong>real data</strong>: the WIOD 2016 release and the country series."


def _data_banner(sample: bool, *, short: bool = False) -> str:
    if sample:
        text = "Synthetic sample data: the numbers are illustrative only." if short else _data_line(True)
        return f'<p class="data-banner sample">{text}</p>'
    text = "Real data: WIOD 2016 release." if short else _data_line(False)
    return f'<p class="data-banner real">{text}</p>'


def _nav(prev: _Entry | None, nxt: _Entry | None) -> str:
    left = (f'<a class="prev" rel="prev" href="{prev.page}">&larr; {html.escape(prev.title)}</a>'
            if prev else '<span class="prev"></span>')
    right = (f'<a class="next" rel="next" href="{nxt.page}">{html.escape(nxt.title)} &rarr;</a>'
             if nxt else '<span class="next"></span>')
    return (f'<nav class="pager">{left}<a class="index" href="index.html">Contents</a>{right}</nav>')


def _format_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)} min {rest:02.0f} s"


def _scorecard(executed_dir: Path, scorecard_html: str | None) -> str | None:
    if scorecard_html is None:
        path = executed_dir / "scorecard.html"
        if not path.exists():
            return None
        scorecard_html = path.read_text(encoding="utf-8")
    m = re.search(r"<body[^>]*>(.*)</body>", scorecard_html, flags=re.I | re.S)
    return _offline_html(m.group(1) if m else scorecard_html)


def _timings(executed_dir: Path, timings: dict | None) -> dict:
    if timings is not None:
        return dict(timings)
    path = executed_dir.parent / "timings.json"
    if path.exists():
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return {}
    return {}


def _entries(chapters: Iterable, executed_dir: Path, timings: dict) -> list[_Entry]:
    entries = []
    for k, ch in enumerate(chapters, start=1):
        name = ch["name"] if isinstance(ch, dict) else ch.name
        title = ch["title"] if isinstance(ch, dict) else ch.title
        summary = (ch.get("summary", "") if isinstance(ch, dict) else getattr(ch, "summary", "")) or ""
        m = re.match(r"(\d+)_", name)
        number = int(m.group(1)) if m else k
        path = executed_dir / f"{name}.ipynb"
        notebook = path if path.exists() else None
        seconds = timings.get(name)
        if seconds is None and notebook is not None:
            meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
            seconds = (meta.get("papermill") or {}).get("duration")
        entries.append(_Entry(name, title, summary, notebook,
                              float(seconds) if isinstance(seconds, (int, float)) else None, number))
    return entries


def _figure_list(figures: Path | None, out_dir: Path) -> str:
    if figures is None or not Path(figures).is_dir():
        return ""
    pngs = sorted(Path(figures).glob("*.png"))
    if not pngs:
        return ""
    dest = out_dir / "figures"
    dest.mkdir(parents=True, exist_ok=True)
    items = []
    for png in pngs:
        shutil.copyfile(png, dest / png.name)
        pdf = png.with_suffix(".pdf")
        extra = ""
        if pdf.exists():
            shutil.copyfile(pdf, dest / pdf.name)
            extra = f' (<a href="figures/{html.escape(pdf.name)}">PDF</a>)'
        items.append(f'<li><a href="figures/{html.escape(png.name)}"><code>{html.escape(png.stem)}</code></a>{extra}</li>')
    return ('<section class="figures"><h2>Figure files</h2><p>The figures the chapters saved, '
            "under their stable names:</p><ul>" + "".join(items) + "</ul></section>")


def render_book(
    chapters: Iterable,
    executed_dir: str | Path,
    out_dir: str | Path,
    *,
    figures: str | Path | None = None,
    sample: bool = False,
    scorecard_html: str | None = None,
    timings: dict | None = None,
) -> Path:
    """Render the executed chapters to a static HTML book in ``out_dir``; return ``index.html``.

    ``chapters`` are the manifest's chapters in reading order (objects with ``name``, ``title``
    and ``summary``, or dicts with those keys); the executed notebook of a chapter is
    ``executed_dir/{name}.ipynb``. ``figures`` is the folder where the runner saved the figures
    (copied and listed on the index). ``sample`` says whether the build ran on the synthetic
    sample. ``scorecard_html`` (an HTML fragment or document) is shown on the index; without it,
    ``executed_dir/scorecard.html`` is used when it exists. ``timings`` (seconds per chapter)
    defaults to ``timings.json`` next to ``executed_dir``.
    """
    executed_dir, out_dir = Path(executed_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # pages and images of an earlier render would linger (a chapter dropped from the manifest)
    for stale in ("images", "figures"):
        shutil.rmtree(out_dir / stale, ignore_errors=True)
    for old in out_dir.glob("*.html"):
        old.unlink()
    (out_dir / "style.css").write_text(_stylesheet(), encoding="utf-8")

    entries = _entries(chapters, executed_dir, _timings(executed_dir, timings))
    available = [e for e in entries if e.notebook is not None]

    for i, entry in enumerate(available):
        prev = available[i - 1] if i > 0 else None
        nxt = available[i + 1] if i + 1 < len(available) else None
        nb = json.loads(entry.notebook.read_text(encoding="utf-8"))
        writer = _ChapterWriter(entry, out_dir)
        body = writer.body(nb)
        nav = _nav(prev, nxt)
        page = _page(
            f"{entry.title} | {BOOK_TITLE}",
            f'{nav}\n<article class="chapter" id="{entry.name}">\n{body}\n</article>\n'
            f'<footer class="chapter-footer">{nav}</footer>',
            sample=sample,
        )
        (out_dir / entry.page).write_text(page, encoding="utf-8")

    items = []
    for e in entries:
        summary = f'<p class="summary">{_inline_markdown(e.summary)}</p>' if e.summary else ""
        if e.notebook is not None:
            time_note = (f' <span class="runtime" title="run time of the chapter">ran in '
                         f"{_format_seconds(e.seconds)}</span>" if e.seconds is not None else "")
            head = f'<a href="{e.page}">{html.escape(e.title)}</a>{time_note}'
            cls = "chapter"
        else:
            head = (f'<span class="title">{html.escape(e.title)}</span> <span class="missing-note">'
                    f"not run in this build (no executed notebook <code>{html.escape(e.name)}.ipynb</code>)"
                    "</span>")
            cls = "chapter missing"
        items.append(f'<li class="{cls}" id="toc-{e.name}"><span class="number">{e.number}</span> '
                     f"{head}{summary}</li>")
    scorecard = _scorecard(executed_dir, scorecard_html)
    sections = [
        f"<h1>{html.escape(BOOK_TITLE)}</h1>",
        f'<p class="data-line">{_data_line(sample)}</p>',
    ]
    if scorecard:
        sections.append(f'<section class="scorecard"><h2>Replication scorecard</h2>{scorecard}</section>')
    sections.append('<section class="contents"><h2>Chapters</h2><ol class="toc">' + "".join(items) + "</ol></section>")
    figure_list = _figure_list(Path(figures) if figures else None, out_dir)
    if figure_list:
        sections.append(figure_list)
    first = available[0] if available else None
    nav = _nav(None, first)
    index = out_dir / "index.html"
    index.write_text(_page(BOOK_TITLE, nav + '\n<article class="index">' + "\n".join(sections)
                           + "</article>", sample=sample), encoding="utf-8")
    return index
