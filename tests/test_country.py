"""Country series: reading and validation, the panel, median splits with ties, gaps, downloads.

Every test but the last builds its own small ``country_indicators.csv`` in ``tmp_path`` with known
values; the World Bank API and the PWT download are served by a loopback HTTP server. The last test
(marked ``realdata``) reads the real file from ``COUNTRY_DIR`` and is skipped without it.
"""

from __future__ import annotations

import io
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pytest

from wiodbook import country
from wiodbook.codes import COUNTRIES
from wiodbook.errors import DataError, DownloadError, SpecificationError

BB = "IT.NET.BBND.P2"
TAR = "TM.TAX.MRCH.WM.AR.ZS"
WINDOW = range(2004, 2015)

# Broadband, window 2004-2014: means AUT 10, BEL 20, CAN 30, DEU 40 (not constant), FRA 50 on
# 2010-2014 only (partial), TWN nothing. AUT also has 2000-2003 values (outside the window, = 99).
# Median of the five means = 30 -> CAN ties.
# Tariff: AUT BEL DEU FRA 2.0 (the EU rate), USA 1.5, JPN 3.0, CHN 5.0 (missing 2012-2013),
# no LUX, no TWN. Median of seven means = 2.0 -> four EU ties.


def synthetic_rows() -> list[tuple]:
    rows = []
    for y in range(2000, 2004):
        rows.append(("AUT", y, BB, 99.0, "test"))
    for y in WINDOW:
        rows += [("AUT", y, BB, 10.0, "test"), ("BEL", y, BB, 20.0, "test"),
                 ("CAN", y, BB, 30.0, "test"), ("DEU", y, BB, 40.0 + (y - 2009), "test")]
        if y >= 2010:
            rows.append(("FRA", y, BB, 50.0, "test"))
        for iso in ("AUT", "BEL", "DEU", "FRA"):
            rows.append((iso, y, TAR, 2.0, "test"))
        rows += [("USA", y, TAR, 1.5, "test"), ("JPN", y, TAR, 3.0, "test")]
        if y not in (2012, 2013):
            rows.append(("CHN", y, TAR, 5.0, "test"))
    return rows


