"""Descriptive tables and figures of chapters 02 (digital dependence) and 03 (descriptive figures).

Table functions take the analysis panel's frame (``Panel.data`` or ``Panel.sample``, one row per
country x manufacturing industry x year, columns of :data:`wiodbook.panel.DATA_DICTIONARY`) and
return a DataFrame; :func:`write_table` writes any of them as CSV, Markdown and LaTeX with a stable
name into ``config.output_dir()``. Figure functions return a matplotlib figure and save nothing:
the chapters hand them to :func:`wiodbook.figures.publish`.

Conventions: dependence is in digital inputs per 100 units of output (the panel's ``dig*``
columns, coefficients x 100); group means are unweighted means over country-industries; the
domestic share of a group is the ratio of its mean domestic to its mean total dependence (so the
shares of the parts add up). Levels of SEA-based variables (ln TFP, size, capital deepening) are in
national currency: only within-entity variation is comparable, which is what the "within" panels
show (values net of entity and year means, see :func:`two_way_demean`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from . import config
from .codes import DIGITAL_SECTORS, MANUFACTURING, TECH_GROUP, TECH_ORDER
from .figures import DOMESTIC, FOREIGN, PALETTE

#: One colour per OECD technology group (Okabe-Ito), in :data:`wiodbook.codes.TECH_ORDER`.
TECH_COLOURS: dict[str, str] = dict(zip(TECH_ORDER, (PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3])))
#: Axis label of the dependence measure (the panel's ``dig`` columns).
DIG_LABEL = "digital dependence (digital inputs per 100 of output)"

#: Plain-words axis labels of panel columns.
LABELS: dict[str, str] = {
    "dig": DIG_LABEL,
    "dig_dom": "domestic digital dependence (per 100 of output)",
    "dig_for": "foreign digital dependence (per 100 of output)",
    "dig_direct": "direct digital dependence (per 100 of output)",
    "dig_broad": "broad digital dependence (per 100 of output)",
    "upg": "ln total factor productivity (log points)",
    "ln_tfp": "ln total factor productivity (log points)",
    "ser": "servitization (service inputs per 100 of output)",
}
#: Axis labels of the same columns net of entity and year means (shorter: they sit beside the levels).
WITHIN_LABELS: dict[str, str] = {
    "dig": "digital dependence, within (per 100 of output)",
    "upg": "ln TFP, within (log points)",
    "ln_tfp": "ln TFP, within (log points)",
    "ser": "servitization, within (per 100 of output)",
}

#: The variable table of the paper: (column, role). ``upg`` is ln TFP by default.
SUMMARY_VARIABLES: tuple[tuple[str, str], ...] = (
    ("upg", "upgrading (dependent)"),
    ("dig", "digital dependence"),
    ("dig_dom", "digital dependence"),
    ("dig_for", "digital dependence"),
    ("size", "control"),
    ("exp_int", "control"),
    ("imp_share", "control"),
    ("kdeep", "mechanism M1"),
    ("lab_share", "mechanism M1"),
    ("mis", "mechanism M2"),
    ("ser", "mechanism M3"),
)


def _label(column: str) -> str:
    return LABELS.get(column, column)


def _plain_number(v: float, _pos=None) -> str:
    return f"{v:g}"


def _plain_log_axis(axis) -> None:
    """Tick labels of a log axis as plain numbers (0.1, 1, 10) rather than powers of ten."""
    axis.set_major_formatter(FuncFormatter(_plain_number))
    axis.set_minor_formatter(NullFormatter())


def _finite(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    ok = np.ones(len(frame), dtype=bool)
    for c in columns:
        ok &= np.isfinite(frame[c].to_numpy(dtype=float))
    return frame[ok]


def _tech_groups_present(frame: pd.DataFrame) -> list[str]:
    present = set(frame["tech_group"].dropna())
    return [g for g in TECH_ORDER if g in present]


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def worked_example(system, country: str, year: int, industry: str, digital: str | Sequence[str] = "core") -> pd.DataFrame:
    """Digital inputs of one industry in one country-year: direct vs complete, domestic vs foreign.

    Rows: the digital sectors D (``digital``: ``"core"``, ``"broad"`` or a list of codes) and their
    sum. Columns, each x 100 (per 100 units of the industry's output):

    - direct: ``a^d_ij`` (domestic), ``a^m_ij`` (imported), ``a_ij`` = a^d + a^m;
    - complete: ``b^d_ij`` (domestic supply chains only), ``b_ij - b^d_ij`` (foreign: every chain
      that passes through an imported input), ``b_ij``.

    The "sum over D" row is DIG^direct and DIG of the panel for that entity-year.
    """
    codes = list(DIGITAL_SECTORS[digital]) if isinstance(digital, str) else list(digital)
    frames = {name: system.frame(name, country, year).loc[codes, industry] for name in ("Ad", "Am", "A", "Bd", "B")}
    out = pd.DataFrame({
        "direct domestic a^d": frames["Ad"],
        "direct foreign a^m": frames["Am"],
        "direct total a": frames["A"],
        "complete domestic b^d": frames["Bd"],
        "complete foreign b - b^d": frames["B"] - frames["Bd"],
        "complete total b": frames["B"],
    }) * 100.0
    out.loc["sum over D"] = out.sum()
    out.index.name = "digital sector (row i)"
    return out


def compare_measures(frame: pd.DataFrame, pairs: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """Two measures of the same thing side by side: ``pairs`` maps a label to (first, second) columns.

    For each pair, over the rows where both are finite: N, the means and medians of both, the ratio
    of the means (second / first), the Pearson correlation and the Spearman rank correlation.
    """
    rows = []
    for label, (a, b) in pairs.items():
        f = _finite(frame, [a, b])
        x, y = f[a].astype(float), f[b].astype(float)
        rows.append({
            "comparison": label, "first": a, "second": b, "N": len(f),
            "mean first": x.mean(), "mean second": y.mean(),
            "median first": x.median(), "median second": y.median(),
            "ratio of means": y.mean() / x.mean() if x.mean() else np.nan,
            "correlation": x.corr(y), "rank correlation": x.rank().corr(y.rank()),
        })
    return pd.DataFrame(rows).set_index("comparison")


def source_split(frame: pd.DataFrame, by: str | Sequence[str] = "year", *, column: str = "dig") -> pd.DataFrame:
    """Domestic vs foreign digital dependence by group (``by``: a column or columns of the panel).

    Columns: N, mean total, mean domestic, mean foreign (unweighted over country-industries), the
    domestic share of the means (mean domestic / mean total), the median over rows of the row's own
    domestic share, and the share of rows whose foreign part exceeds the domestic part.
    """
    dom, fore = f"{column}_dom", f"{column}_for"
    f = _finite(frame, [column, dom, fore]).copy()
    f["_share"] = f[dom] / f[column]
    f["_foreign_larger"] = (f[fore] > f[dom]).astype(float)
    g = f.groupby(by, sort=True)
    out = pd.DataFrame({
        "N": g.size(),
        "mean total": g[column].mean(),
        "mean domestic": g[dom].mean(),
        "mean foreign": g[fore].mean(),
    })
    out["domestic share of means"] = out["mean domestic"] / out["mean total"]
    out["median domestic share"] = g["_share"].median()
    out["share of rows foreign > domestic"] = g["_foreign_larger"].mean()
    return out


def group_trend(frame: pd.DataFrame, column: str = "dig", *, by: str = "tech_group", stat: str = "mean",
                overall: bool = True) -> pd.DataFrame:
    """``stat`` (``"mean"`` or ``"median"``) of ``column`` by year (rows) and group (columns).

    Technology groups come in their R&D order (low ... high); ``overall`` adds a column ``all``.
    """
    if stat not in ("mean", "median"):
        raise ValueError(f"stat={stat!r}: choose 'mean' or 'median'.")
    f = _finite(frame, [column])
    out = f.groupby(["year", by])[column].agg(stat).unstack(by)
    if by == "tech_group":
        out = out[[g for g in TECH_ORDER if g in out.columns]]
    if overall:
        out["all"] = f.groupby("year")[column].agg(stat)
    out.columns.name = by
    return out


def country_ranking(frame: pd.DataFrame, year: int, *, column: str = "dig") -> pd.DataFrame:
    """Countries in ``year`` ranked by mean dependence over their manufacturing industries.

    Columns: industries (N), mean, median, mean domestic and mean foreign (they add up to the
    mean), domestic share of the mean, and rank (1 = most dependent). Sorted by rank.
    """
    dom, fore = f"{column}_dom", f"{column}_for"
    f = _finite(frame[frame["year"] == year], [column, dom, fore])
    if f.empty:
        raise ValueError(f"no finite {column} in year {year}: the panel covers {sorted(frame['year'].unique())}.")
    g = f.groupby("country")
    out = pd.DataFrame({
        "industries": g.size(),
        "mean": g[column].mean(),
        "median": g[column].median(),
        "mean domestic": g[dom].mean(),
        "mean foreign": g[fore].mean(),
    })
    out["domestic share"] = out["mean domestic"] / out["mean"]
    out = out.sort_values("mean", ascending=False)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def summary_table(frame: pd.DataFrame, variables: Sequence[tuple[str, str]] = SUMMARY_VARIABLES) -> pd.DataFrame:
    """The paper's variable table: role, N, mean, sd, min, max of each regression variable.

    ``frame`` is the regression sample (``Panel.sample``); N counts finite values, sd has ddof 1.
    The meaning and unit come from the data dictionary.
    """
    from .panel import DICTIONARY

    rows = []
    for column, role in variables:
        v = frame[column].to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        entry = DICTIONARY.get(column)
        rows.append({
            "variable": column, "role": role,
            "meaning": entry.meaning if entry else "", "unit": entry.unit if entry else "",
            "N": int(v.size),
            "mean": float(v.mean()) if v.size else np.nan,
            "sd": float(v.std(ddof=1)) if v.size > 1 else np.nan,
            "min": float(v.min()) if v.size else np.nan,
            "max": float(v.max()) if v.size else np.nan,
        })
    return pd.DataFrame(rows).set_index("variable")


def data_quirks(frame: pd.DataFrame, *, extreme_multiple: float = 5.0) -> pd.DataFrame:
    """The data quirks of METHOD.md, counted on ``frame`` (usually the regression sample).

    One row per quirk: how many rows and entities it touches, the countries with most rows, and the
    largest value with its entity-year. Quirks: dependence above ``extreme_multiple`` times the
    median; export intensity above 1 (re-exports); labour share above 1 (labour compensation
    above value added); imported share of inputs above 0.95. Nothing is changed: the table only
    counts.
    """
    med = float(np.nanmedian(frame["dig"].to_numpy(dtype=float)))
    checks = [
        (f"dependence above {extreme_multiple:g} x its median ({med:.2f})", "dig", extreme_multiple * med),
        ("export intensity above 1 (re-exports)", "exp_int", 1.0),
        ("labour share of value added above 1", "lab_share", 1.0),
        ("imported share of intermediate inputs above 0.95", "imp_share", 0.95),
    ]
    rows = []
    for text, column, threshold in checks:
        v = frame[column].astype(float)
        hit = frame[v > threshold]
        top = hit.loc[hit[column].astype(float).idxmax()] if len(hit) else None
        counts = hit["country"].value_counts()
        rows.append({
            "quirk": text, "column": column, "threshold": threshold, "rows": len(hit),
            "entities": hit["entity"].nunique(),
            "countries (rows)": ", ".join(f"{c} ({n})" for c, n in counts.head(5).items()),
            "largest": float(top[column]) if top is not None else np.nan,
            "where": f"{top['entity']} {int(top['year'])}" if top is not None else "",
        })
    return pd.DataFrame(rows).set_index("quirk")


def two_way_demean(frame: pd.DataFrame, columns: Sequence[str], *, entity: str = "entity", time: str = "year",
                   tol: float = 1e-10, max_iter: int = 500) -> pd.DataFrame:
    """``columns`` net of entity and time means (:func:`wiodbook.estimation.two_way_demean`), for
    the rows where all of them are finite; returns ``entity``, ``time`` and the demeaned columns
    on the original index, so an OLS slope on the result is the two-way fixed-effects slope.
    """
    from .estimation import two_way_demean as within

    f = _finite(frame, columns)
    out = f[[entity, time]].copy()
    values = within(f, columns, entity=entity, time=time, tol=tol, max_iter=max_iter)
    for c in columns:
        out[c] = values[c]
    return out


def binned_means(x: pd.Series, y: pd.Series, bins: int = 20) -> pd.DataFrame:
    """Binned scatter: ``x`` cut into ``bins`` quantile bins, with the mean of x and y in each.

    Columns ``x``, ``y``, ``n``; one row per non-empty bin, ordered by x.
    """
    f = pd.DataFrame({"x": np.asarray(x, dtype=float), "y": np.asarray(y, dtype=float)})
    f = f[np.isfinite(f["x"]) & np.isfinite(f["y"])]
    bins = max(1, min(int(bins), f["x"].nunique()))
    f["bin"] = pd.qcut(f["x"].rank(method="first"), bins, labels=False)
    out = f.groupby("bin").agg(x=("x", "mean"), y=("y", "mean"), n=("x", "size"))
    return out.reset_index(drop=True)


def ols_slope(x: pd.Series, y: pd.Series) -> float:
    """OLS slope of y on x with an intercept (on demeaned data: the fixed-effects slope).

    NaN when x does not vary (fewer than two finite pairs, or a constant x).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 2:
        return float("nan")
    x, y = x[ok] - x[ok].mean(), y[ok] - y[ok].mean()
    sxx = float(x @ x)
    return float(x @ y) / sxx if sxx > 0 else float("nan")


def write_table(frame: pd.DataFrame, name: str, folder: str | Path | None = None, *, title: str = "",
                notes: str = "", digits: int = 3) -> dict[str, Path]:
    """Write a plain (non-regression) table as ``{name}.csv``, ``{name}.md`` and ``{name}.tex``.

    CSV keeps full precision; Markdown and LaTeX show floats with ``digits`` decimals and integers
    with thousands separators. The folder is ``config.output_dir()`` unless given. Returns the paths.
    """
    folder = Path(folder) if folder is not None else config.output_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"csv": folder / f"{name}.csv", "md": folder / f"{name}.md", "tex": folder / f"{name}.tex"}
    frame.to_csv(paths["csv"], float_format="%.10g")
    shown = _formatted(frame, digits)
    paths["md"].write_text(_markdown(shown, title, notes))
    paths["tex"].write_text(_latex(shown, title, notes))
    return paths


