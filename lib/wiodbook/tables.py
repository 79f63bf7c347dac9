"""One writer for every regression table of the book.

The standard layout: one column per model; for each reported regressor its coefficient with
significance stars (* p < 0.10, ** p < 0.05, *** p < 0.01) and, beneath it, its standard error in
parentheses; then the model statistics (observations, groups, instruments, AR(1) and AR(2)
p-values, Hansen p-value, ...). :func:`regression_table` builds it from fitted results of any of
the book's estimators (the GMM results of :mod:`wiodbook.gmm` and linearmodels' results) and returns
a :class:`RegressionTable`, which shows itself as HTML in a notebook and writes LaTeX, Markdown and
CSV files with a stable name through :meth:`RegressionTable.write` into ``config.output_dir()``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import config

STARS = ((0.01, "***"), (0.05, "**"), (0.10, "*"))


def stars(p: float) -> str:
    """Significance stars of a p-value: *** p < 0.01, ** p < 0.05, * p < 0.10."""
    if p is None or not np.isfinite(p):
        return ""
    for level, mark in STARS:
        if p < level:
            return mark
    return ""


def model_statistics(result) -> dict[str, object]:
    """The statistics reported beneath a model's coefficients, read from its results object.

    GMM results give N, groups, instruments, AR(1)/AR(2) p-values and the Hansen J p-value;
    linearmodels panel results give N, entities and the within R-squared; IV results give N and
    the first-stage F where it was attached as ``result.first_stage_f``.
    """
    stats: dict[str, object] = {"N": int(result.nobs)}
    if hasattr(result, "n_instruments"):  # wiodbook.gmm results
        stats["groups"] = int(result.n_groups)
        stats["instruments"] = int(result.n_instruments)
        stats["AR(1) p"] = result.ar1.pvalue
        stats["AR(2) p"] = result.ar2.pvalue
        if result.hansen is not None:
            stats["Hansen p"] = result.hansen.pvalue
    else:
        info = getattr(result, "entity_info", None)
        if info is not None:
            stats["groups"] = int(info["total"])
        r2 = getattr(result, "rsquared_within", None)
        if r2 is not None:
            stats["within R2"] = float(r2)
        fs = getattr(result, "first_stage_f", None)
        if fs is not None:
            stats["first-stage F"] = float(fs)
    return stats


@dataclass
class RegressionTable:
    """A regression table: numbers (``coef``, ``se``, ``p``, ``stats``) and their layout."""

    coef: pd.DataFrame
    se: pd.DataFrame
    p: pd.DataFrame
    stats: pd.DataFrame
    title: str = ""
    notes: str = ""
    digits: int = 3
    labels: dict[str, str] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        """The table as strings: coefficient rows with stars, standard-error rows, statistics."""
        rows, index = [], []
        for name in self.coef.index:
            label = self.labels.get(name, name)
            rows.append([
                "" if pd.isna(c) else f"{c:.{self.digits}f}{stars(p)}"
                for c, p in zip(self.coef.loc[name], self.p.loc[name])
            ])
            index.append(label)
            rows.append(["" if pd.isna(s) else f"({s:.{self.digits}f})" for s in self.se.loc[name]])
            index.append("")
        for name in self.stats.index:
            rows.append([_fmt_stat(v) for v in self.stats.loc[name]])
            index.append(name)
        return pd.DataFrame(rows, index=index, columns=self.coef.columns)

    # -- renderings ---------------------------------------------------------------------
    def to_html(self) -> str:
        f = self.frame()
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in f.columns)
        body = []
        n_coef = 2 * len(self.coef.index)
        for k, (label, row) in enumerate(f.iterrows()):
            cls = ' class="stat-first"' if k == n_coef else ""
            cells = "".join(f"<td>{html.escape(v)}</td>" for v in row)
            body.append(f"<tr{cls}><th>{html.escape(label)}</th>{cells}</tr>")
        caption = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        notes = f'<p class="table-notes">{html.escape(self.notes)}</p>' if self.notes else ""
        style = (
            "<style>.regtable{border-collapse:collapse}.regtable td,.regtable th{padding:2px 10px;"
            "text-align:center}.regtable tr.stat-first td,.regtable tr.stat-first th{border-top:1px solid #999}"
            ".regtable thead th{border-bottom:1px solid #333}.regtable tbody th{text-align:left;font-weight:normal}</style>"
        )
        return (
            f'{style}<table class="regtable">{caption}<thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>{notes}"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_markdown(self) -> str:
        f = self.frame()
        lines = []
        if self.title:
            lines += [f"**{self.title}**", ""]
        lines.append("| | " + " | ".join(map(str, f.columns)) + " |")
        lines.append("|---|" + "---:|" * len(f.columns))
        for label, row in f.iterrows():
            lines.append(f"| {label} | " + " | ".join(row) + " |")
        if self.notes:
            lines += ["", self.notes]
        return "\n".join(lines) + "\n"

    def to_latex(self) -> str:
        f = self.frame()

        def tex(s: str) -> str:
            s = s.replace("\\", "\\textbackslash{}")
            for ch in "&%$#_{}":
                s = s.replace(ch, "\\" + ch)
            s = s.replace("***", "$^{***}$") if "***" in s else s.replace("**", "$^{**}$") if "**" in s else s.replace("*", "$^{*}$")
            return s

        cols = "l" + "c" * len(f.columns)
        out = ["\\begin{table}[htbp]\\centering"]
        if self.title:
            out.append(f"\\caption{{{tex(self.title)}}}")
        out += [f"\\begin{{tabular}}{{{cols}}}", "\\hline\\hline",
                " & " + " & ".join(tex(str(c)) for c in f.columns) + " \\\\", "\\hline"]
        n_coef = 2 * len(self.coef.index)
        for k, (label, row) in enumerate(f.iterrows()):
            if k == n_coef:
                out.append("\\hline")
            out.append(tex(label) + " & " + " & ".join(tex(v) for v in row) + " \\\\")
        out += ["\\hline\\hline", "\\end{tabular}"]
        if self.notes:
            out.append(f"\\par\\footnotesize {tex(self.notes)}")
        out.append("\\end{table}")
        return "\n".join(out) + "\n"

    def to_csv_frame(self) -> pd.DataFrame:
        """The numbers behind the table, long format (for readers' own software)."""
        parts = []
        for what, frame in (("coef", self.coef), ("se", self.se), ("p", self.p)):
            long = frame.stack(future_stack=True).rename("value").reset_index()
            long.columns = ["term", "model", "value"]
            long.insert(0, "kind", what)
            parts.append(long)
        st = self.stats.stack(future_stack=True).rename("value").reset_index()
        st.columns = ["term", "model", "value"]
        st.insert(0, "kind", "stat")
        st["value"] = pd.to_numeric(st["value"], errors="coerce")
        return pd.concat(parts + [st], ignore_index=True)

    def write(self, name: str, folder: str | Path | None = None) -> dict[str, Path]:
        """Write ``{name}.tex``, ``{name}.md`` and ``{name}.csv``; return their paths."""
        folder = Path(folder) if folder is not None else config.output_dir()
        folder.mkdir(parents=True, exist_ok=True)
        paths = {"tex": folder / f"{name}.tex", "md": folder / f"{name}.md", "csv": folder / f"{name}.csv"}
        paths["tex"].write_text(self.to_latex())
        paths["md"].write_text(self.to_markdown())
        self.to_csv_frame().to_csv(paths["csv"], index=False, float_format="%.10g")
        return paths


def _fmt_stat(v) -> str:
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return ""
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    if isinstance(v, (float, np.floating)):
        return f"{v:.3f}"
    return str(v)


def regression_table(
    results: Mapping[str, object] | Sequence[object],
    *,
    keep: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    extra_stats: Mapping[str, Mapping[str, object]] | None = None,
    title: str = "",
    notes: str = "",
    digits: int = 3,
) -> RegressionTable:
    """Build the standard table from fitted results.

    ``results`` maps a column label to a results object (with ``params``, ``std_errors`` and
    ``pvalues``); a list is labelled (1), (2), .... ``keep`` lists the regressors to show, in order
    (default: every regressor except year dummies and the constant). ``extra_stats`` adds rows per
    column (for example ``{"(3)": {"controls": "yes"}}``).
    """
    if not isinstance(results, Mapping):
        results = {f"({k + 1})": r for k, r in enumerate(results)}
    names: list[str] = []
    for r in results.values():
        for n in r.params.index:
            if n not in names:
                names.append(n)
    if keep is None:
        keep = [n for n in names if not _is_nuisance(n)]
    coef = pd.DataFrame({c: r.params.reindex(keep) for c, r in results.items()})
    se = pd.DataFrame({c: r.std_errors.reindex(keep) for c, r in results.items()})
    p = pd.DataFrame({c: r.pvalues.reindex(keep) for c, r in results.items()})
    stats = {c: model_statistics(r) for c, r in results.items()}
    for c, extra in (extra_stats or {}).items():
        stats.setdefault(c, {}).update(extra)
    order: list[str] = []
    for s in stats.values():
        for k in s:
            if k not in order:
                order.append(k)
    stats_frame = pd.DataFrame({c: [stats[c].get(k) for k in order] for c in results}, index=order, dtype=object)
    return RegressionTable(coef, se, p, stats_frame, title=title, notes=notes, digits=digits, labels=dict(labels or {}))


_NUISANCE = re.compile(r"^(_cons|const|intercept|(yr|year|time)[._]?\d{4}(\.0)?)$", re.IGNORECASE)


def _is_nuisance(name: str) -> bool:
    """Year dummies (``year2005``, ``yr1980``) and the constant: not shown by default."""
    return bool(_NUISANCE.match(str(name)))
