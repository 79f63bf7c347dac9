"""Synthetic WIOD release: small but complete workbooks in exactly the release's layouts.

The generator draws a known random input-output system for a few countries (all 56 industries,
all 15 years) and writes

- ``niot/{ISO3}_NIOT_nov16.xlsx``: sheets ``Notes`` and ``National IO-tables`` with the two header
  rows and 120 rows per year, exactly as the release;
- ``sea/WIOD_SEA_Nov16.xlsx``: sheets ``Notes`` and ``DATA`` (``country, variable, description,
  code, 2000..2014``), the 16 variables, China without EMPE and H_EMPE (written as the text
  ``NA``, as in the release);
- ``country/country_indicators.csv``: the country series layout (``iso3, year, indicator, value,
  source``), with Taiwan missing from the World Bank series as in the real file;
- ``reference/abdata.csv``: a panel in the layout of the Arellano-Bond data (for the GMM primer).

Tests and the book's quick sample run read these through the real parsers. The data-generating
process is documented in :func:`synthetic_system` and the truth is returned by
:func:`write_release`, so tests can compare what the book computes with what was put in.

The synthetic upgrading process is ln TFP_it = mu_i + rho ln TFP_i,t-1 + beta DIG_it + e_it with
``rho = 0.5`` and ``beta = 0.01`` per unit of DIG x 100 (a known, documented truth for the sample;
it says nothing about the real data).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .codes import DIGITAL_SECTORS, FINAL_USE, INDUSTRIES, MANUFACTURING, TOTAL_ROWS, YEARS

SAMPLE_COUNTRIES: tuple[str, ...] = ("AUS", "CHN", "DEU", "MLT", "TWN", "USA")
TEST_COUNTRIES: tuple[str, ...] = ("CHN", "DEU", "MLT")

TRUE_RHO = 0.5
TRUE_BETA = 0.01

_COUNTRY_NAMES = {
    "AUS": "Australia", "CHN": "China", "DEU": "Germany", "MLT": "Malta", "TWN": "Taiwan",
    "USA": "United States", "FRA": "France", "JPN": "Japan", "KOR": "Korea", "GBR": "United Kingdom",
}
_FINAL_USE_DESC = (
    "Final consumption expenditure by households",
    "Final consumption expenditure by non-profit organisations serving households (NPISH)",
    "Final consumption expenditure by government",
    "Gross fixed capital formation",
    "Changes in inventories and valuables",
    "Exports",
)
_TOTAL_DESC = (
    "Total intermediate consumption", "taxes less subsidies on products",
    "Cif/ fob adjustments on exports", "Direct purchases abroad by residents",
    "Purchases on the domestic territory by non-residents", "Value added at basic prices",
    "International Transport Margins", "Output at basic prices",
)
_SEA_DESC = {
    "GO": "Gross output by industry at current basic prices (in millions of national currency)",
    "II": "Intermediate inputs at current purchasers' prices (in millions of national currency)",
    "VA": "Gross value added at current basic prices (in millions of national currency)",
    "EMP": "Number of persons engaged (thousands)",
    "EMPE": "Number of employees (thousands)",
    "H_EMPE": "Total hours worked by employees (millions)",
    "COMP": "Compensation of employees (in millions of national currency)",
    "LAB": "Labour compensation (in millions of national currency)",
    "CAP": "Capital compensation (in millions of national currency)",
    "K": "Nominal capital stock (in millions of national currency)",
    "GO_PI": "Price levels gross output, 2010=100",
    "II_PI": "Price levels of intermediate inputs, 2010=100",
    "VA_PI": "Price levels of gross value added, 2010=100",
    "GO_QI": "Gross output, volume indices, 2010=100",
    "II_QI": "Intermediate inputs, volume indices, 2010=100",
    "VA_QI": "Gross value added, volume indices, 2010=100",
}


@dataclass
class SyntheticCountry:
    """The known system of one country: arrays over (year, ...) in the release's industry order."""

    iso3: str
    Ad: np.ndarray  # (T, n, n)
    Am: np.ndarray
    x: np.ndarray  # (T, n)
    fd: np.ndarray  # (T, n, 6) final use of domestic products by category
    fm: np.ndarray  # (T, n, 6) final use of imported products
    va: np.ndarray  # (T, n)
    txsp: np.ndarray  # (T, n)
    dig: np.ndarray  # (T, n) complete dependence on core digital sectors x 100
    ln_tfp: np.ndarray  # (T, n) the synthetic upgrading variable