def _cell(v, digits: int) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    if isinstance(v, (float, np.floating)):
        return f"{v:,.{digits}f}"
    return str(v)


def _formatted(frame: pd.DataFrame, digits: int) -> pd.DataFrame:
    shown = pd.DataFrame(index=[str(i) for i in frame.index], columns=[str(c) for c in frame.columns], dtype=object)
    for j, c in enumerate(frame.columns):
        shown.iloc[:, j] = [_cell(v, digits) for v in frame[c].tolist()]
    shown.index.name = str(frame.index.name) if frame.index.name is not None else ""
    return shown


def _markdown(shown: pd.DataFrame, title: str, notes: str) -> str:
    def esc(s: str) -> str:
        return str(s).replace("|", "\\|")

    lines = [f"**{esc(title)}**", ""] if title else []
    lines.append(f"| {esc(shown.index.name)} | " + " | ".join(esc(c) for c in shown.columns) + " |")
    lines.append("|---|" + "---:|" * len(shown.columns))
    for label, row in shown.iterrows():
        lines.append(f"| {esc(label)} | " + " | ".join(esc(v) for v in row) + " |")
    if notes:
        lines += ["", notes]
    return "\n".join(lines) + "\n"


def _tex(s: str) -> str:
    s = str(s).replace("\\", "\\textbackslash{}")
    for ch in "&%$#_{}":
        s = s.replace(ch, "\\" + ch)
    return s.replace("^", "\\^{}").replace("~", "\\~{}")


