"""Country-level series for the heterogeneity analysis: network infrastructure and trade barriers.

The paper (METHOD.md, Heterogeneity, claims 3b and 3c) finds a larger effect of digital technology in
countries with *better network infrastructure* and with *lower trade barriers*. This module turns the
country series into the two things those claims need:

- a **median split** of the 43 WIOD countries (``country_groups``): each country's mean of a series over
  a common window, the median of those means across countries, and the group ``'high'``/``'low'``;
- the **standardised series** (column ``z`` of the same table): the window mean minus its
  cross-country mean, divided by its cross-country standard deviation, for the interaction
  ``DIG x z``.

The data are one tidy file, ``country_indicators.csv`` (``config.country_dir()``), with the columns
``iso3, year, indicator, value, source``: one row per country, year and series, no row where a series
has no value. ``read_country_indicators`` reads and validates it, ``country_panel`` reshapes it to
a (iso3, year) panel, ``gap_report`` lists the missing country-years, and
``build_country_indicators`` / ``ensure_country_indicators`` rebuild it from the public sources
(World Bank indicators API and Penn World Table 10.01) for a reader without a local copy.

The named series (``SERIES``):

==================  =========================  =====================================================
name                indicator                  definition
==================  =========================  =====================================================
``broadband``       ``IT.NET.BBND.P2``         fixed broadband subscriptions per 100 people (WDI).
                                               Default measure of network infrastructure.
``internet``        ``IT.NET.USER.ZS``         individuals using the internet, % of population
                                               (WDI). Alternative network-infrastructure measure.
``tariff``          ``TM.TAX.MRCH.WM.AR.ZS``   tariff rate, applied, weighted mean, all products, %
                                               (WDI, 2025 vintage). Default trade-barrier measure.
``tariff_manuf``    ``TM.TAX.MANF.WM.AR.ZS``   tariff rate, applied, weighted mean, manufactured
                                               products, % (WDI, about-2019 vintage). Alternative.
==================  =========================  =====================================================

One tariff vintage is used for all countries in any one split: the 2025 file gives EU accession
countries their own pre-accession rates, the about-2019 release gives every current EU member the
common EU rate for all years, so mixing the two would compare different things.

Known gaps (see ``/work/shared/country/README.md`` or the README of your copy): Taiwan (TWN) has no
WDI series at all; Luxembourg (LUX) has no all-products tariff (the EU common external tariff
applies; ``lux_tariff_from="BEL"`` fills it, off by default); broadband starts after 2000 for about
16 countries, which is why splits compare countries on a common window (default 2004-2014).
"""

from __future__ import annotations

import inspect
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from . import config
from .codes import COUNTRIES
from .errors import DataError, DownloadError, SpecificationError

FILENAME = "country_indicators.csv"
COLUMNS: tuple[str, ...] = ("iso3", "year", "indicator", "value", "source")


# --------------------------------------------------------------------------------------------
# The named series
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountrySeries:
    """One country-level series the book uses.

    ``name`` is the book's short name, ``code`` the indicator code in ``country_indicators.csv``,
    ``concept`` what it measures in the paper's terms (``"network infrastructure"`` or
    ``"trade barriers"``), ``default`` whether it is the measure used unless told otherwise.
    """

    name: str
    code: str
    concept: str
    label: str
    unit: str
    source: str
    default: bool
    note: str = ""

    @property
    def is_tariff(self) -> bool:
        return self.concept == "trade barriers"


SERIES: dict[str, CountrySeries] = {
    s.name: s
    for s in (
        CountrySeries(
            "broadband", "IT.NET.BBND.P2", "network infrastructure",
            "fixed broadband subscriptions", "per 100 people",
            "World Development Indicators (via Gapminder Systema Globalis)", True,
            "Starts after 2000 for about 16 countries: compare on a common window (2004-2014).",
        ),
        CountrySeries(
            "internet", "IT.NET.USER.ZS", "network infrastructure",
            "individuals using the internet", "% of population",
            "World Development Indicators (via Gapminder Systema Globalis)", False,
            "Alternative measure; AUS misses 2002-2004.",
        ),
        CountrySeries(
            "tariff", "TM.TAX.MRCH.WM.AR.ZS", "trade barriers",
            "tariff rate, applied, weighted mean, all products", "%",
            "World Development Indicators bulk file, last updated 2025-04-15", True,
            "2025 vintage, used for all countries; no LUX (the EU common tariff applies).",
        ),
        CountrySeries(
            "tariff_manuf", "TM.TAX.MANF.WM.AR.ZS", "trade barriers",
            "tariff rate, applied, weighted mean, manufactured products", "%",
            "World Development Indicators release of about 2019 (transcribed)", False,
            "About-2019 vintage, used for all countries: every EU member has the common EU rate.",
        ),
    )
}