def synthetic_system(iso3: str, seed: int, years=YEARS, *, openness: float | None = None) -> SyntheticCountry:
    """Draw one country's known input-output system for every year.

    Let n = 56. A base domestic coefficient matrix A^d_0 has column sums between 0.25 and 0.45 and
    an imported one A^m_0 between 0.05 and 0.25 x ``openness``; the rows of the core digital sectors
    grow at an industry-specific trend (0-8% a year). Final demand f^d grows at 3-7% a year with
    noise. Then x = (I - A^d)^-1 f^d, Z^d = A^d diag(x), Z^m = A^m diag(x), taxes on products are
    2% of output and value added closes each column: VA = x - 1'Z^d - 1'Z^m - TXSP. Industry ``U``
    produces nothing (a zero column, as in most real tables).
    """
    rng = np.random.default_rng(seed)
    n, T = len(INDUSTRIES), len(years)
    if openness is None:
        openness = 3.0 if iso3 == "MLT" else 1.0
    idx = {c: i for i, c in enumerate(INDUSTRIES)}
    digital = [idx[c] for c in DIGITAL_SECTORS["core"]]
    u = idx["U"]

    mask = rng.random((n, n)) < 0.35
    base_d = rng.gamma(0.6, 1.0, (n, n)) * mask + np.eye(n) * rng.uniform(0.5, 2, n)
    base_m = rng.gamma(0.6, 1.0, (n, n)) * (rng.random((n, n)) < 0.3)
    base_d[digital, :] += rng.uniform(0.05, 0.6, (len(digital), n))
    base_m[digital, :] += rng.uniform(0.02, 0.4, (len(digital), n))
    base_d /= base_d.sum(axis=0, keepdims=True)
    base_m /= base_m.sum(axis=0, keepdims=True)
    base_d *= rng.uniform(0.25, 0.45, n)
    base_m *= rng.uniform(0.05, 0.25, n) * openness
    trend = rng.uniform(0.0, 0.08, n)

    f0 = rng.lognormal(7.0, 1.0, n)
    growth = rng.uniform(0.03, 0.07, n)
    Ad = np.empty((T, n, n))
    Am = np.empty((T, n, n))
    x = np.empty((T, n))
    fd = np.empty((T, n, len(FINAL_USE)))
    fm = np.empty((T, n, len(FINAL_USE)))
    shares = rng.dirichlet([6, 0.3, 1.5, 2, 0.3, 3], size=n)
    shares_m = rng.dirichlet([6, 0.3, 1, 2, 0.3, 1], size=n)
    for t in range(T):
        ad = base_d.copy()
        am = base_m.copy()
        ad[digital, :] *= (1 + trend) ** t * rng.uniform(0.95, 1.05, (len(digital), n))
        am[digital, :] *= (1 + trend) ** t * rng.uniform(0.95, 1.05, (len(digital), n))
        total = ad.sum(axis=0) + am.sum(axis=0)
        scale = np.where(total > 0.85, 0.85 / total, 1.0)
        ad *= scale
        am *= scale
        ad[:, u] = 0.0
        am[:, u] = 0.0
        ad[u, :] = 0.0
        am[u, :] = 0.0
        f = f0 * (1 + growth) ** t * rng.lognormal(0, 0.05, n)
        f[u] = 0.0
        xt = np.linalg.solve(np.eye(n) - ad, f)
        Ad[t], Am[t], x[t] = ad, am, xt
        fd[t] = f[:, None] * shares
        fm[t] = (0.15 * openness * f)[:, None] * shares_m * rng.uniform(0.8, 1.2, (n, 1))
        fm[t, u] = 0.0
    Zsum = (Ad + Am).sum(axis=1) * x
    txsp = 0.02 * x
    va = x - Zsum - txsp

    # complete dependence on the core digital sectors, x 100
    eye = np.eye(n)
    B = np.linalg.inv(eye - (Ad + Am)) - eye
    dig = 100 * B[:, digital, :].sum(axis=1)

    # the upgrading process, with a known effect of DIG
    mu = rng.normal(0.0, 0.3, n)
    ln_tfp = np.empty((T, n))
    prev = mu / (1 - TRUE_RHO) + TRUE_BETA * dig[0] / (1 - TRUE_RHO)
    for t in range(T):
        prev = mu + TRUE_RHO * prev + TRUE_BETA * dig[t] + rng.normal(0, 0.05, n)
        ln_tfp[t] = prev
    return SyntheticCountry(iso3, Ad, Am, x, fd, fm, va, txsp, dig, ln_tfp)