def _latex(shown: pd.DataFrame, title: str, notes: str) -> str:
    out = ["\\begin{table}[htbp]\\centering"]
    if title:
        out.append(f"\\caption{{{_tex(title)}}}")
    out += [f"\\begin{{tabular}}{{l{'r' * len(shown.columns)}}}", "\\hline\\hline",
            _tex(shown.index.name) + " & " + " & ".join(_tex(c) for c in shown.columns) + " \\\\", "\\hline"]
    for label, row in shown.iterrows():
        out.append(_tex(label) + " & " + " & ".join(_tex(v) for v in row) + " \\\\")
    out += ["\\hline\\hline", "\\end{tabular}"]
    if notes:
        out.append(f"\\par\\footnotesize {_tex(notes)}")
    out.append("\\end{table}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


def _scatter_by_group(ax, f: pd.DataFrame, x: str, y: str) -> None:
    for g in _tech_groups_present(f):
        part = f[f["tech_group"] == g]
        ax.scatter(part[x], part[y], s=9, alpha=0.6, color=TECH_COLOURS[g], label=g, linewidths=0)


def measure_comparison_figure(frame: pd.DataFrame, pairs: Sequence[tuple[str, str, str, str]]) -> plt.Figure:
    """One log-log scatter per pair of dependence measures, with the 45-degree line.

    ``pairs``: (x column, y column, x label, y label). Points coloured by technology group.
    """
    fig, axes = plt.subplots(1, len(pairs), figsize=(3.6 * len(pairs), 3.8), squeeze=False)
    for ax, (x, y, xlabel, ylabel) in zip(axes[0], pairs):
        f = _finite(frame, [x, y])
        f = f[(f[x] > 0) & (f[y] > 0)]
        _scatter_by_group(ax, f, x, y)
        lo = float(min(f[x].min(), f[y].min())) * 0.8
        hi = float(max(f[x].max(), f[y].max())) * 1.25
        ax.plot([lo, hi], [lo, hi], color="0.3", lw=0.8, ls="--", label="45-degree line")
        ax.set_xscale("log")
        ax.set_yscale("log")
        _plain_log_axis(ax.xaxis)
        _plain_log_axis(ax.yaxis)
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
    axes[0][0].legend(fontsize=8, loc="lower right", markerscale=1.5, title="technology group", title_fontsize=8)
    fig.tight_layout()
    return fig


def dependence_trend_figure(frame: pd.DataFrame, column: str = "dig") -> plt.Figure:
    """Mean and median dependence by technology group over the years (two panels, one y scale)."""
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.6), sharey=True)
    for ax, stat in zip(axes, ("mean", "median")):
        trend = group_trend(frame, column, stat=stat)
        for g in [c for c in trend.columns if c != "all"]:
            ax.plot(trend.index, trend[g], color=TECH_COLOURS.get(g), lw=1.8, marker="o", ms=3, label=g)
        ax.plot(trend.index, trend["all"], color="0.2", lw=1.4, ls="--", label="all industries")
        ax.set_title(f"{stat} over country-industries", fontsize=10)
        ax.set_xlabel("year")
        ax.set_xticks(_year_ticks(trend.index))
    axes[0].set_ylabel(_label(column))
    axes[0].set_ylim(bottom=0)
    axes[1].legend(fontsize=8, loc="lower right", title="technology group", title_fontsize=8)
    fig.tight_layout()
    return fig


