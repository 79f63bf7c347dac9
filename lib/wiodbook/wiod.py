"""Parse and validate the WIOD 2016 workbooks; cache the parsed tables by checksum.

Two readers, one per workbook of the release:

- :func:`read_niot` reads one national input-output table, ``{ISO3}_NIOT_nov16.xlsx``, sheet
  ``National IO-tables``, and returns a labelled frame with rows ``(year, origin, code)`` and
  columns ``56 industries + CONS_h CONS_np CONS_g GFCF INVEN EXP + GO``.
- :func:`read_sea` reads the Socio-Economic Accounts, ``WIOD_SEA_Nov16.xlsx``, sheet ``DATA``,
  and returns a frame indexed ``(country, code, year)`` with one column per variable.

Both check what they read (sheet names, the 56 industry codes in order, the 15 years, numeric
cells) and say which file, sheet, year and row is wrong. :func:`load_niot` and :func:`load_sea`
add a parquet cache under ``data/cache`` keyed by the source file's SHA-256, so a second run
does not parse Excel again; a stale or unreadable cache file is detected and rebuilt.

The known source imbalances (METHOD.md: a few small economies whose column sums miss GO by more
than rounding) are reported by :func:`niot_balance`, never fatal and never changed.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .codes import COUNTRIES, FINAL_USE, INDUSTRIES, TOTAL_ROWS, YEARS
from .errors import DataError
from .sources import file_sha256

NIOT_SHEET = "National IO-tables"
SEA_SHEET = "DATA"
NIOT_COLUMNS: tuple[str, ...] = (*INDUSTRIES, *FINAL_USE, "GO")
NIOT_ROWS_PER_YEAR = 2 * len(INDUSTRIES) + len(TOTAL_ROWS)  # 120
SEA_VARIABLES: tuple[str, ...] = (
    "GO", "II", "VA", "EMP", "EMPE", "H_EMPE", "COMP", "LAB", "CAP", "K",
    "GO_PI", "II_PI", "VA_PI", "GO_QI", "II_QI", "VA_QI",
)
#: Bumped whenever the parsed layout changes, so older cache files are rebuilt.
PARSER_VERSION = "1"
ENGINE = "calamine"

_REDOWNLOAD_HINT = (
    "Replace it with the release's file (DataverseNL doi:10.34894/PJ2M1C), or delete it and "
    "let the book download it again, or point WIOD_DIR at a good copy."
)


# --------------------------------------------------------------------------------------
# Reading a workbook
# --------------------------------------------------------------------------------------

def _read_sheet(path: Path, sheet: str, *, header, engine: str = ENGINE) -> pd.DataFrame:
    """Read one sheet, turning every way a workbook can be unreadable into a DataError."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found. {_REDOWNLOAD_HINT}")
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise DataError(
            f"{path}: this is an HTML page, not an Excel workbook (a download that was answered "
            f"with a web page). {_REDOWNLOAD_HINT}"
        )
    if not head.startswith(b"PK"):
        raise DataError(f"{path}: not an .xlsx workbook (no zip signature). {_REDOWNLOAD_HINT}")
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
        if bad is not None:
            raise DataError(f"{path}: workbook is corrupted (member {bad} fails its CRC). {_REDOWNLOAD_HINT}")
    except zipfile.BadZipFile as exc:
        raise DataError(f"{path}: workbook is truncated or corrupted ({exc}). {_REDOWNLOAD_HINT}") from exc
    try:
        sheets = pd.ExcelFile(path, engine=engine).sheet_names
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad file here
        raise DataError(f"{path}: cannot be read as a workbook ({exc}). {_REDOWNLOAD_HINT}") from exc
    if sheet not in sheets:
        raise DataError(
            f"{path}: sheet '{sheet}' is missing (found {sheets}). Is this the WIOD 2016 release file?"
        )
    try:
        # only empty cells are missing: text such as 'n/a' must reach the checks, not become NaN
        return pd.read_excel(
            path, sheet_name=sheet, header=header, engine=engine, keep_default_na=False, na_values=[""]
        )
    except Exception as exc:  # noqa: BLE001
        raise DataError(f"{path}, sheet '{sheet}': cannot be read ({exc}). {_REDOWNLOAD_HINT}") from exc


