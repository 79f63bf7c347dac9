"""Heterogeneity of the effect of digital dependence on upgrading (METHOD.md, Heterogeneity; claims 3a-3d).

The paper says the effect of digital technology is larger (a) in lower-technology industries,
(b) in countries with better network infrastructure, (c) in countries with lower trade barriers,
and (d) for digital inputs from domestic rather than foreign sources. This module estimates the
models behind each of these statements with the book's estimators
(:func:`wiodbook.estimation.gmm_fit`, :func:`wiodbook.estimation.fe_fit`).

**Split fits** (:func:`split_fit`, :func:`technology_split`, :func:`country_split`). The baseline
model is fitted separately on subsamples defined by a group column of the panel:

- technology: ``tech_group`` in (high, medium-high) against (low, medium-low) (OECD R&D intensity);
- countries: ``{series}_group``, the median split of a country series
  (:func:`wiodbook.country.country_groups`: mean over 2004-2014, countries equal to the median go
  to ``'low'`` by default). Countries without the series (TWN for every WDI series, LUX for the
  all-products tariff) have no group and leave both halves: :func:`missing_countries` lists them.

Let b_1, b_2 be the DIG coefficients of two subsamples and s_1, s_2 their standard errors. The
subsamples share no entity, so the estimates are independent and the **split comparison**
(:func:`split_difference`) is the z test

    z = (b_1 - b_2) / sqrt(s_1^2 + s_2^2),  p = 2 (1 - Phi(|z|)).

**Interaction fits** (:func:`interaction_fit`). One model on the whole sample with the product of
DIG and a moderator m (the standardised country series ``{series}_z``, or the indicator
``high_tech``):

    UPG_it = rho UPG_i,t-1 + beta DIG_it + delta (DIG_it x m_i) + lambda m_i + gamma' X_it + year_t + mu_i + e_it.

delta says how much the effect of DIG changes per unit of m (per cross-country standard deviation
of the series for ``_z``). In GMM **the interaction term is treated as endogenous, exactly like
DIG**: it enters the GMM-style instrument group with UPG and DIG (levels dated t-2 and t-3,
collapsed), because a product with an endogenous variable is endogenous. The moderator's main
effect m_i is time-invariant: it is differenced away in the transformed equation, so it enters as
an exogenous IV-style regressor that only the level equation identifies (system GMM); in
difference GMM and fixed effects it is absorbed by the entity effect and left out.

**Source** (:func:`source_fit`). DIG^dom and DIG^for enter together (both endogenous) and the Wald
test of equal coefficients H0: beta_dom = beta_for is ``results.test_equal``:
W = (b_dom - b_for)^2 / (V_dd + V_ff - 2 V_df), chi-squared with one degree of freedom.

**Coefficient plot** (:func:`coefficient_plot`): point estimates with 95% confidence intervals for
a list of (label, result, term).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from . import estimation as E
from . import gmm
from .errors import SpecificationError

#: The technology comparison of METHOD.md: high + medium-high against low + medium-low.
TECH_GROUPS: dict[str, tuple[str, ...]] = {
    "high + medium-high tech": ("high", "medium-high"),
    "low + medium-low tech": ("low", "medium-low"),
}

Z95 = float(stats.norm.ppf(0.975))

#: Values of a group column that mean "no group".
_MISSING = {"", "nan", "none", "<na>"}


def _is_missing(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(str).str.strip().str.lower().isin(_MISSING)


def _aligned(panel: pd.DataFrame, data: pd.DataFrame, column: str) -> pd.Series:
    """``panel[column]`` on the rows of ``data`` (a regression_data frame), matched by entity and year."""
    key = panel.set_index(["entity", "year"])[column]
    return key.reindex(pd.MultiIndex.from_frame(data[["entity", "year"]])).reset_index(drop=True)


@dataclass
class Split:
    """The baseline model fitted on each subsample of a group column.

    ``results`` maps a group label to its fitted results; ``members`` maps it to the countries
    (country splits) or industries (technology split) in it; ``nobs`` to its observations;
    ``missing`` lists the countries of the regression sample that have no group and leave the
    split; ``column`` is the group column, ``term`` the DIG column.
    """

    column: str
    term: str
    results: dict[str, object]
    members: dict[str, list[str]]
    nobs: dict[str, int]
    missing: list[str] = field(default_factory=list)

    def coefficients(self) -> pd.DataFrame:
        """One row per group: coefficient of DIG, standard error, p-value, 95% CI, N, groups, and
        for GMM the instruments, AR(2) and Hansen p-values and the estimator's notes; members."""
        rows = []
        for label, r in self.results.items():
            b, s = float(r.params[self.term]), float(r.std_errors[self.term])
            row = {"group": label, "coef": b, "se": s, "pvalue": float(r.pvalues[self.term]),
                   "lower": b - Z95 * s, "upper": b + Z95 * s, "nobs": int(r.nobs)}
            row.update(diagnostics(r))
            row["members"] = " ".join(self.members[label])
            rows.append(row)
        return pd.DataFrame(rows).set_index("group")

    def difference(self, first: str | None = None, second: str | None = None) -> dict:
        """:func:`split_difference` of two groups (default: the first two, in order)."""
        labels = list(self.results)
        first = first or labels[0]
        second = second or labels[1]
        return split_difference(self.results[first], self.results[second], self.term)


