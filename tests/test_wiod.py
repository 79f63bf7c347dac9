"""The WIOD parsers on synthetic workbooks in the release's layout, good and bad."""

from __future__ import annotations

import copy
import shutil

import numpy as np
import pandas as pd
import pytest

from wiodbook import fixtures, wiod
from wiodbook.codes import FINAL_USE, INDUSTRIES, YEARS
from wiodbook.errors import DataError


@pytest.fixture(scope="module")
def deu_rows(synthetic_systems):
    return fixtures._niot_rows(synthetic_systems["DEU"], YEARS)


def _write_bad(tmp_path, rows, name="DEU_NIOT_nov16.xlsx", sheet="National IO-tables"):
    path = tmp_path / name
    fixtures._write_xlsx(path, {"Notes": [["Country", "Germany"]], sheet: rows})
    return path


def test_read_niot_labels_and_values(synthetic_release, synthetic_systems):
    niot = wiod.read_niot(synthetic_release / "niot" / "DEU_NIOT_nov16.xlsx", "DEU")
    assert niot.shape == (len(YEARS) * 120, 56 + len(FINAL_USE) + 1)
    assert list(niot.columns[:56]) == list(INDUSTRIES)
    assert niot.index.names == ["year", "origin", "code"]
    sc = synthetic_systems["DEU"]
    t = YEARS.index(2007)
    go = niot.loc[(2007, "TOT", "GO"), list(INDUSTRIES)].to_numpy()
    np.testing.assert_allclose(go, sc.x[t], rtol=1e-12)
    zd = niot.loc[(2007, "Domestic"), list(INDUSTRIES)].to_numpy()
    np.testing.assert_allclose(zd, sc.Ad[t] * sc.x[t], rtol=1e-12, atol=1e-9)
    zm = niot.loc[(2007, "Imports"), list(INDUSTRIES)].to_numpy()
    np.testing.assert_allclose(zm, sc.Am[t] * sc.x[t], rtol=1e-12, atol=1e-9)


def test_read_sea_layout_and_missing_markers(synthetic_release):
    sea = wiod.read_sea(synthetic_release / "sea" / "WIOD_SEA_Nov16.xlsx")
    assert sea.index.names == ["country", "code", "year"]
    assert list(sea.columns) == list(wiod.SEA_VARIABLES)
    assert len(sea) == len(fixtures.TEST_COUNTRIES) * 56 * 15
    # China's EMPE and H_EMPE are the text "NA" in the file: parsed as NaN, nothing else missing
    assert sea.loc["CHN", ["EMPE", "H_EMPE"]].isna().all().all()
    assert not sea.loc["DEU"].isna().any().any()
    assert list(sea.loc["DEU"].index.get_level_values("code").unique()) == list(INDUSTRIES)


def test_sea_accepts_empty_cells_as_missing(tmp_path, synthetic_systems):
    rows = fixtures._sea_rows([synthetic_systems["CHN"]], YEARS, seed=1)
    rows = [[None if v == "NA" else v for v in r] for r in rows]
    path = tmp_path / "WIOD_SEA_Nov16.xlsx"
    fixtures._write_xlsx(path, {"DATA": rows})
    sea = wiod.read_sea(path)
    assert sea.loc["CHN", "EMPE"].isna().all()
    assert sea.loc["CHN", "GO"].notna().all()


def test_cache_hit_rebuild_and_corruption(synthetic_release, cache_dir, monkeypatch):
    first = wiod.load_niot(["DEU"], synthetic_release)
    files = list((cache_dir / "niot").glob("DEU-*.parquet"))
    assert len(files) == 1
    calls = []
    original = wiod.read_niot
    monkeypatch.setattr(wiod, "read_niot", lambda *a, **k: calls.append(a) or original(*a, **k))
    second = wiod.load_niot(["DEU"], synthetic_release)
    assert calls == []  # served from the cache
    pd.testing.assert_frame_equal(first, second)
    files[0].write_bytes(b"this is not parquet")  # corrupted on disk
    third = wiod.load_niot(["DEU"], synthetic_release)
    assert len(calls) == 1  # detected and rebuilt
    pd.testing.assert_frame_equal(first, third)
    assert wiod._read_cached(files[0], {"source": "DEU_NIOT_nov16.xlsx", "sha256": wiod.file_sha256(
        synthetic_release / "niot" / "DEU_NIOT_nov16.xlsx"), "parser": wiod.PARSER_VERSION}) is not None


def test_cache_is_keyed_by_checksum(synthetic_release, cache_dir, tmp_path):
    base = tmp_path / "copy"
    (base / "niot").mkdir(parents=True)
    shutil.copy(synthetic_release / "niot" / "DEU_NIOT_nov16.xlsx", base / "niot" / "DEU_NIOT_nov16.xlsx")
    wiod.load_niot(["DEU"], base)
    # a different file under the same name (here: Malta's table) must not be served from the cache
    shutil.copy(synthetic_release / "niot" / "MLT_NIOT_nov16.xlsx", base / "niot" / "DEU_NIOT_nov16.xlsx")
    again = wiod.load_niot(["DEU"], base)
    direct = wiod.read_niot(base / "niot" / "DEU_NIOT_nov16.xlsx")
    np.testing.assert_array_equal(again.to_numpy(), direct.to_numpy())
    assert len(list((cache_dir / "niot").glob("DEU-*.parquet"))) == 1  # the stale entry is gone