def _to_float(block: pd.DataFrame, where) -> np.ndarray:
    """Convert a block of cells to float; a non-numeric cell is a DataError saying where.

    ``where(i, j)`` describes cell (i, j) of the block for the message. Empty cells and the
    text ``NA`` (the release's marker of a missing value) become NaN.
    """
    values = block.to_numpy(dtype=object)
    out = np.empty(values.shape, dtype=float)
    flat_in, flat_out = values.ravel(), out.ravel()
    for k, v in enumerate(flat_in):
        if v is None or (isinstance(v, str) and v.strip() in ("", "NA")):
            flat_out[k] = np.nan
            continue
        if isinstance(v, bool):
            raise DataError(f"{where(*divmod(k, values.shape[1]))}: expected a number, found {v!r}.")
        try:
            flat_out[k] = float(v)
        except (TypeError, ValueError):
            raise DataError(
                f"{where(*divmod(k, values.shape[1]))}: expected a number, found {v!r}. "
                "Fix or replace the file."
            ) from None
    return out


def read_niot(path: str | Path, iso3: str | None = None, *, engine: str = ENGINE) -> pd.DataFrame:
    """Read one national input-output table of the WIOD 2016 release.

    The sheet ``National IO-tables`` has two header rows (codes, then descriptions) and, for each
    year 2000-2014, 120 rows: 56 ``Domestic`` product rows, 56 ``Imports`` product rows and the
    closing rows ``II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM, GO`` (origin ``TOT``).

    Returns a frame indexed by ``(year, origin, code)`` with the 56 industry columns, the six
    final-use columns and ``GO`` (current USD millions). Raises :class:`DataError` naming the
    file, sheet, year and Excel row when the layout or a cell is not what the release has.
    """
    path = Path(path)
    raw = _read_sheet(path, NIOT_SHEET, header=None, engine=engine)
    where_sheet = f"{path.name}, sheet '{NIOT_SHEET}'"
    head = [str(v).strip() for v in raw.iloc[0].tolist()]
    expected_head = ["Year", "Code", "Description", "Origin", *NIOT_COLUMNS]
    if head[: len(expected_head)] != expected_head:
        bad = next(
            (i for i, (a, b) in enumerate(zip(head, expected_head)) if a != b),
            min(len(head), len(expected_head)),
        )
        found = head[bad] if bad < len(head) else "(nothing)"
        want = expected_head[bad] if bad < len(expected_head) else "(nothing)"
        raise DataError(
            f"{where_sheet}, row 1: column {bad + 1} should be '{want}', found '{found}'. "
            "The 56 industry codes must come in the release's order, then "
            f"{', '.join(FINAL_USE)}, GO."
        )
    body = raw.iloc[2:, : len(expected_head)]
    body = body[body.iloc[:, 0].notna()]
    n_expected = len(YEARS) * NIOT_ROWS_PER_YEAR
    try:
        years = body.iloc[:, 0].astype(float).astype(int).to_numpy()
    except (TypeError, ValueError) as exc:
        raise DataError(f"{where_sheet}: column 'Year' has a non-numeric entry ({exc}).") from exc
    found_years = sorted(set(years.tolist()))
    if found_years != list(YEARS):
        missing = sorted(set(YEARS) - set(found_years))
        extra = sorted(set(found_years) - set(YEARS))
        raise DataError(
            f"{where_sheet}: years should be {YEARS[0]}-{YEARS[-1]}; missing {missing}, unexpected {extra}."
        )
    if len(body) != n_expected:
        counts = pd.Series(years).value_counts().sort_index()
        wrong = counts[counts != NIOT_ROWS_PER_YEAR]
        raise DataError(
            f"{where_sheet}: each year should have {NIOT_ROWS_PER_YEAR} rows; "
            f"found {wrong.to_dict()} (year: rows)."
        )
    codes = body.iloc[:, 1].astype(str).str.strip().to_numpy()
    origins = body.iloc[:, 3].astype(str).str.strip().to_numpy()
    expected_codes = np.array([*INDUSTRIES, *INDUSTRIES, *TOTAL_ROWS])
    expected_origin = np.array(["Domestic"] * 56 + ["Imports"] * 56 + ["TOT"] * len(TOTAL_ROWS))
    for b, year in enumerate(YEARS):
        sl = slice(b * NIOT_ROWS_PER_YEAR, (b + 1) * NIOT_ROWS_PER_YEAR)
        ok = (codes[sl] == expected_codes) & (origins[sl] == expected_origin) & (years[sl] == year)
        if not ok.all():
            k = int(np.argmin(ok))
            excel_row = 3 + b * NIOT_ROWS_PER_YEAR + k
            raise DataError(
                f"{where_sheet}, year {year}, Excel row {excel_row}: expected "
                f"({year}, {expected_codes[k]}, {expected_origin[k]}), found "
                f"({years[sl][k]}, {codes[sl][k]}, {origins[sl][k]})."
            )

    def where(i: int, j: int) -> str:
        year = YEARS[i // NIOT_ROWS_PER_YEAR]
        return (
            f"{where_sheet}, year {year}, Excel row {3 + i}, column '{NIOT_COLUMNS[j]}' "
            f"(row {codes[i]} {origins[i]})"
        )

    cells = body.iloc[:, 4:]
    try:
        values = cells.to_numpy(dtype=float)
    except (TypeError, ValueError):
        values = _to_float(cells, where)
    if np.isnan(values).any():
        i, j = map(int, np.argwhere(np.isnan(values))[0])
        raise DataError(f"{where(i, j)}: empty cell where the release has a number.")
    index = pd.MultiIndex.from_arrays(
        [years, origins, codes], names=["year", "origin", "code"]
    )
    frame = pd.DataFrame(values, index=index, columns=pd.Index(NIOT_COLUMNS, name="column"))
    if iso3 is not None:
        frame.attrs["country"] = iso3
    return frame


def read_sea(path: str | Path, *, engine: str = ENGINE) -> pd.DataFrame:
    """Read the Socio-Economic Accounts of the WIOD 2016 release.

    The sheet ``DATA`` has columns ``country, variable, description, code, 2000..2014``: for each
    country and each of the 16 variables (GO II VA EMP EMPE H_EMPE COMP LAB CAP K GO_PI II_PI VA_PI
    GO_QI II_QI VA_QI), 56 rows in the release's industry order. Missing values are ``NA`` text in
    the release and empty cells in some copies: both become NaN (China has no EMPE, H_EMPE).

    Returns a frame indexed ``(country, code, year)`` with one float column per variable.
    """
    path = Path(path)
    raw = _read_sheet(path, SEA_SHEET, header=0, engine=engine)
    where_sheet = f"{path.name}, sheet '{SEA_SHEET}'"
    cols = [str(c).strip() for c in raw.columns]
    cols = [c[:-2] if c.endswith(".0") and c[:-2].isdigit() else c for c in cols]
    raw.columns = cols
    expected = ["country", "variable", "description", "code", *map(str, YEARS)]
    missing = [c for c in expected if c not in cols]
    if missing:
        raise DataError(
            f"{where_sheet}: columns {missing} are missing (found {cols}). "
            "The release's layout is country, variable, description, code, 2000..2014."
        )
    raw = raw[raw["country"].notna()]
    raw["country"] = raw["country"].astype(str).str.strip()
    raw["variable"] = raw["variable"].astype(str).str.strip()
    raw["code"] = raw["code"].astype(str).str.strip()
    unknown = sorted(set(raw["variable"]) - set(SEA_VARIABLES))
    if unknown:
        raise DataError(f"{where_sheet}: unknown variables {unknown}; expected {list(SEA_VARIABLES)}.")
    for (country, variable), grp in raw.groupby(["country", "variable"], sort=False):
        if grp["code"].tolist() != list(INDUSTRIES):
            got = grp["code"].tolist()
            k = next((i for i, (a, b) in enumerate(zip(got, INDUSTRIES)) if a != b), min(len(got), 56))
            excel_row = int(grp.index[min(k, len(grp) - 1)]) + 2
            raise DataError(
                f"{where_sheet}, country {country}, variable {variable}, Excel row {excel_row}: "
                f"the 56 industry codes must come in the release's order; at position {k + 1} expected "
                f"'{INDUSTRIES[k] if k < 56 else '(end)'}', found '{got[k] if k < len(got) else '(nothing)'}'."
            )
    for country, grp in raw.groupby("country", sort=False):
        absent = [v for v in SEA_VARIABLES if v not in set(grp["variable"])]
        if absent:
            raise DataError(f"{where_sheet}, country {country}: variables {absent} are missing.")
    year_cols = [str(y) for y in YEARS]
    rows = raw.index.to_numpy()

    def where(i: int, j: int) -> str:
        r = raw.iloc[i]
        return (
            f"{where_sheet}, Excel row {int(rows[i]) + 2}, year {year_cols[j]} "
            f"(country {r['country']}, variable {r['variable']}, industry {r['code']})"
        )

    values = _to_float(raw[year_cols], where)
    wide = pd.DataFrame(values, columns=pd.Index(list(YEARS), name="year"))
    wide["country"] = raw["country"].to_numpy()
    wide["variable"] = raw["variable"].to_numpy()
    wide["code"] = raw["code"].to_numpy()
    long = wide.melt(id_vars=["country", "variable", "code"], var_name="year", value_name="value")
    long["year"] = long["year"].astype(int)
    sea = long.pivot_table(
        index=["country", "code", "year"], columns="variable", values="value", dropna=False, aggfunc="first"
    )
    sea = sea.reindex(columns=list(SEA_VARIABLES))
    sea.columns.name = None
    order = {c: i for i, c in enumerate(INDUSTRIES)}
    sea = sea.sort_index(level=["country", "code", "year"], key=lambda s: s.map(order) if s.name == "code" else s)
    return sea


# --------------------------------------------------------------------------------------
# Cache keyed by checksum
# --------------------------------------------------------------------------------------

def _cache_file(kind: str, name: str, digest: str) -> Path:
    return config.cache_dir() / kind / f"{name}-{digest[:16]}-v{PARSER_VERSION}.parquet"


def _write_parquet_atomic(frame: pd.DataFrame, dest: Path, meta: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    dest.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"wiodbook": json.dumps(meta).encode()})
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=dest.name, suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _read_cached(dest: Path, meta: dict) -> pd.DataFrame | None:
    """The cached frame if ``dest`` is readable and was written for ``meta``; else None."""
    import pyarrow.parquet as pq

    if not dest.exists():
        return None
    try:
        table = pq.read_table(dest)
        stored = json.loads(table.schema.metadata[b"wiodbook"].decode())
        if stored != meta:
            return None
        return table.to_pandas()
    except Exception:  # noqa: BLE001 - any unreadable cache is rebuilt
        return None


