"""The robustness battery, endogeneity models, effect sizes and mechanism summaries of chapters 4-5,
on the synthetic release (known data-generating process, real file layouts)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from wiodbook import estimation as E
from wiodbook import panel as pn
from wiodbook import robustness as rb
from wiodbook import tables


@pytest.fixture(scope="module")
def synthetic(synthetic_release, tmp_path_factory):
    cache = tmp_path_factory.mktemp("robustness-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIODBOOK_CACHE", str(cache))
        return pn.build_panel(synthetic_release, synthetic_release / "country")


@pytest.fixture(scope="module")
def checks(synthetic):
    return rb.robustness_checks(synthetic)


def _by_key(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.set_index(["entity", "year"])[column]


def test_every_alternative_of_the_method_card_is_a_variant():
    assert [v.name for v in rb.VARIANTS] == [
        "baseline", "difference", "direct", "broad", "ln_lp", "va_rate", "ln_tfp_h", "c26", "no_crisis",
        "winsor", "uncollapsed", "fe",
    ]
    # each variant differs from the baseline in exactly one field (besides its names)
    base = rb.VARIANTS[0]
    fields = ("upg", "dig", "estimator", "include_c26", "drop_years", "winsorize", "collapse")
    for v in rb.VARIANTS[1:]:
        changed = [f for f in fields if getattr(v, f) != getattr(base, f)]
        assert len(changed) == 1, (v.name, changed)


def test_baseline_variant_is_the_in_sample_frame(synthetic):
    d = rb.variant_data(synthetic, "baseline")
    ref = E.regression_data(synthetic.data)
    assert len(d) == len(ref)
    pd.testing.assert_series_equal(_by_key(d, "dig"), _by_key(ref, "dig"))
    pd.testing.assert_series_equal(_by_key(d, "upg"), _by_key(ref, "upg"))
    assert "C26" not in set(d["industry"])


@pytest.mark.parametrize("name, column", [("direct", "dig_direct"), ("broad", "dig_broad")])
def test_direct_and_broad_use_their_columns(synthetic, name, column):
    d = rb.variant_data(synthetic, name)
    assert d.attrs["dig_source"] == column
    source = synthetic.data.set_index(["entity", "year"])[column]
    got = _by_key(d, "dig")
    np.testing.assert_allclose(got.to_numpy(), source.loc[got.index].to_numpy())
    # and they really differ from the default complete core dependence
    default = synthetic.data.set_index(["entity", "year"])["dig"].loc[got.index]
    assert not np.allclose(got.to_numpy(), default.to_numpy())
    if name == "direct":  # direct requirements are part of the complete ones
        assert (got.to_numpy() <= default.to_numpy() + 1e-9).all()
    else:  # the broad set contains the core set
        assert (got.to_numpy() >= default.to_numpy() - 1e-9).all()


@pytest.mark.parametrize("name", ["ln_lp", "va_rate", "ln_tfp_h"])
def test_alternative_upgrading_measures(synthetic, name):
    d = rb.variant_data(synthetic, name)
    assert d.attrs["upg_source"] == name
    source = synthetic.data.set_index(["entity", "year"])[name]
    got = _by_key(d, "upg")
    np.testing.assert_allclose(got.to_numpy(), source.loc[got.index].to_numpy())
    if name == "ln_tfp_h":  # China has no hours in the SEA
        assert "CHN" not in set(d["country"])
        assert "CHN" in set(rb.variant_data(synthetic, "baseline")["country"])
    if name == "va_rate":
        assert ((got > 0) & (got < 1)).all()


def test_c26_variant_keeps_the_electronics_industry(synthetic, checks):
    d = rb.variant_data(synthetic, "c26")
    assert "C26" in set(d["industry"])
    assert set(rb.variant_data(synthetic, "baseline")["industry"]) | {"C26"} == set(d["industry"])
    n_countries = d["country"].nunique()
    assert checks["(8) with C26"].n_groups == checks["(1) baseline"].n_groups + n_countries


def test_drop_crisis_has_no_2008_2009(synthetic, checks):
    d = rb.variant_data(synthetic, "no_crisis")
    assert not d["year"].isin([2008, 2009]).any()
    assert d["year"].isin([2007, 2010]).any()
    base, fit = checks["(1) baseline"], checks["(9) no 2008-09"]
    # 2008 and 2009 are gone and 2010 has no lag: three years of observations fewer per group
    assert fit.nobs <= base.nobs - 3 * fit.n_groups + fit.n_groups // 2
    assert fit.nobs < base.nobs


def test_winsorised_growth_is_clipped(synthetic):
    raw = rb.variant_data(synthetic, "baseline")
    win = rb.variant_data(synthetic, "winsor")
    assert win.attrs["winsorize"] == 0.01
    for col in ("upg", "dig"):
        g_raw = raw.sort_values(["entity", "year"]).groupby("entity")[col].diff().dropna()
        g_win = win.sort_values(["entity", "year"]).groupby("entity")[col].diff().dropna()
        lo, hi = g_raw.quantile([0.01, 0.99])
        assert g_win.min() >= lo - 1e-9 and g_win.max() <= hi + 1e-9
        assert (g_raw.index == g_win.index).all()
        assert (g_raw != g_win).sum() > 0  # something was clipped
        # first observation of each entity unchanged
        first_raw = raw.sort_values("year").groupby("entity")[col].first()
        first_win = win.sort_values("year").groupby("entity")[col].first()
        np.testing.assert_allclose(first_win, first_raw)


def test_instrument_counts_and_estimators(checks):
    base = checks["(1) baseline"]
    # 4 collapsed lags (UPG, DIG at t-2, t-3) + 2 level instruments + 3 controls + 14 year dummies
    assert base.n_instruments == 23
    assert base.model.system
    assert not checks["(2) difference GMM"].model.system
    unc = checks["(11) uncollapsed"]
    assert unc.n_instruments > 3 * base.n_instruments
    # three test countries give 54 groups: uncollapsed instruments outnumber them, and the
    # estimator's warning is kept on the result (for the chapter to report), not printed
    assert unc.n_instruments > unc.n_groups and unc.too_many_instruments
    assert any("exceeds the number of groups" in w for w in unc.warnings)
    assert not base.too_many_instruments and not base.warnings
    fe = checks["(12) static FE"]
    assert "L.upg" not in fe.params.index and "dig" in fe.params.index
    assert not hasattr(fe, "n_instruments")


def test_fit_variant_prints_no_warning(synthetic):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = rb.fit_variant(synthetic, "uncollapsed")
    assert res.too_many_instruments


def test_robustness_table_has_one_dig_row(checks):
    assert len(checks) == len(rb.VARIANTS)
    tab = tables.regression_table(checks, keep=["L.upg", "dig"], labels=rb.LABELS)
    assert tab.coef.loc["dig"].notna().all()
    assert tab.coef.loc["L.upg"].isna().sum() == 1  # only static FE lacks the lag
    frame = rb.coefficient_frame(checks)
    assert (frame["lower"] < frame["coef"]).all() and (frame["coef"] < frame["upper"]).all()
    text = rb.robustness_verdict(frame)
    assert text.startswith(f"Of {len(checks)} specifications")


def test_baseline_models_share_rows(synthetic):
    models = rb.baseline_models(synthetic)
    assert list(models) == ["(1) FE", "(2) difference GMM", "(3) system GMM", "(4) system GMM + X"]
    assert models["(3) system GMM"].nobs == models["(4) system GMM + X"].nobs
    assert "size" not in models["(3) system GMM"].params.index
    assert models["(3) system GMM"].n_instruments == 20
    assert models["(1) FE"].nobs == len(E.regression_data(synthetic.data))


def test_endogeneity_models(synthetic):
    models = rb.endogeneity_models(synthetic)
    iv = models["(4) FE-IV"]
    assert iv.first_stage_f > 0
    fs = models["(2) first stage"]
    # one instrument: the robust first-stage F is about the squared t of the first stage
    t2 = float(fs.tstats["dig_loo"] ** 2)
    assert iv.first_stage_f == pytest.approx(t2, rel=1e-6)
    # with one instrument, IV = reduced form / first stage (same rows, same controls partialled out)
    rf = models["(3) reduced form"]
    assert iv.params["dig"] == pytest.approx(rf.params["dig_loo"] / fs.params["dig_loo"], rel=1e-6)
    assert models["(1) FE"].nobs == iv.nobs == rf.nobs
    tab = rb.endogeneity_table(models)
    assert "within R2" not in tab.stats.index
    assert tab.stats.loc["groups"].notna().all()
    assert tab.stats.loc["first-stage F", "(4) FE-IV"] == pytest.approx(iv.first_stage_f)


def test_effect_sizes(synthetic):
    res = rb.fit_variant(synthetic, "baseline")
    data = rb.variant_data(synthetic, "baseline")
    eff = rb.effect_sizes(res, data)
    b, r = res.params["dig"], res.params["L.upg"]
    sd = data["dig"].std()
    assert eff["short run"].iloc[0] == pytest.approx(b)
    assert eff["short run"].iloc[1] == pytest.approx(b * sd)
    assert eff["long run"].iloc[1] == pytest.approx(b / (1 - r) * sd)
    assert eff["long run SE"].iloc[0] == pytest.approx(E.long_run(res)[1])
    assert eff["short run, per cent"].iloc[1] == pytest.approx(100 * np.expm1(b * sd))
    spread = rb.dig_spread(data)
    assert 0 < spread["sd_within"] < spread["sd"]


def test_mediation_summary(synthetic):
    meds = rb.mediation_all(synthetic, ["kdeep", "mis"])
    frame = rb.mediation_frame(meds)
    for m, row in frame.iterrows():
        assert row["indirect"] == pytest.approx(row["a"] * row["b"])
        assert row["sobel_se"] == pytest.approx(np.hypot(row["b"] * row["se_a"], row["a"] * row["se_b"]))
        assert row["c"] == pytest.approx(meds[m]["total"])
    tab = rb.mediation_table(meds)
    assert list(tab.coef.index) == ["c", "a", "c_direct", "b", "indirect"]
    assert tab.coef.shape[1] == 2
    steps = rb.step_table(meds["mis"], "mis")
    assert {"dig", "mis", "L.mis"} <= set(steps.coef.index)


def test_channel_verdict_rules():
    good = dict(c=0.01, p_c=0.01, a=-0.5, p_a=0.01, b=-0.02, p_b=0.01, indirect=0.01, sobel_p=0.01)
    assert rb.channel_verdict(good).startswith("supported")
    no_total = {**good, "p_c": 0.4}
    assert "Baron-Kenny mediation not established" in rb.channel_verdict(no_total)
    wrong_sign = {**good, "b": 0.02, "indirect": -0.01}
    assert "significant but negative" in rb.channel_verdict(wrong_sign)
    assert "not significantly different from zero" in rb.verdict(0.1, 0.3)
    assert "negative and significant" in rb.verdict(-0.1, 0.01)
