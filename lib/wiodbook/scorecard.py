"""The replication scorecard: each claim of the paper next to what the book finds.

The claims are those of METHOD.md ("Claims to reproduce"): 1 (a significant positive effect of
digital technology on manufacturing upgrading, robust to alternative measures and endogeneity
checks), 2a-2c (the three mechanisms), 3a-3d (the four heterogeneity statements). For each the
scorecard gives the estimate the book uses to judge it, its uncertainty (standard error, 95%
confidence interval, p-value) and a plain verdict, ``"replicates"``, ``"partly"`` or ``"does not
replicate"``, with the reasons. Verdicts are computed from the numbers by the explicit rules
below (:data:`RULES`); nothing is judged by hand, and the same rules apply whatever the data say.

Thresholds: significance at ``ALPHA`` = 0.05 (two-sided), "weak" evidence at ``ALPHA_WEAK`` =
0.10, diagnostics pass when the AR(2) and Hansen p-values exceed ``DIAGNOSTIC_P`` = 0.10.

**Claim 1** (baseline two-step system GMM; the robustness columns of METHOD.md):
  A = the baseline beta > 0 with p < 0.05; B = AR(2) p > 0.10 and Hansen p > 0.10;
  C = more than half of the robustness columns have a positive coefficient (agree in sign).
  *replicates*: A, B and C. *partly*: A but not (B and C); or not A but at least half of the
  robustness columns are positive with p < 0.05. *does not replicate*: otherwise.

**Claims 2a-2c** (three-step mediation by system GMM, :func:`wiodbook.estimation.mediation`;
mechanisms M1 capital deepening ``kdeep``, M2 misallocation ``mis``, M3 servitization ``ser``).
The paper's story fixes the direction in which DIG should move the mechanism (a > 0 for capital
deepening and servitization, a < 0 for misallocation, where lower is better) and says the
mechanism carries a positive effect to upgrading, i.e. the indirect effect a x b > 0.
  *replicates*: a x b > 0 with Sobel p < 0.05, a with the expected sign and p < 0.05, and the
  total effect c > 0. *partly*: a x b > 0 with Sobel p < 0.10, or a with the expected sign and
  p < 0.05. *does not replicate*: otherwise.

**Claims 3a-3c** (a larger effect in lower-technology industries / countries with better network
infrastructure / countries with lower trade barriers). Two tests, each oriented so that the claim
says "gap > 0": the *preferred* one and a *secondary* one; and the effect in the favoured group.
  3a: preferred the split z test beta(low + medium-low) - beta(high + medium-high), secondary the
  interaction DIG x high_tech (claim: < 0), favoured group low + medium-low tech.
  3b: preferred the interaction DIG x broadband (standardised; claim: > 0), as METHOD.md asks,
  secondary the median split beta(high) - beta(low), favoured group high broadband.
  3c: preferred the interaction DIG x tariff (standardised; claim: < 0), secondary the median
  split beta(low) - beta(high), favoured group low tariff.
  *replicates*: preferred gap > 0 with p < 0.05, secondary gap > 0, and the favoured group's
  beta > 0 with p < 0.05. *partly*: at least one test has gap > 0 with p < 0.10.
  *does not replicate*: otherwise.

**Claim 3d** (domestic digital inputs matter more than foreign ones): DIG^dom and DIG^for
together, gap = beta_dom - beta_for with the Wald test of equal coefficients.
  *replicates*: gap > 0 with Wald p < 0.05 and beta_dom > 0 with p < 0.05. *partly*: gap > 0
  and (Wald p < 0.10 or beta_dom > 0 with p < 0.05). *does not replicate*: otherwise.

:func:`collect_evidence` computes every input from the panel through the library
(:mod:`wiodbook.estimation`, :mod:`wiodbook.heterogeneity`), :func:`build_scorecard` applies the
rules, :func:`write` writes ``scorecard.csv``, ``scorecard.md`` and ``scorecard.html`` (a
self-contained HTML fragment the book runner shows on the index page) and
:func:`update_readme` puts the Markdown table between the README's scorecard markers.
"""

from __future__ import annotations

import html
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from . import config, gmm
from . import estimation as E
from .errors import SpecificationError

ALPHA = 0.05
ALPHA_WEAK = 0.10
DIAGNOSTIC_P = 0.10

REPLICATES, PARTLY, DOES_NOT = "replicates", "partly", "does not replicate"
VERDICTS = (REPLICATES, PARTLY, DOES_NOT)