def _lookup(kind: str, name: str, source: Path, *, use_cache: bool = True):
    """(cached frame or None, cache path, metadata) of one source file, keyed by its checksum."""
    if not Path(source).is_file():
        raise DataError(f"{source}: file not found. {_REDOWNLOAD_HINT}")
    digest = file_sha256(source)
    meta = {"source": Path(source).name, "sha256": digest, "parser": PARSER_VERSION}
    dest = _cache_file(kind, name, digest)
    frame = _read_cached(dest, meta) if use_cache else None
    return frame, dest, meta


def _store(frame: pd.DataFrame, name: str, dest: Path, meta: dict) -> None:
    """Write a parsed frame to the cache (atomically) and remove older entries of the same file."""
    for stale in dest.parent.glob(f"{name}-*.parquet") if dest.parent.exists() else []:
        if stale != dest:
            stale.unlink(missing_ok=True)
    _write_parquet_atomic(frame, dest, meta)


def _cached(kind: str, name: str, source: Path, parse, *, use_cache: bool = True) -> pd.DataFrame:
    frame, dest, meta = _lookup(kind, name, source, use_cache=use_cache)
    if frame is None:
        frame = parse(source)
        if use_cache:
            _store(frame, name, dest, meta)
    return frame


def _parse_niot_job(job: tuple[Path, str]) -> pd.DataFrame:
    return read_niot(*job)


