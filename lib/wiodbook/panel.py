"""The analysis panel: one row per country x manufacturing industry x year, every variable a column.

:func:`build_panel` is the one function (``python -m wiodbook panel`` the one command) that turns the
release files into the panel the chapters estimate on:

    NIOTs --(IOSystem)--> DIG (complete/direct, total/domestic/foreign, core/broad), SER, EXP/GO, imports
    SEA   --------------> ln TFP and the alternative UPG, size, capital deepening, labour share, MIS
    country series -----> window means, z-scores and median-split groups (network, trade barriers)
                          + technology groups, the leave-one-out instrument, the sample flag

All 19 manufacturing industries are rows. ``in_sample`` marks the regression sample (default: C26
excluded because it is itself a digital producer, and a finite UPG and DIG); ``sample_note`` says
why each excluded row is out. Nothing is dropped silently: :meth:`Panel.dropped_rows`,
:meth:`Panel.dropped_entities` and :meth:`Panel.nonfinite` list what is out and why.

The panel is cached as parquet under ``config.cache_dir()/panel/``, keyed by the SHA-256 of every
input file, the parameters and :data:`PANEL_VERSION`; it is rebuilt only when one of them changes,
and written atomically. Column names and meanings live in one place, :data:`DATA_DICTIONARY`, from
which ``data/README.md`` is generated (:func:`write_data_dictionary`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from . import config
from . import country as country_mod
from . import measures as m
from .codes import DIGITAL_SECTORS, INDUSTRIES, MANUFACTURING, YEARS
from .errors import DataError, SpecificationError
from .inputoutput import IOSystem
from .sources import file_sha256

#: Bumped whenever the panel's columns or formulas change, so cached panels are rebuilt.
PANEL_VERSION = "1"

#: The country series merged into the panel (see :data:`wiodbook.country.SERIES`).
COUNTRY_SERIES: tuple[str, ...] = ("broadband", "internet", "tariff", "tariff_manuf")


# --------------------------------------------------------------------------------------------
# The data dictionary: the one place where the columns are named and explained
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One panel column: short ``name``, what it ``meaning``s, its ``formula``, ``unit``, ``source``."""

    name: str
    meaning: str
    formula: str
    unit: str
    source: str
    status: str = "standard"  # 'paper', 'standard' or 'id'


def _dig_columns(prefix: str, family: str, note: str) -> list[Column]:
    """DIG columns of one digital set: complete and direct, total/domestic/foreign."""
    cols = []
    for method, mat, mat_d, mat_f, label in (
        ("", "b", "b^d", "b - b^d", "complete"),
        ("_direct", "a", "a^d", "a^m", "direct"),
    ):
        base = f"dig{method}{prefix}"
        status = "paper" if (method == "" and prefix == "") else "standard"
        cols += [
            Column(base, f"{label} dependence on {family} digital inputs{note}",
                   f"100 x sum_(i in D) {mat}_ij", "per 100 units of output", "NIOT", status),
            Column(f"{base}_dom", f"{label} dependence on domestic {family} digital inputs{note}",
                   f"100 x sum_(i in D) {mat_d}_ij", "per 100 units of output", "NIOT", status),
            Column(f"{base}_for", f"{label} dependence on foreign {family} digital inputs{note}",
                   f"100 x sum_(i in D) ({mat_f})_ij", "per 100 units of output", "NIOT", status),
        ]
    return cols


def _country_columns() -> list[Column]:
    cols = []
    for name in COUNTRY_SERIES:
        s = country_mod.SERIES[name]
        what = f"{s.label} ({s.code}), {s.concept}"
        cols += [
            Column(f"{name}_mean", f"country mean of {what} over the window (default 2004-2014)",
                   "mean_(t in window) series_ct", s.unit, s.source),
            Column(f"{name}_z", f"standardised {what}: for the interaction DIG x z",
                   "(mean_c - mean over countries) / sd over countries (ddof 1)", "standard deviations",
                   s.source),
            Column(f"{name}_group", f"median split on {what}: 'high' above the median, ties to 'low' "
                   "(rule 'above_median'); NaN for countries without data",
                   "mean_c > median -> 'high'", "'high' / 'low'", s.source),
        ]
    return cols