#: The claims of METHOD.md, in order.
CLAIMS: dict[str, str] = {
    "1": "Digital technology has a significant positive effect on manufacturing upgrading (GMM), "
         "robust to alternative measures and endogeneity checks",
    "2a": "Mechanism: optimising the structure of production factor inputs (factor substitution)",
    "2b": "Mechanism: better resource allocation efficiency",
    "2c": "Mechanism: servitization of manufacturing",
    "3a": "The effect is larger in lower-technology manufacturing industries",
    "3b": "The effect is larger in countries with better network infrastructure",
    "3c": "The effect is larger in countries with lower trade barriers",
    "3d": "Digital technology from domestic sources matters more than from foreign sources",
}

#: One-line statements of the verdict rules (the module docstring has them in full).
RULES: dict[str, str] = {
    "1": "replicates if the baseline system-GMM beta > 0 with p < 0.05, AR(2) p > 0.10 and Hansen p > 0.10, "
         "and more than half of the robustness columns are positive; partly if the baseline is positive and "
         "significant but the rest fails, or at least half of the robustness columns are positive and "
         "significant; else does not replicate",
    "2": "replicates if the indirect effect a x b > 0 with Sobel p < 0.05, a has the sign the channel implies "
         "with p < 0.05, and the total effect c > 0; partly if a x b > 0 with p < 0.10, or a has the implied "
         "sign with p < 0.05; else does not replicate",
    "3abc": "replicates if the preferred test's gap (oriented so the claim says > 0) is > 0 with p < 0.05, the "
            "secondary test agrees in sign and the favoured group's beta > 0 with p < 0.05; partly if either "
            "test has gap > 0 with p < 0.10; else does not replicate",
    "3d": "replicates if beta_dom - beta_for > 0 with Wald p < 0.05 and beta_dom > 0 with p < 0.05; partly if "
          "the gap is > 0 and (Wald p < 0.10 or beta_dom > 0 with p < 0.05); else does not replicate",
}

#: The mechanism of each claim 2x and the sign of a (DIG -> M) its story implies.
MECHANISM_CLAIMS: dict[str, dict] = {
    "2a": {"mechanism": "kdeep", "label": "capital deepening", "a_sign": +1},
    "2b": {"mechanism": "mis", "label": "misallocation", "a_sign": -1},
    "2c": {"mechanism": "ser", "label": "servitization", "a_sign": +1},
}

COLUMNS: tuple[str, ...] = ("claim", "paper", "measure", "estimate", "se", "lower", "upper", "p",
                            "verdict", "reason")


@dataclass
class Verdict:
    """The scorecard's judgement of one claim: the headline estimate and the verdict with reasons."""

    measure: str
    estimate: float
    se: float
    p: float
    verdict: str
    reason: str

    def row(self, claim: str) -> dict:
        z = stats.norm.ppf(0.975)  # the 95% interval, whatever ALPHA
        return {"claim": claim, "paper": CLAIMS[claim], "measure": self.measure, "estimate": self.estimate,
                "se": self.se, "lower": self.estimate - z * self.se, "upper": self.estimate + z * self.se,
                "p": self.p, "verdict": self.verdict, "reason": self.reason}


def _p(p: float) -> str:
    if p is None or not np.isfinite(p):
        return "p = n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _num(x: float) -> str:
    if x is None or not np.isfinite(x):
        return "n/a"
    return f"{x:+.4f}" if abs(x) >= 1e-4 or x == 0 else f"{x:+.2e}"


def _pos_sig(coef: float, p: float, level: float | None = None) -> bool:
    level = ALPHA if level is None else level  # read at call time: ALPHA may be changed
    return bool(np.isfinite(coef) and np.isfinite(p) and coef > 0 and p < level)


# --------------------------------------------------------------------------------------------
# Verdict rules
# --------------------------------------------------------------------------------------------