def _niot_rows(sc: SyntheticCountry, years) -> list[list]:
    n = len(INDUSTRIES)
    rows: list[list] = [
        ["Year", "Code", "Description", "Origin", *INDUSTRIES, *FINAL_USE, "GO"],
        [None, None, None, None, *[f"Industry {c}" for c in INDUSTRIES], *_FINAL_USE_DESC, "Total output"],
    ]
    for t, year in enumerate(years):
        x = sc.x[t]
        Zd = sc.Ad[t] * x
        Zm = sc.Am[t] * x
        for i, code in enumerate(INDUSTRIES):
            rows.append([year, code, f"Industry {code}", "Domestic", *Zd[i], *sc.fd[t, i], float(x[i])])
        for i, code in enumerate(INDUSTRIES):
            rows.append([year, code, f"Industry {code}", "Imports", *Zm[i], *sc.fm[t, i], 0.0])
        ii = Zd.sum(axis=0) + Zm.sum(axis=0)
        fu_total = sc.fd[t].sum(axis=0) + sc.fm[t].sum(axis=0)
        closing = {
            "II_fob": (ii, fu_total),
            "TXSP": (sc.txsp[t], np.zeros(len(FINAL_USE))),
            "EXP_adj": (np.zeros(n), np.zeros(len(FINAL_USE))),
            "PURR": (np.zeros(n), np.zeros(len(FINAL_USE))),
            "PURNR": (np.zeros(n), np.zeros(len(FINAL_USE))),
            "VA": (sc.va[t], np.zeros(len(FINAL_USE))),
            "IntTTM": (np.zeros(n), np.zeros(len(FINAL_USE))),
            "GO": (x, np.zeros(len(FINAL_USE))),
        }
        for code, desc in zip(TOTAL_ROWS, _TOTAL_DESC):
            ind, fu = closing[code]
            rows.append([year, code, desc, "TOT", *map(float, ind), *map(float, fu), 0.0])
    return rows


def _write_xlsx(path: Path, sheets: dict[str, list[list]]) -> None:
    from openpyxl import Workbook

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)


def write_niot(path: Path, sc: SyntheticCountry, years=YEARS) -> Path:
    """Write one synthetic NIOT workbook in the release's layout."""
    notes = [
        ["Country", _COUNTRY_NAMES.get(sc.iso3, sc.iso3)],
        ["National I-O tables"],
        ["Source: synthetic fixture in the layout of the WIOD database, November 2016 release"],
        [],
        [f"National Input output tables for the period {years[0]}-{years[-1]}"],
    ]
    _write_xlsx(path, {"Notes": notes, "National IO-tables": _niot_rows(sc, years)})
    return path