DATA_DICTIONARY: tuple[Column, ...] = (
    Column("entity", "panel entity: country x industry", "country + ':' + industry", "id", "-", "id"),
    Column("country", "ISO3 code of the country", "-", "id", "WIOD", "id"),
    Column("industry", "WIOD industry code (ISIC Rev. 4, 19 manufacturing industries)", "-", "id", "WIOD", "id"),
    Column("year", "year, 2000-2014", "-", "year", "WIOD", "id"),
    Column("in_sample", "row belongs to the regression sample (C26 excluded by default; finite UPG and DIG)",
           "-", "bool", "-", "id"),
    Column("sample_note", "why the row is outside the regression sample ('' when inside)", "-", "text", "-", "id"),
    *_dig_columns("", "core", " (the set of the `digital` parameter; default core: C26, J61, J62_J63)"),
    *_dig_columns("_broad", "broad", " (C26, J61, J62_J63, J58, J59_J60); present when digital='core'"),
    *_dig_columns("_core", "core", " (C26, J61, J62_J63); present when digital='broad'"),
    Column("dig_loo", "leave-one-out instrument: mean `dig` of the same industry and year in the other "
           "countries of the panel", "(sum_c' dig_c'jt - dig_cjt) / (N_jt - 1)", "per 100 units of output",
           "NIOT"),
    Column("upg", "the upgrading measure of the `upgrading` parameter (default ln_tfp)", "copy of that column",
           "log points or ratio", "SEA"),
    Column("ln_tfp", "ln total factor productivity (Solow residual, labour = persons engaged)",
           "ln VA_real - alpha ln K_real - (1 - alpha) ln EMP", "log, national currency units", "SEA"),
    Column("ln_lp", "ln labour productivity", "ln(VA_real / EMP)", "log, national currency per person", "SEA"),
    Column("va_rate", "value-added rate", "VA / GO (current prices)", "ratio", "SEA"),
    Column("ln_tfp_h", "ln TFP with hours worked by employees; NaN where unavailable (CHN)",
           "ln VA_real - alpha ln K_real - (1 - alpha) ln H_EMPE", "log, national currency units", "SEA"),
    Column("alpha", "capital elasticity alpha_cj: mean over years (VA > 0) of CAP / VA, clipped to [0.05, 0.95]",
           "clip(mean_t CAP/VA, 0.05, 0.95)", "share", "SEA"),
    Column("size", "size: ln real gross output", "ln(GO_2010 x GO_QI / 100)", "log, national currency", "SEA"),
    Column("exp_int", "export intensity (can exceed 1 in very open economies: re-exports)", "EXP_j / GO_j",
           "ratio", "NIOT"),
    Column("imp_share", "foreign share of intermediate inputs", "sum_i z^m_ij / sum_i (z^d_ij + z^m_ij)",
           "share", "NIOT"),
    Column("kdeep", "M1 capital deepening (K deflated by GO_PI: the SEA has no capital deflator)",
           "ln(K / (GO_PI / 100) / EMP)", "log, national currency per person", "SEA"),
    Column("lab_share", "M1 alternative: labour share of value added", "LAB / VA", "share", "SEA"),
    Column("mis", "M2 factor misallocation across the manufacturing industries (19, incl. C26, with finite "
           "inputs) of the country-year (Hsieh-Klenow; Chen and Hu 2011); lower = better allocation",
           "|tau_K| + |tau_L|, tau = 1/gamma - 1", "index", "SEA"),
    Column("ser", "M3 servitization: complete consumption of services G45..U excluding the digital set D",
           "100 x sum_(i in S \\ D) b_ij", "per 100 units of output", "NIOT"),
    Column("ser_prod", "M3 alternative: complete consumption of producer services excluding D",
           "100 x sum_(i in P \\ D) b_ij", "per 100 units of output", "NIOT"),
    Column("tech_group", "OECD R&D-intensity group of the industry", "codes.TECH_GROUP",
           "low / medium-low / medium-high / high", "OECD (Galindo-Rueda and Verger 2016)", "paper"),
    Column("high_tech", "high or medium-high technology industry", "tech_group in (high, medium-high)", "bool",
           "OECD", "paper"),
    *_country_columns(),
)
DICTIONARY: dict[str, Column] = {c.name: c for c in DATA_DICTIONARY}