def write_csv(folder: Path, rows, header="iso3,year,indicator,value,source") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "country_indicators.csv"
    lines = [header] + [",".join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def csv_path(tmp_path) -> Path:
    return write_csv(tmp_path / "country", synthetic_rows())


@pytest.fixture
def tidy(csv_path) -> pd.DataFrame:
    return country.read_country_indicators(csv_path.parent)


# ------------------------------------------------------------------------------------ reading


def test_read_returns_tidy_frame(tidy, csv_path):
    assert list(tidy.columns) == ["iso3", "year", "indicator", "value", "source"]
    assert len(tidy) == len(synthetic_rows())
    assert tidy["year"].dtype == np.int64 and tidy["value"].dtype == np.float64
    assert set(tidy["indicator"]) == {BB, TAR}
    # the file path and the folder give the same frame
    pd.testing.assert_frame_equal(tidy, country.read_country_indicators(csv_path))


def test_read_default_is_country_dir(csv_path, monkeypatch):
    monkeypatch.setenv("COUNTRY_DIR", str(csv_path.parent))
    assert len(country.read_country_indicators()) == len(synthetic_rows())


def test_missing_file_names_path_and_remedy(tmp_path):
    with pytest.raises(DataError, match="no such file") as e:
        country.read_country_indicators(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere" / "country_indicators.csv") in str(e.value)
    assert "COUNTRY_DIR" in str(e.value)


def test_missing_column(tmp_path):
    path = write_csv(tmp_path, [("AUT", 2004, BB, 1.0)], header="iso3,year,indicator,value")
    with pytest.raises(DataError, match=r"missing column\(s\) \['source'\]") as e:
        country.read_country_indicators(path)
    assert str(path) in str(e.value)


@pytest.mark.parametrize(
    "bad_row, problem",
    [
        (("AUT", 2005, BB, "n/a", "x"), "not a number"),
        (("AUT", 2005, BB, "", "x"), "empty value"),
        (("XXX", 2005, BB, 1.0, "x"), "not one of the 43 WIOD countries"),
        (("AUT", "20x5", BB, 1.0, "x"), "year that is not an integer"),
    ],
)
def test_bad_row_names_file_line_and_problem(tmp_path, bad_row, problem):
    path = write_csv(tmp_path, [("AUT", 2004, BB, 1.0, "x"), bad_row])
    with pytest.raises(DataError, match=problem) as e:
        country.read_country_indicators(path)
    msg = str(e.value)
    assert str(path) in msg and "line 3" in msg and bad_row[0] in msg


def test_duplicate_key(tmp_path):
    path = write_csv(tmp_path, [("AUT", 2004, BB, 1.0, "x"), ("BEL", 2004, BB, 2.0, "x"),
                                ("AUT", 2004, BB, 1.5, "y")])
    with pytest.raises(DataError, match="duplicate") as e:
        country.read_country_indicators(path)
    msg = str(e.value)
    assert str(path) in msg and f"AUT 2004 {BB}" in msg and "lines 2, 4" in msg


# ------------------------------------------------------------------------------------ panel


def test_panel_has_all_countries_and_years(tidy):
    panel = country.country_panel(tidy, ["broadband", TAR])
    assert panel.index.names == ["iso3", "year"]
    assert len(panel) == 43 * 15 and list(panel.columns) == [BB, TAR]
    assert set(panel.index.get_level_values("iso3")) == set(COUNTRIES)
    assert panel.loc[("AUT", 2000), BB] == 99.0 and panel.loc[("DEU", 2014), BB] == 45.0
    assert panel.loc["TWN"].isna().all().all()
    assert panel.loc[("FRA", 2009), BB] != panel.loc[("FRA", 2009), BB]  # NaN before 2010
    assert panel[BB].notna().sum() == 4 + 4 * 11 + 5


def test_panel_unknown_indicator(tidy):
    with pytest.raises(DataError, match="no series"):
        country.country_panel(tidy, ["internet"])


# ------------------------------------------------------------------------------------ groups


def test_groups_broadband_tie_goes_low(tidy):
    g = country.country_groups(tidy, "broadband")
    assert list(g.index) == list(COUNTRIES)
    assert g.loc[["AUT", "BEL", "CAN", "DEU", "FRA"], "mean"].tolist() == [10, 20, 30, 40, 50]
    assert g.at["AUT", "n_years"] == 11  # 2000-2003 (=99) outside the window
    assert g.attrs["median"] == 30 and g.attrs["n_ties"] == 1 and g.attrs["ties"] == ["CAN"]
    assert g.loc[["AUT", "BEL", "CAN"], "group"].tolist() == ["low"] * 3
    assert g.loc[["DEU", "FRA"], "group"].tolist() == ["high"] * 2
    assert g.at["FRA", "coverage"] == "partial" and g.at["FRA", "n_years"] == 5
    assert g.attrs["partial"] == ["FRA"]
    assert "TWN" in g.attrs["dropped"] and pd.isna(g.at["TWN", "group"])
    assert g.at["TWN", "coverage"] == "none" and g.at["TWN", "n_years"] == 0
    assert (g.attrs["n_high"], g.attrs["n_low"]) == (2, 3)


def test_standardised_series(tidy):
    g = country.country_groups(tidy, "broadband")
    m = np.array([10, 20, 30, 40, 50.0])
    expected = (m - m.mean()) / m.std(ddof=1)
    kept = g.loc[["AUT", "BEL", "CAN", "DEU", "FRA"], "z"].to_numpy()
    np.testing.assert_allclose(kept, expected)
    assert g["z"].notna().sum() == 5
    assert abs(g["z"].mean()) < 1e-12 and g["z"].std(ddof=1) == pytest.approx(1.0)


def test_groups_tariff_ties_under_each_rule(tidy):
    eu = ["AUT", "BEL", "DEU", "FRA"]
    g = country.country_groups(tidy, "tariff")
    assert g.attrs["median"] == 2.0 and g.attrs["n_ties"] == 4 and set(g.attrs["ties"]) == set(eu)
    assert g.loc[eu, "tie"].all() and (g.loc[eu, "group"] == "low").all()
    assert (g.attrs["n_high"], g.attrs["n_low"]) == (2, 5)
    assert {"LUX", "TWN"} <= set(g.attrs["dropped"])
    assert g.at["CHN", "n_years"] == 9 and g.at["CHN", "coverage"] == "partial"

    g = country.country_groups(tidy, TAR, rule="at_or_above_median")
    assert (g.loc[eu, "group"] == "high").all() and (g.attrs["n_high"], g.attrs["n_low"]) == (6, 1)

    g = country.country_groups(tidy, TAR, rule="exclude_ties")
    assert g.loc[eu, "group"].isna().all() and (g.attrs["n_high"], g.attrs["n_low"]) == (2, 1)
    text = country.describe_groups(g)
    assert "ties at the median (4)" in text and "LUX" in text


def test_lux_tariff_fill_is_off_by_default_and_named(tidy):
    assert country.country_groups(tidy, "tariff").at["LUX", "coverage"] == "none"
    g = country.country_groups(tidy, "tariff", lux_tariff_from="BEL")
    assert g.at["LUX", "mean"] == 2.0 and g.at["LUX", "n_years"] == 11
    assert g.at["LUX", "filled_from"] == "BEL" and g.attrs["filled"] == ["LUX"]
    assert g.attrs["n_ties"] == 5 and g.at["LUX", "group"] == "low"
    with pytest.raises(SpecificationError, match="not a tariff series"):
        country.country_groups(tidy, "broadband", lux_tariff_from="BEL")
    with pytest.raises(DataError, match="SWE has no"):
        country.country_groups(tidy, "tariff", lux_tariff_from="SWE")


def test_groups_from_panel_match_tidy(tidy):
    panel = country.country_panel(tidy, [BB])
    a = country.country_groups(tidy, BB)
    b = country.country_groups(panel, BB)
    pd.testing.assert_frame_equal(a, b)


def test_groups_bad_arguments(tidy):
    with pytest.raises(SpecificationError, match="tie rule"):
        country.country_groups(tidy, "broadband", rule="median")
    with pytest.raises(DataError, match="at least two"):
        country.country_groups(tidy, "broadband", window=(1990, 1995))


def test_tie_within_tolerance(tmp_path):
    rows = [("AUT", 2004, BB, 0.1 + 0.2, "x"), ("BEL", 2004, BB, 0.3, "x"), ("CAN", 2004, BB, 0.3, "x"),
            ("DEU", 2004, BB, 1.0, "x")]
    tidy = country.read_country_indicators(write_csv(tmp_path, rows))
    g = country.country_groups(tidy, BB, window=(2004, 2004))
    assert g.attrs["n_ties"] == 3


def test_gap_report(tidy):
    gaps = country.gap_report(tidy, "broadband", range(2004, 2015))
    assert gaps.at["FRA", "missing"] == "2004-2009" and gaps.at["FRA", "coverage"] == "partial"
    assert gaps.at["FRA", "missing_years"] == tuple(range(2004, 2010))
    assert gaps.at["TWN", "coverage"] == "none" and gaps.at["TWN", "n_missing"] == 11
    assert "AUT" not in gaps.index  # complete in the window
    assert len(gaps) == 43 - 4  # everyone but AUT BEL CAN DEU
    tgaps = country.gap_report(tidy, "tariff", range(2004, 2015))
    assert tgaps.at["CHN", "missing"] == "2012-2013" and tgaps.at["LUX", "coverage"] == "none"


def test_resolve_series_registry():
    assert country.resolve_series("broadband").code == BB
    assert country.resolve_series(TAR).name == "tariff"
    assert country.SERIES[country.NETWORK_INFRASTRUCTURE].default
    assert country.SERIES[country.TRADE_BARRIERS].code == TAR
    assert country.SERIES["tariff_manuf"].code == "TM.TAX.MANF.WM.AR.ZS"
    assert country.SERIES["internet"].code == "IT.NET.USER.ZS"


# ------------------------------------------------------------------------------------ downloads


def wb_row(code, iso, year, value):
    return {"indicator": {"id": code, "value": "x"}, "country": {"id": iso[:2], "value": iso},
            "countryiso3code": iso, "date": str(year), "value": value, "unit": "", "obs_status": "",
            "decimal": 1}


def wb_meta(page, pages, total):
    return {"page": page, "pages": pages, "per_page": 2, "total": total, "sourceid": "2",
            "lastupdated": "2025-07-01"}


WB_ERROR = [{"message": [{"id": "120", "key": "Invalid value",
                          "value": "The provided parameter value is not valid"}]}]


def pwt_xlsx_bytes() -> bytes:
    frame = pd.DataFrame({
        "countrycode": ["AUT", "AUT", "TWN", "ZZZ"], "country": ["Austria", "Austria", "Taiwan", "Z"],
        "year": [2004, 1990, 2004, 2004], "hc": [3.5, 3.0, 3.4, 1.0], "pop": [8.1, 7.7, 22.6, 1.0],
        "emp": [3.9, 3.5, 9.8, 1.0], "rgdpna": [300.0, 200.0, 700.0, 1.0],
        "rnna": [1500.0, 1000.0, None, 1.0],
    })
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        pd.DataFrame({"x": ["info"]}).to_excel(writer, sheet_name="Info", index=False)
        frame.to_excel(writer, sheet_name="Data", index=False)
    return buf.getvalue()


class FakeWorldBank:
    """A loopback server in the World Bank API's format, plus a PWT file and a captcha page."""

    def __init__(self):
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                outer.requests.append(self.path)
                status, body, ctype = outer.route(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.pwt = pwt_xlsx_bytes()

    def route(self, path):
        url = urlsplit(path)
        q = parse_qs(url.query)
        js = "application/json;charset=utf-8"
        if url.path.startswith("/v2/country/") and "/indicator/" in url.path:
            code = url.path.rsplit("/", 1)[-1]
            page = int(q.get("page", ["1"])[0])
            if code == "BAD.CODE":
                return 200, json.dumps(WB_ERROR).encode(), js
            if code == "EMPTY.CODE":
                return 200, json.dumps([wb_meta(1, 0, 0), None]).encode(), js
            pages = {
                1: [wb_row(code, "AUT", 2014, 30.5), wb_row(code, "AUT", 2013, None)],
                2: [wb_row(code, "BEL", 2014, 35.25), wb_row(code, "", 2014, 1.0)],
            }
            return 200, json.dumps([wb_meta(page, 2, 4), pages[page]]).encode(), js
        if url.path == "/pwt.xlsx":
            return 200, self.pwt, "application/octet-stream"
        if url.path == "/captcha":
            return 200, b"<!DOCTYPE html><html><body>Checking your browser</body></html>", "text/html"
        return 404, b"not found", "text/plain"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def wb():
    with FakeWorldBank() as server:
        yield server


def test_fetch_follows_pages_and_leaves_out_twn(wb):
    meta, rows = country.fetch_wb_indicator(BB, wb_base=wb.base + "/v2", timeout=5)
    assert meta["pages"] == 2 and len(rows) == 4
    assert len(wb.requests) == 2
    first = urlsplit(wb.requests[0])
    assert "TWN" not in first.path and "AUT;AUS" not in first.path and "AUS;AUT" in first.path
    q = parse_qs(first.query)
    assert q["format"] == ["json"] and q["date"] == ["1995:2019"] and q["page"] == ["1"]
    assert parse_qs(urlsplit(wb.requests[1]).query)["page"] == ["2"]
    tidy = country.wb_rows_to_tidy(BB, meta, rows)
    assert tidy[["iso3", "year", "value"]].values.tolist() == [["AUT", 2014, 30.5], ["BEL", 2014, 35.25]]
    assert tidy["source"].unique().tolist() == ["World Bank WDI API, last updated 2025-07-01"]


def test_fetch_reports_the_api_error_message(wb):
    with pytest.raises(DownloadError, match="120 Invalid value: The provided parameter value is not valid"):
        country.fetch_wb_indicator("BAD.CODE", wb_base=wb.base + "/v2", timeout=5)
    meta, rows = country.fetch_wb_indicator("EMPTY.CODE", wb_base=wb.base + "/v2", timeout=5)
    assert rows == []


def test_fetch_unreachable_says_what_to_do():
    with pytest.raises(DownloadError, match="cannot reach the World Bank API"):
        country.fetch_wb_indicator(BB, wb_base="http://127.0.0.1:9/v2", timeout=2)


def test_build_writes_the_layout_and_rebuilds_offline(wb, tmp_path):
    dest = tmp_path / "built"
    out = country.build_country_indicators(dest, wb_base=wb.base + "/v2", pwt_url=wb.base + "/pwt.xlsx",
                                           indicators=(BB, TAR), timeout=5)
    assert out == dest / "country_indicators.csv"
    assert out.read_text().splitlines()[0] == "iso3,year,indicator,value,source"
    tidy = country.read_country_indicators(out)
    assert set(tidy["indicator"]) == {BB, TAR, "PWT.hc", "PWT.pop", "PWT.emp", "PWT.rgdpna", "PWT.rnna"}
    pwt = tidy[tidy["indicator"].str.startswith("PWT")]
    assert set(pwt["iso3"]) == {"AUT", "TWN"} and set(pwt["year"]) == {2004}  # 1990 and ZZZ dropped
    assert len(pwt) == 9  # TWN rnna is empty
    assert (pwt["source"] == "Penn World Table 10.01").all()
    assert (dest / "source" / "worldbank_api" / f"{BB}.json").is_file()
    assert (dest / "source" / "pwt" / "pwt1001.xlsx").is_file()

    # offline rebuild from the raw files kept under source/
    n = len(wb.requests)
    out.unlink()
    country.build_country_indicators(dest, download=False, indicators=(BB, TAR))
    assert len(wb.requests) == n
    pd.testing.assert_frame_equal(country.read_country_indicators(out), tidy, check_like=True)

    # ensure_ returns the existing file without touching the network
    assert country.ensure_country_indicators(dest, download=False) == out


def test_build_offline_without_raw_files_says_what_is_missing(tmp_path):
    with pytest.raises(DataError, match="download=False") as e:
        country.ensure_country_indicators(tmp_path / "empty", download=False, indicators=(BB,))
    msg = str(e.value)
    assert f"{BB}.json" in msg and "pwt1001.xlsx" in msg and "10.34894/QT5BCC" in msg


def test_build_refuses_a_web_page_for_pwt(wb, tmp_path):
    with pytest.raises(DownloadError):
        country.build_country_indicators(tmp_path, wb_base=wb.base + "/v2", pwt_url=wb.base + "/captcha",
                                         indicators=(BB,), timeout=5)
    assert not (tmp_path / "source" / "pwt" / "pwt1001.xlsx").exists()
    assert not (tmp_path / "country_indicators.csv").exists()


# ------------------------------------------------------------------------------------ real data


@pytest.mark.realdata
def test_real_file_documented_gaps():
    """The real country_indicators.csv (COUNTRY_DIR): the gaps its README documents."""
    folder = os.environ.get("COUNTRY_DIR")
    if not folder or not (Path(folder) / "country_indicators.csv").is_file():
        pytest.skip("real-data test: set COUNTRY_DIR to the folder holding country_indicators.csv")
    tidy = country.read_country_indicators(folder)
    for code in ("IT.NET.BBND.P2", "IT.NET.USER.ZS", TAR, "TM.TAX.MANF.WM.AR.ZS"):
        assert "TWN" not in set(tidy.loc[tidy["indicator"] == code, "iso3"]), code
    assert "LUX" not in set(tidy.loc[tidy["indicator"] == TAR, "iso3"])
    assert "TWN" in set(tidy.loc[tidy["indicator"] == "PWT.hc", "iso3"])
    bb = country.country_groups(tidy, "broadband")
    assert bb.attrs["dropped"] == ["TWN"]
    tar = country.country_groups(tidy, "tariff")
    assert tar.attrs["dropped"] == ["LUX", "TWN"] and tar.attrs["n_ties"] >= 10