def _sea_rows(systems: list[SyntheticCountry], years, seed: int) -> list[list]:
    rng = np.random.default_rng(seed)
    rows: list[list] = [["country", "variable", "description", "code", *years]]
    T = len(years)
    t2010 = list(years).index(2010) if 2010 in years else T // 2
    for sc in systems:
        xr = {"CHN": 7.0, "AUS": 1.3, "DEU": 0.9, "MLT": 0.9, "TWN": 31.0, "USA": 1.0}.get(sc.iso3, 1.0)
        infl = rng.uniform(0.01, 0.04)
        price = 100 * (1 + infl) ** (np.arange(T) - t2010)  # same deflator for GO, II, VA
        go = sc.x.T * xr  # (n, T) national currency
        va = sc.va.T * xr
        ii = go - va
        alpha = rng.uniform(0.2, 0.6, (len(INDUSTRIES), 1))
        cap = alpha * va
        lab = va - cap
        comp = 0.85 * lab
        k_real = 2.5 * (va / price * 100) * rng.lognormal(0, 0.1, (len(INDUSTRIES), T))
        k = k_real * price / 100
        va_real = va / price * 100
        with np.errstate(divide="ignore", invalid="ignore"):
            # choose employment so that ln TFP = ln VA_real - a ln K_real - (1-a) ln EMP holds with
            # a = mean(CAP/VA) = alpha and the known synthetic ln TFP
            ln_emp = (np.log(va_real) - alpha * np.log(k_real) - sc.ln_tfp.T) / (1 - alpha)
            emp = np.exp(ln_emp)
        emp = np.where(np.isfinite(emp), emp, 0.0)
        empe = 0.85 * emp
        h_empe = 1.8 * empe
        with np.errstate(divide="ignore", invalid="ignore"):
            qi = np.where(va_real[:, [t2010]] > 0, 100 * va_real / va_real[:, [t2010]], 0.0)
            go_qi = np.where(go[:, [t2010]] > 0, 100 * (go / price) / (go[:, [t2010]] / 100), 0.0)
            ii_qi = np.where(ii[:, [t2010]] > 0, 100 * (ii / price) / (ii[:, [t2010]] / 100), 0.0)
        data = {
            "GO": go, "II": ii, "VA": va, "EMP": emp, "EMPE": empe, "H_EMPE": h_empe,
            "COMP": comp, "LAB": lab, "CAP": cap, "K": k,
            "GO_PI": np.tile(price, (len(INDUSTRIES), 1)), "II_PI": np.tile(price, (len(INDUSTRIES), 1)),
            "VA_PI": np.tile(price, (len(INDUSTRIES), 1)), "GO_QI": go_qi, "II_QI": ii_qi, "VA_QI": qi,
        }
        for var, values in data.items():
            for i, code in enumerate(INDUSTRIES):
                if sc.iso3 == "CHN" and var in ("EMPE", "H_EMPE"):
                    cells = ["NA"] * T
                else:
                    cells = [round(float(v), 6) for v in values[i]]
                rows.append([sc.iso3, var, _SEA_DESC[var], code, *cells])
    return rows


def write_sea(path: Path, systems: list[SyntheticCountry], years=YEARS, seed: int = 0) -> Path:
    """Write the synthetic Socio-Economic Accounts in the release's ``DATA`` layout."""
    notes = [["WIOD Socio Economic Accounts, synthetic fixture in the 2016 release layout"], [], ["Variable", "Description"]]
    notes += [[k, v] for k, v in _SEA_DESC.items()]
    _write_xlsx(path, {"Notes": notes, "DATA": _sea_rows(systems, years, seed)})
    return path


