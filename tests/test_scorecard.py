"""The scorecard's verdict rules on constructed inputs, its writer and the README update."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from wiodbook import config
from wiodbook import estimation as E
from wiodbook import panel as pn
from wiodbook import scorecard as S
from wiodbook.errors import SpecificationError


def _robust(coefs, ps):
    return pd.DataFrame({"coef": coefs, "p": ps}, index=[f"check {k}" for k in range(len(coefs))])


GOOD_BASE = {"coef": 0.02, "se": 0.005, "p": 0.001, "ar2_p": 0.4, "hansen_p": 0.3}


# --- claim 1 ---------------------------------------------------------------------------------

def test_claim1_replicates_when_all_three_conditions_hold():
    v = S.claim1_verdict(GOOD_BASE, _robust([0.01, 0.02, -0.01], [0.2, 0.01, 0.5]), 0.6, 192)
    assert v.verdict == S.REPLICATES
    assert "diagnostics pass" in v.reason and "60% of 192" in v.reason


@pytest.mark.parametrize("base_change, robust, expected", [
    ({"hansen_p": 0.05}, ([0.01, 0.02, 0.03], [0.5, 0.5, 0.5]), S.PARTLY),  # diagnostics fail
    ({}, ([-0.01, -0.02, 0.03], [0.5, 0.5, 0.5]), S.PARTLY),  # most checks disagree
    ({"coef": 0.01, "p": 0.3}, ([0.01, 0.02, -0.03, 0.04], [0.01, 0.02, 0.5, 0.5]), S.PARTLY),  # half pos+sig
    ({"coef": 0.01, "p": 0.3}, ([0.01, 0.02, 0.03], [0.5, 0.5, 0.01]), S.DOES_NOT),  # baseline n.s.
    ({"coef": -0.0048, "p": 0.40}, ([-0.01, 0.01], [0.001, 0.7]), S.DOES_NOT),
])
def test_claim1_partly_and_does_not(base_change, robust, expected):
    assert S.claim1_verdict({**GOOD_BASE, **base_change}, _robust(*robust)).verdict == expected


# --- claims 2a-2c ------------------------------------------------------------------------------

MED = {"a": 0.5, "se_a": 0.1, "p_a": 0.001, "b": 0.02, "se_b": 0.005, "p_b": 0.001,
       "indirect": 0.01, "indirect_se": 0.003, "indirect_p": 0.001, "total": 0.03}


@pytest.mark.parametrize("change, sign, expected", [
    ({}, +1, S.REPLICATES),
    ({"total": -0.01}, +1, S.PARTLY),  # indirect fine, total effect negative
    ({"indirect_p": 0.08}, +1, S.PARTLY),  # indirect only weakly significant
    ({"indirect": 0.001, "indirect_p": 0.5}, +1, S.PARTLY),  # DIG moves M the claimed way only
    ({}, -1, S.PARTLY),  # a has the wrong sign for a 'lower is better' mechanism, indirect still > 0
    ({"a": -0.5, "indirect": -0.01}, +1, S.DOES_NOT),  # significant the other way
    ({"p_a": 0.4, "indirect_p": 0.4}, +1, S.DOES_NOT),
])
def test_mechanism_rules(change, sign, expected):
    assert S.mechanism_verdict({**MED, **change}, sign, "M").verdict == expected


# --- claims 3a-3c ------------------------------------------------------------------------------

PREF = {"label": "DIG x z", "estimate": -0.02, "se": 0.005, "p": 0.001, "expected": -1}
SEC = {"label": "split", "estimate": 0.01, "se": 0.006, "p": 0.1, "expected": +1}
FAV = {"label": "favoured", "coef": 0.02, "p": 0.01}


@pytest.mark.parametrize("pref, sec, fav, expected", [
    ({}, {}, {}, S.REPLICATES),
    ({}, {"estimate": -0.01}, {}, S.PARTLY),  # the secondary test disagrees in sign
    ({}, {}, {"coef": -0.01}, S.PARTLY),  # no positive effect in the favoured group
    ({"estimate": 0.01, "p": 0.5}, {"p": 0.07}, {}, S.PARTLY),  # only the split, weakly
    ({"estimate": 0.02, "p": 0.01}, {"p": 0.3}, {}, S.DOES_NOT),  # preferred significant, wrong way
    ({"estimate": -0.01, "p": 0.2}, {"p": 0.3}, {}, S.DOES_NOT),  # right way, never significant
])
def test_moderation_rules(pref, sec, fav, expected):
    v = S.moderation_verdict({**PREF, **pref}, {**SEC, **sec}, {**FAV, **fav})
    assert v.verdict == expected
    assert v.estimate == pytest.approx({**PREF, **pref}["estimate"])


def test_moderation_reason_names_the_opposite_direction():
    v = S.moderation_verdict({**PREF, "estimate": 0.02, "p": 0.01}, {**SEC, "estimate": -0.03, "p": 0.04}, FAV)
    assert v.reason.count("significant in the opposite direction") == 2


# --- claim 3d --------------------------------------------------------------------------------

@pytest.mark.parametrize("dom, wald, expected", [
    ({"coef": 0.03, "p": 0.01}, {"diff": 0.02, "pvalue": 0.01}, S.REPLICATES),
    ({"coef": 0.03, "p": 0.01}, {"diff": 0.02, "pvalue": 0.3}, S.PARTLY),
    ({"coef": 0.01, "p": 0.4}, {"diff": 0.02, "pvalue": 0.08}, S.PARTLY),
    ({"coef": 0.01, "p": 0.4}, {"diff": 0.02, "pvalue": 0.3}, S.DOES_NOT),
    ({"coef": -0.03, "p": 0.006}, {"diff": -0.034, "pvalue": 0.008}, S.DOES_NOT),
])
def test_source_rules(dom, wald, expected):
    v = S.source_verdict({"se": 0.01, **dom}, {"coef": 0.0, "se": 0.01, "p": 0.9},
                         {"se": 0.01, "stat": 5.0, **wald})
    assert v.verdict == expected


# --- the frame, the writer and the README -----------------------------------------------------

def _evidence():
    med = {c: MED for c in S.MECHANISM_CLAIMS}
    mod = {c: {"preferred": PREF, "secondary": SEC, "favoured": FAV} for c in ("3a", "3b", "3c")}
    return {"data": "constructed", "baseline": GOOD_BASE,
            "robustness": _robust([0.01, -0.02], [0.01, 0.5]), "mechanisms": med, "moderation": mod,
            "source": {"dom": {"coef": 0.01, "se": 0.01, "p": 0.3}, "for": {"coef": 0.0, "se": 0.01, "p": 0.9},
                       "wald": {"diff": 0.01, "se": 0.01, "stat": 1.0, "pvalue": 0.3}}}


def test_build_scorecard_frame():
    frame = S.build_scorecard(_evidence())
    assert list(frame.columns) == list(S.COLUMNS)
    assert list(frame["claim"]) == list(S.CLAIMS)
    assert set(frame["verdict"]) <= set(S.VERDICTS)
    assert frame.set_index("claim").loc["1", "verdict"] == S.PARTLY  # 1 of 2 checks positive: no majority
    assert frame.set_index("claim").loc["3d", "verdict"] == S.DOES_NOT
    r = frame.iloc[0]
    assert r["lower"] == pytest.approx(0.02 - 1.959964 * 0.005, rel=1e-6)
    assert S.summary(frame).startswith("8 claims:")


def test_write_files(tmp_path):
    frame = S.build_scorecard(_evidence())
    frame.loc[1, "reason"] = "left | right"
    paths = S.write(frame, folder=tmp_path / "out")
    assert {p.name for p in paths.values()} == {"scorecard.csv", "scorecard.md", "scorecard.html"}
    back = pd.read_csv(paths["csv"], dtype={"claim": str})
    assert list(back["claim"]) == list(S.CLAIMS)
    np.testing.assert_allclose(back["estimate"], frame["estimate"])
    page = paths["html"].read_text()
    assert page.startswith('<div class="scorecard">') and page.count("<tr>") == 1 + len(S.CLAIMS)
    for external in ("<script", "http://", "https://", "src=", "<link"):
        assert external not in page
    md = paths["md"].read_text()
    assert md.count("\n| ") == 1 + len(S.CLAIMS)  # header + one row per claim
    assert "left \\| right" in md  # a pipe in a cell is escaped
    assert "Data: constructed." in md


def test_update_readme_on_a_copy(tmp_path):
    readme = tmp_path / "README.md"
    shutil.copy(config.ROOT / "README.md", readme)
    before = readme.read_text()
    frame = S.build_scorecard(_evidence())
    S.update_readme(frame, readme=readme)
    after = readme.read_text()
    head, tail = before.split(S.START)[0], before.split(S.END)[1]
    assert after.startswith(head + S.START) and after.endswith(S.END + tail)
    assert S.to_markdown(frame) in after
    S.update_readme(frame, readme=readme)  # idempotent
    assert readme.read_text() == after
    (tmp_path / "bare.md").write_text("no markers here\n")
    with pytest.raises(SpecificationError, match="scorecard:start"):
        S.update_readme(frame, readme=tmp_path / "bare.md")


def test_collect_evidence_on_the_synthetic_panel(synthetic_release, tmp_path, monkeypatch):
    monkeypatch.setenv("WIODBOOK_CACHE", str(tmp_path / "cache"))
    panel = pn.build_panel(synthetic_release, synthetic_release / "country").data
    ev = S.collect_evidence(panel, data_label="synthetic")
    base = E.gmm_fit(E.regression_data(panel))
    assert ev["baseline"]["coef"] == pytest.approx(base.params["dig"])
    assert len(ev["robustness"]) == 12
    frame = S.build_scorecard(ev)
    assert len(frame) == 8 and set(frame["verdict"]) <= set(S.VERDICTS)
    assert frame.attrs["data"] == "synthetic"
