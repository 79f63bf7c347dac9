"""The analysis panel: shape, flags, known values, cache, data dictionary, non-finite reporting."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from wiodbook import config, country, wiod
from wiodbook import panel as pn
from wiodbook.__main__ import main
from wiodbook.codes import DIGITAL_SECTORS, INDUSTRIES, MANUFACTURING, YEARS

IDX = {c: i for i, c in enumerate(INDUSTRIES)}


@pytest.fixture(scope="module")
def built(synthetic_release, tmp_path_factory):
    """The default panel of the synthetic release, built once (private cache)."""
    cache = tmp_path_factory.mktemp("panel-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIODBOOK_CACHE", str(cache))
        result = pn.build_panel(synthetic_release, synthetic_release / "country")
    return result, cache


@pytest.fixture(scope="module")
def tables(built, synthetic_release):
    _, cache = built
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIODBOOK_CACHE", str(cache))
        niot = wiod.load_niot(None, synthetic_release)
        sea = wiod.load_sea(synthetic_release)
    indicators = country.read_country_indicators(synthetic_release / "country")
    return niot, sea, indicators


def test_shape_ids_and_sample_flag(built):
    result, _ = built
    d = result.data
    assert d.shape[0] == 3 * 19 * 15
    assert set(d["industry"]) == set(MANUFACTURING)
    assert set(d["year"]) == set(YEARS)
    assert not d.duplicated(["country", "industry", "year"]).any()
    assert (d["entity"] == d["country"] + ":" + d["industry"]).all()
    c26 = d["industry"] == "C26"
    assert not d.loc[c26, "in_sample"].any()
    assert d.loc[c26, "sample_note"].str.startswith("C26 excluded").all()
    assert d.loc[~c26, "in_sample"].all() and (d.loc[~c26, "sample_note"] == "").all()
    assert len(result.sample) == 3 * 18 * 15
    assert len(result.regression_entities()) == 54
    assert result.dropped_entities().empty and result.partially_dropped().empty
    assert result.indexed().index.names == ["entity", "year"]
    # groupings
    assert (d.loc[d["industry"] == "C29", "tech_group"] == "medium-high").all()
    assert d.loc[d["industry"] == "C29", "high_tech"].all() and not d.loc[d["industry"] == "C16", "high_tech"].any()


def test_values_match_the_known_system(built, synthetic_systems):
    result, _ = built
    d = result.data.set_index(["country", "industry", "year"]).sort_index()
    D = [IDX[c] for c in DIGITAL_SECTORS["core"]]
    Dbroad = [IDX[c] for c in DIGITAL_SECTORS["broad"]]
    eye = np.eye(56)
    for iso3, sc in synthetic_systems.items():
        t = YEARS.index(2012)
        B = np.linalg.inv(eye - sc.Ad[t] - sc.Am[t]) - eye
        Bd = np.linalg.inv(eye - sc.Ad[t]) - eye
        for code in ("C10-C12", "C26", "C29", "C33"):
            j = IDX[code]
            row = d.loc[(iso3, code, 2012)]
            assert row["dig"] == pytest.approx(sc.dig[t, j], rel=1e-9)
            assert row["dig_dom"] == pytest.approx(100 * Bd[D, j].sum(), rel=1e-9)
            assert row["dig_for"] == pytest.approx(100 * (B[D, j].sum() - Bd[D, j].sum()), rel=1e-9)
            assert row["dig_direct_for"] == pytest.approx(100 * sc.Am[t][D, j].sum(), rel=1e-9)
            assert row["dig_broad"] == pytest.approx(100 * B[Dbroad, j].sum(), rel=1e-9)
            assert row["ln_tfp"] == pytest.approx(sc.ln_tfp[t, j], abs=1e-5)
            assert row["upg"] == row["ln_tfp"]
    # leave-one-out: mean over the other two countries
    others = [d.loc[(c, "C29", 2005), "dig"] for c in ("DEU", "MLT")]
    assert d.loc[("CHN", "C29", 2005), "dig_loo"] == pytest.approx(np.mean(others))
    # China has no hours
    assert d.loc["CHN", "ln_tfp_h"].isna().all() and d.loc["DEU", "ln_tfp_h"].notna().all()


def test_country_series_are_merged_with_gaps(built, synthetic_release):
    result, _ = built
    d = result.data
    ind = country.read_country_indicators(synthetic_release / "country")
    g = country.country_groups(ind, "broadband")
    per = d.groupby("country")[["broadband_z", "broadband_group", "tariff_mean"]].first()
    for c in ("CHN", "DEU", "MLT"):
        assert per.loc[c, "broadband_z"] == pytest.approx(g.loc[c, "z"])
        assert per.loc[c, "broadband_group"] == g.loc[c, "group"]
    assert (d.groupby("country")["broadband_z"].nunique() == 1).all()
    assert (result.country_gaps()["n_missing"] == 0).all()


def test_cache_hit_and_rebuild(synthetic_release, cache_dir, tmp_path):
    first = pn.build_panel(synthetic_release, synthetic_release / "country")
    assert not first.from_cache and first.path.is_file()
    assert first.path.parent == config.cache_dir() / "panel"
    again = pn.build_panel(synthetic_release, synthetic_release / "country")
    assert again.from_cache and again.key == first.key
    pd.testing.assert_frame_equal(again.data, first.data)
    # a parameter changes: a new panel
    c26 = pn.build_panel(synthetic_release, synthetic_release / "country", include_c26=True)
    assert not c26.from_cache and c26.key != first.key
    assert c26.data.loc[c26.data["industry"] == "C26", "in_sample"].all()
    broad = pn.build_panel(synthetic_release, synthetic_release / "country", digital="broad")
    assert "dig_core" in broad.data and "dig_broad" not in broad.data
    np.testing.assert_allclose(broad.data["dig_core"], first.data["dig"])
    np.testing.assert_allclose(broad.data["dig"], first.data["dig_broad"])
    # an input changes: a new panel
    copy = tmp_path / "release"
    shutil.copytree(synthetic_release, copy)
    csv = copy / "country" / "country_indicators.csv"
    lines = csv.read_text().splitlines()
    csv.write_text("\n".join(lines[:-1]) + "\n")  # drop the last row
    changed = pn.build_panel(copy, copy / "country")
    assert not changed.from_cache and changed.key != first.key
    # a damaged cache file is rebuilt, not trusted
    first.path.write_bytes(b"not parquet")
    rebuilt = pn.build_panel(synthetic_release, synthetic_release / "country")
    assert not rebuilt.from_cache
    pd.testing.assert_frame_equal(rebuilt.data, first.data)


def test_data_dictionary_in_sync(built):
    result, _ = built
    readme = config.ROOT / "data" / "README.md"
    assert readme.read_text(encoding="utf-8") == pn.data_dictionary_markdown(), (
        "data/README.md is out of date: run python -c 'from wiodbook.panel import write_data_dictionary; "
        "write_data_dictionary()'"
    )
    assert set(result.data.columns) <= set(pn.DICTIONARY)
    names = [c.name for c in pn.DATA_DICTIONARY]
    assert len(names) == len(set(names))
    for c in pn.DATA_DICTIONARY:
        assert c.meaning and c.formula and c.unit and c.source and c.status in ("paper", "standard", "id")


def test_write_data_dictionary(tmp_path):
    path = pn.write_data_dictionary(tmp_path / "README.md")
    text = path.read_text(encoding="utf-8")
    assert "| `dig` |" in text and "| `ln_tfp` |" in text and "GO_PI" in text


def test_nonfinite_manufacturing_rows_are_dropped_explicitly(tables):
    niot, sea, indicators = tables
    bad = sea.copy()
    bad.loc[("DEU", "C17"), ["VA", "CAP", "VA_QI", "K", "EMP"]] = 0.0  # no value added at all
    bad.loc[("MLT", "C33", 2007), "K"] = -1.0
    d = pn.assemble_panel(niot, bad, indicators)
    result = pn.Panel(d, {"include_c26": False, "digital": "core", "upgrading": "ln_tfp",
                          "alpha_bounds": (0.05, 0.95), "capital_deflator": "GO_PI",
                          "country_window": (2004, 2014), "tie_rule": "above_median"})
    row = d.set_index(["country", "industry", "year"])
    assert not row.loc[("MLT", "C33", 2007), "in_sample"]
    assert row.loc[("MLT", "C33", 2007), "sample_note"] == "ln_tfp not finite: K <= 0"
    assert row.loc[("MLT", "C33", 2008), "in_sample"]
    dropped = result.dropped_entities()
    assert list(dropped["entity"]) == ["DEU:C17"]
    assert "VA_2010 <= 0" in dropped["reason"].iloc[0]
    part = result.partially_dropped()
    assert list(part["entity"]) == ["MLT:C33"] and part["years"].iloc[0] == "2007"
    assert len(result.dropped_rows()) == 16
    assert len(result.sample) == 3 * 18 * 15 - 16
    text = result.describe()
    assert "DEU:C17" in text and "entities dropped entirely: 1" in text
    nf = result.nonfinite("ln_tfp").set_index(["country", "industry"])
    assert nf.loc[("DEU", "C17"), "n_years"] == 15


def test_summary_statistics(built):
    result, _ = built
    table = pn.summary_statistics(result, ["dig", "ln_tfp", "exp_int"])
    s = result.sample
    assert list(table.index) == ["dig", "ln_tfp", "exp_int"]
    assert table.loc["dig", "N"] == len(s)
    assert table.loc["dig", "mean"] == pytest.approx(s["dig"].mean())
    assert table.loc["ln_tfp", "sd"] == pytest.approx(s["ln_tfp"].std(ddof=1))
    assert table.loc["exp_int", "max"] == pytest.approx(s["exp_int"].max())
    default = pn.summary_statistics(result)
    assert "dig" in default.index and default["meaning"].str.len().gt(0).all()


def test_command_writes_the_panel(synthetic_release, built, tmp_path, monkeypatch, capsys):
    _, cache = built
    monkeypatch.setenv("WIODBOOK_CACHE", str(cache))
    for name in ("panel.parquet", "panel.csv"):
        out = tmp_path / name
        rc = main(["panel", "--wiod-dir", str(synthetic_release), "--country-dir",
                   str(synthetic_release / "country"), "--out", str(out)])
        assert rc == 0 and out.is_file()
        text = capsys.readouterr().out
        assert "855 rows" in text and "regression sample: 810 rows" in text and "built in" in text
        back = pd.read_parquet(out) if name.endswith("parquet") else pd.read_csv(out)
        assert back.shape == (855, built[0].data.shape[1])
    rc = main(["panel", "--wiod-dir", str(synthetic_release), "--country-dir",
               str(synthetic_release / "country"), "--out", str(tmp_path / "panel.xlsx")])
    assert rc == 2 and ".parquet or .csv" in capsys.readouterr().err


@pytest.mark.realdata
def test_real_panel(real_wiod_dir):
    country_dir = config.country_dir()
    if not (country_dir / "country_indicators.csv").is_file():
        country_dir = real_wiod_dir.parent / "country"
    result = pn.build_panel(real_wiod_dir, country_dir)
    assert result.shape[0] == 43 * 19 * 15
    assert len(result.regression_entities()) == 774
    dropped = result.dropped_entities()
    assert 10 <= len(dropped) <= 25, dropped
    assert set(result.data.columns) <= set(pn.DICTIONARY)
    assert result.data["exp_int"].max() > 1  # re-exports (METHOD.md)