def data_dictionary_frame() -> pd.DataFrame:
    """The data dictionary as a frame (one row per column)."""
    return pd.DataFrame([c.__dict__ for c in DATA_DICTIONARY])


def data_dictionary_markdown() -> str:
    """The text of ``data/README.md``, generated from :data:`DATA_DICTIONARY`."""

    def cell(text: str) -> str:
        return str(text).replace("|", "\\|")

    lines = [
        "# Data dictionary of the analysis panel",
        "",
        "<!-- Generated by wiodbook.panel.write_data_dictionary(); do not edit by hand. -->",
        "",
        "This folder holds no committed data. The raw files stay where the reader points "
        "(`WIOD_DIR`, `COUNTRY_DIR`; default `data/raw/`), parsed tables and the panel are cached "
        "under `data/cache/` (`WIODBOOK_CACHE`), and every derived file is rebuilt from the raw files "
        "by `python -m wiodbook panel --out data/panel/panel.parquet`.",
        "",
        "The panel has one row per country x manufacturing industry x year (43 x 19 x 15 = 12,255 rows "
        "on the full release). `in_sample` marks the regression sample: C26 is excluded by default "
        "(it is itself a digital producer; `include_c26=True` keeps it), and rows with a non-finite "
        "upgrading measure or dependence are out, with the reason in `sample_note`.",
        "",
        "Status: **paper** = fixed by the paper's abstract, **standard** = the standard choice of this "
        "literature (a named parameter of `build_panel` with alternatives), **id** = identifiers and flags. "
        "VA_real = VA_2010 x VA_QI / 100, K_real = K / (GO_PI / 100) (the SEA has no capital deflator), "
        "GO_real = GO_2010 x GO_QI / 100. Levels of SEA-based variables are in national currency: only "
        "within-entity variation is comparable across countries.",
        "",
        "| column | meaning | formula | unit | source | status |",
        "|---|---|---|---|---|---|",
    ]
    for c in DATA_DICTIONARY:
        lines.append(f"| `{c.name}` | {cell(c.meaning)} | {cell(c.formula)} | {cell(c.unit)} | "
                     f"{cell(c.source)} | {c.status} |")
    lines += [
        "",
        "Sources: WIOD 2016 release (DataverseNL doi:10.34894/PJ2M1C, CC BY 4.0; Timmer et al. 2015, "
        "*Review of International Economics* 23(3): 575-605): national input-output tables (NIOT) and "
        "Socio-Economic Accounts (SEA). Country series: `country_indicators.csv` (World Development "
        "Indicators, CC BY 4.0), see `wiodbook.country`.",
        "",
    ]
    return "\n".join(lines)


def write_data_dictionary(path: str | os.PathLike | None = None) -> Path:
    """Write the data dictionary (default ``data/README.md`` of the project) and return its path."""
    path = Path(path) if path is not None else config.ROOT / "data" / "README.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_text_atomic(path, data_dictionary_markdown())
    return path


def _write_text_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------