def _year_ticks(years) -> list[int]:
    years = sorted(int(y) for y in years)
    if not years:
        return []
    step = 2 if len(years) > 8 else 1
    return list(range(years[0], years[-1] + 1, step))


def source_trend_figure(frame: pd.DataFrame, column: str = "dig") -> plt.Figure:
    """Domestic and foreign dependence over time: (left) mean domestic and foreign parts stacked,
    (right) the domestic share of mean dependence by technology group."""
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.6))
    split = source_split(frame, "year", column=column)
    years = split.index.to_numpy()
    ax = axes[0]
    ax.stackplot(years, split["mean domestic"], split["mean foreign"], colors=[DOMESTIC, FOREIGN],
                 labels=["domestic", "foreign"], alpha=0.9)
    ax.set_ylabel(_label(column))
    ax.set_xlabel("year")
    ax.set_xticks(_year_ticks(years))
    ax.set_ylim(0, float(split["mean total"].max()) * 1.25)
    ax.legend(fontsize=8, loc="upper left", ncol=2)
    ax.set_title("mean over country-industries", fontsize=10)
    ax = axes[1]
    by = source_split(frame, ["year", "tech_group"], column=column)["domestic share of means"].unstack("tech_group")
    for g in [g for g in TECH_ORDER if g in by.columns]:
        ax.plot(by.index, 100 * by[g], color=TECH_COLOURS[g], lw=1.8, marker="o", ms=3, label=g)
    ax.plot(years, 100 * split["domestic share of means"], color="0.2", lw=1.4, ls="--", label="all industries")
    ax.set_ylabel("domestic share of dependence (%)")
    ax.set_xlabel("year")
    ax.set_xticks(_year_ticks(years))
    ax.set_ylim(0, 100)
    ax.legend(fontsize=8, loc="upper right", ncol=2, title="technology group", title_fontsize=8)
    ax.set_title("domestic share by technology group", fontsize=10)
    for a in axes:
        a.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    return fig