def split_fit(
    panel: pd.DataFrame,
    column: str,
    groups: Mapping[str, Sequence] | None = None,
    *,
    upg: str = "upg",
    dig: str = "dig",
    controls: Sequence[str] = E.CONTROLS,
    estimator: str = "system",
    member_column: str = "country",
) -> Split:
    """Fit the baseline model separately on the subsamples of ``column``.

    ``groups`` maps a label to the values of ``column`` that form the subsample (default: one group
    per distinct non-missing value, sorted). The rows are those of
    :func:`wiodbook.estimation.regression_data` (regression sample, finite values); rows whose
    ``column`` is missing belong to no group, and the countries they come from are reported in
    ``Split.missing``. ``estimator`` is ``"system"``, ``"difference"`` or ``"fe"``.
    """
    if column not in panel.columns:
        raise SpecificationError(f"the panel has no column {column!r}; see data/README.md for the columns")
    data = E.regression_data(panel, upg, dig, controls, extra=[])
    col = _aligned(panel, data, column)
    miss = _is_missing(col)
    if groups is None:
        groups = {str(v): (v,) for v in sorted(col[~miss].unique(), key=str)}
    results, members, nobs = {}, {}, {}
    for label, vals in groups.items():
        vals = tuple(vals) if isinstance(vals, (list, tuple, set)) else (vals,)
        mask = ~miss & col.isin(vals)
        sub = data[mask.to_numpy()].reset_index(drop=True)
        if sub.empty:
            raise SpecificationError(f"split on {column!r}: group {label!r} ({vals}) has no rows")
        results[label] = _fit(sub, upg, [dig], controls, estimator)
        members[label] = sorted(sub[member_column].unique())
        nobs[label] = len(sub)
    missing = sorted(data.loc[miss.to_numpy(), "country"].unique())
    return Split(column, dig, results, members, nobs, missing)


def technology_split(panel: pd.DataFrame, **kwargs) -> Split:
    """:func:`split_fit` on ``tech_group``: high + medium-high against low + medium-low (claim 3a)."""
    kwargs.setdefault("member_column", "industry")
    return split_fit(panel, "tech_group", TECH_GROUPS, **kwargs)


def country_split(panel: pd.DataFrame, series: str = "broadband", **kwargs) -> Split:
    """:func:`split_fit` on the median groups of a country series (``{series}_group``): the
    countries above the median (``'high'``) against the others (``'low'``; ties included by the
    default rule). For a tariff, ``'high'`` means high trade barriers."""
    return split_fit(panel, f"{series}_group", {f"high {series}": ("high",), f"low {series}": ("low",)}, **kwargs)


def split_difference(first, second, term: str = "dig") -> dict:
    """z test of b_1 = b_2 for two fits on independent subsamples.

    z = (b_1 - b_2) / sqrt(s_1^2 + s_2^2), p two-sided from the standard normal. Returns ``diff``,
    ``se``, ``z``, ``pvalue``.
    """
    b1, b2 = float(first.params[term]), float(second.params[term])
    s1, s2 = float(first.std_errors[term]), float(second.std_errors[term])
    se = float(np.hypot(s1, s2))
    z = (b1 - b2) / se if se > 0 else np.nan
    return {"diff": b1 - b2, "se": se, "z": z, "pvalue": float(2 * stats.norm.sf(abs(z)))}


def missing_countries(panel: pd.DataFrame, column: str, *, upg: str = "upg", dig: str = "dig",
                      controls: Sequence[str] = E.CONTROLS) -> list[str]:
    """Countries of the regression sample with no value of ``column`` (they leave a split or an
    interaction on it). Computed from the data: on the real release TWN has no WDI series and LUX
    no all-products tariff."""
    data = E.regression_data(panel, upg, dig, controls)
    col = _aligned(panel, data, column)
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        bad = ~np.isfinite(col.astype(float))
    else:
        bad = _is_missing(col)
    return sorted(data.loc[bad.to_numpy(), "country"].unique())


