"""The variables of the analysis: digital dependence, upgrading, controls, mechanisms, groupings.

Each function is pure, named after the paper's notation, and states its formula and whether the
choice is fixed by the paper (**[paper]**) or the standard choice of this literature
(**[standard]**, METHOD.md). Every [standard] choice is a named parameter listing its alternatives.

Two families of inputs:

- **input-output measures** take an :class:`~wiodbook.inputoutput.IOSystem` (the stacked NIOTs of
  many country-years) and are vectorised over its stacks: one call computes all 645 country-years.
  They return a frame or series indexed ``(country, year, code)`` over the 56 industries.
- **SEA measures** take the Socio-Economic Accounts frame of :func:`wiodbook.wiod.load_sea`
  (indexed ``(country, code, year)``) and return a series indexed ``(country, year, code)``.

Non-finite results are never dropped silently: a measure returns NaN where its formula is not
defined (the log of a non-positive number, a ratio with a zero denominator) and
:func:`upgrading_problems` says, for every country-industry-year, why.

Notation (one country c and year t): x the output vector, Z^d and Z^m the domestic and imported
intermediate blocks, A^d, A^m, A = A^d + A^m the technical coefficients, B = (I - A)^-1 - I and
B^d = (I - A^d)^-1 - I the complete consumption coefficients (see :mod:`wiodbook.inputoutput`),
D the set of digital sectors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .codes import (
    DIGITAL_SECTORS,
    INDUSTRIES,
    MANUFACTURING,
    PRODUCER_SERVICES,
    SERVICES,
    TECH_GROUP,
    high_tech,
)
from .errors import SpecificationError
from .country import year_ranges

#: Dependence methods: complete (B, B^d; default [paper: I-O method]) or direct (A, A^d, A^m; robustness).
DEPENDENCE_METHODS: tuple[str, ...] = ("complete", "direct")
#: Regressions use coefficients x 100: digital input per 100 units of output (METHOD.md).
SCALE = 100.0
#: Labour inputs of ln TFP: persons engaged (default) or hours worked by employees.
LABOUR_INPUTS: tuple[str, ...] = ("EMP", "H_EMPE")
#: Deflators for the nominal capital stock K: the SEA has no capital deflator, so the gross-output
#: price index stands in (default); the value-added price index is the alternative.
CAPITAL_DEFLATORS: tuple[str, ...] = ("GO_PI", "VA_PI")
ALPHA_BOUNDS: tuple[float, float] = (0.05, 0.95)
BASE_YEAR = 2010
INDEX_NAMES: tuple[str, str, str] = ("country", "year", "code")


# --------------------------------------------------------------------------------------------
# Helpers: stacks <-> long frames
# --------------------------------------------------------------------------------------------


def _digital_codes(digital: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(digital, str):
        if digital not in DIGITAL_SECTORS:
            raise SpecificationError(
                f"digital={digital!r}: choose one of {list(DIGITAL_SECTORS)} or give a list of codes."
            )
        return DIGITAL_SECTORS[digital]
    codes = tuple(digital)
    unknown = [c for c in codes if c not in INDUSTRIES]
    if unknown:
        raise SpecificationError(f"digital sectors {unknown} are not WIOD industry codes.")
    return codes


def _rows(codes: Iterable[str], industries: Sequence[str] = INDUSTRIES) -> list[int]:
    pos = {c: i for i, c in enumerate(industries)}
    return [pos[c] for c in codes]


def io_index(system) -> pd.MultiIndex:
    """The ``(country, year, code)`` index of a stack flattened to (K x n) rows."""
    K, n = len(system.keys), len(system.industries)
    return pd.MultiIndex.from_arrays(
        [
            np.repeat(system.keys.get_level_values(0).to_numpy(), n),
            np.repeat(system.keys.get_level_values(1).to_numpy().astype(int), n),
            np.tile(np.asarray(system.industries, dtype=object), K),
        ],
        names=list(INDEX_NAMES),
    )


def _io_frame(system, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame({k: np.asarray(v, dtype=float).reshape(-1) for k, v in columns.items()},
                        index=io_index(system))


def _producing(system) -> np.ndarray:
    """True where industry j has positive output x_j in the country-year."""
    return system.x > 0


# --------------------------------------------------------------------------------------------
# Digital dependence  [paper: measured from production factor inputs; domestic vs foreign]
# --------------------------------------------------------------------------------------------


def digital_dependence(
    system,
    *,
    digital: str | Sequence[str] = "core",
    method: str = "complete",
    scale: float = SCALE,
) -> pd.DataFrame:
    """Dependence of each industry on digital inputs: total, domestic and foreign, per country-year.

    Let D be the digital sectors (``digital``: ``"core"`` = C26, J61, J62_J63, default [standard];
    ``"broad"`` adds J58, J59_J60; or a list of codes). For industry j:

    - ``method="complete"`` (default, [paper: I-O method]):
      DIG_j = sum_{i in D} b_ij, DIG^dom_j = sum_{i in D} b^d_ij, DIG^for_j = DIG_j - DIG^dom_j.
      b^d counts domestic digital products reached through domestic supply chains only, so the
      foreign part is imported digital inputs plus domestic digital inputs embodied in imports.
    - ``method="direct"`` (robustness): DIG_j = sum_{i in D} a_ij, DIG^dom_j = sum_{i in D} a^d_ij,
      DIG^for_j = sum_{i in D} a^m_ij (so DIG = DIG^dom + DIG^for exactly).

    All are multiplied by ``scale`` (default 100: digital input per 100 units of output, as in the
    regressions). An industry with no output (x_j <= 0) has no input structure: NaN, not the zero
    column of A. Returns a frame indexed ``(country, year, code)`` with columns ``total``,
    ``domestic``, ``foreign``.
    """
    rows = _rows(_digital_codes(digital), system.industries)
    if method == "complete":
        total = system.B[:, rows, :].sum(axis=1)
        domestic = system.Bd[:, rows, :].sum(axis=1)
        foreign = total - domestic
    elif method == "direct":
        domestic = system.Ad[:, rows, :].sum(axis=1)
        foreign = system.Am[:, rows, :].sum(axis=1)
        total = domestic + foreign
    else:
        raise SpecificationError(f"method={method!r}: choose one of {list(DEPENDENCE_METHODS)}.")
    ok = _producing(system)
    out = {k: np.where(ok, scale * v, np.nan) for k, v in
           (("total", total), ("domestic", domestic), ("foreign", foreign))}
    return _io_frame(system, out)


def servitization(
    system,
    *,
    services: str = "all",
    digital: str | Sequence[str] = "core",
    scale: float = SCALE,
) -> pd.Series:
    """Servitization of each industry: its complete consumption of service inputs (M3).

    SER_j = scale x sum_{i in S} b_ij, where S is the service industries G45 ... U **excluding the
    digital sectors D** (``digital``, the same set as DIG; otherwise SER is mechanically related to
    DIG) [standard]. ``services="producer"`` (alternative) uses the producer services G45, G46,
    H49-H53, J58, J59_J60, K64-K66, M69_M70-M74_M75, N, again without D. Scaled x 100 like DIG
    (service input per 100 units of output). NaN where x_j <= 0.
    """
    if services == "all":
        pool = SERVICES
    elif services == "producer":
        pool = PRODUCER_SERVICES
    else:
        raise SpecificationError(f"services={services!r}: choose 'all' (G45..U) or 'producer'.")
    D = set(_digital_codes(digital))
    rows = _rows([c for c in pool if c not in D], system.industries)
    ser = np.where(_producing(system), scale * system.B[:, rows, :].sum(axis=1), np.nan)
    return _io_frame(system, {"ser": ser})["ser"].rename(f"ser_{services}")


# --------------------------------------------------------------------------------------------
# Controls from the NIOT  [standard]
# --------------------------------------------------------------------------------------------


def export_intensity(system) -> pd.Series:
    """EXP_j / GO_j: exports of product j over output of j, from the NIOT (current USD).

    Can exceed 1 in very open economies (re-exports recorded as exports of domestic products).
    NaN where GO_j <= 0.
    """
    ok = _producing(system)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(ok, system.exports / np.where(ok, system.x, 1.0), np.nan)
    return _io_frame(system, {"exp_int": v})["exp_int"]


def foreign_input_share(system) -> pd.Series:
    """sum_i z^m_ij / sum_i z_ij: the imported share of industry j's intermediate inputs (NIOT).

    z_ij = z^d_ij + z^m_ij. NaN where the industry buys no intermediate inputs.
    """
    zm = system.Zm.sum(axis=1)
    z = zm + system.Zd.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(z > 0, zm / np.where(z > 0, z, 1.0), np.nan)
    return _io_frame(system, {"imp_share": v})["imp_share"]


def leave_one_out_mean(values: pd.Series) -> pd.Series:
    """Mean of a variable in the same industry and year over the *other* countries (for FE-IV).

    LOO_cjt = (sum_{c'} v_c'jt - v_cjt) / (N_jt - 1), where the sum and the count N_jt run over the
    countries with a finite value. NaN when no other country has one. ``values`` is indexed
    ``(country, year, code)`` (any order of levels with those names).
    """
    v = values.astype(float)
    keys = [v.index.get_level_values("year"), v.index.get_level_values("code")]
    finite = v.notna()
    total = v.fillna(0.0).groupby(keys).transform("sum")
    count = finite.astype(float).groupby(keys).transform("sum")
    own = v.fillna(0.0)
    others = count - finite.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (total - own) / others.where(others > 0)
    return out.rename(f"{values.name}_loo" if values.name else "loo")


# --------------------------------------------------------------------------------------------
# SEA measures
# --------------------------------------------------------------------------------------------


def _wide(sea: pd.DataFrame, var: str) -> pd.DataFrame:
    """One SEA variable as a (country, code) x year frame."""
    return sea[var].unstack("year")


def _long(wide: pd.DataFrame, name: str) -> pd.Series:
    """Back from (country, code) x year to a series indexed (country, year, code)."""
    out = wide.stack().reorder_levels(["country", "year", "code"])
    out.index = out.index.set_names(list(INDEX_NAMES))
    return out.astype(float).rename(name)


def _log_positive(wide: pd.DataFrame) -> pd.DataFrame:
    """ln of the positive cells; NaN elsewhere (reasons in :func:`upgrading_problems`)."""
    return np.log(wide.where(wide > 0))


def _base(sea: pd.DataFrame, var: str, base_year: int) -> pd.Series:
    wide = _wide(sea, var)
    if base_year not in wide.columns:
        raise SpecificationError(f"base_year={base_year}: the SEA has years {list(wide.columns)}.")
    return wide[base_year]


def real_value_added_wide(sea: pd.DataFrame, *, base_year: int = BASE_YEAR) -> pd.DataFrame:
    """VA_real = VA_{base} x VA_QI / 100 (constant prices of the base year, 2010 by default)."""
    return _wide(sea, "VA_QI").mul(_base(sea, "VA", base_year), axis=0) / 100.0


def real_gross_output_wide(sea: pd.DataFrame, *, base_year: int = BASE_YEAR) -> pd.DataFrame:
    """GO_real = GO_{base} x GO_QI / 100."""
    return _wide(sea, "GO_QI").mul(_base(sea, "GO", base_year), axis=0) / 100.0


def real_capital_wide(sea: pd.DataFrame, *, capital_deflator: str = "GO_PI") -> pd.DataFrame:
    """K_real = K / (P / 100), P = GO_PI by default [standard].

    The SEA has no capital deflator (no investment-goods price index), so the gross-output price
    index of the industry stands in; ``capital_deflator="VA_PI"`` is the alternative.
    """
    if capital_deflator not in CAPITAL_DEFLATORS:
        raise SpecificationError(f"capital_deflator={capital_deflator!r}: choose one of {list(CAPITAL_DEFLATORS)}.")
    price = _wide(sea, capital_deflator)
    return _wide(sea, "K") / (price.where(price > 0) / 100.0)


def capital_elasticity(sea: pd.DataFrame, *, alpha_bounds: tuple[float, float] = ALPHA_BOUNDS) -> pd.Series:
    """alpha_cj = mean over years of CAP/VA, clipped to ``alpha_bounds`` (default [0.05, 0.95]) [standard].

    The mean runs over the years with VA > 0 and a finite CAP (a capital share of a non-positive
    value added has no meaning). NaN when no year qualifies. Indexed ``(country, code)``.
    """
    va, cap = _wide(sea, "VA"), _wide(sea, "CAP")
    share = (cap / va.where(va > 0)).where(np.isfinite(cap))
    lo, hi = alpha_bounds
    return share.mean(axis=1, skipna=True).clip(lo, hi).rename("alpha")


def _labour_wide(sea: pd.DataFrame, labour: str) -> pd.DataFrame:
    if labour not in LABOUR_INPUTS:
        raise SpecificationError(f"labour={labour!r}: choose one of {list(LABOUR_INPUTS)}.")
    return _wide(sea, labour)


def ln_tfp(
    sea: pd.DataFrame,
    *,
    labour: str = "EMP",
    alpha_bounds: tuple[float, float] = ALPHA_BOUNDS,
    base_year: int = BASE_YEAR,
    capital_deflator: str = "GO_PI",
) -> pd.Series:
    """ln TFP_cjt = ln VA_real - alpha_cj ln K_real - (1 - alpha_cj) ln L  (Solow residual) [standard].

    Let VA_real = VA_2010 x VA_QI / 100, K_real = K / (GO_PI / 100) (the SEA has no capital
    deflator), L = EMP persons engaged (``labour="H_EMPE"``: hours worked by employees, the
    "TFP with hours" alternative, NaN where unavailable, e.g. CHN), alpha_cj as in
    :func:`capital_elasticity`. NaN where VA_real, K_real or L is not positive or missing
    (see :func:`upgrading_problems` for the reason). Levels are in national-currency units: only
    within-entity variation is comparable.
    """
    alpha = capital_elasticity(sea, alpha_bounds=alpha_bounds)
    lv = _log_positive(real_value_added_wide(sea, base_year=base_year))
    lk = _log_positive(real_capital_wide(sea, capital_deflator=capital_deflator))
    ll = _log_positive(_labour_wide(sea, labour))
    tfp = lv - lk.mul(alpha, axis=0) - ll.mul(1.0 - alpha, axis=0)
    return _long(tfp, "ln_tfp" if labour == "EMP" else "ln_tfp_h")


def ln_labour_productivity(sea: pd.DataFrame, *, base_year: int = BASE_YEAR) -> pd.Series:
    """ln LP = ln(VA_real / EMP) [standard alternative UPG]."""
    lp = _log_positive(real_value_added_wide(sea, base_year=base_year)) - _log_positive(_wide(sea, "EMP"))
    return _long(lp, "ln_lp")


def value_added_rate(sea: pd.DataFrame) -> pd.Series:
    """VA / GO in current prices [standard alternative UPG]. NaN where GO <= 0."""
    go = _wide(sea, "GO")
    return _long(_wide(sea, "VA") / go.where(go > 0), "va_rate")


def ln_real_output(sea: pd.DataFrame, *, base_year: int = BASE_YEAR) -> pd.Series:
    """Size: ln GO_real = ln(GO_2010 x GO_QI / 100) [standard control]."""
    return _long(_log_positive(real_gross_output_wide(sea, base_year=base_year)), "size")


def capital_deepening(sea: pd.DataFrame, *, capital_deflator: str = "GO_PI") -> pd.Series:
    """M1: ln(K_real / EMP), capital per person engaged [standard measure of factor structure]."""
    kd = _log_positive(real_capital_wide(sea, capital_deflator=capital_deflator)) - _log_positive(_wide(sea, "EMP"))
    return _long(kd, "kdeep")


def labour_share(sea: pd.DataFrame) -> pd.Series:
    """M1 alternative: LAB / VA, labour compensation over value added. NaN where VA <= 0."""
    va = _wide(sea, "VA")
    return _long(_wide(sea, "LAB") / va.where(va > 0), "lab_share")


def misallocation(
    sea: pd.DataFrame,
    *,
    industries: Sequence[str] = MANUFACTURING,
    alpha_bounds: tuple[float, float] = ALPHA_BOUNDS,
    capital: str = "K",
) -> pd.Series:
    """M2: factor misallocation MIS_j = |tau_Kj| + |tau_Lj| (Hsieh-Klenow; Chen and Hu 2011) [standard].

    Within each country-year, over the set J of ``industries`` (default: the 19 manufacturing
    industries, C26 included whatever the regression sample) **with finite inputs**: VA_j > 0,
    K_j > 0, EMP_j > 0 and a finite alpha_cj. Let

    - s_j = VA_j / sum_J VA (current prices), beta_Kj = alpha_cj, beta_K = sum_J s_j beta_Kj;
    - gamma_Kj = (K_j / sum_J K) / (s_j beta_Kj / beta_K), tau_Kj = 1 / gamma_Kj - 1;
    - beta_Lj = 1 - alpha_cj, beta_L = sum_J s_j beta_Lj; gamma_Lj = (EMP_j / sum_J EMP) /
      (s_j beta_Lj / beta_L), tau_Lj = 1 / gamma_Lj - 1;
    - MIS_j = |tau_Kj| + |tau_Lj| (0 = the allocation of a frictionless economy; lower = better).

    ``capital="K"`` uses the current-price capital stock (shares within a year need no deflator);
    ``capital="K_real"`` the GO_PI-deflated stock. Industries outside J (or outside ``industries``)
    are NaN.
    """
    alpha = capital_elasticity(sea, alpha_bounds=alpha_bounds)
    va = _wide(sea, "VA")
    emp = _wide(sea, "EMP")
    if capital == "K":
        k = _wide(sea, "K")
    elif capital == "K_real":
        k = real_capital_wide(sea)
    else:
        raise SpecificationError(f"capital={capital!r}: choose 'K' (current prices) or 'K_real'.")
    codes = va.index.get_level_values("code")
    keep = codes.isin(list(industries))
    ok = (va > 0) & (k > 0) & (emp > 0) & np.isfinite(alpha.to_numpy())[:, None] & keep[:, None]
    va_, k_, emp_ = va.where(ok), k.where(ok), emp.where(ok)
    a = pd.DataFrame(np.repeat(alpha.to_numpy()[:, None], va.shape[1], axis=1), index=va.index,
                     columns=va.columns).where(ok)
    country = va.index.get_level_values("country")

    def share(w: pd.DataFrame) -> pd.DataFrame:
        return w / w.groupby(country).transform("sum")

    s = share(va_)
    beta_k = (s * a).groupby(country).transform("sum")
    beta_l = (s * (1 - a)).groupby(country).transform("sum")
    gamma_k = share(k_) / (s * a / beta_k)
    gamma_l = share(emp_) / (s * (1 - a) / beta_l)
    mis = (1 / gamma_k - 1).abs() + (1 / gamma_l - 1).abs()
    return _long(mis.where(ok), "mis")


# --------------------------------------------------------------------------------------------
# Non-finite upgrading: why
# --------------------------------------------------------------------------------------------

#: Upgrading measures and the SEA inputs they need.
UPGRADING: dict[str, str] = {
    "ln_tfp": "ln TFP (labour = EMP), default [standard]",
    "ln_lp": "ln labour productivity ln(VA_real / EMP)",
    "va_rate": "value-added rate VA / GO",
    "ln_tfp_h": "ln TFP with hours (labour = H_EMPE)",
}


def upgrading_problems(
    sea: pd.DataFrame,
    measure: str = "ln_tfp",
    *,
    base_year: int = BASE_YEAR,
    capital_deflator: str = "GO_PI",
) -> pd.Series:
    """Why an upgrading measure is not finite, for every country-industry-year ('' where it is).

    Reasons, joined by ``', '`` when several apply:
    ``VA_2010 <= 0`` (real value added has a non-positive base), ``VA_QI <= 0``,
    ``VA_QI missing``, ``K <= 0``, ``K missing``, ``GO_PI missing`` (capital deflator),
    ``EMP <= 0``, ``EMP missing``, ``H_EMPE missing`` (e.g. CHN has no hours),
    ``H_EMPE <= 0``, ``alpha undefined (no year with VA > 0)``, ``GO <= 0``, ``VA missing``.
    Indexed ``(country, year, code)``.
    """
    if measure not in UPGRADING:
        raise SpecificationError(f"measure={measure!r}: choose one of {list(UPGRADING)}.")
    va = _wide(sea, "VA")
    years = va.columns
    checks: list[tuple[str, pd.DataFrame]] = []

    def bc(series: pd.Series) -> pd.DataFrame:
        return pd.DataFrame(np.repeat(series.to_numpy()[:, None], len(years), axis=1), index=va.index,
                            columns=years)

    def positive(var: str, wide: pd.DataFrame | None = None) -> None:
        w = _wide(sea, var) if wide is None else wide
        checks.append((f"{var} missing", w.isna()))
        checks.append((f"{var} <= 0", w <= 0))

    if measure in ("ln_tfp", "ln_tfp_h", "ln_lp"):
        base = _base(sea, "VA", base_year)
        checks.append((f"VA_{base_year} missing", bc(base.isna())))
        checks.append((f"VA_{base_year} <= 0", bc(base <= 0)))
        positive("VA_QI")
    if measure in ("ln_tfp", "ln_tfp_h"):
        positive("K")
        price = _wide(sea, capital_deflator)
        checks.append((f"{capital_deflator} missing", price.isna()))
        checks.append((f"{capital_deflator} <= 0", price <= 0))
        alpha = capital_elasticity(sea)
        checks.append(("alpha undefined (no year with VA > 0)", bc(alpha.isna())))
        positive("EMP" if measure == "ln_tfp" else "H_EMPE")
    if measure == "ln_lp":
        positive("EMP")
    if measure == "va_rate":
        checks.append(("VA missing", va.isna()))
        positive("GO")
    text = pd.DataFrame("", index=va.index, columns=years, dtype=object)
    for label, mask in checks:
        m = mask.fillna(False).to_numpy(dtype=bool)
        cur = text.to_numpy()
        text = pd.DataFrame(np.where(m, np.where(cur == "", label, cur + ", " + label), cur),
                            index=va.index, columns=years)
    return _long_text(text, f"{measure}_problem")


def _long_text(wide: pd.DataFrame, name: str) -> pd.Series:
    out = wide.stack().reorder_levels(["country", "year", "code"])
    out.index = out.index.set_names(list(INDEX_NAMES))
    return out.astype(object).rename(name)


def nonfinite_report(values: pd.Series, problems: pd.Series) -> pd.DataFrame:
    """One row per country-industry with a non-finite value in some year: which years and why.

    ``values`` is a measure (e.g. :func:`ln_tfp`) and ``problems`` its :func:`upgrading_problems`,
    both indexed ``(country, year, code)``. Columns: ``country``, ``code``, ``n_years`` (years with
    a non-finite value), ``years`` (text, e.g. ``'2000-2003, 2009'``), ``reason`` (the distinct
    reasons), ``entirely`` (True when no year is finite: the entity drops out of the panel).
    """
    bad = ~np.isfinite(values.astype(float))
    frame = pd.DataFrame({"bad": bad, "reason": problems.reindex(values.index).fillna("")})
    frame["reason"] = frame["reason"].where(frame["reason"] != "", "not finite (no input problem found)")
    counts = frame["bad"].groupby(level=["country", "code"]).agg(["sum", "size"])
    rows = []
    for (country, code), grp in frame[frame["bad"]].groupby(level=["country", "code"], sort=False):
        years = sorted(grp.index.get_level_values("year").astype(int))
        reasons = sorted({r for text in grp["reason"] for r in text.split(", ")})
        n_all = int(counts.loc[(country, code), "size"])
        rows.append({"country": country, "code": code, "n_years": len(years), "years": year_ranges(years),
                     "reason": ", ".join(reasons), "entirely": len(years) == n_all})
    out = pd.DataFrame(rows, columns=["country", "code", "n_years", "years", "reason", "entirely"])
    order = {c: i for i, c in enumerate(INDUSTRIES)}
    return out.sort_values(["country", "code"], key=lambda s: s.map(order) if s.name == "code" else s,
                           ignore_index=True)


# --------------------------------------------------------------------------------------------
# Groupings
# --------------------------------------------------------------------------------------------


def technology_groups(codes: Iterable[str]) -> pd.DataFrame:
    """OECD R&D-intensity group and the high-tech flag (high + medium-high) of each code.

    From :data:`wiodbook.codes.TECH_GROUP` [paper: technology-level split; mapping standard].
    Codes outside manufacturing get a missing group and a missing flag.
    """
    codes = list(codes)
    group = [TECH_GROUP.get(c) for c in codes]
    flag = pd.array([high_tech(c) if c in TECH_GROUP else pd.NA for c in codes], dtype="boolean")
    return pd.DataFrame({"tech_group": pd.array(group, dtype=object), "high_tech": flag}, index=codes)