def load_niot(
    countries: Iterable[str] | None = None,
    base: str | Path | None = None,
    *,
    use_cache: bool = True,
    workers: int | None = None,
) -> pd.DataFrame:
    """The national IO tables of ``countries`` (default: all 43 of ``base``), stacked.

    Returns a frame indexed ``(country, year, origin, code)`` with columns ``56 industries +
    final use + GO``. Each workbook is parsed once and cached as parquet, keyed by its SHA-256;
    workbooks not in the cache are parsed in parallel on ``workers`` processes (default: the
    machine's cores).
    """
    base = Path(base) if base is not None else config.wiod_dir()
    if countries is None:
        countries = available_countries(base)
    countries = list(countries)
    if not countries:
        raise DataError(f"{base / 'niot'}: no national IO tables found (expected {{ISO3}}_NIOT_nov16.xlsx).")
    frames, todo = {}, {}
    for iso3 in countries:
        frame, dest, meta = _lookup("niot", iso3, config.niot_path(base, iso3), use_cache=use_cache)
        frames[iso3] = frame
        if frame is None:
            todo[iso3] = (dest, meta)
    workers = min(workers or os.cpu_count() or 1, len(todo))
    jobs = [(config.niot_path(base, iso3), iso3) for iso3 in todo]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            parsed = list(pool.map(_parse_niot_job, jobs))
    else:
        parsed = [_parse_niot_job(job) for job in jobs]
    for (iso3, (dest, meta)), frame in zip(todo.items(), parsed):
        frames[iso3] = frame
        if use_cache:
            _store(frame, iso3, dest, meta)
    return pd.concat(frames, names=["country"])


