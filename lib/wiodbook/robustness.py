"""Chapters 4 and 5: the baseline models, every robustness check, the endogeneity models, effect
sizes in readable units, and the mechanism (mediation) summary.

Everything estimates through :mod:`wiodbook.estimation`; this module decides *which* rows and
columns each model of METHOD.md ("Estimation", "Mechanisms") uses, fits them and returns
results objects for :func:`wiodbook.tables.regression_table`.

The robustness battery (:data:`VARIANTS`) changes one thing at a time against the baseline,
two-step system GMM of

    UPG_it = rho UPG_i,t-1 + beta DIG_it + gamma' X_it + year_t + mu_i + e_it,
    gmm(UPG DIG, lag(2 3) collapse), iv(X), iv(years, eq(level)).

Each variant's regression frame has the columns ``upg`` and ``dig`` whatever panel columns they
were taken from (``dig_direct``, ``ln_lp``, ...), so every column of the table has the same row
names (``L.upg``, ``dig``); :func:`variant_data` returns that frame and records the source
columns in ``frame.attrs``.

Sample rule of every variant: the regression industries (the 18 manufacturing industries; 19
with ``include_c26``) with finite values of *this* variant's UPG, DIG and controls (the panel's
``in_sample`` flag is for the default UPG only; another UPG may be finite where ln TFP is not),
as in :func:`wiodbook.estimation.fit_spec`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from . import estimation as est
from . import gmm
from .codes import MANUFACTURING
from .errors import SpecificationError
from .tables import RegressionTable, regression_table

CRISIS_YEARS: tuple[int, ...] = (2008, 2009)

#: Row labels of the regression tables of chapters 4 and 5.
LABELS: dict[str, str] = {
    "L.upg": "UPG (t-1)",
    "dig": "DIG",
    "dig_loo": "DIG of the industry abroad (instrument)",
    "size": "size (ln real output)",
    "exp_int": "export intensity",
    "imp_share": "foreign input share",
}


def _frame(panel) -> pd.DataFrame:
    """Accept a :class:`wiodbook.panel.Panel` or its ``data`` frame."""
    return panel.data if hasattr(panel, "data") and isinstance(panel.data, pd.DataFrame) else panel


# --------------------------------------------------------------------------------------
# The robustness variants
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    """One robustness check: the baseline with one choice changed.

    ``upg``, ``dig``: panel columns used as UPG and DIG; ``estimator``: ``system``,
    ``difference`` or ``fe`` (static two-way fixed effects); ``include_c26``: keep the computer
    and electronics industry; ``drop_years``: years removed (the dynamic model then loses the
    lags that fall in them: a gap is a missing lag, never the previous row); ``winsorize``:
    share clipped at each tail of the year-on-year changes of UPG and DIG (levels rebuilt,
    :func:`wiodbook.estimation.winsorize_growth`); ``collapse``: collapsed GMM instruments.
    """

    name: str
    label: str
    description: str
    upg: str = "upg"
    dig: str = "dig"
    estimator: str = "system"
    include_c26: bool = False
    drop_years: tuple[int, ...] = ()
    winsorize: float = 0.0
    collapse: bool = True


VARIANTS: tuple[Variant, ...] = (
    Variant("baseline", "baseline", "two-step system GMM, complete core DIG, ln TFP, with controls"),
    Variant("difference", "difference GMM", "Arellano-Bond difference GMM (no level equation)",
            estimator="difference"),
    Variant("direct", "direct DIG", "direct dependence: 100 x sum over D of a_ij (column dig_direct)",
            dig="dig_direct"),
    Variant("broad", "broad D", "complete dependence on the broad digital set (+ J58, J59_J60; column dig_broad)",
            dig="dig_broad"),
    Variant("ln_lp", "UPG: ln LP", "ln labour productivity as UPG", upg="ln_lp"),
    Variant("va_rate", "UPG: VA rate", "value-added rate VA/GO as UPG (a ratio, not log points)", upg="va_rate"),
    Variant("ln_tfp_h", "UPG: ln TFP (hours)", "ln TFP with hours of employees (no China)", upg="ln_tfp_h"),
    Variant("c26", "with C26", "computers and electronics (C26) kept in the sample", include_c26=True),
    Variant("no_crisis", "no 2008-09", "years 2008 and 2009 dropped", drop_years=CRISIS_YEARS),
    Variant("winsor", "winsorised 1%", "year-on-year changes of UPG and DIG clipped at 1% and 99%",
            winsorize=0.01),
    Variant("uncollapsed", "uncollapsed", "GMM instruments lags 2-3 per period (not collapsed)", collapse=False),
    Variant("fe", "static FE", "static two-way fixed effects (PanelOLS, clustered by entity)", estimator="fe"),
)
VARIANT_BY_NAME: dict[str, Variant] = {v.name: v for v in VARIANTS}


def variant_data(panel, variant: Variant | str, controls: Sequence[str] = est.CONTROLS) -> pd.DataFrame:
    """The regression frame of one variant, with columns ``upg`` and ``dig`` (renamed from the
    variant's panel columns) and the controls. ``frame.attrs`` records the source columns and
    what was done (``upg_source``, ``dig_source``, ``industries``, ``drop_years``, ``winsorize``).
    """
    v = VARIANT_BY_NAME[variant] if isinstance(variant, str) else variant
    df = _frame(panel)
    for col in (v.upg, v.dig):
        if col not in df.columns:
            raise SpecificationError(f"variant {v.name!r}: the panel has no column {col!r} (see data/README.md)")
    industries = [c for c in MANUFACTURING if v.include_c26 or c != "C26"]
    df = df[df["industry"].isin(industries)]
    data = est.regression_data(df, v.upg, v.dig, controls, sample="", drop_years=v.drop_years)
    # one name per role, whichever column plays it
    keep = ["entity", "country", "industry", "year", *controls]
    out = data[keep].copy()
    out["upg"] = data[v.upg].to_numpy()
    out["dig"] = data[v.dig].to_numpy()
    out = out[["entity", "country", "industry", "year", "upg", "dig", *controls]]
    if v.winsorize:
        for col in ("upg", "dig"):
            out[col] = est.winsorize_growth(out, col, v.winsorize)
    out.attrs = {"variant": v.name, "upg_source": v.upg, "dig_source": v.dig, "industries": industries,
                 "drop_years": list(v.drop_years), "winsorize": v.winsorize}
    return out


def fit_variant(panel, variant: Variant | str, controls: Sequence[str] = est.CONTROLS):
    """Fit one variant; GMM results (:class:`wiodbook.gmm.DynamicPanelResults`) or PanelOLS.

    The GMM estimator's own warnings (too many instruments, a generalised inverse) are kept in
    ``result.warnings`` for the chapter to report, not printed.
    """
    v = VARIANT_BY_NAME[variant] if isinstance(variant, str) else variant
    data = variant_data(panel, v, controls)
    if v.estimator == "fe":
        return est.fe_fit(data, "upg", "dig", controls)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gmm.GMMWarning)
        return est.gmm_fit(data, "upg", "dig", controls, estimator=v.estimator, collapse=v.collapse)


def robustness_checks(panel, variants: Sequence[Variant] = VARIANTS,
                      controls: Sequence[str] = est.CONTROLS) -> dict[str, object]:
    """Every robustness variant, fitted: ``{"(k) label": result}`` in the order of ``variants``."""
    return {f"({k}) {v.label}": fit_variant(panel, v, controls) for k, v in enumerate(variants, start=1)}


# --------------------------------------------------------------------------------------
# Baseline and endogeneity models
# --------------------------------------------------------------------------------------

def baseline_models(panel, controls: Sequence[str] = est.CONTROLS) -> dict[str, object]:
    """The four columns of the baseline table, all on the same rows (those with finite controls):

    (1) static two-way fixed effects with controls; (2) difference GMM with controls;
    (3) system GMM without controls; (4) system GMM with controls (the baseline).
    """
    data = est.regression_data(_frame(panel), "upg", "dig", controls)
    return {
        "(1) FE": est.fe_fit(data, "upg", "dig", controls),
        "(2) difference GMM": est.gmm_fit(data, "upg", "dig", controls, estimator="difference"),
        "(3) system GMM": est.gmm_fit(data, "upg", "dig", ()),
        "(4) system GMM + X": est.gmm_fit(data, "upg", "dig", controls),
    }


def endogeneity_models(panel, controls: Sequence[str] = est.CONTROLS,
                       instrument: str = "dig_loo") -> dict[str, object]:
    """Static models around the leave-one-out instrument, all with entity and year effects and
    standard errors clustered by entity, on the same rows:

    (1) FE: UPG on DIG (PanelOLS, as in the baseline table: the OLS counterpart of the IV);
    (2) first stage: DIG on the instrument (coefficient ``dig_loo``), the first stage of (4);
    (3) reduced form: UPG on the instrument; with one instrument its t test is the
        Anderson-Rubin test of beta = 0, valid however weak the instrument;
    (4) FE-IV: UPG on DIG instrumented (:func:`wiodbook.estimation.fe_iv_fit`), with
        ``first_stage_f``.

    (2)-(4) are fitted on the same two-way demeaned data with the same clustered covariance
    (linearmodels ``IV2SLS``), so the first-stage F of (4) is the squared t statistic of (2).
    """
    from linearmodels.iv import IV2SLS

    data = est.regression_data(_frame(panel), "upg", "dig", controls, extra=[instrument])
    iv = est.fe_iv_fit(data, "upg", "dig", instrument, controls)
    dm = est.two_way_demean(data, ["upg", instrument, *controls])
    reduced = IV2SLS(dm["upg"], dm[[instrument, *controls]], None, None).fit(
        cov_type="clustered", clusters=data["entity"])
    return {
        "(1) FE": est.fe_fit(data, "upg", "dig", controls),
        "(2) first stage": iv.first_stage.individual["dig"],
        "(3) reduced form": reduced,
        "(4) FE-IV": iv,
    }


def endogeneity_table(models: Mapping[str, object], **kwargs) -> RegressionTable:
    """The table of :func:`endogeneity_models`: DIG and the instrument, N, groups and the
    first-stage F (the within R-squared is left out: it says nothing about the instrument)."""
    groups = int(models["(1) FE"].entity_info["total"])
    kwargs.setdefault("labels", LABELS)
    tab = regression_table(models, keep=["dig", "dig_loo"],
                           extra_stats={name: {"groups": groups} for name in models}, **kwargs)
    tab.stats = tab.stats.drop(index="within R2", errors="ignore")
    return tab


# --------------------------------------------------------------------------------------
# Effects in readable units
# --------------------------------------------------------------------------------------

def dig_spread(data: pd.DataFrame, dig: str = "dig") -> dict[str, float]:
    """Standard deviation of DIG in a regression frame: overall and within entities (deviations
    from each entity's mean: the variation the fixed-effects and GMM models use)."""
    x = data[dig].astype(float)
    within = x - x.groupby(data["entity"]).transform("mean")
    return {"sd": float(x.std()), "sd_within": float(within.std())}


def effect_sizes(result, data: pd.DataFrame, dig: str = "dig", lag: str = "L.upg") -> pd.DataFrame:
    """The effect of a one-standard-deviation rise in DIG, short and long run.

    Short run: beta x sd; long run: beta / (1 - rho) x sd, with the delta-method standard error
    of :func:`wiodbook.estimation.long_run`. Rows: per unit of DIG, per overall sd, per within
    sd; columns: short-run effect and SE, long-run effect and SE (in units of UPG: log points
    for ln TFP), and both as per cent, 100 (exp(effect) - 1).
    """
    b, se_b = float(result.params[dig]), float(result.std_errors[dig])
    lr, se_lr = est.long_run(result, dig, lag)
    spread = dig_spread(data, dig)
    rows = {"one unit of DIG": 1.0, f"one sd of DIG ({spread['sd']:.2f})": spread["sd"],
            f"one within-entity sd of DIG ({spread['sd_within']:.2f})": spread["sd_within"]}
    out = pd.DataFrame({
        "short run": {k: b * s for k, s in rows.items()},
        "short run SE": {k: se_b * s for k, s in rows.items()},
        "long run": {k: lr * s for k, s in rows.items()},
        "long run SE": {k: se_lr * s for k, s in rows.items()},
    })
    out["short run, per cent"] = 100 * np.expm1(out["short run"])
    out["long run, per cent"] = 100 * np.expm1(out["long run"])
    return out


def coefficient_frame(results: Mapping[str, object], term: str = "dig") -> pd.DataFrame:
    """One row per model: the coefficient of ``term``, its SE, p-value, 95% interval, N, and for
    GMM models the instruments, groups, AR(2) and Hansen p-values and the GMM warnings."""
    z = stats.norm.ppf(0.975)
    rows = []
    for name, r in results.items():
        row = {"model": name, "coef": float(r.params[term]), "se": float(r.std_errors[term]),
               "p": float(r.pvalues[term]), "N": int(r.nobs)}
        row["lower"], row["upper"] = row["coef"] - z * row["se"], row["coef"] + z * row["se"]
        if hasattr(r, "n_instruments"):
            row.update(instruments=int(r.n_instruments), groups=int(r.n_groups),
                       rho=float(r.params.get("L.upg", np.nan)),
                       ar2_p=float(r.ar2.pvalue), hansen_p=float(r.hansen.pvalue) if r.hansen else np.nan,
                       warnings="; ".join(r.warnings))
        rows.append(row)
    return pd.DataFrame(rows).set_index("model")


def verdict(coef: float, p: float, what: str = "the coefficient on DIG", level: float = 0.05) -> str:
    """A plain sentence on the sign and significance of an estimate."""
    if not np.isfinite(p):
        return f"{what} could not be estimated."
    if p < level:
        sign = "positive" if coef > 0 else "negative"
        return f"{what} is {sign} and significant at the {100 * level:.0f}% level ({coef:+.4f}, p = {p:.3f})."
    return (f"{what} is not significantly different from zero at the {100 * level:.0f}% level "
            f"({coef:+.4f}, p = {p:.3f}).")


def robustness_verdict(frame: pd.DataFrame, level: float = 0.05) -> str:
    """Count the columns of :func:`coefficient_frame` by sign and significance."""
    pos = int(((frame["coef"] > 0) & (frame["p"] < level)).sum())
    neg = int(((frame["coef"] < 0) & (frame["p"] < level)).sum())
    n = len(frame)
    return (f"Of {n} specifications, {pos} give a positive and significant DIG coefficient, {neg} a "
            f"negative and significant one, and {n - pos - neg} one not significantly different from zero "
            f"(two-sided tests at the {100 * level:.0f}% level).")


def robustness_figure(frame: pd.DataFrame):
    """Coefficient plot: the DIG coefficient of each model with its 95% interval (from
    :func:`coefficient_frame`), the first row on top."""
    import matplotlib.pyplot as plt

    from . import figures

    figures.use_style()
    fig, ax = plt.subplots(figsize=(7.0, 0.35 * len(frame) + 1.0))
    y = np.arange(len(frame))[::-1]
    sig = frame["p"] < 0.05
    colour = np.where(sig, figures.PALETTE[3], figures.PALETTE[0])
    ax.errorbar(frame["coef"], y, xerr=[frame["coef"] - frame["lower"], frame["upper"] - frame["coef"]],
                fmt="none", ecolor=colour, elinewidth=1.5)
    ax.scatter(frame["coef"], y, color=colour, zorder=3)
    ax.axvline(0, color="0.4", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels(frame.index)
    ax.set_xlabel("coefficient on DIG (change in UPG per unit of DIG), 95% interval")
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------
# Mechanisms
# --------------------------------------------------------------------------------------

#: The mechanisms of METHOD.md with the sign of a (DIG -> M) that the paper's story implies.
MECHANISMS: dict[str, dict] = {
    "kdeep": {"channel": "factor structure", "label": "capital deepening", "a_sign": +1},
    "lab_share": {"channel": "factor structure (alt.)", "label": "labour share", "a_sign": 0},
    "mis": {"channel": "resource allocation", "label": "misallocation (lower = better)", "a_sign": -1},
    "ser": {"channel": "servitization", "label": "service inputs", "a_sign": +1},
    "ser_prod": {"channel": "servitization (alt.)", "label": "producer-service inputs", "a_sign": +1},
}


def mediation_all(panel, mechanisms: Sequence[str] = tuple(MECHANISMS), **kwargs) -> dict[str, dict]:
    """:func:`wiodbook.estimation.mediation` for each mechanism: ``{mechanism: result dict}``."""
    return {m: est.mediation(_frame(panel), m, **kwargs) for m in mechanisms}


def mediation_frame(meds: Mapping[str, dict], dig: str = "dig", level: float = 0.05) -> pd.DataFrame:
    """One row per mechanism: c (total, step 1), a (step 2), c' (direct) and b (step 3) with SEs
    and p-values, the indirect effect a x b with its Sobel SE and p-value, the diagnostics of
    each step, and a verdict (:func:`channel_verdict`)."""
    rows = []
    for m, r in meds.items():
        s1, s2, s3 = r["steps"].values()
        row = {"mechanism": m,
               "c": s1.params[dig], "se_c": s1.std_errors[dig], "p_c": s1.pvalues[dig],
               "a": s2.params[dig], "se_a": s2.std_errors[dig], "p_a": s2.pvalues[dig],
               "c_direct": s3.params[dig], "se_c_direct": s3.std_errors[dig], "p_c_direct": s3.pvalues[dig],
               "b": s3.params[m], "se_b": s3.std_errors[m], "p_b": s3.pvalues[m],
               "indirect": r["indirect"], "sobel_se": r["indirect_se"], "sobel_p": r["indirect_p"],
               "N": int(s1.nobs), "groups": int(s1.n_groups)}
        for k, s in (("1", s1), ("2", s2), ("3", s3)):
            row[f"instruments_{k}"] = int(s.n_instruments)
            row[f"ar2_p_{k}"] = float(s.ar2.pvalue)
            row[f"hansen_p_{k}"] = float(s.hansen.pvalue) if s.hansen else np.nan
        row["verdict"] = channel_verdict(row, level)
        rows.append(row)
    return pd.DataFrame(rows).set_index("mechanism")


def channel_verdict(row: Mapping[str, float], level: float = 0.05) -> str:
    """Is the channel supported? The paper's claim is that DIG raises UPG *through* M, which in
    the Baron-Kenny sense needs a significant total effect c > 0, a significant a and b, and a
    significant indirect effect a x b > 0 (a positive contribution to upgrading)."""
    c_sig, a_sig, b_sig = row["p_c"] < level, row["p_a"] < level, row["p_b"] < level
    ab_sig = row["sobel_p"] < level
    if ab_sig and row["indirect"] > 0 and c_sig and row["c"] > 0:
        return "supported: positive total effect and positive, significant indirect effect"
    parts = []
    if not c_sig:
        parts.append("total effect not significant (Baron-Kenny mediation not established)")
    elif row["c"] < 0:
        parts.append("total effect negative")
    parts.append(f"a {'significant' if a_sig else 'not significant'} ({'+' if row['a'] > 0 else '-'})")
    parts.append(f"b {'significant' if b_sig else 'not significant'} ({'+' if row['b'] > 0 else '-'})")
    if ab_sig:
        parts.append(f"indirect effect significant but {'positive' if row['indirect'] > 0 else 'negative'}")
    else:
        parts.append("indirect effect not significant")
    return "not supported: " + "; ".join(parts)


def mediation_table(meds: Mapping[str, dict], dig: str = "dig", digits: int = 4,
                    title: str = "", notes: str = "") -> RegressionTable:
    """The mechanism table: columns are mechanisms; rows c (step 1), a (step 2), c' and b
    (step 3) and the indirect effect a x b with its Sobel standard error; then N, groups and
    the AR(2) and Hansen p-values of each step."""
    f = mediation_frame(meds, dig)
    terms = {"c": "c: DIG -> UPG (step 1, total)", "a": "a: DIG -> M (step 2)",
             "c_direct": "c': DIG -> UPG given M (step 3)", "b": "b: M -> UPG (step 3)",
             "indirect": "a x b: indirect effect (Sobel)"}
    se_col = {"c": "se_c", "a": "se_a", "c_direct": "se_c_direct", "b": "se_b", "indirect": "sobel_se"}
    p_col = {"c": "p_c", "a": "p_a", "c_direct": "p_c_direct", "b": "p_b", "indirect": "sobel_p"}
    cols = [f"{m} ({MECHANISMS.get(m, {}).get('channel', m)})" for m in f.index]
    coef = pd.DataFrame([f[t].to_numpy() for t in terms], index=list(terms), columns=cols).astype(float)
    se = pd.DataFrame([f[se_col[t]].to_numpy() for t in terms], index=list(terms), columns=cols).astype(float)
    p = pd.DataFrame([f[p_col[t]].to_numpy() for t in terms], index=list(terms), columns=cols).astype(float)
    stat_rows = {"N": "N", "groups": "groups"}
    for k in ("1", "2", "3"):
        stat_rows[f"ar2_p_{k}"] = f"AR(2) p, step {k}"
        stat_rows[f"hansen_p_{k}"] = f"Hansen p, step {k}"
    st = pd.DataFrame([[f.loc[m, s] for m in f.index] for s in stat_rows], index=list(stat_rows.values()),
                      columns=cols, dtype=object)
    for s in ("N", "groups"):
        st.loc[s] = [int(v) for v in st.loc[s]]
    return RegressionTable(coef, se, p, st, title=title, notes=notes, digits=digits, labels=terms)


def step_table(med: dict, mechanism: str, **kwargs) -> RegressionTable:
    """The three regressions of one mediation, side by side."""
    labels = {**LABELS, "L.upg": "UPG (t-1)", f"L.{mechanism}": "M (t-1)", mechanism: f"M = {mechanism}"}
    keep = ["L.upg", f"L.{mechanism}", "dig", mechanism, *est.CONTROLS]
    return regression_table(med["steps"], keep=keep, labels=labels, **kwargs)