def claim1_verdict(baseline: Mapping[str, float], robustness: pd.DataFrame,
                   curve_share: float | None = None, curve_n: int | None = None) -> Verdict:
    """Claim 1 by the rule of :data:`RULES` ``"1"``.

    ``baseline``: ``coef``, ``se``, ``p``, ``ar2_p``, ``hansen_p`` of the baseline system GMM.
    ``robustness``: one row per robustness column with ``coef`` and ``p``. ``curve_share`` (the
    share of the specification curve that is positive and significant) is reported in the reason,
    not used by the rule.
    """
    b, se, p = float(baseline["coef"]), float(baseline["se"]), float(baseline["p"])
    ar2, hansen = float(baseline["ar2_p"]), float(baseline["hansen_p"])
    A = _pos_sig(b, p)
    B = ar2 > DIAGNOSTIC_P and hansen > DIAGNOSTIC_P
    coef = robustness["coef"].astype(float)
    pv = robustness["p"].astype(float)
    n = int(coef.notna().sum())
    n_pos = int((coef > 0).sum())
    n_pos_sig = int(((coef > 0) & (pv < ALPHA)).sum())
    n_neg_sig = int(((coef < 0) & (pv < ALPHA)).sum())
    C = n > 0 and n_pos > n / 2
    some = n > 0 and n_pos_sig >= n / 2
    if A and B and C:
        verdict = REPLICATES
    elif A or some:
        verdict = PARTLY
    else:
        verdict = DOES_NOT
    parts = [
        f"baseline beta {_num(b)} ({_p(p)}): {'positive and significant' if A else 'not positive and significant'}",
        f"AR(2) {_p(ar2)}, Hansen {_p(hansen)}: diagnostics {'pass' if B else 'fail'}",
        f"{n_pos} of {n} robustness columns positive ({n_pos_sig} significantly, {n_neg_sig} significantly "
        f"negative): {'most agree' if C else 'most do not agree'} in sign",
    ]
    if curve_share is not None and np.isfinite(curve_share):
        of = f" of {curve_n} specifications" if curve_n else ""
        parts.append(f"specification curve: {100 * curve_share:.0f}%{of} positive and significant")
    return Verdict("beta of DIG, baseline two-step system GMM", b, se, p, verdict, "; ".join(parts))


def mechanism_verdict(med: Mapping[str, float], a_sign: int, label: str = "M") -> Verdict:
    """Claims 2a-2c by the rule of :data:`RULES` ``"2"``.

    ``med``: ``a``, ``se_a``, ``p_a`` (DIG -> M), ``b``, ``p_b`` (M -> UPG given DIG), ``indirect``,
    ``indirect_se``, ``indirect_p`` (a x b, Sobel), ``total`` (c, step 1). ``a_sign``: +1 or -1,
    the direction in which the channel says DIG moves M.
    """
    a, p_a = float(med["a"]), float(med["p_a"])
    b, p_b = float(med["b"]), float(med["p_b"])
    ab, se_ab, p_ab = float(med["indirect"]), float(med["indirect_se"]), float(med["indirect_p"])
    c = float(med["total"])
    a_ok = np.isfinite(a) and np.sign(a) == a_sign and p_a < ALPHA
    ab_sig = _pos_sig(ab, p_ab)
    if ab_sig and a_ok and c > 0:
        verdict = REPLICATES
    elif _pos_sig(ab, p_ab, ALPHA_WEAK) or a_ok:
        verdict = PARTLY
    else:
        verdict = DOES_NOT
    want = "raise" if a_sign > 0 else "lower"
    parts = [
        f"a (DIG -> {label}) {_num(a)} ({_p(p_a)}): the channel needs DIG to {want} it"
        + ("" if a_ok else (", significant the other way" if p_a < ALPHA else ", not significant")),
        f"b ({label} -> UPG) {_num(b)} ({_p(p_b)})",
        f"indirect a x b {_num(ab)} (Sobel SE {se_ab:.4f}, {_p(p_ab)})"
        + (": positive and significant" if ab_sig else (": significantly negative" if ab < 0 and p_ab < ALPHA
                                                         else ": not positive and significant")),
        f"total effect c {_num(c)}",
    ]
    return Verdict(f"indirect effect a x b through {label} (Sobel)", ab, se_ab, p_ab, verdict, "; ".join(parts))


def _gap_text(t: Mapping[str, float]) -> str:
    g = t["expected"] * t["estimate"]
    if not np.isfinite(g):
        return f"{t['label']}: not estimated"
    if g > 0 and t["p"] < ALPHA:
        how = "in the claimed direction, significant"
    elif g > 0 and t["p"] < ALPHA_WEAK:
        how = "in the claimed direction, weakly significant (p < 0.10)"
    elif g > 0:
        how = "in the claimed direction, not significant"
    elif t["p"] < ALPHA:
        how = "significant in the opposite direction"
    elif t["p"] < ALPHA_WEAK:
        how = "in the opposite direction, weakly significant (p < 0.10)"
    else:
        how = "in the opposite direction, not significant"
    return f"{t['label']} {_num(t['estimate'])} ({_p(t['p'])}; claim {'> 0' if t['expected'] > 0 else '< 0'}): {how}"