#: The default measure of each concept of the heterogeneity analysis.
NETWORK_INFRASTRUCTURE = "broadband"
TRADE_BARRIERS = "tariff"

#: The WDI series ``build_country_indicators`` fetches from the World Bank API.
WDI_INDICATORS: tuple[str, ...] = (
    "IT.NET.BBND.P2", "IT.NET.USER.ZS", "TM.TAX.MRCH.WM.AR.ZS", "TM.TAX.MANF.WM.AR.ZS",
    "BX.KLT.DINV.WD.GD.ZS", "NY.GDP.PCAP.KD",
)
#: Penn World Table 10.01 variables and their indicator codes in ``country_indicators.csv``.
PWT_VARIABLES: dict[str, str] = {
    "hc": "PWT.hc", "pop": "PWT.pop", "emp": "PWT.emp", "rgdpna": "PWT.rgdpna", "rnna": "PWT.rnna",
}
#: Countries the World Bank does not cover (asking the API for them is an error).
WB_NOT_COVERED: tuple[str, ...] = ("TWN",)

WB_BASE = "https://api.worldbank.org/v2"
#: PWT 10.01 on DataverseNL (doi:10.34894/QT5BCC): the data-access URL of ``pwt1001.xlsx``
#: (file id 354095; ``pwt1001.dta`` is 354098). The DOI landing page is the authority if it moves.
PWT_URL = "https://dataverse.nl/api/access/datafile/354095"
PWT_DOI_URL = "https://doi.org/10.34894/QT5BCC"
PWT_SOURCE = "Penn World Table 10.01"


def resolve_series(series: str | CountrySeries) -> CountrySeries:
    """The registry entry for a book name (``"broadband"``) or an indicator code (``"IT.NET.BBND.P2"``).

    An indicator code outside the registry gives an ad-hoc entry (concept ``"other"``), so any series
    of the file can be split the same way.
    """
    if isinstance(series, CountrySeries):
        return series
    if series in SERIES:
        return SERIES[series]
    for s in SERIES.values():
        if s.code == series:
            return s
    if isinstance(series, str) and series:
        return CountrySeries(series, series, "other", series, "", "country_indicators.csv", False)
    raise SpecificationError(f"Unknown country series {series!r}; named series: {sorted(SERIES)}.")


# --------------------------------------------------------------------------------------------
# Reading and reshaping
# --------------------------------------------------------------------------------------------


def _csv_path(path_or_dir: str | os.PathLike | None) -> Path:
    path = Path(path_or_dir) if path_or_dir is not None else config.country_dir()
    return path / FILENAME if path.is_dir() or path.suffix.lower() != ".csv" else path