def write_country_indicators(path: Path, countries, seed: int = 0) -> Path:
    """Write a synthetic ``country_indicators.csv`` (1995-2019) in the real file's layout.

    Taiwan gets only the Penn World Table series (no World Bank series, as in the real file);
    broadband starts in 2002; Luxembourg (if asked for) has no tariff.
    """
    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [["iso3", "year", "indicator", "value", "source"]]
    for iso3 in countries:
        level = rng.uniform(0.5, 1.5)
        tariff = rng.uniform(1, 8)
        for year in range(1995, 2020):
            t = year - 1995
            series = {}
            if iso3 != "TWN":
                if year >= 2002:
                    series["IT.NET.BBND.P2"] = (WDI := "WDI (synthetic)", round(level * 2.5 * (t - 6), 4))
                series["IT.NET.USER.ZS"] = ("WDI (synthetic)", round(min(95.0, level * 4 * t), 4))
                if iso3 != "LUX":
                    series["TM.TAX.MRCH.WM.AR.ZS"] = ("WDI (synthetic)", round(tariff * 0.97 ** t, 4))
                    series["TM.TAX.MANF.WM.AR.ZS"] = ("WDI (synthetic)", round(tariff * 1.1 * 0.97 ** t, 4))
                series["NY.GDP.PCAP.KD"] = ("WDI (synthetic)", round(level * 20000 * 1.02 ** t, 2))
            series["PWT.hc"] = ("Penn World Table 10.01 (synthetic)", round(2.5 + 0.02 * t * level, 4))
            series["PWT.pop"] = ("Penn World Table 10.01 (synthetic)", round(10 * level, 4))
            for indicator, (source, value) in series.items():
                rows.append([iso3, year, indicator, value, source])
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_abdata(path: str | Path, *, seed: int = 1991) -> Path:
    """Write a synthetic panel in the layout of Stata's ``abdata`` (Arellano and Bond 1991).

    140 firms observed for 7 to 9 of the years 1976-1984 (unbalanced, as the real data), with
    ``id, year, n, w, k, ys`` and the year dummies ``yr1976..yr1984``, from
    n_it = 0.7 n_i,t-1 - 0.5 w_it + 0.3 k_it + 0.5 ys_it + eta_i + e_it. It stands in for the real
    data in the sample run of the GMM primer when neither a local copy nor the internet is there;
    its estimates are not the published ones.
    """
    rng = np.random.default_rng(seed)
    years = np.arange(1976, 1985)
    rows = []
    for firm in range(1, 141):
        T = int(rng.integers(7, 10))
        start = int(rng.integers(0, len(years) - T + 1))
        eta = rng.normal(0, 0.5)
        w = 3.1 + 0.1 * eta + np.cumsum(rng.normal(0, 0.05, len(years)))
        k = -0.4 + eta + np.cumsum(rng.normal(0, 0.1, len(years)))
        ys = 4.6 + np.cumsum(rng.normal(0, 0.03, len(years)))
        n = np.empty(len(years))
        n[0] = (eta - 0.5 * w[0] + 0.3 * k[0] + 0.5 * ys[0]) / 0.3
        for t in range(1, len(years)):
            n[t] = 0.7 * n[t - 1] - 0.5 * w[t] + 0.3 * k[t] + 0.5 * ys[t] + eta + rng.normal(0, 0.1)
        for t in range(start, start + T):
            row = {"id": firm, "year": int(years[t]), "n": n[t], "w": w[t], "k": k[t], "ys": ys[t]}
            row.update({f"yr{y}": int(y == years[t]) for y in years})
            rows.append(row)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_release(dest: str | Path, countries=TEST_COUNTRIES, *, seed: int = 20161101) -> dict[str, SyntheticCountry]:
    """Write a complete synthetic release under ``dest`` and return the known systems.

    Layout: ``dest/niot/{ISO3}_NIOT_nov16.xlsx``, ``dest/sea/WIOD_SEA_Nov16.xlsx`` and
    ``dest/country/country_indicators.csv``. Also writes a small imbalance into Malta's table
    (5 units of value added in C30, 2005, without changing output) so that the balance report
    has something to find, as in the real release.
    """
    dest = Path(dest)
    systems = {}
    for k, iso3 in enumerate(countries):
        sc = synthetic_system(iso3, seed + k)
        if iso3 == "MLT":
            j, t = INDUSTRIES.index("C30"), YEARS.index(2005)
            sc.va[t, j] += 5.0
        systems[iso3] = sc
        write_niot(dest / "niot" / f"{iso3}_NIOT_nov16.xlsx", sc)
    write_sea(dest / "sea" / "WIOD_SEA_Nov16.xlsx", list(systems.values()), seed=seed)
    write_country_indicators(dest / "country" / "country_indicators.csv", countries, seed=seed)
    write_abdata(dest / "reference" / "abdata.csv")
    return systems


def main(argv=None) -> None:
    import argparse

    p = argparse.ArgumentParser(description="Write a synthetic WIOD release in the real layouts.")
    p.add_argument("dest")
    p.add_argument("--countries", nargs="+", default=list(SAMPLE_COUNTRIES))
    p.add_argument("--seed", type=int, default=20161101)
    a = p.parse_args(argv)
    write_release(a.dest, a.countries, seed=a.seed)
    print(f"synthetic release for {', '.join(a.countries)} written to {a.dest}")


if __name__ == "__main__":
    main()