def moderation_verdict(preferred: Mapping[str, float], secondary: Mapping[str, float],
                       favoured: Mapping[str, float]) -> Verdict:
    """Claims 3a-3c by the rule of :data:`RULES` ``"3abc"``.

    ``preferred`` and ``secondary``: ``label``, ``estimate``, ``se``, ``p`` and ``expected`` (+1 when
    the claim says the estimate is positive, -1 when negative). ``favoured``: ``label``, ``coef``,
    ``p`` of the DIG coefficient in the group where the claim says the effect is larger.
    """
    def gap(t):
        return t["expected"] * float(t["estimate"])

    g1, g2 = gap(preferred), gap(secondary)
    fav = _pos_sig(float(favoured["coef"]), float(favoured["p"]))
    if g1 > 0 and preferred["p"] < ALPHA and g2 > 0 and fav:
        verdict = REPLICATES
    elif (g1 > 0 and preferred["p"] < ALPHA_WEAK) or (g2 > 0 and secondary["p"] < ALPHA_WEAK):
        verdict = PARTLY
    else:
        verdict = DOES_NOT
    parts = [
        "preferred: " + _gap_text(preferred),
        "secondary: " + _gap_text(secondary),
        f"beta in {favoured['label']} {_num(float(favoured['coef']))} ({_p(float(favoured['p']))})",
    ]
    return Verdict(preferred["label"], float(preferred["estimate"]), float(preferred["se"]),
                   float(preferred["p"]), verdict, "; ".join(parts))


def source_verdict(dom: Mapping[str, float], foreign: Mapping[str, float], wald: Mapping[str, float]) -> Verdict:
    """Claim 3d by the rule of :data:`RULES` ``"3d"``.

    ``dom``, ``foreign``: ``coef``, ``se``, ``p`` of DIG^dom and DIG^for in one model; ``wald``:
    ``diff`` (beta_dom - beta_for), ``se``, ``stat``, ``pvalue`` of the test of equal coefficients.
    """
    g, p = float(wald["diff"]), float(wald["pvalue"])
    dom_sig = _pos_sig(float(dom["coef"]), float(dom["p"]))
    if g > 0 and p < ALPHA and dom_sig:
        verdict = REPLICATES
    elif g > 0 and (p < ALPHA_WEAK or dom_sig):
        verdict = PARTLY
    else:
        verdict = DOES_NOT
    direction = ("domestic larger" if g > 0 else "foreign larger") + (
        ", significant" if p < ALPHA else (", weakly significant" if p < ALPHA_WEAK else ", not significant"))
    parts = [
        f"beta_dom {_num(float(dom['coef']))} ({_p(float(dom['p']))}), beta_for {_num(float(foreign['coef']))} "
        f"({_p(float(foreign['p']))})",
        f"Wald test of equal coefficients chi2(1) = {float(wald['stat']):.2f}, {_p(p)}: {direction}",
    ]
    return Verdict("beta_dom - beta_for (Wald test)", g, float(wald["se"]), p, verdict, "; ".join(parts))


# --------------------------------------------------------------------------------------------
# Evidence from the panel
# --------------------------------------------------------------------------------------------


def _coef(result, term: str) -> dict:
    return {"coef": float(result.params[term]), "se": float(result.std_errors[term]),
            "p": float(result.pvalues[term])}


def robustness_essentials(panel: pd.DataFrame, controls: Sequence[str] = E.CONTROLS) -> pd.DataFrame:
    """The robustness columns of METHOD.md, one row each (``check``, ``coef``, ``se``, ``p``).

    The variants of chapter 4 (:data:`wiodbook.robustness.VARIANTS` other than the baseline: each
    changes one choice) fitted by :func:`wiodbook.robustness.robustness_checks`, and FE-IV with the
    leave-one-out instrument.
    """
    from . import robustness as R

    variants = [v for v in R.VARIANTS if v.name != "baseline"]
    frame = R.coefficient_frame(R.robustness_checks(panel, variants, controls))[["coef", "se", "p"]]
    frame.index = pd.Index([v.label for v in variants], name="check")
    data = E.regression_data(panel, "upg", "dig", controls, extra=["dig_loo"])
    frame.loc["FE-IV (leave-one-out)"] = _coef(E.fe_iv_fit(data, "upg", "dig", "dig_loo", controls), "dig")
    return frame