def country_ranking_figure(ranking: pd.DataFrame, *, clip_ratio: float = 1.8) -> plt.Figure:
    """Horizontal bars of :func:`country_ranking`: mean domestic and foreign dependence, stacked.

    When the top country exceeds ``clip_ratio`` times the second, the axis stops short of it and its
    bar carries its value, so that the other countries stay readable.
    """
    r = ranking.sort_values("mean", ascending=True)
    n = len(r)
    fig, ax = plt.subplots(figsize=(6.4, max(2.6, 0.19 * n + 1.3)))
    pos = np.arange(n)
    ax.barh(pos, r["mean domestic"], color=DOMESTIC, label="domestic", height=0.75)
    ax.barh(pos, r["mean foreign"], left=r["mean domestic"], color=FOREIGN, label="foreign", height=0.75)
    ax.set_yticks(pos, list(r.index), fontsize=8)
    ax.set_ylim(-0.6, n - 0.4)
    totals = r["mean"].to_numpy()
    if n >= 2 and totals[-1] > clip_ratio * totals[-2]:
        limit = totals[-2] * 1.35
        ax.set_xlim(0, limit)
        ax.text(limit * 0.98, n - 1, f"{totals[-1]:.1f} \u2192", ha="right", va="center", fontsize=8,
                color="white", fontweight="bold")
    ax.set_xlabel("mean digital dependence over manufacturing industries (per 100 of output)")
    ax.set_ylabel("country")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def dependence_heatmap(frame: pd.DataFrame, year: int, *, column: str = "dig",
                       countries: Sequence[str] | None = None) -> plt.Figure:
    """Heat map of dependence in ``year``: countries (rows, most dependent on top) x industries
    (columns, ordered by technology group), on a log colour scale (cividis); hatched cells have no
    finite value (no output, or outside the frame given).

    ``countries`` fixes the row order (default: by mean dependence in ``year``).
    """
    f = frame[frame["year"] == year]
    wide = f.pivot_table(index="country", columns="industry", values=column, aggfunc="first")
    industries = [c for g in TECH_ORDER for c in MANUFACTURING if TECH_GROUP[c] == g and c in wide.columns]
    order = list(countries) if countries is not None else list(wide.mean(axis=1).sort_values(ascending=False).index)
    wide = wide.reindex(index=order, columns=industries)
    values = wide.to_numpy(dtype=float)
    positive = values[np.isfinite(values) & (values > 0)]
    n_rows, n_cols = wide.shape
    fig, ax = plt.subplots(figsize=(7.0, max(3.0, 0.2 * n_rows + 2.0)))
    norm = LogNorm(vmin=float(positive.min()), vmax=float(positive.max())) if positive.size else None
    shown = np.where(np.isfinite(values) & (values > 0), values, np.nan)
    im = ax.imshow(shown, cmap="cividis", norm=norm, aspect="auto", interpolation="nearest")
    ax.patch.set_facecolor("white")
    ax.patch.set_hatch("////")
    ax.patch.set_edgecolor("0.75")
    ax.set_xticks(range(n_cols), industries, rotation=90, fontsize=8)
    ax.set_yticks(range(n_rows), list(wide.index), fontsize=8)
    # the technology groups above the columns
    start = 0
    for g in TECH_ORDER:
        k = sum(TECH_GROUP[c] == g for c in industries)
        if k:
            ax.text(start + (k - 1) / 2, -0.8, g, ha="center", va="bottom", fontsize=8)
            if start:
                ax.axvline(start - 0.5, color="white", lw=1.5)
            start += k
    ax.set_xlabel("industry (grouped by technology level)")
    ax.set_ylabel("country")
    ax.spines[["top", "right"]].set_visible(True)
    cbar = fig.colorbar(im, ax=ax, shrink=0.6 if n_rows > 15 else 0.95, pad=0.02)
    if positive.size:
        lo, hi = float(positive.min()), float(positive.max())
        ticks = [t for t in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500) if lo <= t <= hi]
        cbar.ax.yaxis.set_major_locator(FixedLocator(ticks))
        cbar.ax.yaxis.set_major_formatter(FuncFormatter(_plain_number))
        cbar.ax.yaxis.set_minor_formatter(NullFormatter())
    cbar.set_label(_label(column).replace(" (", "\n(").replace(")", ", log scale)"), fontsize=8)
    cbar.ax.tick_params(labelsize=8)
    fig.tight_layout()
    return fig


