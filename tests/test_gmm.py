"""Validation of wiodbook.gmm against published xtabond2 / plm output on Arellano-Bond's abdata.

The reference numbers are those of /work/shared/reference/README.md (results A, B, D, F, H), with the
Stata command that produced each. The data come from ABDATA (CI passes the shared abdata.csv);
without it the tests try Stata's public copy and skip with the reason when neither is reachable.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from wiodbook import config, gmm
from wiodbook.errors import DataError, SpecificationError
from wiodbook.gmm import (
    DynamicPanelGMM,
    GMMStyle,
    GMMWarning,
    IVStyle,
    expand_varlist,
    load_abdata,
    system_gmm,
    xtabond2,
)

YEARS_A = ["yr1978", "yr1979", "yr1980", "yr1981", "yr1982", "yr1983"]
NAMES_A = ["L.n", "L2.n", "w", "L.w", "k", "L.k", "L2.k", "ys", "L.ys", "L2.ys"]


@pytest.fixture(scope="module")
def abdata() -> pd.DataFrame:
    path = config.abdata_path()
    try:
        return load_abdata(path, timeout=5)
    except DataError as exc:
        pytest.skip(f"abdata not available (set ABDATA=/path/to/abdata.csv): {exc}")


def _roodman_a(df, twostep=False):
    return xtabond2(
        "n L.n L2.n w L.w L(0/2).(k ys) yr*", gmm="L.n", iv="w L.w L(0/2).(k ys) yr*",
        nolevel=True, robust=True, twostep=twostep, data=df, i="id", t="year",
    )


# ------------------------------------------------------------------------------- A
def test_a_one_step_difference_robust(abdata):
    res = _roodman_a(abdata)
    coef = [.6862261, -.0853582, -.6078208, .3926237, .3568456, -.0580012, -.0199475, .6085073,
            -.7111651, .1057969]
    se = [.1445943, .0560155, .1782055, .1679931, .0590203, .0731797, .0327126, .1725313, .2317163,
          .1412021]
    np.testing.assert_allclose(res.params[NAMES_A], coef, atol=1e-6)
    np.testing.assert_allclose(res.std_errors[NAMES_A], se, atol=1e-6)
    np.testing.assert_allclose(
        res.params[YEARS_A], [.0077033, .0172578, .0297185, -.004071, -.0193555, -.0136171], atol=1e-6)
    np.testing.assert_allclose(
        res.std_errors[YEARS_A], [.0314106, .0290922, .0276617, .0298987, .0228436, .0188263], atol=1e-6)
    assert res.dropped == ["yr1976", "yr1977", "yr1984"]
    assert (res.nobs, res.n_groups, res.n_instruments) == (611, 140, 41)
    assert round(res.ar1.stat, 2) == -3.60
    assert round(res.ar2.stat, 2) == -0.52 and round(res.ar2.pvalue, 3) == 0.606
    assert res.sargan.df == 25 and round(res.sargan.stat, 2) == 67.59
    assert res.hansen.df == 25 and round(res.hansen.stat, 2) == 31.38
    assert round(res.hansen.pvalue, 3) == 0.177
    dh = res.diff_hansen
    assert len(dh) == 1 and dh.index[0].startswith("iv(w L.w k L.k L2.k ys L.ys L2.ys yr1976")
    row = dh.iloc[0]
    assert (row.df_excluding, row.df_difference) == (11, 14)
    assert round(row.excluding, 2) == 12.01 and round(row.p_excluding, 3) == 0.363
    assert round(row.difference, 2) == 19.37 and round(row.p_difference, 3) == 0.151
    assert not res.too_many_instruments


def test_a_through_the_model_class_and_time_dummies(abdata):
    """The same model with the class API, and with time_dummies=True instead of yr*."""
    ref = _roodman_a(abdata)
    m = DynamicPanelGMM(
        abdata, entity="id", time="year", dep="n",
        regressors=["L.n", "L2.n", "w", "L.w", "L(0/2).(k ys)"],
        gmm=[GMMStyle(["L.n"])], iv=[IVStyle("w L.w L(0/2).(k ys)")],
        system=False, time_dummies=True,
    )
    res = m.fit(steps=1, robust=True)
    np.testing.assert_allclose(res.params[NAMES_A], ref.params[NAMES_A], atol=1e-10)
    np.testing.assert_allclose(res.std_errors[NAMES_A], ref.std_errors[NAMES_A], atol=1e-10)
    assert res.dropped == ["year1976", "year1977", "year1984"]
    assert res.n_instruments == 41
    # linearmodels-style (entity, time) index works too
    res2 = DynamicPanelGMM(
        abdata.set_index(["id", "year"]), dep="n", regressors="L.n L2.n w L.w L(0/2).(k ys) yr*",
        gmm="L.n", iv="w L.w L(0/2).(k ys) yr*", system=False,
    ).fit(steps=1, robust=True)
    np.testing.assert_allclose(res2.params[NAMES_A], ref.params[NAMES_A], atol=1e-10)


# ------------------------------------------------------------------------------- B
def test_b_two_step_difference_windmeijer(abdata):
    res = _roodman_a(abdata, twostep=True)
    coef = [.6287089, -.0651882, -.5257597, .3112899, .2783619, .0140994, -.0402484, .5919243,
            -.5659863, .1005433]
    se = [.1934138, .0450501, .1546107, .2030006, .0728019, .0924575, .0432745, .1730916, .2611008,
          .1610987]
    names = ["L.n", "L2.n", "w", "L.w", "k", "L.k", "L2.k", "ys", "L.ys", "L2.ys"]
    np.testing.assert_allclose(res.params[names], coef, atol=1e-6)
    np.testing.assert_allclose(res.std_errors[names], se, atol=1e-6)
    assert round(res.ar1.stat, 2) == -2.13 and round(res.ar2.stat, 2) == -0.35
    assert res.hansen.df == 25 and round(res.hansen.stat, 2) == 31.38
    assert round(res.hansen.pvalue, 3) == 0.177


# ------------------------------------------------------------------------------- D
def test_d_one_step_system_robust_small(abdata):
    res = xtabond2(
        "n L.n L(0/1).(w k) yr*", gmm="L.(n w k)", iv="yr*, equation(level)",
        robust=True, small=True, data=abdata, i="id", t="year",
    )
    names = ["L.n", "w", "L.w", "k", "L.k", "_cons"]
    coef = [.9356053, -.6309761, .4826203, .4839299, -.4243928, .5522011]
    se = [.026569, .1192834, .1383132, .0544281, .059088, .1971607]
    np.testing.assert_allclose(res.params[names], coef, atol=1e-6)
    np.testing.assert_allclose(res.std_errors[names], se, rtol=1e-5)
    assert res.dropped == ["yr1976", "yr1984"]
    assert [n for n in res.params.index if n.startswith("yr")] == [f"yr{y}" for y in range(1977, 1984)]
    assert (res.nobs, res.n_groups, res.n_instruments) == (891, 140, 113)
    assert round(res.ar1.stat, 2) == -5.46
    assert round(res.ar2.stat, 2) == -0.25 and round(res.ar2.pvalue, 3) == 0.804
    assert res.hansen.df == 100 and round(res.hansen.stat, 2) == 110.70
    assert round(res.hansen.pvalue, 3) == 0.218
    assert res.df_resid == 139
    assert "GMM instruments for levels" in res.diff_hansen.index


# ------------------------------------------------------------------------------- F
def test_f_two_step_difference_lag_limits(abdata):
    res = xtabond2(
        "n L(1/2).n w k", gmm=["n, lag(2 4)", "w, lag(1 3)"], iv="k",
        nolevel=True, twostep=True, robust=True, data=abdata, i="id", t="year",
    )
    np.testing.assert_allclose(res.params.values, [.1700616, -.0113381, -.9510582, .4637223], atol=1e-6)
    np.testing.assert_allclose(res.std_errors.values, [.1046652, .0377205, .1277298, .0718328], atol=1e-6)
    assert (res.nobs, res.n_instruments) == (611, 36)
    assert round(res.ar1.stat, 2) == -1.19 and round(res.ar2.stat, 2) == -0.81
    assert res.sargan.df == 32 and round(res.sargan.stat, 2) == 91.61
    assert res.hansen.df == 32 and round(res.hansen.stat, 2) == 47.86
    assert round(res.hansen.pvalue, 3) == 0.035


# ------------------------------------------------------------------------------- H
def test_h_plm_collapsed_two_step_difference_twoways(abdata):
    """plm's pgmm(..., effect = "twoways", collapse = TRUE) is, in xtabond2 terms,
    gmm(n, lag(2 .) collapse) iv(L(0/1).w k L(0/1).ys yr*) nolevel twostep robust:
    plm makes the non-GMM regressors 'normal' instruments and adds time dummies to both."""
    res = xtabond2(
        "n L(1/2).n L(0/1).w k L(0/1).ys yr*", gmm="n, lag(2 99) collapse",
        iv="L(0/1).w k L(0/1).ys yr*", nolevel=True, twostep=True, robust=True,
        data=abdata, i="id", t="year",
    )
    names = ["L.n", "L2.n", "w", "L.w", "k", "ys", "L.ys"]
    coef = [.853895, -.169886, -.533119, .352516, .271707, .612855, -.682550]
    se = [.562348, .123293, .245948, .432846, .089921, .242289, .612311]
    np.testing.assert_allclose(res.params[names], coef, atol=1e-5)
    np.testing.assert_allclose(res.std_errors[names], se, atol=1e-5)
    assert res.hansen.df == 5
    assert res.hansen.stat == pytest.approx(11.62681, abs=1e-4)


# ------------------------------------------------------------------------------- book baseline
def test_system_gmm_collapsed_baseline_form(abdata):
    """The book's baseline: gmm(UPG DIG, lag(2 3) collapse), X IV-style in both equations, year
    dummies IV-style in the level equation, two-step, Windmeijer. Here n plays UPG, w plays DIG."""
    res = system_gmm(abdata, "id", "year", "n", endogenous=["w"], exogenous=["k", "ys"])
    explicit = DynamicPanelGMM(
        abdata, entity="id", time="year", dep="n", regressors="L.n w k ys",
        gmm=[GMMStyle(["n", "w"], lags=(2, 3), collapse=True)],
        iv=[IVStyle(["k", "ys"], equation="both")], system=True, time_dummies="level",
    ).fit(steps=2, robust=True)
    pd.testing.assert_series_equal(res.params, explicit.params)
    same_string = xtabond2(
        "n L.n w k ys yr*", gmm="n w, lag(2 3) collapse", iv=["k ys", "yr*, eq(level)"],
        twostep=True, robust=True, data=abdata, i="id", t="year",
    )
    renamed = same_string.params.rename(lambda s: s.replace("yr", "year"))
    np.testing.assert_allclose(res.params.values, renamed[res.params.index].values, atol=1e-10)
    np.testing.assert_allclose(res.std_errors.values,
                               same_string.std_errors.rename(lambda s: s.replace("yr", "year"))[res.params.index].values,
                               atol=1e-10)
    # instruments: 2 vars x 2 lags (diff eq) + 2 (levels, lag 1 of differences) + k, ys + 9 year
    # dummies and _cons in levels, of which yr1976 (no level obs) and one of the rest are collinear
    assert res.n_instruments == 4 + 2 + 2 + 8
    assert res.hansen.df == res.n_instruments - res.n_params
    assert "GMM instruments for levels" in res.diff_hansen.index
    assert res.ar2.pvalue > 0.05
    assert 0 < res.params["L.n"] < 1.2
    assert np.isfinite(res.std_errors).all() and not res.too_many_instruments


def test_system_collapsed_matches_brute_force(abdata):
    """One-step system GMM with collapsed instruments against a literal, row-by-row construction."""
    df = abdata[["id", "year", "n", "w"]].copy()
    res = DynamicPanelGMM(df, "id", "year", "n", ["L.n", "w"],
                          gmm=[GMMStyle(["n"], lags=(2, 3), collapse=True)],
                          iv=[IVStyle("w")], system=True).fit(steps=1, robust=False)
    d = df.set_index(["id", "year"]).sort_index()
    val = d.to_dict("index")

    def get(i, t, v):
        r = val.get((i, t))
        return np.nan if r is None else r[v]

    rows_d, rows_l = [], []
    for (i, t) in d.index:
        y, yl, yl2 = get(i, t, "n"), get(i, t - 1, "n"), get(i, t - 2, "n")
        w, wl = get(i, t, "w"), get(i, t - 1, "w")
        if not np.isnan([y, yl, w]).any():
            z2, z3 = get(i, t - 2, "n"), get(i, t - 3, "n")
            dly = yl - get(i, t - 2, "n")
            rows_l.append((i, t, y, [yl, w, 1.0], [0, 0, 0 if np.isnan(dly) else dly, w, 1.0]))
            if not np.isnan([yl2, wl]).any():
                rows_d.append((i, t, y - yl, [yl - yl2, w - wl, 0.0],
                               [0 if np.isnan(z2) else z2, 0 if np.isnan(z3) else z3, 0, w - wl, 0.0]))
    ids = sorted({r[0] for r in rows_d + rows_l})
    years = sorted(d.index.get_level_values(1).unique())
    T = len(years)
    Hd = 2 * np.eye(T) - np.eye(T, k=1) - np.eye(T, k=-1)
    # cov(e_t - e_{t-1}, e_s): 1 at s = t, -1 at s = t - 1 (xtabond2's h(3))
    H = np.block([[Hd, -np.eye(T, k=-1) + np.eye(T)], [(-np.eye(T, k=-1) + np.eye(T)).T, np.eye(T)]])
    zz = np.zeros((5, 5)); zx = np.zeros((5, 3)); zy = np.zeros(5)
    by = {i: ([], []) for i in ids}
    for r in rows_d:
        by[r[0]][0].append(r)
    for r in rows_l:
        by[r[0]][1].append(r)
    for i in ids:
        Zi = np.zeros((2 * T, 5)); Xi = np.zeros((2 * T, 3)); Yi = np.zeros(2 * T)
        for r in by[i][0]:
            p = years.index(r[1]); Zi[p] = r[4]; Xi[p] = r[3]; Yi[p] = r[2]
        for r in by[i][1]:
            p = T + years.index(r[1]); Zi[p] = r[4]; Xi[p] = r[3]; Yi[p] = r[2]
        zz += Zi.T @ H @ Zi; zx += Zi.T @ Xi; zy += Zi.T @ Yi
    A = np.linalg.inv(zz)
    b = np.linalg.solve(zx.T @ A @ zx, zx.T @ A @ zy)
    np.testing.assert_allclose(res.params[["L.n", "w", "_cons"]].values, b, atol=1e-9)


# ------------------------------------------------------------------------------- unit tests
def _toy_panel(n=60, t=8, seed=1):
    rng = np.random.default_rng(seed)
    eta = rng.normal(size=n)
    y = np.zeros((n, t)); x = rng.normal(size=(n, t))
    y[:, 0] = eta + rng.normal(size=n)
    for s in range(1, t):
        y[:, s] = 0.5 * y[:, s - 1] + 0.3 * x[:, s] + eta + rng.normal(size=n)
    return pd.DataFrame({"id": np.repeat(np.arange(n), t), "year": np.tile(np.arange(2000, 2000 + t), n),
                         "y": y.ravel(), "x": x.ravel()})


def test_gaps_respect_calendar_time():
    df = _toy_panel()
    gap = df[~((df.id == 3) & (df.year == 2004))]  # entity 3 loses 2004: a gap
    asnan = df.copy()
    asnan.loc[(asnan.id == 3) & (asnan.year == 2004), ["y", "x"]] = np.nan
    kw = dict(entity="id", time="year", dep="y", regressors="L.y x",
              gmm=[GMMStyle("y", lags=(2, None))], iv=[IVStyle("x")], system=True)
    r_gap = DynamicPanelGMM(gap, **kw).fit()
    r_nan = DynamicPanelGMM(asnan, **kw).fit()
    np.testing.assert_allclose(r_gap.params, r_nan.params, atol=1e-12)
    np.testing.assert_allclose(r_gap.std_errors, r_nan.std_errors, atol=1e-12)
    assert r_gap.ar2.stat == pytest.approx(r_nan.ar2.stat, abs=1e-10)
    # the row after the gap has no L.y: 2005 drops from the level equation for entity 3
    full = DynamicPanelGMM(df, **kw).fit()
    assert full.nobs - r_gap.nobs == 2  # 2004 itself and 2005 (no L.y)
    # a naive row-shift would have used 2003 as the lag of 2005 and kept it
    m = DynamicPanelGMM(gap, **kw)
    assert np.isnan(m._X0[3, 5, 0])  # L.y of entity 3 in 2005 (grid column 5) is missing


def test_collinear_regressor_is_detected_and_dropped():
    df = _toy_panel()
    df["x2"] = 2.0 * df["x"]
    res = DynamicPanelGMM(df, "id", "year", "y", "L.y x x2", gmm=[GMMStyle("y", lags=(2, None))],
                          iv=[IVStyle("x x2")], system=False).fit()
    assert res.dropped == ["x2"]
    assert list(res.params.index) == ["L.y", "x"]


def test_instrument_count_warning_and_attribute():
    df = _toy_panel(n=15, t=8)
    with pytest.warns(GMMWarning) as record:
        res = DynamicPanelGMM(df, "id", "year", "y", "L.y x", gmm=[GMMStyle("y x", lags=(2, None))],
                              system=True).fit()
    assert any("exceeds the number of groups" in str(w.message) for w in record)
    assert res.too_many_instruments
    assert any("exceeds the number of groups" in w for w in res.warnings)
    assert any("generalised inverse" in w for w in res.warnings)  # singular two-step weights


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(regressors="L.y nosuch", gmm=[GMMStyle("y")]), "nosuch"),
        (dict(regressors="L.y x", gmm=[], iv=[]), "No instruments"),
        (dict(regressors="L.y x", gmm=[GMMStyle("y", lags=(2, 2), collapse=True)], system=False),
         "not identified"),
        (dict(regressors="L(1/9).y", gmm=[GMMStyle("y")]), "No observations"),
        (dict(regressors="L.y", gmm=["y, lag(2 3) colapse"]), "colapse"),
        (dict(regressors="L.y", gmm=[GMMStyle("y")], iv=[IVStyle("x", equation="levels2")]), "equation"),
    ],
)
def test_bad_specifications_raise_clear_errors(kwargs, match):
    df = _toy_panel()
    with pytest.raises(SpecificationError, match=match):
        DynamicPanelGMM(df, "id", "year", "y", **kwargs).fit()


def test_duplicate_rows_and_missing_ids_raise():
    df = _toy_panel()
    with pytest.raises(SpecificationError, match="Repeated"):
        DynamicPanelGMM(pd.concat([df, df.head(1)]), "id", "year", "y", "L.y", gmm="y").fit()
    with pytest.raises(SpecificationError, match="entity"):
        DynamicPanelGMM(df, "firm", "year", "y", "L.y", gmm="y")


def test_expand_varlist_lag_operators():
    cols = ["n", "k", "ys", "yr1976", "yr1977"]
    assert expand_varlist("L(0/2).(k ys) yr*", cols) == [
        "k", "L.k", "L2.k", "ys", "L.ys", "L2.ys", "yr1976", "yr1977"]
    assert expand_varlist("L(1/2).n L2.n D.k LD.k F.k", cols) == ["L.n", "L2.n", "L2.n", "D.k", "LD.k", "F.k"]


def test_wald_test_of_equal_coefficients(abdata):
    res = _roodman_a(abdata, twostep=True)
    t = res.test_equal("w", "L.w")
    b, V = res.params, res.cov
    d = b["w"] - b["L.w"]
    var = V.loc["w", "w"] + V.loc["L.w", "L.w"] - 2 * V.loc["w", "L.w"]
    assert t.stat == pytest.approx(d * d / var, rel=1e-10)
    assert t.df == 1 and 0 <= t.pvalue <= 1
    joint = res.wald_test(["w = 0", "L.w + w = 0"])
    assert joint.df == 2
    R = np.zeros((1, len(b))); R[0, 0] = 1
    assert res.wald_test(R).stat == pytest.approx(res.tstats["L.n"] ** 2, rel=1e-10)
    ci = res.conf_int()
    assert (ci["lower"] < res.params).all() and (res.params < ci["upper"]).all()
    assert "Arellano-Bond" in res.summary() and "<table" in res._repr_html_()


def test_orthogonal_deviations_and_nonrobust_options_run(abdata):
    res = xtabond2("n L.n L2.n w L.w L(0/2).(k ys) yr*", gmm="L.n", iv="w L.w L(0/2).(k ys) yr*",
                   nolevel=True, orthogonal=True, twostep=True, robust=True, data=abdata, i="id", t="year")
    assert np.isfinite(res.params).all() and np.isfinite(res.std_errors).all()
    assert np.isfinite(res.ar1.stat) and res.hansen.df == res.n_instruments - res.n_params
    res1 = _roodman_a(abdata).model.fit(steps=1, robust=False)
    assert res1.hansen is None and np.isfinite(res1.ar2.stat)
    # Roodman (2009): one-step non-robust Sargan equals the robust run's Sargan
    assert round(res1.sargan.stat, 2) == 67.59


def test_load_abdata_offline_fallback_is_labelled(tmp_path, monkeypatch):
    """Without a copy and without the network: a clear error, or a labelled synthetic stand-in."""

    monkeypatch.delenv("ABDATA", raising=False)
    monkeypatch.setattr(gmm, "ABDATA_URL", "http://127.0.0.1:9/abdata.dta")
    with pytest.raises(DataError, match="Set ABDATA="):
        gmm.load_abdata(tmp_path / "missing.csv", timeout=2)
    df = gmm.load_abdata(tmp_path / "missing.csv", timeout=2, synthetic_fallback=True)
    assert "SYNTHETIC" in df.attrs["source"]
    assert {"id", "year", "n", "w", "k", "ys", "yr1980"} <= set(df.columns)
    assert df["id"].nunique() == 140 and df.groupby("id").size().between(7, 9).all()