@dataclass
class Panel:
    """The analysis panel and how it was made.

    ``data``: the frame (columns in :data:`DATA_DICTIONARY`); ``params``: the parameters it was built
    with; ``key``: the cache key (inputs' checksums + parameters + version); ``path``: the cache
    file (None without cache); ``from_cache``: whether it was read from the cache; ``seconds``: the
    time :func:`build_panel` took.
    """

    data: pd.DataFrame
    params: dict
    key: str = ""
    path: Path | None = None
    from_cache: bool = False
    seconds: float = 0.0
    inputs: dict = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int]:
        return self.data.shape

    @property
    def sample(self) -> pd.DataFrame:
        """The regression sample (``in_sample`` rows)."""
        return self.data[self.data["in_sample"]]

    def indexed(self, sample: bool = True) -> pd.DataFrame:
        """The frame indexed (entity, year), as linearmodels wants it; the regression sample by default."""
        frame = self.sample if sample else self.data
        return frame.set_index(["entity", "year"])

    def regression_entities(self) -> pd.Index:
        """Entities of the regression industries (C26 out unless ``include_c26``), kept or not."""
        industries = _regression_industries(self.params["include_c26"])
        return pd.Index(self.data.loc[self.data["industry"].isin(industries), "entity"].unique(), name="entity")

    def dropped_rows(self) -> pd.DataFrame:
        """Rows of the regression industries outside the sample, with the reason."""
        industries = _regression_industries(self.params["include_c26"])
        d = self.data
        out = d[~d["in_sample"] & d["industry"].isin(industries)]
        return out[["entity", "country", "industry", "year", "sample_note"]].reset_index(drop=True)

    def dropped_entities(self) -> pd.DataFrame:
        """Regression entities with no row in the sample at all (METHOD.md: about 18 of 774), and why."""
        rows = self.dropped_rows()
        d = self.data
        industries = _regression_industries(self.params["include_c26"])
        n_in = d[d["industry"].isin(industries)].groupby("entity")["in_sample"].sum()
        gone = n_in[n_in == 0].index
        out = (rows[rows["entity"].isin(gone)].groupby(["entity", "country", "industry"], sort=False)["sample_note"]
               .agg(lambda s: "; ".join(sorted({r for text in s for r in text.split("; ")})))
               .rename("reason").reset_index())
        return out

    def partially_dropped(self) -> pd.DataFrame:
        """Regression entities that lose some but not all years: entity, years out, reason."""
        rows = self.dropped_rows()
        gone = set(self.dropped_entities()["entity"])
        part = rows[~rows["entity"].isin(gone)]
        return (part.groupby(["entity", "country", "industry"], sort=False)
                .agg(years=("year", lambda y: m.year_ranges(list(y))),
                     reason=("sample_note", lambda s: "; ".join(sorted({r for t in s for r in t.split("; ")}))))
                .reset_index())

    def nonfinite(self, column: str = "ln_tfp") -> pd.DataFrame:
        """Country-industries (all 19) where ``column`` is not finite in some year: years and count."""
        d = self.data
        bad = d[~np.isfinite(d[column].astype(float))]
        return (bad.groupby(["country", "industry"], sort=False)
                .agg(n_years=("year", "size"), years=("year", lambda y: m.year_ranges(list(y))))
                .reset_index())

    def country_gaps(self) -> pd.DataFrame:
        """Countries of the panel without a value of each country series (their z and group are NaN)."""
        rows = []
        per_country = self.data.groupby("country").first()
        for name in COUNTRY_SERIES:
            missing = per_country.index[per_country[f"{name}_z"].isna()]
            rows.append({"series": name, "n_missing": len(missing), "countries": " ".join(missing)})
        return pd.DataFrame(rows)

    def describe(self) -> str:
        """Plain-text report: shape, sample size, dropped rows and entities with reasons, build time."""
        p = self.params
        ent = self.regression_entities()
        dropped = self.dropped_entities()
        sample = self.sample
        lines = [
            f"panel: {self.shape[0]} rows x {self.shape[1]} columns "
            f"({self.data['country'].nunique()} countries x {self.data['industry'].nunique()} manufacturing "
            f"industries x {self.data['year'].nunique()} years)",
            f"parameters: digital={p['digital']}, upgrading={p['upgrading']}, include_c26={p['include_c26']}, "
            f"alpha_bounds={tuple(p['alpha_bounds'])}, capital_deflator={p['capital_deflator']}, "
            f"country window={tuple(p['country_window'])}, tie rule={p['tie_rule']}",
            f"regression sample: {len(sample)} rows, {sample['entity'].nunique()} of {len(ent)} entities",
        ]
        reasons = self.dropped_rows()["sample_note"].str.split("; ").explode().value_counts()
        lines.append(f"dropped rows of the regression industries: {len(self.dropped_rows())}")
        for reason, n in reasons.items():
            lines.append(f"  {n:6d}  {reason}")
        lines.append(f"entities dropped entirely: {len(dropped)}")
        for r in dropped.itertuples():
            lines.append(f"  {r.entity:14s} {r.reason}")
        part = self.partially_dropped()
        lines.append(f"entities losing some years: {len(part)}")
        for r in part.itertuples():
            lines.append(f"  {r.entity:14s} {r.years}: {r.reason}")
        gaps = self.country_gaps()
        for r in gaps.itertuples():
            if r.n_missing:
                lines.append(f"country series {r.series}: no value for {r.countries} (NaN z and group)")
        if p["include_c26"] is False:
            lines.append("C26 rows are in the panel but out of the sample (include_c26=True keeps them)")
        lines.append(f"built in {self.seconds:.2f} s" + (" (from cache)" if self.from_cache else "")
                     + (f"; cache {self.path}" if self.path else ""))
        return "\n".join(lines)