def test_balance_report_finds_the_planted_imbalance(synthetic_release, cache_dir):
    niot = wiod.load_niot(None, synthetic_release)
    report = wiod.niot_balance(niot)
    assert list(report.index) == [("MLT", 2005, "C30")]
    assert report["column_gap"].iloc[0] == pytest.approx(5.0, abs=1e-6)


# ---- bad inputs: each error names the file and the place, and says what is wrong -------

def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="XXX_NIOT_nov16.xlsx: file not found"):
        wiod.read_niot(tmp_path / "XXX_NIOT_nov16.xlsx")


def test_html_page_instead_of_workbook(tmp_path):
    path = tmp_path / "DEU_NIOT_nov16.xlsx"
    path.write_text("<!DOCTYPE html><html><title>Making sure you're not a bot!</title></html>")
    with pytest.raises(DataError, match="HTML page, not an Excel workbook"):
        wiod.read_niot(path)


def test_truncated_workbook(tmp_path, synthetic_release):
    data = (synthetic_release / "niot" / "DEU_NIOT_nov16.xlsx").read_bytes()
    path = tmp_path / "DEU_NIOT_nov16.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match="DEU_NIOT_nov16.xlsx: workbook is truncated or corrupted"):
        wiod.read_niot(path)


def test_missing_sheet(tmp_path, deu_rows):
    path = _write_bad(tmp_path, deu_rows, sheet="IO tables")
    with pytest.raises(DataError, match="sheet 'National IO-tables' is missing"):
        wiod.read_niot(path)


def test_industry_column_out_of_order(tmp_path, deu_rows):
    rows = copy.deepcopy(deu_rows)
    rows[0][4 + 5], rows[0][4 + 6] = rows[0][4 + 6], rows[0][4 + 5]
    with pytest.raises(DataError, match=r"row 1: column 10 should be 'C13-C15', found 'C16'"):
        wiod.read_niot(_write_bad(tmp_path, rows))


def test_missing_industry_column(tmp_path, deu_rows):
    rows = [r[:4 + 20] + r[4 + 21:] for r in deu_rows]  # drop C30
    with pytest.raises(DataError, match="should be 'C30', found 'C31_C32'"):
        wiod.read_niot(_write_bad(tmp_path, rows))


def test_missing_year(tmp_path, deu_rows):
    rows = deu_rows[:2] + [r for r in deu_rows[2:] if r[0] != 2009]
    with pytest.raises(DataError, match=r"missing \[2009\]"):
        wiod.read_niot(_write_bad(tmp_path, rows))


def test_row_out_of_place(tmp_path, deu_rows):
    rows = copy.deepcopy(deu_rows)
    k = 2 + 3 * 120 + 60  # year 2003, an Imports row
    rows[k][3] = "Domestic"
    with pytest.raises(DataError, match=r"year 2003, Excel row 423: expected \(2003, C10-C12, Imports\), found \(2003, C10-C12, Domestic\)"):
        wiod.read_niot(_write_bad(tmp_path, rows))


def test_non_numeric_cell(tmp_path, deu_rows):
    rows = copy.deepcopy(deu_rows)
    rows[2 + 120 + 7][4 + 19] = "n/a"  # 2001, C17 Domestic row, column C29
    with pytest.raises(DataError, match=r"year 2001, Excel row 130, column 'C29' \(row C17 Domestic\): expected a number, found 'n/a'"):
        wiod.read_niot(_write_bad(tmp_path, rows))


def test_sea_missing_column_and_bad_cell(tmp_path, synthetic_systems):
    rows = fixtures._sea_rows([synthetic_systems["DEU"]], YEARS, seed=1)
    no_2005 = [r[:9] + r[10:] for r in rows]
    path = tmp_path / "WIOD_SEA_Nov16.xlsx"
    fixtures._write_xlsx(path, {"DATA": no_2005})
    with pytest.raises(DataError, match=r"columns \['2005'\] are missing"):
        wiod.read_sea(path)
    bad = copy.deepcopy(rows)
    bad[1 + 56 * 3 + 4][4 + 2] = "x"  # EMP, C10-C12, 2002
    fixtures._write_xlsx(path, {"DATA": bad})
    with pytest.raises(DataError, match=r"year 2002 \(country DEU, variable EMP, industry C10-C12\): expected a number"):
        wiod.read_sea(path)


def test_bad_workbook_does_not_destroy_cache(synthetic_release, cache_dir, tmp_path):
    base = tmp_path / "copy"
    (base / "niot").mkdir(parents=True)
    target = base / "niot" / "DEU_NIOT_nov16.xlsx"
    shutil.copy(synthetic_release / "niot" / "DEU_NIOT_nov16.xlsx", target)
    good = wiod.load_niot(["DEU"], base)
    cached = list((cache_dir / "niot").glob("*.parquet"))
    target.write_bytes(target.read_bytes()[:1000])  # the file gets truncated later
    with pytest.raises(DataError):
        wiod.load_niot(["DEU"], base)
    assert list((cache_dir / "niot").glob("*.parquet")) == cached  # nothing lost
    shutil.copy(synthetic_release / "niot" / "DEU_NIOT_nov16.xlsx", target)
    pd.testing.assert_frame_equal(good, wiod.load_niot(["DEU"], base))


@pytest.mark.realdata
def test_real_release_parses(real_wiod_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("WIODBOOK_CACHE", str(tmp_path))
    niot = wiod.load_niot(["DEU", "LUX"], real_wiod_dir)
    assert niot.shape == (2 * 15 * 120, 63)
    sea = wiod.load_sea(real_wiod_dir)
    assert sea.index.get_level_values("country").nunique() == 43
