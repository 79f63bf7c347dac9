"""Heterogeneity fits on the synthetic panel and on hand-made numbers: the right rows and
columns, the split z test and the Wald test of equal coefficients by hand."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wiodbook import estimation as E
from wiodbook import heterogeneity as H
from wiodbook.gmm import GMMWarning


def _fake(params: dict, se: dict, cov=None):
    names = list(params)
    return SimpleNamespace(params=pd.Series(params), std_errors=pd.Series(se),
                           pvalues=pd.Series({k: 2 * stats.norm.sf(abs(params[k] / se[k])) for k in names}),
                           cov=None if cov is None else pd.DataFrame(cov, index=names, columns=names))


def test_split_difference_by_hand():
    a = _fake({"dig": 0.03}, {"dig": 0.01})
    b = _fake({"dig": 0.01}, {"dig": 0.02})
    out = H.split_difference(a, b)
    se = np.sqrt(0.01**2 + 0.02**2)
    assert out["diff"] == pytest.approx(0.02)
    assert out["se"] == pytest.approx(se)
    assert out["z"] == pytest.approx(0.02 / se)
    assert out["pvalue"] == pytest.approx(2 * (1 - stats.norm.cdf(0.02 / se)))


def test_equal_coefficients_wald_by_hand_from_params_and_cov():
    cov = np.array([[0.0004, 0.0001, 0], [0.0001, 0.0009, 0], [0, 0, 1.0]])
    fake = _fake({"dig_dom": 0.05, "dig_for": 0.01, "size": 1.0}, {"dig_dom": 0.02, "dig_for": 0.03, "size": 1.0}, cov)
    out = H.equal_coefficients_test(fake, "dig_dom", "dig_for")
    var = 0.0004 + 0.0009 - 2 * 0.0001
    assert out["diff"] == pytest.approx(0.04)
    assert out["se"] == pytest.approx(np.sqrt(var))
    assert out["stat"] == pytest.approx(0.04**2 / var)
    assert out["pvalue"] == pytest.approx(stats.chi2.sf(0.04**2 / var, 1))


def test_source_fit_wald_matches_gmm_test_equal_and_hand(synthetic_panel):
    res, test = H.source_fit(synthetic_panel)
    assert {"dig_dom", "dig_for"} <= set(res.params.index)
    b = res.params[["dig_dom", "dig_for"]].to_numpy()
    V = res.cov.loc[["dig_dom", "dig_for"], ["dig_dom", "dig_for"]].to_numpy()
    W = (b[0] - b[1]) ** 2 / (V[0, 0] + V[1, 1] - 2 * V[0, 1])
    assert test["stat"] == pytest.approx(W, rel=1e-8)
    assert test["pvalue"] == pytest.approx(stats.chi2.sf(W, 1), rel=1e-8)
    assert test["stat"] == pytest.approx(res.test_equal("dig_dom", "dig_for").stat)
    # both sources are endogenous: they are in the GMM-style instrument group
    assert any("dig_dom" in n and "dig_for" in n for n in res.model.describe_instruments().splitlines())


def test_technology_split_uses_the_right_rows(synthetic_panel):
    split = H.technology_split(synthetic_panel)
    data = E.regression_data(synthetic_panel)
    hi_rows = data[data["industry"].map(synthetic_panel.drop_duplicates("industry").set_index("industry")["tech_group"])
                   .isin(["high", "medium-high"])]
    assert list(split.results) == list(H.TECH_GROUPS)
    hi = split.results["high + medium-high tech"]
    assert split.nobs["high + medium-high tech"] == len(hi_rows)
    assert set(split.members["high + medium-high tech"]) == set(hi_rows["industry"])
    assert "C26" not in split.members["high + medium-high tech"]  # out of the regression sample
    with warnings.catch_warnings():  # a small subsample: the estimator's notes are not the point here
        warnings.simplefilter("ignore", GMMWarning)
        direct = E.gmm_fit(hi_rows.reset_index(drop=True))
    pd.testing.assert_series_equal(hi.params, direct.params)
    assert split.nobs["high + medium-high tech"] + split.nobs["low + medium-low tech"] == len(data)
    table = split.coefficients()
    assert {"coef", "se", "pvalue", "lower", "upper", "instruments", "ar2_p", "hansen_p"} <= set(table.columns)
    d = split.difference("low + medium-low tech", "high + medium-high tech")
    assert d["diff"] == pytest.approx(table.loc["low + medium-low tech", "coef"] - table.loc["high + medium-high tech", "coef"])


def test_country_split_drops_countries_without_a_group(synthetic_panel):
    p = synthetic_panel.copy()
    p.loc[p["country"] == "MLT", "broadband_group"] = np.nan
    p.loc[p["country"] == "CHN", "broadband_group"] = "high"
    p.loc[p["country"] == "DEU", "broadband_group"] = "low"
    split = H.country_split(p, "broadband", estimator="fe")
    assert split.missing == ["MLT"]
    assert split.members == {"high broadband": ["CHN"], "low broadband": ["DEU"]}
    data = E.regression_data(p)
    assert split.nobs["high broadband"] == int((data["country"] == "CHN").sum())
    assert H.missing_countries(p, "broadband_group") == ["MLT"]


def test_interaction_fit_columns_and_endogeneity(synthetic_panel):
    p = synthetic_panel.copy()
    p.loc[p["country"] == "MLT", "broadband_z"] = np.nan
    res = H.interaction_fit(p, "broadband_z")
    term = H.interaction_term("dig", "broadband_z")
    assert res.interaction == term and res.dropped_countries == ["MLT"]
    assert {"dig", term, "broadband_z"} <= set(res.params.index)  # main effect in the level equation
    # the product enters the GMM-style (endogenous) group with UPG and DIG
    gmm_line = [n for n in res.model.describe_instruments().splitlines() if term in n]
    assert gmm_line and "dig" in gmm_line[0].replace(term, "")
    data = E.regression_data(p, extra=["broadband_z"])
    assert res.nobs == E.gmm_fit(data).nobs and "MLT" not in set(data["country"])
    data[term] = data["dig"] * data["broadband_z"]
    direct = E.gmm_fit(data, "upg", ["dig", term], [*E.CONTROLS, "broadband_z"])
    pd.testing.assert_series_equal(res.params, direct.params)
    fe = H.interaction_fit(p, "high_tech", estimator="fe")  # time-invariant main effect absorbed
    assert "high_tech" not in fe.params.index and "dig_x_high_tech" in fe.params.index


def test_coefficient_plot_returns_a_figure():
    a = _fake({"dig": 0.02}, {"dig": 0.01})
    b = _fake({"dig": -0.01}, {"dig": 0.02})
    rows = [("first", a, "dig"), ("second", b, "dig")]
    frame = H.coefficient_rows(rows)
    assert frame["lower"].iloc[0] == pytest.approx(0.02 - 1.959964 * 0.01, rel=1e-6)
    fig = H.coefficient_plot(rows)
    ax = fig.axes[0]
    ticks = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert ticks[max(ticks)] == "first" and ticks[min(ticks)] == "second"  # first on top
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_group_composition_reads_the_panel_groups(synthetic_panel):
    p = synthetic_panel.copy()
    for col in ("tariff_mean", "tariff_z"):
        p.loc[p["country"] == "MLT", col] = np.nan
    p.loc[p["country"] == "MLT", "tariff_group"] = np.nan
    comp = H.group_composition(p, "tariff")
    per = p.groupby("country")[["tariff_mean", "tariff_group"]].first()
    assert comp.attrs["missing"] == ["MLT"]
    assert comp.attrs["median"] == pytest.approx(per["tariff_mean"].dropna().median())
    assert comp.attrs["high"] == sorted(per.index[per["tariff_group"] == "high"])
    assert comp.attrs["low"] == sorted(per.index[per["tariff_group"] == "low"])
    assert pd.isna(comp.loc["MLT", "group"]) and not comp.loc["MLT", "tie"]
    text = H.describe_composition(comp)
    assert "no value, out of the split (1): MLT" in text and "countries equal to the median go to 'low'" in text