def _regression_industries(include_c26: bool) -> list[str]:
    return [c for c in MANUFACTURING if include_c26 or c != "C26"]


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def _check_params(params: dict) -> None:
    if params["digital"] not in DIGITAL_SECTORS:
        raise SpecificationError(f"digital={params['digital']!r}: choose one of {list(DIGITAL_SECTORS)}.")
    if params["upgrading"] not in m.UPGRADING:
        raise SpecificationError(f"upgrading={params['upgrading']!r}: choose one of {list(m.UPGRADING)}.")
    if params["capital_deflator"] not in m.CAPITAL_DEFLATORS:
        raise SpecificationError(
            f"capital_deflator={params['capital_deflator']!r}: choose one of {list(m.CAPITAL_DEFLATORS)}.")
    if params["tie_rule"] not in country_mod.RULES:
        raise SpecificationError(f"tie_rule={params['tie_rule']!r}: choose one of {list(country_mod.RULES)}.")
    lo, hi = params["alpha_bounds"]
    if not 0 <= lo < hi <= 1:
        raise SpecificationError(f"alpha_bounds={params['alpha_bounds']}: need 0 <= low < high <= 1.")


def _input_files(wiod_dir: Path, country_dir: Path, countries: Sequence[str]) -> dict[str, Path]:
    files = {f"niot/{c}": config.niot_path(wiod_dir, c) for c in countries}
    files["sea"] = config.sea_path(wiod_dir)
    files["country"] = country_mod._csv_path(country_dir)
    for name, path in files.items():
        if not Path(path).is_file():
            raise DataError(f"{path}: input file of the panel is missing ({name}). Point WIOD_DIR / "
                            "COUNTRY_DIR (or --wiod-dir / --country-dir) at a complete copy.")
    return files


def _cache_key(files: dict[str, Path], params: dict) -> tuple[str, dict]:
    digests = {name: file_sha256(path) for name, path in files.items()}
    meta = {"inputs": digests, "params": params, "version": PANEL_VERSION}
    key = hashlib.sha256(json.dumps(meta, sort_keys=True).encode()).hexdigest()
    return key, meta