def levels_and_within_figure(frame: pd.DataFrame, x: str, y: str, *, bins: int = 20,
                             xlabel: str | None = None, ylabel: str | None = None,
                             within_xlabel: str | None = None, within_ylabel: str | None = None,
                             log_x: bool = True) -> plt.Figure:
    """Two views of y against x: (left) levels, every entity-year, coloured by technology group;
    (right) a binned scatter of both net of entity and year means (:func:`two_way_demean`), with
    the OLS line through the demeaned points (the two-way fixed-effects slope).

    Labels default to :data:`LABELS` and :data:`WITHIN_LABELS`.
    """
    xlabel = xlabel or _label(x)
    ylabel = ylabel or _label(y)
    f = _finite(frame, [x, y])
    fig, axes = plt.subplots(1, 2, figsize=(8.8, 4.0))
    ax = axes[0]
    _scatter_by_group(ax, f[f[x] > 0] if log_x else f, x, y)
    if log_x:
        ax.set_xscale("log")
        _plain_log_axis(ax.xaxis)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title("levels (entity-years)", fontsize=10)
    ax.legend(fontsize=8, markerscale=1.5, loc="best", title="technology group", title_fontsize=8)
    ax = axes[1]
    within = two_way_demean(f, [x, y])
    b = binned_means(within[x], within[y], bins=bins)
    slope = ols_slope(within[x], within[y])
    ax.scatter(b["x"], b["y"], s=22, color=PALETTE[0], zorder=3, label=f"bin means ({len(b)} bins)")
    grid = np.linspace(float(b["x"].min()), float(b["x"].max()), 50)
    ax.plot(grid, slope * grid, color=PALETTE[3], lw=1.4, label=f"OLS slope {slope:.3g}")
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)
    ax.set_xlabel(within_xlabel or WITHIN_LABELS.get(x, f"{x}, within"))
    ax.set_ylabel(within_ylabel or WITHIN_LABELS.get(y, f"{y}, within"))
    ax.set_title("net of entity and year means", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig
