"""Measures: each computed by hand on the synthetic system (direct numpy on the known arrays)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wiodbook import measures as m
from wiodbook import wiod
from wiodbook.codes import DIGITAL_SECTORS, INDUSTRIES, MANUFACTURING, PRODUCER_SERVICES, SERVICES, YEARS
from wiodbook.errors import SpecificationError
from wiodbook.inputoutput import IOSystem

N = len(INDUSTRIES)
U = INDUSTRIES.index("U")
IDX = {c: i for i, c in enumerate(INDUSTRIES)}


@pytest.fixture(scope="module")
def tables(synthetic_release, tmp_path_factory):
    """The parsed synthetic NIOTs (as an IOSystem) and SEA, read once for the module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIODBOOK_CACHE", str(tmp_path_factory.mktemp("measures-cache")))
        niot = wiod.load_niot(None, synthetic_release)
        sea = wiod.load_sea(synthetic_release)
    return IOSystem.from_niot(niot), sea


def _rows(codes):
    return [IDX[c] for c in codes]


def _by_hand_B(sc, t):
    eye = np.eye(N)
    B = np.linalg.inv(eye - sc.Ad[t] - sc.Am[t]) - eye
    Bd = np.linalg.inv(eye - sc.Ad[t]) - eye
    return B, Bd


@pytest.mark.parametrize("digital", ["core", "broad"])
def test_complete_dependence_by_hand(tables, synthetic_systems, digital):
    system, _ = tables
    got = m.digital_dependence(system, digital=digital)
    D = _rows(DIGITAL_SECTORS[digital])
    for iso3, sc in synthetic_systems.items():
        for t in (0, 7, 14):
            B, Bd = _by_hand_B(sc, t)
            total, dom = 100 * B[D].sum(axis=0), 100 * Bd[D].sum(axis=0)
            sub = got.xs((iso3, YEARS[t]), level=("country", "year"))
            assert list(sub.index) == list(INDUSTRIES)
            keep = np.arange(N) != U
            np.testing.assert_allclose(sub["total"].to_numpy()[keep], total[keep], rtol=1e-9, atol=1e-9)
            np.testing.assert_allclose(sub["domestic"].to_numpy()[keep], dom[keep], rtol=1e-9, atol=1e-9)
            np.testing.assert_allclose(sub["foreign"].to_numpy()[keep], (total - dom)[keep], rtol=1e-9, atol=1e-9)
            if digital == "core":  # the generator's own record of DIG x 100
                np.testing.assert_allclose(sub["total"].to_numpy()[keep], sc.dig[t][keep], rtol=1e-9)
            # U produces nothing: no input structure, NaN rather than the zero column of A
            assert np.isnan(sub.loc["U"]).all()
    assert len(got) == len(system) * N


def test_direct_dependence_by_hand(tables, synthetic_systems):
    system, _ = tables
    got = m.digital_dependence(system, method="direct")
    D = _rows(DIGITAL_SECTORS["core"])
    sc, t = synthetic_systems["MLT"], YEARS.index(2009)
    sub = got.xs(("MLT", 2009), level=("country", "year")).drop(index="U")
    keep = [i for i in range(N) if i != U]
    dom = 100 * sc.Ad[t][D].sum(axis=0)[keep]
    foreign = 100 * sc.Am[t][D].sum(axis=0)[keep]
    np.testing.assert_allclose(sub["domestic"], dom, rtol=1e-9)
    np.testing.assert_allclose(sub["foreign"], foreign, rtol=1e-9)
    np.testing.assert_allclose(sub["total"], dom + foreign, rtol=1e-9)
    # complete >= direct (B = A + A^2 + ...)
    complete = m.digital_dependence(system).xs(("MLT", 2009), level=("country", "year")).drop(index="U")
    assert (complete["total"] >= sub["total"] - 1e-12).all()


def test_bad_choices_say_what_to_choose(tables):
    system, sea = tables
    with pytest.raises(SpecificationError, match="core"):
        m.digital_dependence(system, digital="everything")
    with pytest.raises(SpecificationError, match="complete"):
        m.digital_dependence(system, method="total")
    with pytest.raises(SpecificationError, match="EMP"):
        m.ln_tfp(sea, labour="HOURS")
    # a custom list of digital sectors works
    custom = m.digital_dependence(system, digital=["J61"], method="direct")
    sc_ok = custom["total"].notna()
    assert (custom.loc[sc_ok, "total"] >= 0).all()


@pytest.mark.parametrize("services,pool", [("all", SERVICES), ("producer", PRODUCER_SERVICES)])
def test_servitization_excludes_digital_sectors(tables, synthetic_systems, services, pool):
    system, _ = tables
    for digital in ("core", "broad"):
        got = m.servitization(system, services=services, digital=digital)
        S = [IDX[c] for c in pool if c not in DIGITAL_SECTORS[digital]]
        assert IDX["J61"] not in S and IDX["J62_J63"] not in S
        sc, t = synthetic_systems["DEU"], YEARS.index(2004)
        B, _ = _by_hand_B(sc, t)
        want = 100 * B[S].sum(axis=0)
        sub = got.xs(("DEU", 2004), level=("country", "year"))
        np.testing.assert_allclose(sub.drop(index="U"), np.delete(want, U), rtol=1e-9)


def test_niot_controls_by_hand(tables, synthetic_systems):
    system, _ = tables
    exp = m.export_intensity(system)
    imp = m.foreign_input_share(system)
    sc, t = synthetic_systems["CHN"], YEARS.index(2014)
    x = sc.x[t]
    keep = np.arange(N) != U
    exports = sc.fd[t][:, 5]  # the EXP column of the final use of domestic products
    np.testing.assert_allclose(exp.xs(("CHN", 2014), level=("country", "year"))[keep], (exports / np.where(keep, x, 1))[keep], rtol=1e-9)
    with np.errstate(invalid="ignore"):  # U buys nothing: 0 / 0
        share = (sc.Am[t] * x).sum(axis=0) / ((sc.Ad[t] + sc.Am[t]) * x).sum(axis=0)
    np.testing.assert_allclose(imp.xs(("CHN", 2014), level=("country", "year"))[keep], share[keep], rtol=1e-9)
    assert np.isnan(exp.loc[("CHN", 2014, "U")]) and np.isnan(imp.loc[("CHN", 2014, "U")])


def test_ln_tfp_recovers_the_known_process(tables, synthetic_systems):
    """fixtures sets EMP so that ln VA_real - alpha ln K_real - (1-alpha) ln EMP = sc.ln_tfp."""
    _, sea = tables
    tfp = m.ln_tfp(sea)
    for iso3, sc in synthetic_systems.items():
        got = tfp.xs(iso3, level="country").unstack("code")[list(INDUSTRIES)]
        assert list(got.index) == list(YEARS)
        keep = [c for c in INDUSTRIES if c != "U"]
        # the SEA cells are rounded to 6 decimals, nothing else separates the two
        np.testing.assert_allclose(got[keep].to_numpy(), sc.ln_tfp[:, [IDX[c] for c in keep]], atol=1e-5)
        assert got["U"].isna().all()  # zero output: reported by upgrading_problems, not dropped silently


def _wide(sea, var):
    return sea[var].unstack("year")


def test_sea_measures_by_hand(tables):
    _, sea = tables
    c, code = "DEU", "C29"
    s = sea.loc[(c, code)]  # indexed by year
    va_real = s.loc[2010, "VA"] * s["VA_QI"] / 100
    k_real = s["K"] / (s["GO_PI"] / 100)
    alpha = np.clip((s["CAP"] / s["VA"]).mean(), 0.05, 0.95)
    want_tfp = np.log(va_real) - alpha * np.log(k_real) - (1 - alpha) * np.log(s["EMP"])
    want_h = np.log(va_real) - alpha * np.log(k_real) - (1 - alpha) * np.log(s["H_EMPE"])
    pick = lambda series: series.xs((c, code), level=("country", "code")).sort_index()  # noqa: E731
    np.testing.assert_allclose(pick(m.ln_tfp(sea)), want_tfp, rtol=1e-12)
    np.testing.assert_allclose(pick(m.ln_tfp(sea, labour="H_EMPE")), want_h, rtol=1e-12)
    np.testing.assert_allclose(pick(m.ln_labour_productivity(sea)), np.log(va_real / s["EMP"]), rtol=1e-12)
    np.testing.assert_allclose(pick(m.value_added_rate(sea)), s["VA"] / s["GO"], rtol=1e-12)
    np.testing.assert_allclose(pick(m.ln_real_output(sea)), np.log(s.loc[2010, "GO"] * s["GO_QI"] / 100), rtol=1e-12)
    np.testing.assert_allclose(pick(m.capital_deepening(sea)), np.log(k_real / s["EMP"]), rtol=1e-12)
    np.testing.assert_allclose(pick(m.labour_share(sea)), s["LAB"] / s["VA"], rtol=1e-12)
    np.testing.assert_allclose(m.capital_elasticity(sea).loc[(c, code)], alpha, rtol=1e-12)
    # the alternative deflator
    k_va = s["K"] / (s["VA_PI"] / 100)
    want_va = np.log(va_real) - alpha * np.log(k_va) - (1 - alpha) * np.log(s["EMP"])
    np.testing.assert_allclose(pick(m.ln_tfp(sea, capital_deflator="VA_PI")), want_va, rtol=1e-12)
    # China has no hours: TFP with hours is NaN there, with the reason
    assert m.ln_tfp(sea, labour="H_EMPE").xs("CHN", level="country").isna().all()
    why = m.upgrading_problems(sea, "ln_tfp_h").xs("CHN", level="country")
    assert why.str.contains("H_EMPE missing").all()


def test_alpha_is_clipped(tables):
    _, sea = tables
    s = sea.copy()
    s.loc[("DEU", "C10-C12"), "CAP"] = (s.loc[("DEU", "C10-C12"), "VA"] * 0.99).to_numpy()
    s.loc[("DEU", "C16"), "CAP"] = (s.loc[("DEU", "C16"), "VA"] * 0.01).to_numpy()
    alpha = m.capital_elasticity(s)
    assert alpha.loc[("DEU", "C10-C12")] == 0.95 and alpha.loc[("DEU", "C16")] == 0.05
    assert m.capital_elasticity(s, alpha_bounds=(0.0, 1.0)).loc[("DEU", "C16")] == pytest.approx(0.01)


def test_misallocation_by_hand(tables):
    _, sea = tables
    c, year = "MLT", 2006
    sub = sea.xs(c, level="country").xs(year, level="year").loc[list(MANUFACTURING)]
    full = sea.xs(c, level="country")
    alpha = np.array([np.clip((full.loc[j, "CAP"] / full.loc[j, "VA"]).mean(), 0.05, 0.95) for j in MANUFACTURING])
    va, k, emp = sub["VA"].to_numpy(), sub["K"].to_numpy(), sub["EMP"].to_numpy()
    s = va / va.sum()
    beta_k, beta_l = (s * alpha).sum(), (s * (1 - alpha)).sum()
    tau_k = 1 / ((k / k.sum()) / (s * alpha / beta_k)) - 1
    tau_l = 1 / ((emp / emp.sum()) / (s * (1 - alpha) / beta_l)) - 1
    want = np.abs(tau_k) + np.abs(tau_l)
    got = m.misallocation(sea).xs((c, year), level=("country", "year")).loc[list(MANUFACTURING)]
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-10)
    # non-manufacturing industries are outside the sum: NaN
    assert m.misallocation(sea).xs((c, year), level=("country", "year")).drop(index=list(MANUFACTURING)).isna().all()
    # an industry without finite inputs leaves the sum: the others are recomputed without it
    bad = sea.copy()
    bad.loc[(c, "C33", year), "K"] = 0.0
    got2 = m.misallocation(bad).xs((c, year), level=("country", "year"))
    assert np.isnan(got2["C33"])
    keep = [j for j in MANUFACTURING if j != "C33"]
    s2 = sub.loc[keep, "VA"].to_numpy() / sub.loc[keep, "VA"].sum()
    a2 = alpha[:-1]
    bk = (s2 * a2).sum()
    tk = 1 / ((sub.loc[keep, "K"].to_numpy() / sub.loc[keep, "K"].sum()) / (s2 * a2 / bk)) - 1
    bl = (s2 * (1 - a2)).sum()
    tl = 1 / ((sub.loc[keep, "EMP"].to_numpy() / sub.loc[keep, "EMP"].sum()) / (s2 * (1 - a2) / bl)) - 1
    np.testing.assert_allclose(got2[keep].to_numpy(), np.abs(tk) + np.abs(tl), rtol=1e-10)


def test_nonfinite_values_are_reported_with_the_reason(tables):
    """A manufacturing industry with zero capital in one year and one with no value added at all."""
    _, sea = tables
    bad = sea.copy()
    bad.loc[("DEU", "C33", 2003), "K"] = 0.0
    bad.loc[("DEU", "C17"), ["VA", "CAP", "VA_QI"]] = 0.0
    bad.loc[("MLT", "C20", 2011), "EMP"] = np.nan
    tfp = m.ln_tfp(bad)
    assert np.isnan(tfp.loc[("DEU", 2003, "C33")]) and np.isfinite(tfp.loc[("DEU", 2004, "C33")])
    assert tfp.xs(("DEU", "C17"), level=("country", "code")).isna().all()
    why = m.upgrading_problems(bad)
    assert why.loc[("DEU", 2003, "C33")] == "K <= 0"
    assert why.loc[("DEU", 2004, "C33")] == ""
    assert "VA_2010 <= 0" in why.loc[("DEU", 2005, "C17")]
    assert "alpha undefined" in why.loc[("DEU", 2005, "C17")]
    assert why.loc[("MLT", 2011, "C20")] == "EMP missing"
    # every non-finite value has a reason, every finite one none
    assert ((why != "") == tfp.reindex(why.index).isna()).all()
    man = tfp[tfp.index.get_level_values("code").isin(MANUFACTURING)]
    report = m.nonfinite_report(man, why)
    assert list(report["code"]) == ["C17", "C33", "C20"]  # DEU first, then MLT; release order within
    r = report.set_index(["country", "code"])
    assert r.loc[("DEU", "C33"), "years"] == "2003" and not r.loc[("DEU", "C33"), "entirely"]
    assert r.loc[("DEU", "C17"), "n_years"] == 15 and r.loc[("DEU", "C17"), "entirely"]
    assert r.loc[("MLT", "C20"), "reason"] == "EMP missing"
    # industry U (not manufacturing) has zero output everywhere: reported when asked for
    full = m.nonfinite_report(tfp, why).set_index(["country", "code"])
    assert full.loc[("CHN", "U"), "entirely"] and "VA_2010 <= 0" in full.loc[("CHN", "U"), "reason"]


def test_leave_one_out_mean_by_hand():
    idx = pd.MultiIndex.from_product([["A", "B", "C"], [2000, 2001], ["C10-C12", "C29"]],
                                     names=["country", "year", "code"])
    v = pd.Series(np.arange(12, dtype=float), index=idx, name="dig")
    v.loc[("C", 2001, "C29")] = np.nan
    loo = m.leave_one_out_mean(v)
    assert loo.name == "dig_loo"
    assert loo.loc[("A", 2000, "C10-C12")] == pytest.approx((4 + 8) / 2)
    assert loo.loc[("B", 2001, "C29")] == pytest.approx(3.0)  # C is missing: only A counts
    assert loo.loc[("C", 2001, "C29")] == pytest.approx((3 + 7) / 2)  # own value missing: mean of others
    one = m.leave_one_out_mean(v.xs("A", level="country", drop_level=False))
    assert one.isna().all()  # no other country


def test_technology_groups():
    t = m.technology_groups(["C21", "C29", "C19", "C10-C12", "J61"])
    assert list(t["tech_group"].iloc[:4]) == ["high", "medium-high", "medium-low", "low"]
    assert list(t["high_tech"].iloc[:4]) == [True, True, False, False]
    assert pd.isna(t.loc["J61", "tech_group"]) and pd.isna(t.loc["J61", "high_tech"])