def build_panel(
    wiod_dir: str | os.PathLike | None = None,
    country_dir: str | os.PathLike | None = None,
    *,
    countries: Sequence[str] | None = None,
    digital: str = "core",
    include_c26: bool = False,
    upgrading: str = "ln_tfp",
    alpha_bounds: tuple[float, float] = m.ALPHA_BOUNDS,
    capital_deflator: str = "GO_PI",
    base_year: int = m.BASE_YEAR,
    misallocation_capital: str = "K",
    country_window: tuple[int, int] = (2004, 2014),
    tie_rule: str = "above_median",
    lux_tariff_from: str | None = None,
    use_cache: bool = True,
) -> Panel:
    """Build (or read from the cache) the analysis panel.

    Inputs: ``wiod_dir`` (``niot/``, ``sea/``; default ``config.wiod_dir()``), ``country_dir``
    (``country_indicators.csv``; default ``config.country_dir()``), ``countries`` (default: every
    NIOT present). The [standard] parameters, each with its alternatives:

    - ``digital``: ``"core"`` (C26, J61, J62_J63) or ``"broad"`` (+ J58, J59_J60): the set D of the
      ``dig*``, ``ser*`` and ``dig_loo`` columns; the other set is also there as ``dig_broad*`` /
      ``dig_core*``;
    - ``include_c26``: False (default; C26 is itself a digital producer) or True (robustness);
    - ``upgrading``: ``"ln_tfp"`` (default), ``"ln_lp"``, ``"va_rate"``, ``"ln_tfp_h"``: copied to
      ``upg`` and used for the sample flag (all four are columns anyway);
    - ``alpha_bounds`` (0.05, 0.95), ``capital_deflator`` ``"GO_PI"`` / ``"VA_PI"``, ``base_year``
      2010: the ln TFP recipe (:func:`wiodbook.measures.ln_tfp`);
    - ``misallocation_capital``: ``"K"`` (current prices) or ``"K_real"``;
    - ``country_window`` (2004, 2014), ``tie_rule`` (``wiodbook.country.RULES``),
      ``lux_tariff_from``: the country series (:func:`wiodbook.country.country_groups`).

    Returns a :class:`Panel`; ``panel.data`` has one row per country x manufacturing industry
    (all 19) x year. ``in_sample`` = industry in the regression set, finite ``upg`` and ``dig``.
    """
    t0 = time.perf_counter()
    wiod_dir = Path(wiod_dir) if wiod_dir is not None else config.wiod_dir()
    country_dir = Path(country_dir) if country_dir is not None else config.country_dir()
    from . import wiod

    if countries is None:
        countries = wiod.available_countries(wiod_dir)
    countries = list(countries)
    if not countries:
        raise DataError(f"{wiod_dir / 'niot'}: no national IO tables found (expected {{ISO3}}_NIOT_nov16.xlsx).")
    params = {
        "countries": countries, "digital": digital, "include_c26": bool(include_c26), "upgrading": upgrading,
        "alpha_bounds": [float(alpha_bounds[0]), float(alpha_bounds[1])],
        "capital_deflator": capital_deflator, "base_year": int(base_year),
        "misallocation_capital": misallocation_capital,
        "country_window": [int(country_window[0]), int(country_window[1])], "tie_rule": tie_rule,
        "lux_tariff_from": lux_tariff_from,
    }
    _check_params(params)
    files = _input_files(wiod_dir, country_dir, countries)
    key, meta = _cache_key(files, params)
    dest = config.cache_dir() / "panel" / f"panel-{key[:20]}.parquet"
    inputs = {k: str(v) for k, v in files.items()}
    if use_cache:
        data = wiod._read_cached(dest, meta)
        if data is not None:
            return Panel(data, params, key, dest, True, time.perf_counter() - t0, inputs)
    niot = wiod.load_niot(countries, wiod_dir, use_cache=use_cache)
    sea = wiod.load_sea(wiod_dir, use_cache=use_cache)
    indicators = country_mod.read_country_indicators(files["country"])
    data = assemble_panel(niot, sea, indicators, **{k: v for k, v in params.items() if k != "countries"})
    if use_cache:
        wiod._write_parquet_atomic(data, dest, meta)
    return Panel(data, params, key, dest if use_cache else None, False, time.perf_counter() - t0, inputs)