def read_country_indicators(path_or_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and validate ``country_indicators.csv``; return the tidy frame.

    ``path_or_dir`` is the csv file or the folder holding it (default ``config.country_dir()``,
    the ``COUNTRY_DIR`` setting). Returned columns: ``iso3`` (str), ``year`` (int), ``indicator``
    (str), ``value`` (float), ``source`` (str), sorted by indicator, iso3 and year.

    Raises ``DataError`` naming the file and the problem when the file is missing, a column is
    missing, a year is not an integer, a value is not a number, an iso3 is not one of the 43 WIOD
    countries, or a (iso3, year, indicator) appears more than once. Line numbers in the messages
    count the header as line 1.
    """
    path = _csv_path(path_or_dir)
    if not path.is_file():
        raise DataError(
            f"{path}: no such file. Point COUNTRY_DIR at the folder holding {FILENAME}, or build it "
            f"with wiodbook.country.ensure_country_indicators() (needs the internet)."
        )
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path}: cannot be read as a csv file ({exc}).") from exc
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {missing}; expected the columns {list(COLUMNS)} "
            f"(found {list(raw.columns)})."
        )
    raw = raw[list(COLUMNS)].apply(lambda s: s.str.strip())

    def bad(mask: pd.Series, what: str, column: str) -> None:
        if mask.any():
            rows = raw[mask]
            shown = "; ".join(
                f"line {i + 2}: {r.iso3},{r.year},{r.indicator} {column}={r[column]!r}"
                for i, r in rows.head(5).iterrows()
            )
            more = f" (and {len(rows) - 5} more)" if len(rows) > 5 else ""
            raise DataError(f"{path}: {len(rows)} row(s) with {what}: {shown}{more}.")

    years = pd.to_numeric(raw["year"], errors="coerce")
    bad(years.isna() | (years % 1 != 0), "a year that is not an integer", "year")
    values = pd.to_numeric(raw["value"], errors="coerce")
    bad(values.isna() & (raw["value"] == ""), "an empty value (leave the row out instead)", "value")
    bad(values.isna() | ~np.isfinite(values), "a value that is not a number", "value")
    bad(~raw["iso3"].isin(COUNTRIES), "an iso3 code that is not one of the 43 WIOD countries", "iso3")
    bad(raw["indicator"] == "", "an empty indicator", "indicator")

    out = pd.DataFrame({
        "iso3": raw["iso3"].astype(str),
        "year": years.astype(int),
        "indicator": raw["indicator"].astype(str),
        "value": values.astype(float),
        "source": raw["source"].astype(str),
    })
    dup = out.duplicated(["iso3", "year", "indicator"], keep=False)
    if dup.any():
        first = out[dup].drop_duplicates(["iso3", "year", "indicator"])
        keys = ", ".join(f"{r.iso3} {r.year} {r.indicator}" for r in first.head(5).itertuples())
        lines = ", ".join(str(i + 2) for i in out.index[dup][:10])
        raise DataError(
            f"{path}: {len(first)} duplicate (iso3, year, indicator) key(s), e.g. {keys} "
            f"(lines {lines}); each country, year and series must appear once."
        )
    out = out.sort_values(["indicator", "iso3", "year"], ignore_index=True)
    out.attrs["path"] = str(path)
    return out


def _codes(df: pd.DataFrame, indicators: Iterable[str | CountrySeries] | None) -> list[str]:
    present = sorted(df["indicator"].unique())
    if indicators is None:
        return present
    if isinstance(indicators, (str, CountrySeries)):
        indicators = [indicators]
    codes = [resolve_series(i).code for i in indicators]
    absent = [c for c in codes if c not in present]
    if absent:
        where = df.attrs.get("path", "the country indicators")
        raise DataError(f"{where}: no series {absent}; the file has {present}.")
    return codes


def country_panel(
    df: pd.DataFrame,
    indicators: Iterable[str | CountrySeries] | None = None,
    years: Iterable[int] = range(2000, 2015),
) -> pd.DataFrame:
    """Reshape the tidy frame to a panel indexed (iso3, year), one column per indicator code.

    ``indicators`` are book names or indicator codes (default: every series in ``df``). The index is
    the full product of the 43 WIOD countries and ``years``: a country-year without a value is NaN,
    so a country with no data at all (TWN in the WDI series) is present as a row of NaN.
    """
    codes = _codes(df, indicators)
    years = list(years)
    index = pd.MultiIndex.from_product([list(COUNTRIES), years], names=["iso3", "year"])
    sub = df[df["indicator"].isin(codes) & df["year"].isin(years)]
    wide = sub.pivot(index=["iso3", "year"], columns="indicator", values="value")
    wide = wide.reindex(index=index, columns=codes).astype(float)
    wide.columns.name = None
    return wide


def _series_frame(df: pd.DataFrame, code: str) -> pd.DataFrame:
    """(iso3, year, value) rows of one series from a tidy frame or a (iso3, year) panel."""
    if "indicator" in df.columns:
        return df.loc[df["indicator"] == code, ["iso3", "year", "value"]]
    if list(df.index.names) == ["iso3", "year"] and code in df.columns:
        out = df[code].dropna().rename("value").reset_index()
        return out[["iso3", "year", "value"]]
    raise DataError(f"Series {code} is not in the frame given (expected the tidy frame of "
                    f"read_country_indicators or a panel from country_panel).")


def year_ranges(years: Sequence[int]) -> str:
    """Compact text for a sorted list of years: [2000, 2001, 2002, 2005] -> '2000-2002, 2005'."""
    parts: list[str] = []
    years = sorted(years)
    i = 0
    while i < len(years):
        j = i
        while j + 1 < len(years) and years[j + 1] == years[j] + 1:
            j += 1
        parts.append(str(years[i]) if i == j else f"{years[i]}-{years[j]}")
        i = j + 1
    return ", ".join(parts)


def gap_report(
    df: pd.DataFrame,
    series: str | CountrySeries,
    years: Iterable[int] = range(2004, 2015),
) -> pd.DataFrame:
    """The missing country-years of one series: one row per WIOD country with at least one gap.

    Columns: ``n_years`` (years asked for), ``n_observed``, ``n_missing``, ``missing_years`` (tuple
    of the missing years), ``missing`` (the same as text, e.g. ``'2004-2006, 2010'``) and
    ``coverage``: ``'none'`` (no value in any of the years: dropped from a split) or ``'partial'``.
    Indexed by iso3; empty when every country has every year.
    """
    code = resolve_series(series).code
    years = sorted(set(years))
    sub = _series_frame(df, code)
    sub = sub[sub["year"].isin(years)]
    have = sub.groupby("iso3")["year"].apply(set).to_dict()
    rows = []
    for iso in COUNTRIES:
        observed = have.get(iso, set())
        gaps = [y for y in years if y not in observed]
        if gaps:
            rows.append({
                "iso3": iso, "n_years": len(years), "n_observed": len(years) - len(gaps),
                "n_missing": len(gaps), "missing_years": tuple(gaps), "missing": year_ranges(gaps),
                "coverage": "none" if len(gaps) == len(years) else "partial",
            })
    cols = ["n_years", "n_observed", "n_missing", "missing_years", "missing", "coverage"]
    out = pd.DataFrame(rows, columns=["iso3", *cols]).set_index("iso3")
    out.attrs.update(series=code, years=(years[0], years[-1]) if years else None)
    return out


# --------------------------------------------------------------------------------------------
# Median splits and the standardised series
# --------------------------------------------------------------------------------------------

#: Tie rules of ``country_groups``: where a country whose window mean equals the median goes.
RULES: dict[str, str] = {
    "above_median": "high = strictly above the median; countries equal to the median go to 'low'",
    "at_or_above_median": "high = at or above the median; countries equal to the median go to 'high'",
    "exclude_ties": "countries equal to the median get no group (NaN) and leave both halves",
}
#: Two window means closer than this (absolute, or relative to the median) count as equal.
TIE_TOLERANCE = 1e-9


def country_groups(
    df: pd.DataFrame,
    series: str | CountrySeries,
    *,
    window: tuple[int, int] = (2004, 2014),
    rule: str = "above_median",
    min_years: int = 1,
    lux_tariff_from: str | None = None,
) -> pd.DataFrame:
    """Median split of the WIOD countries on the mean of a series over a common window.

    Let, for country c and the years t of ``window`` (both ends included) where the series has a value,

    - ``mean_c`` = the average of the series over those years, ``n_years_c`` how many there are;
    - ``median`` = the median of ``mean_c`` across the countries kept in the split (those with at
      least ``min_years`` observed years in the window);
    - ``z_c`` = (``mean_c`` - average of ``mean_c``) / standard deviation of ``mean_c`` (sample,
      ddof = 1), both across the kept countries: the standardised series of the interaction
      ``DIG x z``;
    - ``group_c`` = ``'high'`` or ``'low'`` according to ``rule`` (``RULES``). With the default
      ``"above_median"``, a country is ``'high'`` when ``mean_c`` > median and ``'low'`` otherwise,
      so **countries equal to the median go to 'low'**. Equality is within ``TIE_TOLERANCE``.
      ``'high'`` always means a high value of the series: for a tariff, high trade barriers.

    Countries with no value in the window (TWN for every WDI series, LUX for the all-products tariff)
    are dropped from the split: ``group``, ``z`` are NaN and ``coverage`` is ``'none'``. Countries
    with some but not all years are kept on the years they have (``coverage='partial'``); compare
    ``n_years`` before trusting their mean.

    ``lux_tariff_from`` (off by default) fills Luxembourg's missing years of a tariff series with the
    value of another EU member in the same year (e.g. ``"BEL"``: the EU applies one common external
    tariff), marked in ``filled_from``. It is an error for a non-tariff series.

    Returns one row per WIOD country (index iso3) with the columns ``mean``, ``n_years``,
    ``coverage`` (``'full'``, ``'partial'``, ``'none'``), ``z``, ``group``, ``tie`` (True when equal
    to the median), ``filled_from``. ``attrs`` carry the summary: ``series``, ``window``, ``rule``,
    ``median``, ``n_ties``, ``dropped`` (countries with no data), ``partial``, ``n_high``, ``n_low``;
    ``describe_groups`` prints it.
    """
    spec = resolve_series(series)
    if rule not in RULES:
        raise SpecificationError(f"Unknown tie rule {rule!r}; choose one of {list(RULES)}: {RULES}.")
    lo, hi = int(window[0]), int(window[1])
    if lo > hi:
        raise SpecificationError(f"window {window}: the first year must not be after the last.")
    years = list(range(lo, hi + 1))
    sub = _series_frame(df, spec.code)
    sub = sub[sub["year"].between(lo, hi)].copy()
    sub["filled_from"] = ""

    if lux_tariff_from is not None:
        if not spec.is_tariff:
            raise SpecificationError(
                f"lux_tariff_from={lux_tariff_from!r} fills Luxembourg's tariff with another EU "
                f"member's; {spec.code} ({spec.label}) is not a tariff series."
            )
        donor = sub[sub["iso3"] == lux_tariff_from]
        if donor.empty:
            raise DataError(
                f"lux_tariff_from={lux_tariff_from!r}: {lux_tariff_from} has no {spec.code} value "
                f"in {lo}-{hi} to give Luxembourg."
            )
        lux_years = set(sub.loc[sub["iso3"] == "LUX", "year"])
        fill = donor[~donor["year"].isin(lux_years)].assign(iso3="LUX", filled_from=lux_tariff_from)
        sub = pd.concat([sub, fill], ignore_index=True)

    stats = sub.groupby("iso3").agg(mean=("value", "mean"), n_years=("value", "size"))
    filled = sub[sub["filled_from"] != ""].groupby("iso3")["filled_from"].first()
    out = stats.reindex(list(COUNTRIES))
    out.index.name = "iso3"
    out["n_years"] = out["n_years"].fillna(0).astype(int)
    out["coverage"] = np.where(out["n_years"] == 0, "none",
                               np.where(out["n_years"] == len(years), "full", "partial"))
    out["filled_from"] = filled.reindex(out.index).fillna("").astype(str)

    kept = out["n_years"] >= max(int(min_years), 1)
    means = out.loc[kept, "mean"]
    if len(means) < 2:
        raise DataError(
            f"{spec.code}: only {len(means)} country/countries with data in {lo}-{hi}; "
            f"a median split needs at least two."
        )
    median = float(means.median())
    sd = float(means.std(ddof=1))
    out["z"] = np.where(kept, (out["mean"] - means.mean()) / sd if sd > 0 else 0.0, np.nan)
    tie = kept & np.isclose(out["mean"], median, rtol=TIE_TOLERANCE, atol=TIE_TOLERANCE)
    out["tie"] = tie.astype(bool)
    above = kept & (out["mean"] > median) & ~tie
    below = kept & (out["mean"] < median) & ~tie
    group = pd.Series(np.nan, index=out.index, dtype=object)
    group[above] = "high"
    group[below] = "low"
    if rule == "above_median":
        group[tie] = "low"
    elif rule == "at_or_above_median":
        group[tie] = "high"
    out["group"] = group
    out = out[["mean", "n_years", "coverage", "z", "group", "tie", "filled_from"]]

    out.attrs.update(
        series=spec.code, name=spec.name, window=(lo, hi), rule=rule, rule_text=RULES[rule],
        median=median, n_ties=int(tie.sum()), ties=list(out.index[tie]),
        dropped=list(out.index[~kept]),
        partial=list(out.index[kept & (out["coverage"] == "partial")]),
        n_high=int((out["group"] == "high").sum()), n_low=int((out["group"] == "low").sum()),
        filled=list(out.index[out["filled_from"] != ""]),
    )
    return out


def describe_groups(groups: pd.DataFrame) -> str:
    """A plain-text summary of a ``country_groups`` table: rule, median, ties, the two groups, gaps."""
    a = groups.attrs
    lines = [
        f"{a['series']} ({a['name']}), mean over {a['window'][0]}-{a['window'][1]}; "
        f"median {a['median']:.4g}; rule '{a['rule']}': {a['rule_text']}.",
        f"high ({a['n_high']}): {' '.join(groups.index[groups['group'] == 'high'])}",
        f"low ({a['n_low']}): {' '.join(groups.index[groups['group'] == 'low'])}",
        f"ties at the median ({a['n_ties']}): {' '.join(a['ties']) or '-'}",
        f"dropped, no data in the window ({len(a['dropped'])}): {' '.join(a['dropped']) or '-'}",
        f"partial coverage ({len(a['partial'])}): "
        + (", ".join(f"{c} {groups.at[c, 'n_years']}y" for c in a["partial"]) or "-"),
    ]
    if a.get("filled"):
        lines.append("filled: " + ", ".join(f"{c} from {groups.at[c, 'filled_from']}" for c in a["filled"]))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Building the file from the public sources
# --------------------------------------------------------------------------------------------


def _session(session=None):
    if session is not None:
        return session
    import requests

    return requests.Session()


def parse_wb_page(payload, url: str = "the World Bank API") -> tuple[dict, list[dict]]:
    """Split one page of the World Bank indicators API (``format=json``) into (metadata, rows).

    A page is a JSON list ``[metadata, rows]``: metadata holds ``page``, ``pages``, ``per_page``,
    ``total`` and ``lastupdated``; each row ``{"indicator": {"id": ...}, "countryiso3code": "AUS",
    "date": "2014", "value": 25.1, ...}`` (``value`` null when missing; rows is null when the query
    matched nothing). An error is ``[{"message": [{"id": "120", "key": "Invalid value", "value":
    "The provided parameter value is not valid"}]}]``: it raises ``DownloadError`` with the message.
    """
    if isinstance(payload, list) and payload and isinstance(payload[0], dict) and "message" in payload[0]:
        msgs = payload[0]["message"]
        msgs = msgs if isinstance(msgs, list) else [msgs]
        text = "; ".join(
            f"{m.get('id', '?')} {m.get('key', '')}: {m.get('value', '')}".strip()
            if isinstance(m, dict) else str(m)
            for m in msgs
        )
        raise DownloadError(f"{url}: the World Bank API answered with an error: {text}.")
    if isinstance(payload, dict) and "message" in payload:
        return parse_wb_page([payload], url)
    if not (isinstance(payload, list) and len(payload) >= 1 and isinstance(payload[0], dict)
            and "pages" in payload[0]):
        raise DownloadError(f"{url}: not a World Bank API page (expected [metadata, rows]); "
                            f"got {str(payload)[:200]!r}.")
    meta = payload[0]
    rows = payload[1] if len(payload) > 1 and payload[1] is not None else []
    return meta, rows


def fetch_wb_indicator(
    code: str,
    countries: Sequence[str] = COUNTRIES,
    *,
    years: tuple[int, int] = (1995, 2019),
    wb_base: str = WB_BASE,
    session=None,
    timeout: float = 60,
    per_page: int = 20000,
) -> tuple[dict, list[dict]]:
    """All rows of one WDI indicator for ``countries`` and ``years``, following every page.

    Requests ``{wb_base}/country/{A;B;...}/indicator/{code}?format=json&date=Y0:Y1&per_page=N&page=p``
    for p = 1 .. pages. Countries in ``WB_NOT_COVERED`` (TWN) are left out of the request. Returns
    the metadata of page 1 and the rows of every page as the API gives them.
    """
    import requests

    sess = _session(session)
    codes = ";".join(c for c in countries if c not in WB_NOT_COVERED)
    url = f"{wb_base.rstrip('/')}/country/{codes}/indicator/{code}"
    params = {"format": "json", "date": f"{years[0]}:{years[1]}", "per_page": per_page}
    rows: list[dict] = []
    meta: dict = {}
    page, pages = 1, 1
    while page <= pages:
        try:
            resp = sess.get(url, params={**params, "page": page}, timeout=timeout)
        except requests.RequestException as exc:
            raise DownloadError(
                f"{url} (page {page}): cannot reach the World Bank API ({exc}). Check the internet "
                f"connection, or put {FILENAME} in COUNTRY_DIR by hand."
            ) from exc
        where = f"{url} (indicator {code}, page {page})"
        try:
            payload = resp.json()
        except ValueError:
            raise DownloadError(
                f"{where}: HTTP {resp.status_code}, not JSON: {resp.text[:200]!r}."
            ) from None
        m, r = parse_wb_page(payload, where)  # raises on the API's error message
        if resp.status_code != 200:
            raise DownloadError(f"{where}: HTTP {resp.status_code}.")
        if page == 1:
            meta = m
        pages = int(m.get("pages") or 0)
        rows.extend(r)
        page += 1
    return meta, rows


def wb_rows_to_tidy(code: str, meta: dict, rows: list[dict]) -> pd.DataFrame:
    """World Bank API rows -> the tidy layout (null values and non-WIOD countries left out).

    The ``source`` column reads ``World Bank WDI API, last updated {lastupdated}``.
    """
    source = "World Bank WDI API" + (f", last updated {meta['lastupdated']}" if meta.get("lastupdated") else "")
    recs = []
    for r in rows:
        iso = r.get("countryiso3code") or ""
        value = r.get("value")
        if iso not in COUNTRIES or value is None:
            continue
        recs.append({"iso3": iso, "year": int(r["date"]), "indicator": code,
                     "value": float(value), "source": source})
    return pd.DataFrame(recs, columns=list(COLUMNS))


def read_pwt(path: str | os.PathLike, years: tuple[int, int] = (1995, 2019)) -> pd.DataFrame:
    """Penn World Table 10.01 (``pwt1001.xlsx``, sheet ``Data``, or ``pwt1001.dta``) -> tidy layout.

    Keeps the 43 WIOD countries (``countrycode``), the ``years`` and the variables of
    ``PWT_VARIABLES`` (hc, pop, emp, rgdpna, rnna), as indicators ``PWT.{variable}``.
    """
    path = Path(path)
    wanted = ["countrycode", "year", *PWT_VARIABLES]
    try:
        if path.suffix.lower() == ".dta":
            raw = pd.read_stata(path, columns=wanted)
        else:
            raw = pd.read_excel(path, sheet_name="Data", engine="calamine")
    except Exception as exc:  # noqa: BLE001 - any reader failure means: not the PWT file
        raise DataError(
            f"{path}: cannot be read as Penn World Table 10.01 ({type(exc).__name__}: {exc}). "
            f"Download pwt1001.xlsx by hand from {PWT_DOI_URL} and put it there."
        ) from exc
    missing = [c for c in wanted if c not in raw.columns]
    if missing:
        raise DataError(f"{path}: not Penn World Table 10.01: no column(s) {missing} in sheet 'Data'.")
    raw = raw[wanted]
    raw = raw[raw["countrycode"].isin(COUNTRIES) & raw["year"].between(*years)]
    long = raw.melt(id_vars=["countrycode", "year"], var_name="variable", value_name="value").dropna()
    return pd.DataFrame({
        "iso3": long["countrycode"].astype(str),
        "year": long["year"].astype(int),
        "indicator": long["variable"].map(PWT_VARIABLES),
        "value": long["value"].astype(float),
        "source": PWT_SOURCE,
    }).reset_index(drop=True)


def _download(url: str, dest: Path, *, description: str, session=None, timeout: float = 60) -> Path:
    """``wiodbook.sources.download_file`` when available; else a plain requests download."""
    try:
        from .sources import download_file  # written alongside; the book's verified downloader
    except ImportError:  # pragma: no cover - only before sources.py exists
        download_file = None
    if download_file is not None:
        kwargs = dict(description=description, timeout=timeout, progress=False, session=session,
                      landing_page=PWT_DOI_URL,
                      local_copy_hint=f"or save pwt1001.xlsx by hand as {dest}")
        accepted = inspect.signature(download_file).parameters
        return download_file(url, dest, **{k: v for k, v in kwargs.items() if k in accepted})
    import requests

    sess = _session(session)
    try:
        resp = sess.get(url, timeout=timeout)
        resp.raise_for_status()
    except requests.RequestException as exc:
        raise DownloadError(f"{url}: download of {description} failed ({exc}).") from exc
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".part")
    tmp.write_bytes(resp.content)
    tmp.replace(dest)
    return dest


def _looks_like_html(path: Path) -> bool:
    head = path.read_bytes()[:512].lstrip().lower()
    return head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<html" in head


def build_country_indicators(
    dest_dir: str | os.PathLike,
    *,
    download: bool = True,
    wb_base: str = WB_BASE,
    pwt_url: str = PWT_URL,
    indicators: Sequence[str] = WDI_INDICATORS,
    years: tuple[int, int] = (1995, 2019),
    session=None,
    timeout: float = 60,
) -> Path:
    """Build ``dest_dir/country_indicators.csv`` from the public sources; return its path.

    The raw downloads are kept unmodified under ``dest_dir/source/`` and reused on the next run:

    - ``source/worldbank_api/{code}.json``: every page of the World Bank indicators API for each WDI
      series of ``indicators`` (``fetch_wb_indicator``), the 42 WIOD countries it covers (not TWN),
      ``years``;
    - ``source/pwt/pwt1001.xlsx`` (or ``pwt1001.dta`` placed by hand): Penn World Table 10.01 from
      DataverseNL (doi:10.34894/QT5BCC), downloaded from ``pwt_url``.

    With ``download=False`` nothing is fetched: the build uses the files already under ``source/``
    and says which are missing. The WDI values are the API's current vintage (its ``lastupdated``
    date is in the ``source`` column), which need not match the copy the book was written with
    (a 2025 bulk file for the all-products tariff, an about-2019 release for manufactured products).

    DataverseNL may put a browser check in front of the file; when the download delivers a web page
    instead of the workbook this raises ``DownloadError`` saying where to get the file by hand.
    """
    dest_dir = Path(dest_dir)
    src = dest_dir / "source"
    frames = []
    missing_offline = []
    for code in indicators:
        raw_path = src / "worldbank_api" / f"{code}.json"
        if not raw_path.is_file():
            if not download:
                missing_offline.append(str(raw_path))
                continue
            meta, rows = fetch_wb_indicator(code, years=years, wb_base=wb_base, session=session,
                                            timeout=timeout)
            raw_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = raw_path.with_suffix(".json.part")
            tmp.write_text(json.dumps([meta, rows]), encoding="utf-8")
            tmp.replace(raw_path)
        try:
            meta, rows = parse_wb_page(json.loads(raw_path.read_text(encoding="utf-8")), str(raw_path))
        except ValueError as exc:
            raise DataError(f"{raw_path}: not valid JSON ({exc}); delete it and build again.") from exc
        frames.append(wb_rows_to_tidy(code, meta, rows))

    pwt_dir = src / "pwt"
    pwt_path = next((p for p in (pwt_dir / "pwt1001.xlsx", pwt_dir / "pwt1001.dta") if p.is_file()), None)
    if pwt_path is None:
        if not download:
            missing_offline.append(str(pwt_dir / "pwt1001.xlsx"))
        else:
            pwt_path = _download(pwt_url, pwt_dir / "pwt1001.xlsx", session=session, timeout=timeout,
                                 description="Penn World Table 10.01 (pwt1001.xlsx)")
            if _looks_like_html(pwt_path):
                pwt_path.unlink()
                raise DownloadError(
                    f"{pwt_url} delivered a web page, not pwt1001.xlsx (DataverseNL may ask for a "
                    f"browser check). Download pwt1001.xlsx by hand from {PWT_DOI_URL} and save it "
                    f"as {pwt_dir / 'pwt1001.xlsx'}, then build again."
                )
    if missing_offline:
        raise DataError(
            f"Cannot build {dest_dir / FILENAME} with download=False: missing "
            + ", ".join(missing_offline)
            + f". Allow downloads, or put the files there (PWT 10.01: {PWT_DOI_URL})."
        )
    frames.append(read_pwt(pwt_path, years=years))

    tidy = pd.concat(frames, ignore_index=True).sort_values(["indicator", "iso3", "year"])
    dest_dir.mkdir(parents=True, exist_ok=True)
    out = dest_dir / FILENAME
    tmp = out.with_suffix(".csv.part")
    tidy[list(COLUMNS)].to_csv(tmp, index=False)
    tmp.replace(out)
    return out


def ensure_country_indicators(dir: str | os.PathLike | None = None, download: bool = True, **kwargs) -> Path:
    """The path of ``country_indicators.csv`` in ``dir`` (default ``config.country_dir()``).

    When the file is absent it is built with ``build_country_indicators(dir, download=download,
    **kwargs)``. Offline, the error says what to do: set ``COUNTRY_DIR`` to a folder with the file,
    or connect and build again.
    """
    folder = Path(dir) if dir is not None else config.country_dir()
    path = folder / FILENAME
    if path.is_file():
        return path
    try:
        return build_country_indicators(folder, download=download, **kwargs)
    except DownloadError as exc:
        raise DownloadError(
            f"{path} is absent and building it failed: {exc}\nTo continue offline, set COUNTRY_DIR "
            f"to a folder holding {FILENAME} (columns {', '.join(COLUMNS)})."
        ) from exc