def group_composition(panel: pd.DataFrame, series: str, rule: str = "above_median") -> pd.DataFrame:
    """Who is in which half of the median split on a country series, read from the panel.

    One row per country of the panel: ``mean`` (window mean of the series, ``{series}_mean``),
    ``z`` (``{series}_z``), ``group`` (``{series}_group``: 'high', 'low' or missing) and ``tie``
    (mean equal to the median of the means, within :data:`wiodbook.country.TIE_TOLERANCE`).
    ``attrs``: ``series``, ``median``, ``rule`` and ``rule_text`` (:data:`wiodbook.country.RULES`),
    ``high``, ``low``, ``ties`` and ``missing`` (country lists). ``rule`` should be the panel's
    ``tie_rule`` (``Panel.params["tie_rule"]``); it only labels the table, the groups are the panel's.
    """
    from . import country as country_mod

    cols = {"mean": f"{series}_mean", "z": f"{series}_z", "group": f"{series}_group"}
    missing_cols = [c for c in cols.values() if c not in panel.columns]
    if missing_cols:
        raise SpecificationError(f"the panel has no column(s) {missing_cols}; see data/README.md for the columns")
    per = panel.groupby("country")[list(cols.values())].first()
    per.columns = list(cols)
    per["group"] = per["group"].where(~_is_missing(per["group"]), None).astype(object)
    have = per["mean"].notna()
    median = float(per.loc[have, "mean"].median()) if have.any() else np.nan
    tol = country_mod.TIE_TOLERANCE
    per["tie"] = have & np.isclose(per["mean"], median, rtol=tol, atol=tol)
    per = per.sort_values("mean", ascending=False)
    have = per["mean"].notna()
    per.attrs.update(
        series=series, median=median, rule=rule, rule_text=country_mod.RULES.get(rule, rule),
        high=sorted(per.index[per["group"] == "high"]), low=sorted(per.index[per["group"] == "low"]),
        ties=sorted(per.index[per["tie"]]), missing=sorted(per.index[~have]),
    )
    return per


def describe_composition(composition: pd.DataFrame) -> str:
    """Plain text of :func:`group_composition`: median, tie rule, the two halves, ties, missing."""
    a = composition.attrs
    return "\n".join([
        f"{a['series']}: median of the country means {a['median']:.4g}; tie rule '{a['rule']}': {a['rule_text']}",
        f"high ({len(a['high'])}): {' '.join(a['high']) or '-'}",
        f"low ({len(a['low'])}): {' '.join(a['low']) or '-'}",
        f"equal to the median ({len(a['ties'])}): {' '.join(a['ties']) or '-'}",
        f"no value, out of the split ({len(a['missing'])}): {' '.join(a['missing']) or '-'}",
    ])


def interaction_term(dig: str, moderator: str) -> str:
    """The column name of DIG x moderator."""
    return f"{dig}_x_{moderator}"


def interaction_fit(
    panel: pd.DataFrame,
    moderator: str,
    *,
    upg: str = "upg",
    dig: str = "dig",
    controls: Sequence[str] = E.CONTROLS,
    estimator: str = "system",
):
    """Fit the model with DIG x ``moderator`` on the whole sample (rows with a finite moderator).

    ``moderator``: a standardised country series (``broadband_z``, ``tariff_z``, ...) or
    ``high_tech``. In GMM the interaction term is **endogenous together with DIG** (GMM-style
    instruments, levels dated t-2 and t-3, collapsed); the moderator's main effect is time-invariant
    and enters IV-style as exogenous in system GMM (the level equation identifies it); in
    difference GMM and FE it is absorbed by the entity effect and left out. The term is named
    :func:`interaction_term` (``dig_x_broadband_z``). The result carries ``moderator``,
    ``interaction`` (the term) and ``dropped_countries`` (no value of the moderator).
    """
    if moderator not in panel.columns:
        raise SpecificationError(f"the panel has no column {moderator!r}; see data/README.md for the columns")
    p = panel.copy()
    p[moderator] = pd.to_numeric(p[moderator], errors="coerce").astype(float)
    dropped = missing_countries(p, moderator, upg=upg, dig=dig, controls=controls)
    data = E.regression_data(p, upg, dig, controls, extra=[moderator])
    term = interaction_term(dig, moderator)
    data[term] = data[dig] * data[moderator]
    ctrl = list(controls) + ([moderator] if estimator == "system" else [])
    res = _fit(data, upg, [dig, term], ctrl, estimator)
    res.moderator, res.interaction, res.dropped_countries = moderator, term, dropped
    return res