def assemble_panel(
    niot: pd.DataFrame,
    sea: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    digital: str = "core",
    include_c26: bool = False,
    upgrading: str = "ln_tfp",
    alpha_bounds: Sequence[float] = m.ALPHA_BOUNDS,
    capital_deflator: str = "GO_PI",
    base_year: int = m.BASE_YEAR,
    misallocation_capital: str = "K",
    country_window: Sequence[int] = (2004, 2014),
    tie_rule: str = "above_median",
    lux_tariff_from: str | None = None,
) -> pd.DataFrame:
    """The panel frame from parsed tables (no files, no cache): what :func:`build_panel` computes.

    ``niot`` from :func:`wiodbook.wiod.load_niot`, ``sea`` from :func:`wiodbook.wiod.load_sea`,
    ``indicators`` from :func:`wiodbook.country.read_country_indicators`. Parameters as in
    :func:`build_panel`.
    """
    alpha_bounds = tuple(alpha_bounds)
    system = IOSystem.from_niot(niot)
    countries = list(system.keys.get_level_values("country").unique())
    other = "broad" if digital == "core" else "core"

    cols: dict[str, pd.Series] = {}
    for dset, suffix in ((digital, ""), (other, f"_{other}")):
        for method, mname in (("complete", ""), ("direct", "_direct")):
            d = m.digital_dependence(system, digital=dset, method=method)
            base = f"dig{mname}{suffix}"
            cols[base], cols[f"{base}_dom"], cols[f"{base}_for"] = d["total"], d["domestic"], d["foreign"]
    cols["ser"] = m.servitization(system, services="all", digital=digital)
    cols["ser_prod"] = m.servitization(system, services="producer", digital=digital)
    cols["exp_int"] = m.export_intensity(system)
    cols["imp_share"] = m.foreign_input_share(system)
    io_frame = pd.DataFrame(cols)
    io_frame = io_frame[io_frame.index.get_level_values("code").isin(MANUFACTURING)]
    go_niot = pd.Series(system.x.reshape(-1), index=m.io_index(system))

    sea = sea[sea.index.get_level_values("country").isin(countries)]
    missing_sea = sorted(set(countries) - set(sea.index.get_level_values("country")))
    if missing_sea:
        raise DataError(f"The SEA has no rows for {missing_sea}: every NIOT country needs its SEA rows.")
    sea = sea[sea.index.get_level_values("code").isin(MANUFACTURING)]
    alpha = m.capital_elasticity(sea, alpha_bounds=alpha_bounds)
    sea_cols = {
        "ln_tfp": m.ln_tfp(sea, labour="EMP", alpha_bounds=alpha_bounds, base_year=base_year,
                           capital_deflator=capital_deflator),
        "ln_lp": m.ln_labour_productivity(sea, base_year=base_year),
        "va_rate": m.value_added_rate(sea),
        "ln_tfp_h": m.ln_tfp(sea, labour="H_EMPE", alpha_bounds=alpha_bounds, base_year=base_year,
                             capital_deflator=capital_deflator),
        "size": m.ln_real_output(sea, base_year=base_year),
        "kdeep": m.capital_deepening(sea, capital_deflator=capital_deflator),
        "lab_share": m.labour_share(sea),
        "mis": m.misallocation(sea, alpha_bounds=alpha_bounds, capital=misallocation_capital),
    }
    sea_frame = pd.DataFrame(sea_cols)
    problems = m.upgrading_problems(sea, upgrading, base_year=base_year, capital_deflator=capital_deflator)

    index = pd.MultiIndex.from_product([countries, list(YEARS), list(MANUFACTURING)], names=list(m.INDEX_NAMES))
    frame = io_frame.reindex(index).join(sea_frame.reindex(index))
    frame["alpha"] = alpha.reindex(pd.MultiIndex.from_arrays(
        [index.get_level_values("country"), index.get_level_values("code")])).to_numpy()
    frame["upg"] = frame[upgrading]
    frame["dig_loo"] = m.leave_one_out_mean(frame["dig"]).to_numpy()

    df = frame.reset_index().rename(columns={"code": "industry"})
    df["entity"] = df["country"] + ":" + df["industry"]
    tech = m.technology_groups(MANUFACTURING)
    df["tech_group"] = df["industry"].map(tech["tech_group"]).astype(object)
    df["high_tech"] = df["industry"].map(tech["high_tech"].astype(bool)).astype(bool)

    for name in COUNTRY_SERIES:
        spec = country_mod.SERIES[name]
        if spec.code not in set(indicators["indicator"]):
            df[f"{name}_mean"] = np.nan
            df[f"{name}_z"] = np.nan
            df[f"{name}_group"] = pd.Series([None] * len(df), dtype=object)
            continue
        g = country_mod.country_groups(
            indicators, name, window=tuple(country_window), rule=tie_rule,
            lux_tariff_from=lux_tariff_from if spec.is_tariff else None,
        )
        df[f"{name}_mean"] = df["country"].map(g["mean"]).astype(float)
        df[f"{name}_z"] = df["country"].map(g["z"]).astype(float)
        df[f"{name}_group"] = df["country"].map(g["group"]).astype(object)

    # the regression sample and why each row is out
    notes = [[] for _ in range(len(df))]
    reg = set(_regression_industries(include_c26))
    prob = problems.reindex(index).fillna("").to_numpy()
    upg_ok = np.isfinite(df["upg"].to_numpy(dtype=float))
    go = go_niot.reindex(index).to_numpy()
    dig_ok = np.isfinite(df["dig"].to_numpy(dtype=float))
    for i, (ind, ok_u, ok_d, p, x) in enumerate(zip(df["industry"], upg_ok, dig_ok, prob, go)):
        if ind not in reg:
            notes[i].append("C26 excluded (a digital producer; include_c26=True keeps it)")
        if not ok_u:
            notes[i].append(f"{upgrading} not finite: {p or 'no input problem found'}")
        if not ok_d:
            notes[i].append("no output in the NIOT (GO = 0): DIG undefined" if not x > 0 else "DIG not finite")
    df["sample_note"] = ["; ".join(n) for n in notes]
    df["in_sample"] = df["sample_note"] == ""

    first = ["entity", "country", "industry", "year", "in_sample", "sample_note"]
    ordered = [c.name for c in DATA_DICTIONARY if c.name in df.columns and c.name not in first]
    rest = [c for c in df.columns if c not in first and c not in ordered]
    if rest:  # every column must be in the dictionary; fail loudly while developing
        raise AssertionError(f"panel columns missing from DATA_DICTIONARY: {rest}")
    df = df[first + ordered].reset_index(drop=True)
    df["year"] = df["year"].astype("int64")
    text = ["entity", "country", "industry", "sample_note", "tech_group",
            *[f"{name}_group" for name in COUNTRY_SERIES]]
    for c in text:  # one string dtype, missing as NaN, so a cached panel reads back identical
        df[c] = df[c].astype("str")
    return df


# --------------------------------------------------------------------------------------------
# Tables and files
# --------------------------------------------------------------------------------------------

#: The variables of the paper's descriptive-statistics table, in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "upg", "ln_tfp", "ln_lp", "va_rate", "dig", "dig_dom", "dig_for", "dig_direct", "size", "exp_int",
    "imp_share", "kdeep", "lab_share", "mis", "ser",
)


def summary_statistics(panel: Panel | pd.DataFrame, columns: Sequence[str] | None = None, *,
                       sample: bool = True) -> pd.DataFrame:
    """The variable table: N, mean, sd, min, max of each column (regression sample by default).

    ``columns`` default :data:`SUMMARY_COLUMNS`. N counts finite values. Indexed by column name,
    with the dictionary's meaning in ``meaning``.
    """
    if isinstance(panel, Panel):
        frame = panel.sample if sample else panel.data
    else:
        frame = panel[panel["in_sample"]] if sample and "in_sample" in panel else panel
    columns = list(columns) if columns is not None else [c for c in SUMMARY_COLUMNS if c in frame]
    rows = []
    for c in columns:
        v = frame[c].astype(float)
        v = v[np.isfinite(v)]
        rows.append({"variable": c, "meaning": DICTIONARY[c].meaning if c in DICTIONARY else "",
                     "N": int(v.size), "mean": v.mean(), "sd": v.std(ddof=1), "min": v.min(), "max": v.max()})
    return pd.DataFrame(rows).set_index("variable")


def write_panel(panel: Panel | pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the panel to ``.parquet`` or ``.csv`` (atomically); return the path."""
    frame = panel.data if isinstance(panel, Panel) else panel
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise SpecificationError(f"{path}: write the panel as .parquet or .csv.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