def collect_evidence(panel: pd.DataFrame, *, curve: pd.DataFrame | None = None,
                     controls: Sequence[str] = E.CONTROLS, data_label: str = "") -> dict:
    """Every number the scorecard needs, computed from the panel through the library.

    ``baseline`` (two-step system GMM), ``robustness`` (:func:`robustness_essentials`),
    ``curve_share`` (from ``curve``, the specification curve, when given), ``mechanisms``
    (:func:`wiodbook.estimation.mediation` for the channels of :data:`MECHANISM_CLAIMS`),
    ``moderation`` (3a-3c: splits and interactions of :mod:`wiodbook.heterogeneity`), ``source``
    (3d: :func:`wiodbook.heterogeneity.source_fit`). Also ``results``: the fitted models, and
    ``notes``: the GMM estimator's warnings (too many instruments, a generalised inverse), kept
    for the chapter to report rather than printed.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", gmm.GMMWarning)
        ev = _collect(panel, curve, controls, data_label)
    ev["notes"] = list(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, gmm.GMMWarning)))
    return ev


def _collect(panel: pd.DataFrame, curve: pd.DataFrame | None, controls: Sequence[str], data_label: str) -> dict:
    from . import heterogeneity as H

    data = E.regression_data(panel, "upg", "dig", controls)
    base = E.gmm_fit(data, "upg", "dig", controls)
    ev: dict = {"data": data_label, "results": {"baseline": base}}
    ev["baseline"] = {**_coef(base, "dig"), "ar2_p": float(base.ar2.pvalue),
                      "hansen_p": float(base.hansen.pvalue) if base.hansen else np.nan}
    ev["robustness"] = robustness_essentials(panel, controls)
    if curve is not None and len(curve):
        ev["curve_share"] = float(curve["positive_significant"].mean())
        ev["curve_n"] = int(len(curve))

    ev["mechanisms"] = {}
    for claim, m in MECHANISM_CLAIMS.items():
        med = E.mediation(panel, m["mechanism"], controls=controls)
        s1, s2, s3 = med["steps"].values()
        ev["mechanisms"][claim] = {
            "a": med["a"], "se_a": med["se_a"], "p_a": float(s2.pvalues["dig"]),
            "b": med["b"], "se_b": med["se_b"], "p_b": float(s3.pvalues[m["mechanism"]]),
            "indirect": med["indirect"], "indirect_se": med["indirect_se"], "indirect_p": med["indirect_p"],
            "total": med["total"], "total_p": float(s1.pvalues["dig"]),
        }
        ev["results"][f"mediation {m['mechanism']}"] = med

    tech = H.technology_split(panel, controls=controls)
    hi, lo = tech.results.values()
    tech_int = H.interaction_fit(panel, "high_tech", controls=controls)
    ev["moderation"] = {"3a": {
        "preferred": {"label": "beta(low + medium-low) - beta(high + medium-high), split z test",
                      "expected": +1, **_diff(H.split_difference(lo, hi))},
        "secondary": {"label": "DIG x high_tech (interaction)", "expected": -1,
                      **_est(tech_int, tech_int.interaction)},
        "favoured": {"label": "low + medium-low tech", **_coef(lo, "dig")},
    }}
    ev["results"].update({"tech split": tech, "tech interaction": tech_int})
    for claim, series, expected in (("3b", "broadband", +1), ("3c", "tariff", -1)):
        inter = H.interaction_fit(panel, f"{series}_z", controls=controls)
        split = H.country_split(panel, series, controls=controls)
        high, low = split.results[f"high {series}"], split.results[f"low {series}"]
        fav, other, fav_label = (high, low, f"high-{series} countries") if expected > 0 else (
            low, high, f"low-{series} countries")
        ev["moderation"][claim] = {
            "preferred": {"label": f"DIG x {series} (standardised; interaction)", "expected": expected,
                          **_est(inter, inter.interaction)},
            "secondary": {"label": f"beta({'high' if expected > 0 else 'low'}) - beta({'low' if expected > 0 else 'high'}) "
                                   f"{series}, median split z test", "expected": +1,
                          **_diff(H.split_difference(fav, other))},
            "favoured": {"label": fav_label, **_coef(fav, "dig")},
            "dropped": inter.dropped_countries,
        }
        ev["results"].update({f"{series} split": split, f"{series} interaction": inter})

    src, wald = H.source_fit(panel, controls=controls)
    ev["source"] = {"dom": _coef(src, "dig_dom"), "for": _coef(src, "dig_for"), "wald": wald}
    ev["results"]["source"] = src
    return ev


def _est(result, term: str) -> dict:
    c = _coef(result, term)
    return {"estimate": c["coef"], "se": c["se"], "p": c["p"]}


def _diff(d: Mapping[str, float]) -> dict:
    return {"estimate": float(d["diff"]), "se": float(d["se"]), "p": float(d["pvalue"])}


def build_scorecard(evidence: Mapping) -> pd.DataFrame:
    """The scorecard frame (columns :data:`COLUMNS`, one row per claim of :data:`CLAIMS`) from
    the evidence of :func:`collect_evidence` (or a hand-made dict with the same keys).

    ``estimate``, ``se``, ``lower``, ``upper`` (95% normal interval) and ``p`` are the headline
    number of each claim; ``verdict`` is one of :data:`VERDICTS`; ``reason`` gives the numbers the
    rule looked at. ``frame.attrs["data"]`` names the data (real release or synthetic sample).
    """
    rows = [claim1_verdict(evidence["baseline"], evidence["robustness"], evidence.get("curve_share"),
                           evidence.get("curve_n")).row("1")]
    for claim, m in MECHANISM_CLAIMS.items():
        rows.append(mechanism_verdict(evidence["mechanisms"][claim], m["a_sign"], m["label"]).row(claim))
    for claim in ("3a", "3b", "3c"):
        e = evidence["moderation"][claim]
        rows.append(moderation_verdict(e["preferred"], e["secondary"], e["favoured"]).row(claim))
    s = evidence["source"]
    rows.append(source_verdict(s["dom"], s["for"], s["wald"]).row("3d"))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame.attrs["data"] = evidence.get("data", "")
    return frame


def summary(frame: pd.DataFrame) -> str:
    """One line: how many claims replicate, partly replicate, do not."""
    counts = frame["verdict"].value_counts()
    return (f"{len(frame)} claims: {counts.get(REPLICATES, 0)} replicate, {counts.get(PARTLY, 0)} partly, "
            f"{counts.get(DOES_NOT, 0)} do not replicate")


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

_COLOURS = {REPLICATES: "#d8f0e3", PARTLY: "#fbefd0", DOES_NOT: "#f8dcd6"}


def _estimate_text(r) -> str:
    return f"{_num(r['estimate'])} (SE {r['se']:.4f})" if np.isfinite(r["se"]) else _num(r["estimate"])


def _ci_text(r) -> str:
    return f"[{r['lower']:+.4f}, {r['upper']:+.4f}]; {_p(r['p'])}"


def _note(frame: pd.DataFrame) -> str:
    data = frame.attrs.get("data", "")
    return (("Data: " + data + ". ") if data else "") + (
        "Verdicts follow explicit rules computed from the estimates (chapter 07, wiodbook.scorecard): "
        "significance at 5% (two-sided), 10% for 'partly'; diagnostics pass when AR(2) and Hansen p > 0.10.")


def to_markdown(frame: pd.DataFrame, title: str = "Replication scorecard") -> str:
    """The scorecard as a Markdown table (claim, paper, measure, estimate (SE), 95% CI and p,
    verdict, reason) with a title line and a note on the data and the rules."""
    def cell(text) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = [f"**{title}**", "",
             "| claim | the paper says | the book's measure | estimate (SE) | 95% CI; p | verdict | why |",
             "|---|---|---|---:|---|---|---|"]
    for _, r in frame.iterrows():
        lines.append("| " + " | ".join(cell(x) for x in (
            r["claim"], r["paper"], r["measure"], _estimate_text(r), _ci_text(r), f"**{r['verdict']}**",
            r["reason"])) + " |")
    lines += ["", _note(frame)]
    return "\n".join(lines) + "\n"


def to_html(frame: pd.DataFrame, title: str = "Replication scorecard") -> str:
    """The scorecard as a self-contained HTML fragment: one ``<div>`` with its own ``<style>``
    (scoped to ``.scorecard``), the table and a note. No scripts, no external assets."""
    e = html.escape
    style = (
        "<style>.scorecard table{border-collapse:collapse;font-size:0.9em}"
        ".scorecard th,.scorecard td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}"
        ".scorecard thead th{background:#f2f2f2}.scorecard td.num{text-align:right;white-space:nowrap}"
        ".scorecard td.verdict{font-weight:bold;white-space:nowrap}.scorecard .note{font-size:0.85em;color:#444}"
        "</style>"
    )
    head = "".join(f"<th>{e(h)}</th>" for h in (
        "claim", "the paper says", "the book's measure", "estimate (SE)", "95% CI; p", "verdict", "why"))
    body = []
    for _, r in frame.iterrows():
        colour = _COLOURS.get(r["verdict"], "#ffffff")
        body.append(
            "<tr>"
            f"<td>{e(str(r['claim']))}</td><td>{e(r['paper'])}</td><td>{e(r['measure'])}</td>"
            f"<td class=\"num\">{e(_estimate_text(r))}</td><td class=\"num\">{e(_ci_text(r))}</td>"
            f"<td class=\"verdict\" style=\"background:{colour}\">{e(r['verdict'])}</td>"
            f"<td>{e(r['reason'])}</td></tr>"
        )
    return (f'<div class="scorecard">{style}<h3>{e(title)}</h3><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table><p class=\"note\">{e(_note(frame))}</p></div>\n")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write(frame: pd.DataFrame, folder: str | Path | None = None, name: str = "scorecard") -> dict[str, Path]:
    """Write ``{name}.csv`` (the numbers), ``{name}.md`` and ``{name}.html`` (a self-contained
    fragment; the book runner shows ``scorecard.html`` on the index page) into ``folder``
    (default ``config.output_dir()``); return their paths."""
    folder = Path(folder) if folder is not None else config.output_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"csv": folder / f"{name}.csv", "md": folder / f"{name}.md", "html": folder / f"{name}.html"}
    tmp = paths["csv"].with_name(paths["csv"].name + ".tmp")
    frame.to_csv(tmp, index=False, float_format="%.10g")
    os.replace(tmp, paths["csv"])
    _write_atomic(paths["md"], to_markdown(frame))
    _write_atomic(paths["html"], to_html(frame))
    return paths


START, END = "<!-- scorecard:start -->", "<!-- scorecard:end -->"


def update_readme(frame: pd.DataFrame, readme: str | Path = config.ROOT / "README.md") -> Path:
    """Replace the text between ``<!-- scorecard:start -->`` and ``<!-- scorecard:end -->`` in
    ``readme`` with the Markdown scorecard (:func:`to_markdown`); the markers stay. Raises
    :class:`~wiodbook.errors.SpecificationError` when the markers are missing or out of order."""
    path = Path(readme)
    text = path.read_text(encoding="utf-8")
    i, j = text.find(START), text.find(END)
    if i < 0 or j < 0 or j < i or text.count(START) != 1 or text.count(END) != 1:
        raise SpecificationError(
            f"{path}: needs exactly one '{START}' followed by one '{END}' to put the scorecard between them.")
    new = text[: i + len(START)] + "\n" + to_markdown(frame) + text[j:]
    _write_atomic(path, new)
    return path


# --------------------------------------------------------------------------------------------
# The specification curve: summaries and figure (chapter 07)
# --------------------------------------------------------------------------------------------

#: The choices of the specification curve, each value with its reader-facing label, in the
#: order the indicator panel shows them (binary sample choices: one row, marked when applied).
CURVE_CHOICES: dict[str, dict] = {
    "dig": {"title": "DIG", "values": {"dig": "complete, core D", "dig_direct": "direct, core D",
                                        "dig_broad": "complete, broad D", "dig_direct_broad": "direct, broad D"}},
    "upg": {"title": "UPG", "values": {"ln_tfp": "ln TFP", "ln_lp": "ln labour productivity",
                                        "va_rate": "value-added rate", "ln_tfp_h": "ln TFP (hours)"}},
    "estimator": {"title": "estimator", "values": {"system": "system GMM", "difference": "difference GMM",
                                                    "fe": "fixed effects"}},
    "include_c26": {"title": "sample", "values": {True: "with C26"}, "other": {False: "without C26"}},
    "drop_crisis": {"title": "sample", "values": {True: "without 2008-09"}, "other": {False: "with 2008-09"}},
}
#: The baseline point of the curve.
BASELINE_SPEC = {"dig": "dig", "upg": "ln_tfp", "estimator": "system", "include_c26": False, "drop_crisis": False}


def curve_classes(curve: pd.DataFrame, level: float | None = None) -> pd.Series:
    """Each point's class: 'positive, significant', 'negative, significant', 'not significant'
    (two-sided p < ``level``, default :data:`ALPHA`) or 'not estimated'."""
    level = ALPHA if level is None else level
    out = pd.Series("not significant", index=curve.index)
    out[(curve["coef"] > 0) & (curve["pvalue"] < level)] = "positive, significant"
    out[(curve["coef"] < 0) & (curve["pvalue"] < level)] = "negative, significant"
    out[curve["coef"].isna()] = "not estimated"
    return out


def share_by_choice(curve: pd.DataFrame, level: float | None = None) -> pd.DataFrame:
    """The share of specifications that are positive and significant (and negative and
    significant), overall and for each value of each choice: one row per (choice, value) with
    ``n``, ``positive_significant``, ``negative_significant`` (shares) and the median coefficient.
    Points that could not be estimated count in ``n`` and in neither share."""
    cls = curve_classes(curve, level)
    rows = [{"choice": "all", "value": "all specifications", "n": len(curve),
             "positive_significant": float((cls == "positive, significant").mean()),
             "negative_significant": float((cls == "negative, significant").mean()),
             "median_coef": float(curve["coef"].median())}]
    for col, spec in CURVE_CHOICES.items():
        labels = {**spec.get("other", {}), **spec["values"]}
        values = list(dict.fromkeys([*spec.get("other", {}), *spec["values"], *curve[col].unique().tolist()]))
        for v in values:
            mask = curve[col] == v
            if not mask.any():
                continue
            label = labels.get(v, str(v))
            rows.append({"choice": spec["title"], "value": label, "n": int(mask.sum()),
                         "positive_significant": float((cls[mask] == "positive, significant").mean()),
                         "negative_significant": float((cls[mask] == "negative, significant").mean()),
                         "median_coef": float(curve.loc[mask, "coef"].median())})
    return pd.DataFrame(rows).set_index(["choice", "value"])


def specification_curve_figure(curve: pd.DataFrame, level: float | None = None, clip: float = 0.01):
    """The specification curve: top, every point ordered by its coefficient with its 95%
    interval, coloured by sign and significance, the baseline circled; beneath, the indicator
    panel: one row per choice value, a mark where the point uses it. Intervals reaching beyond
    the ``clip`` and ``1 - clip`` quantiles of the interval ends are cut at the plot edge (an
    arrow shows where). Returns the figure."""
    import matplotlib.pyplot as plt

    from .figures import PALETTE

    c = curve.sort_values("coef", na_position="last").reset_index(drop=True)
    x = np.arange(1, len(c) + 1)
    cls = curve_classes(c, level)
    colours = {"positive, significant": PALETTE[0], "negative, significant": PALETTE[3],
               "not significant": "0.6", "not estimated": "0.85"}
    col = cls.map(colours).to_numpy()

    rows = []  # (label, mask)
    for key, spec in CURVE_CHOICES.items():
        for v, label in spec["values"].items():
            rows.append((f"{spec['title']}: {label}", (c[key] == v).to_numpy()))
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(10.0, 8.0), sharex=True, gridspec_kw={"height_ratios": [1.15, 1.0], "hspace": 0.05})

    lo_all, hi_all = c["lower"].dropna(), c["upper"].dropna()
    ymin = float(min(lo_all.quantile(clip), c["coef"].min()))
    ymax = float(max(hi_all.quantile(1 - clip), c["coef"].max()))
    pad = 0.05 * (ymax - ymin)
    ymin, ymax = ymin - pad, ymax + pad
    top.vlines(x, c["lower"].clip(ymin, ymax), c["upper"].clip(ymin, ymax), color=col, lw=0.9, alpha=0.7)
    top.scatter(x, c["coef"], color=col, s=9, zorder=3)
    cut_hi, cut_lo = (c["upper"] > ymax).to_numpy(), (c["lower"] < ymin).to_numpy()
    top.scatter(x[cut_hi], np.full(cut_hi.sum(), ymax), marker="^", s=14, color=col[cut_hi], clip_on=False)
    top.scatter(x[cut_lo], np.full(cut_lo.sum(), ymin), marker="v", s=14, color=col[cut_lo], clip_on=False)
    base = np.ones(len(c), bool)
    for k, v in BASELINE_SPEC.items():
        base &= (c[k] == v).to_numpy()
    if base.any():
        i = int(np.flatnonzero(base)[0])
        top.scatter([x[i]], [c["coef"].iloc[i]], s=90, facecolor="none", edgecolor="black", lw=1.2, zorder=4)
        top.annotate("baseline", (x[i], c["coef"].iloc[i]), xytext=(0, 28), textcoords="offset points",
                     ha="center", fontsize=8, arrowprops={"arrowstyle": "-", "color": "black", "lw": 0.6})
    top.axhline(0, color="0.2", lw=0.8, ls="--")
    top.set_ylim(ymin, ymax)
    top.set_ylabel("coefficient on DIG\n(95% interval)")
    handles = [plt.Line2D([], [], marker="o", ls="-", color=colours[k], label=k, markersize=4)
               for k in ("positive, significant", "not significant", "negative, significant") if (cls == k).any()]
    top.legend(handles=handles, loc="upper left", fontsize=8)

    n = len(rows)
    for r, (label, mask) in enumerate(rows):
        y = n - 1 - r
        bottom.scatter(x[mask], np.full(mask.sum(), y), marker="|", s=40, color=col[mask], lw=1.2)
    bottom.set_yticks(np.arange(n)[::-1], [label for label, _ in rows], fontsize=8)
    start = 0
    for spec in CURVE_CHOICES.values():  # light separators between the choices
        start += len(spec["values"])
        if start < n:
            bottom.axhline(n - start - 0.5, color="0.85", lw=0.8)
    bottom.set_ylim(-0.7, n - 0.3)
    bottom.set_xlim(0, len(c) + 1)
    bottom.set_xlabel(f"specification, ordered by the coefficient on DIG (1 to {len(c)})")
    bottom.spines["left"].set_visible(False)
    bottom.tick_params(axis="y", length=0)
    fig.subplots_adjust(left=0.22, right=0.98, top=0.98, bottom=0.08)
    return fig