def source_fit(
    panel: pd.DataFrame,
    *,
    upg: str = "upg",
    dig_dom: str = "dig_dom",
    dig_for: str = "dig_for",
    controls: Sequence[str] = E.CONTROLS,
    estimator: str = "system",
):
    """DIG^dom and DIG^for together (both endogenous in GMM) and the Wald test of equal coefficients.

    Returns ``(results, test)``; ``test`` is ``results.test_equal(dig_dom, dig_for)`` for GMM
    (statistic, p-value, df) and the same Wald statistic from the coefficient covariance for FE.
    """
    data = E.regression_data(panel, upg, [dig_dom, dig_for], controls)
    res = _fit(data, upg, [dig_dom, dig_for], controls, estimator)
    return res, equal_coefficients_test(res, dig_dom, dig_for)


def equal_coefficients_test(result, a: str, b: str) -> dict:
    """Wald test of H0: b_a = b_b: W = (b_a - b_b)^2 / (V_aa + V_bb - 2 V_ab), chi2(1).

    Uses ``result.test_equal`` when the result has it (the book's GMM results) and the covariance
    ``result.cov`` otherwise (linearmodels). Returns ``diff``, ``se``, ``stat``, ``pvalue``, ``df``.
    """
    V = result.cov.loc[[a, b], [a, b]].to_numpy()
    diff = float(result.params[a] - result.params[b])
    se = float(np.sqrt(V[0, 0] + V[1, 1] - 2 * V[0, 1]))
    if hasattr(result, "test_equal"):
        t = result.test_equal(a, b)
        return {"diff": diff, "se": se, "stat": float(t.stat), "pvalue": float(t.pvalue), "df": int(t.df)}
    stat = diff**2 / se**2
    return {"diff": diff, "se": se, "stat": stat, "pvalue": float(stats.chi2.sf(stat, 1)), "df": 1}


def diagnostics(result) -> dict:
    """Groups, and for GMM results the instrument count, AR(2) and Hansen p-values and the
    estimator's notes (``result.warnings``)."""
    if hasattr(result, "n_instruments"):
        return {"groups": int(result.n_groups), "instruments": int(result.n_instruments),
                "ar2_p": float(result.ar2.pvalue),
                "hansen_p": float(result.hansen.pvalue) if result.hansen else np.nan,
                "notes": "; ".join(result.warnings)}
    info = getattr(result, "entity_info", None)
    return {"groups": int(info["total"]) if info is not None else np.nan}


def _fit(data: pd.DataFrame, upg: str, digs: list[str], controls: Sequence[str], estimator: str):
    """Fit one model. The GMM estimator's own warnings (more instruments than groups in a small
    subsample, a generalised inverse) are kept in ``result.warnings`` for the chapter to report
    next to the estimate, not printed."""
    if estimator == "fe":
        return E.fe_fit(data, upg, digs, controls)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gmm.GMMWarning)
        return E.gmm_fit(data, upg, digs, controls, estimator=estimator)


# --------------------------------------------------------------------------------------------
# Tables and figure
# --------------------------------------------------------------------------------------------


def coefficient_rows(rows: Sequence[tuple[str, object, str]], level: float = 0.95) -> pd.DataFrame:
    """The numbers of a coefficient plot: label, coef, se, p-value, lower, upper (normal CI)."""
    q = stats.norm.ppf(0.5 + level / 2)
    out = []
    for label, res, term in rows:
        b, s = float(res.params[term]), float(res.std_errors[term])
        out.append({"label": label, "term": term, "coef": b, "se": s, "pvalue": float(res.pvalues[term]),
                    "lower": b - q * s, "upper": b + q * s})
    return pd.DataFrame(out)


def coefficient_plot(rows: Sequence[tuple[str, object, str]], *, level: float = 0.95,
                     blocks: Sequence[int] | None = None,
                     xlabel: str = "coefficient with 95% confidence interval"):
    """Point estimates with ``level`` confidence intervals, one line per (label, result, term),
    top to bottom in the order given; a vertical line marks zero; an interval that excludes zero
    is blue. ``blocks``: sizes of consecutive blocks of rows, separated by light lines (e.g.
    ``[1, 3, 3]``). Returns the figure."""
    import matplotlib.pyplot as plt

    from .figures import PALETTE

    frame = coefficient_rows(rows, level)
    n = len(frame)
    fig, ax = plt.subplots(figsize=(7.0, 0.38 * n + 1.0))
    y = np.arange(n)[::-1]
    sig = (frame["lower"] > 0) | (frame["upper"] < 0)
    colors = np.where(sig, PALETTE[0], "0.45")
    ax.hlines(y, frame["lower"], frame["upper"], color=colors, lw=1.8)
    ax.scatter(frame["coef"], y, color=colors, zorder=3, s=22)
    ax.axvline(0, color="0.3", lw=0.8, ls="--")
    if blocks:
        edge = n
        for size in list(blocks)[:-1]:
            edge -= size
            ax.axhline(edge - 0.5, color="0.85", lw=0.8)
    ax.set_yticks(y, frame["label"])
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig
