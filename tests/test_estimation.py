"""The book's models on the synthetic panel, whose data-generating process is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wiodbook import estimation as E
from wiodbook import fixtures
from wiodbook.errors import SpecificationError


def test_sobel_by_hand():
    ab, se, p = E.sobel(0.5, 0.1, 0.2, 0.05)
    assert ab == pytest.approx(0.1)
    assert se == pytest.approx(np.sqrt(0.2**2 * 0.1**2 + 0.5**2 * 0.05**2))
    assert p == pytest.approx(2 * (1 - __import__("scipy").stats.norm.cdf(0.1 / se)))


def test_winsorize_growth_rebuilds_levels():
    df = pd.DataFrame({"entity": [1] * 5 + [2] * 5, "year": list(range(5)) * 2,
                       "y": [0, 1, 2, 3, 50, 10, 11, 12, 13, 14.0]})
    out = E.winsorize_growth(df, "y", share=0.2)
    assert out.iloc[0] == 0 and out.iloc[5] == 10  # first levels kept
    growth = out.groupby(df["entity"]).diff().dropna()
    assert growth.max() < 47  # the jump of 47 is clipped
    assert (growth >= 1 - 1e-12).all()


def test_regression_data_names_missing_columns(synthetic_panel):
    with pytest.raises(SpecificationError, match=r"no column\(s\) \['nope'\]"):
        E.regression_data(synthetic_panel, "nope")


def test_system_gmm_recovers_the_known_effect(synthetic_panel):
    data = E.regression_data(synthetic_panel)
    res = E.gmm_fit(data)
    assert res.n_groups == 3 * 18
    assert res.n_instruments < res.n_groups
    beta, se = res.params["dig"], res.std_errors["dig"]
    assert abs(beta - fixtures.TRUE_BETA) < 3 * se, (beta, se)
    assert abs(res.params["L.upg"] - fixtures.TRUE_RHO) < 3 * res.std_errors["L.upg"]
    lr, lr_se = E.long_run(res)
    assert lr == pytest.approx(beta / (1 - res.params["L.upg"]))
    assert lr_se > 0


def test_fe_iv_matches_manual_two_stage_least_squares(synthetic_panel):
    data = E.regression_data(synthetic_panel, extra=["dig_loo"])
    res = E.fe_iv_fit(data, controls=("size",))
    dm = E.two_way_demean(data, ["upg", "dig", "dig_loo", "size"])
    Z = dm[["size", "dig_loo"]].to_numpy()
    X = dm[["size", "dig"]].to_numpy()
    y = dm["upg"].to_numpy()
    Xhat = Z @ np.linalg.lstsq(Z, X, rcond=None)[0]
    b = np.linalg.lstsq(Xhat, y, rcond=None)[0]
    np.testing.assert_allclose(res.params[["size", "dig"]].to_numpy(), b, rtol=1e-8)
    assert np.isfinite(res.first_stage_f) and res.first_stage_f > 0


def test_mediation_steps_share_rows(synthetic_panel):
    m = E.mediation(synthetic_panel, "kdeep")
    n = {r.nobs for r in m["steps"].values()}
    assert len(n) == 1
    assert m["indirect"] == pytest.approx(m["a"] * m["b"])


def test_specification_curve_parallel_and_cached(synthetic_panel, tmp_path, monkeypatch):
    monkeypatch.setenv("WIODBOOK_CACHE", str(tmp_path))
    specs = E.spec_grid(digs=("dig",), upgs=("ln_tfp",), estimators=("system", "fe"), c26=(False, True),
                        crisis=(False,))
    curve = E.specification_curve(synthetic_panel, specs, workers=2)
    assert len(curve) == 4 and (curve["error"] == "").all()
    assert list(curve["coef"]) == sorted(curve["coef"])
    with_c26 = curve[curve.include_c26 & (curve.estimator == "fe")].nobs.iloc[0]
    without = curve[~curve.include_c26 & (curve.estimator == "fe")].nobs.iloc[0]
    assert with_c26 > without  # C26 rows enter only when asked
    serial = E.fit_spec(synthetic_panel, specs[0])
    row = curve[(curve.estimator == specs[0].estimator) & (curve.include_c26 == specs[0].include_c26)].iloc[0]
    assert row["coef"] == pytest.approx(serial["coef"], rel=1e-10)
    again = E.specification_curve(synthetic_panel, specs, workers=2)
    pd.testing.assert_frame_equal(curve, again)
    assert len(list((tmp_path / "speccurve").glob("*.parquet"))) == 1