def load_sea(base: str | Path | None = None, *, use_cache: bool = True) -> pd.DataFrame:
    """The Socio-Economic Accounts, indexed ``(country, code, year)``; cached like :func:`load_niot`."""
    base = Path(base) if base is not None else config.wiod_dir()
    frame = _cached("sea", "SEA", config.sea_path(base), read_sea, use_cache=use_cache)
    return frame


def available_countries(base: str | Path | None = None) -> list[str]:
    """ISO3 codes of the NIOT workbooks present in ``base/niot``, in the release's order."""
    base = Path(base) if base is not None else config.wiod_dir()
    present = {p.name.split("_")[0] for p in (Path(base) / "niot").glob("*_NIOT_nov16.xlsx")}
    known = [c for c in COUNTRIES if c in present]
    return known + sorted(present - set(known))


# --------------------------------------------------------------------------------------
# Accounting checks
# --------------------------------------------------------------------------------------

def niot_balance(
    niot: pd.DataFrame, *, tolerance: float = 0.05, rel_tolerance: float = 1e-3
) -> pd.DataFrame:
    """Check each country-year-industry of the stacked NIOTs against its output ``GO``.

    Two identities of the release, for industry j with output x_j:

    - columns: sum_i z^d_ij + sum_i z^m_ij + TXSP_j + EXP_adj_j + PURR_j + PURNR_j + VA_j
      + IntTTM_j = x_j (inputs add up to output);
    - rows: sum_j z^d_ij + sum_k f^d_ik = x_i (domestic output is used somewhere).

    Returns one row per cell whose gap exceeds both ``tolerance`` (USD millions; rounding in the
    release is below 0.05 in the large economies) and ``rel_tolerance`` x GO, with both gaps. The book reports this table; it never stops
    on it and never changes the data.
    """
    industries = list(INDUSTRIES)
    dom = niot.xs("Domestic", level="origin")
    imp = niot.xs("Imports", level="origin")
    tot = niot.xs("TOT", level="origin")
    keys = ["country", "year"]
    col_inputs = (
        dom[industries].groupby(level=keys).sum()
        + imp[industries].groupby(level=keys).sum()
    )
    closing = tot[industries]
    go_row = closing.xs("GO", level="code")
    other = closing.drop(index=["GO", "II_fob"], level="code").groupby(level=keys).sum()
    column_gap = col_inputs + other - go_row
    row_use = dom[list(industries) + list(FINAL_USE)].sum(axis=1)
    row_gap = (row_use - dom["GO"]).unstack("code")[industries]
    out = pd.DataFrame({
        "column_gap": column_gap.stack(),
        "row_gap": row_gap.stack(),
        "GO": go_row.stack(),
    })
    out.index = out.index.set_names(["country", "year", "code"])
    limit = np.maximum(tolerance, rel_tolerance * out["GO"].abs())
    bad = out[(out["column_gap"].abs() > limit) | (out["row_gap"].abs() > limit)]
    return bad.assign(relative_gap=bad["column_gap"] / bad["GO"].where(bad["GO"] != 0))
