r"""Difference and system GMM for dynamic panels, validated against Stata's ``xtabond2``.

The model for entity :math:`i` and period :math:`t` is

.. math::  y_{it} = x_{it}'\beta + \mu_i + \varepsilon_{it},

where :math:`x_{it}` may contain lags of :math:`y` (``L.n``) and endogenous or predetermined
variables. Let

- :math:`\Delta` be the first-difference operator (or, with ``orthogonal=True``, forward orthogonal
  deviations :math:`\tilde x_{it} = \sqrt{c_{it}/(c_{it}+1)}\,(x_{it} - \bar x_{i,t+1:})`, with
  :math:`c_{it}` the number of later observations, stored at :math:`t+1` as ``xtabond2`` does);
- :math:`Z_i` the instrument matrix of entity :math:`i` (one row per equation and period);
- :math:`e_i` the stacked residuals of entity :math:`i` in the transformed equation (difference GMM)
  or in the transformed and level equations (system GMM).

**Moment conditions.** Difference GMM (Arellano and Bond 1991) uses
:math:`E[y_{i,t-l}\,\Delta\varepsilon_{it}] = 0` for :math:`l \ge 2` (GMM-style instruments
``gmm(y, lag(2 .))``: one column per period and lag, or, with ``collapse``, one column per lag,
:math:`\sum_t y_{i,t-l}\Delta\varepsilon_{it}`), plus :math:`E[\Delta w_{it}\,\Delta\varepsilon_{it}]=0`
for strictly exogenous IV-style variables. System GMM (Blundell and Bond 1998) adds the level
equation with :math:`E[\Delta y_{i,t-1}(\mu_i+\varepsilon_{it})] = 0` (lag :math:`a-1` of the
differenced variable for ``lag(a b)``), and IV-style instruments in levels (``equation(level)``).
Stacked, the moments are :math:`E[Z_i'e_i(\beta)] = 0`.

**Estimator.** With :math:`A` a weighting matrix,
:math:`\hat\beta = (X'ZAZ'X)^{-1}X'ZAZ'y`, where :math:`X'Z = \sum_i X_i'Z_i`.

- One step: :math:`A_1 = (\sum_i Z_i'HZ_i)^{-1}`, :math:`H` the covariance pattern of the
  transformed errors under homoskedasticity (tridiagonal 2, -1 for first differences; identity for
  orthogonal deviations; in system GMM the block matrix :math:`[[H_d, M'],[M, I]]`, ``h(3)``).
- Two step: :math:`A_2 = (\sum_i Z_i'\hat e_{1i}\hat e_{1i}'Z_i)^{-1}` from one-step residuals.

**Variances.** One step, non-robust: :math:`\hat\sigma^2 (X'ZA_1Z'X)^{-1}` with
:math:`\hat\sigma^2 = \hat e'\hat e/(2N_{obs})` in first differences. One step, robust (clustered by
entity): :math:`V_1^r = V_1X'ZA_1\,S\,A_1Z'XV_1` with :math:`S=\sum_i Z_i'\hat e_{1i}\hat e_{1i}'Z_i`.
Two step, robust: Windmeijer's (2005) finite-sample correction
:math:`V_2^c = V_2 + DV_2 + V_2D' + DV_1^rD'`, where column :math:`k` of :math:`D` is
:math:`V_2X'ZA_2\,[\partial A_2^{-1}/\partial\beta_k]\,A_2Z'\hat e_2`, computed as in ``xtabond2``:
:math:`D = V_2X'ZA_2\sum_i\big[(\hat e_{1i}'Z_iA_2Z'\hat e_2)Z_i'X_i + Z_i'\hat e_{1i}\,
\hat e_2'ZA_2Z_i'X_i\big]` (the sign is absorbed as in ``xtabond2``; its expression
:math:`V_2 + DV_1^rD' + 2DV_2` is symmetrised).
``small`` scales the robust variance by :math:`\frac{N-1}{N-k}\frac{G}{G-1}` and uses t and F tests
with :math:`G - 1` (:math:`G` groups; :math:`-1` only with a constant) denominator degrees of freedom.

**Tests.** Sargan :math:`= (Z'\hat e_1)'A_1(Z'\hat e_1)/\hat\sigma^2` and Hansen
:math:`J = (Z'\hat e_2)'A_2(Z'\hat e_2)`, both :math:`\chi^2(L-K)` with :math:`L` the number of
non-collinear instruments. Difference-in-Hansen for an instrument group: re-estimate with the
other instruments only (weighting :math:`S_{pp}^{-1}`), report that :math:`J` ("excluding") and
:math:`J - J_{excl}` ("difference", :math:`\chi^2` with the group's instrument count).
The Arellano-Bond test of order :math:`m` uses the differenced residuals :math:`w_i` and their
:math:`m`-th calendar lags :math:`w_{i,-m}`:

.. math:: z_m = \frac{\sum_i w_{i,-m}'w_i}{\sqrt{\sum_i (w_{i,-m}'w_i)^2
          - 2\,w_{-m}'X\,(X'ZAZ'X)^{-1}X'ZA\sum_i Z_i'\hat e_i\,(w_{i,-m}'w_i)
          + w_{-m}'X\,\hat V\,X'w_{-m}}} \sim N(0,1).

Everything follows ``xtabond2``'s Mata code (Roodman 2009): the panel is laid on the full calendar
grid of each entity, so a gap in the data makes a lag missing (never the previous row), missing
instruments are zero, and collinear regressors and instruments are dropped in column order
(later columns go first), as Stata's ``invsym`` and ``_rmcoll`` do.

References: Arellano and Bond (1991), Blundell and Bond (1998), Windmeijer (2005), Roodman (2009),
*Stata Journal* 9(1): 86-136.
"""

from __future__ import annotations

import fnmatch
import math
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import linalg, stats

from .errors import DataError, SpecificationError

__all__ = [
    "GMMStyle",
    "IVStyle",
    "DynamicPanelGMM",
    "DynamicPanelResults",
    "TestResult",
    "GMMWarning",
    "xtabond2",
    "system_gmm",
    "difference_gmm",
    "expand_varlist",
    "load_abdata",
    "simulate_ar1_panel",
    "monte_carlo_ar1",
    "ABDATA_URL",
    "add_lags",
    "REFERENCE_SPECS",
    "PUBLISHED",
    "run_reference",
    "compare_with_published",
    "monte_carlo_figure",
]

#: Stata's public copy of the Arellano-Bond data.
ABDATA_URL = "https://www.stata-press.com/data/r18/abdata.dta"


class GMMWarning(UserWarning):
    """A warning from the GMM estimator (too many instruments, generalised inverse used, ...)."""


# --------------------------------------------------------------------------------------------
# Data helpers
# --------------------------------------------------------------------------------------------


def load_abdata(path: str | os.PathLike | None = None, timeout: float = 10.0, *,
                synthetic_fallback: bool = False) -> pd.DataFrame:
    """Load the Arellano-Bond (1991) UK company panel (Stata's ``abdata``).

    Looks in order at ``path``, the ``ABDATA`` environment variable
    (:func:`wiodbook.config.abdata_path`), then Stata's public copy (:data:`ABDATA_URL`, read with
    :func:`pandas.read_stata` and a short ``timeout``). The CSV export has a leading row-label
    column and may store ``id`` and ``year`` as floats: both are returned as integers.

    Raises :class:`~wiodbook.errors.DataError` when none of these can be read, unless
    ``synthetic_fallback`` is set: then a synthetic panel in the same layout is returned
    (:func:`wiodbook.fixtures.write_abdata`), so a reader offline can still run the code. Where
    the data came from is in ``frame.attrs["source"]``.
    """
    from . import config

    candidates: list[str] = []
    if path:
        candidates.append(str(path))
    env = config.abdata_path()
    if env is not None:
        candidates.append(str(env))
    errors = []
    for cand in candidates:
        p = Path(cand)
        if not p.exists():
            errors.append(f"{p}: no such file")
            continue
        df = pd.read_stata(p) if p.suffix.lower() == ".dta" else pd.read_csv(p)
        df = _tidy_abdata(df)
        df.attrs["source"] = str(p)
        return df
    import socket

    old = socket.getdefaulttimeout()
    try:
        socket.setdefaulttimeout(timeout)
        df = _tidy_abdata(pd.read_stata(ABDATA_URL))
        df.attrs["source"] = ABDATA_URL
        return df
    except Exception as exc:  # noqa: BLE001 - any network failure means "not reachable"
        errors.append(f"{ABDATA_URL}: {type(exc).__name__}: {exc}")
    finally:
        socket.setdefaulttimeout(old)
    if synthetic_fallback:
        import tempfile

        from .fixtures import write_abdata

        with tempfile.TemporaryDirectory() as tmp:
            df = _tidy_abdata(pd.read_csv(write_abdata(Path(tmp) / "abdata.csv")))
        df.attrs["source"] = ("a SYNTHETIC stand-in in the layout of abdata (the real data were not "
                              "reachable: " + "; ".join(errors) + ")")
        return df
    raise DataError(
        "Could not load the Arellano-Bond data (abdata). Tried: "
        + "; ".join(errors)
        + ". Set ABDATA=/path/to/abdata.csv (or .dta), or allow access to Stata's public copy."
    )


def _tidy_abdata(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    drop = [c for c in df.columns if str(c).startswith("Unnamed") or str(c) == ""]
    df = df.drop(columns=drop)
    for c in ("id", "year"):
        df[c] = pd.to_numeric(df[c]).round().astype("int64")
    for c in df.columns:
        if c != "c1" and df[c].dtype != object and not pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].astype("float64") if c not in ("id", "year") else df[c]
    return df.sort_values(["id", "year"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Variable lists with Stata time-series operators
# --------------------------------------------------------------------------------------------

_OP_TOKEN = re.compile(r"([LDF])(\d+|\(\s*-?\d+\s*/\s*-?\d+\s*\))?")


def _split_tokens(text: str) -> list[str]:
    """Split on whitespace outside parentheses: ``"L(0/2).(k ys) w"`` -> two tokens."""
    out, cur, depth = [], [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch.isspace() and depth == 0:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if depth != 0:
        raise SpecificationError(f"Unbalanced parentheses in variable list {text!r}.")
    if cur:
        out.append("".join(cur))
    return out


def _parse_op(op: str, token: str) -> tuple[list[int], int]:
    """Operator string such as ``L``, ``L2``, ``L(0/2)``, ``D``, ``LD`` -> (lags, difference order)."""
    pos, lags, diff = 0, [0], 0
    for m in _OP_TOKEN.finditer(op):
        if m.start() != pos:
            break
        pos = m.end()
        kind, arg = m.group(1).upper(), m.group(2)
        if arg and arg.startswith("("):
            a, b = (int(v) for v in arg.strip("()").split("/"))
            rng = list(range(min(a, b), max(a, b) + 1))
        else:
            rng = [int(arg) if arg else 1]
        if kind == "L":
            lags = [x + r for x in lags for r in rng]
        elif kind == "F":
            lags = [x - r for x in lags for r in rng]
        else:
            if len(rng) != 1:
                raise SpecificationError(f"Difference ranges are not supported in {token!r}.")
            diff += rng[0]
    if pos != len(op):
        raise SpecificationError(
            f"Cannot read the time-series operator {op!r} in {token!r}; use L., L2., L(0/2)., F., D."
        )
    return lags, diff


@dataclass(frozen=True)
class _Term:
    var: str
    lag: int = 0
    diff: int = 0

    @property
    def name(self) -> str:
        prefix = ""
        if self.lag == 1:
            prefix += "L"
        elif self.lag > 1:
            prefix += f"L{self.lag}"
        elif self.lag == -1:
            prefix += "F"
        elif self.lag < -1:
            prefix += f"F{-self.lag}"
        if self.diff == 1:
            prefix += "D"
        elif self.diff > 1:
            prefix += f"D{self.diff}"
        return f"{prefix}.{self.var}" if prefix else self.var


def _expand(spec: str | Sequence[str], columns: Sequence[str]) -> list[_Term]:
    if isinstance(spec, str):
        tokens = _split_tokens(spec)
    else:
        tokens = [t for s in spec for t in _split_tokens(str(s))]
    out: list[_Term] = []
    for tok in tokens:
        out.extend(_expand_token(tok, columns, 0, 0))
    return out


def _expand_token(tok: str, columns: Sequence[str], lag0: int, diff0: int) -> list[_Term]:
    depth, dot = 0, -1
    for i, ch in enumerate(tok):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "." and depth == 0:
            dot = i
            break
    if dot >= 0:
        lags, diff = _parse_op(tok[:dot], tok)
        body = tok[dot + 1 :]
    else:
        lags, diff, body = [0], 0, tok
    if body.startswith("(") and body.endswith(")"):
        inner = _split_tokens(body[1:-1])
        # Stata order: L(0/2).(k ys) is k L.k L2.k ys L.ys L2.ys
        return [
            t
            for it in inner
            for lag in lags
            for t in _expand_token(it, columns, lag0 + lag, diff0 + diff)
        ]
    # Stata order for L(0/2).(k ys) is k L.k L2.k ys ...; for one name, lags vary fastest
    if any(c in body for c in "*?["):
        names = [c for c in columns if fnmatch.fnmatchcase(str(c), body)]
        if not names:
            raise SpecificationError(f"No variable in the data matches {body!r} (from {tok!r}).")
    else:
        if body not in columns:
            close = [c for c in columns if str(c).lower() == body.lower()]
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise SpecificationError(
                f"Variable {body!r} (from {tok!r}) is not in the data.{hint} "
                f"Columns: {', '.join(map(str, list(columns)[:40]))}"
            )
        names = [body]
    return [_Term(n, lag0 + lag, diff0 + diff) for n in names for lag in lags]


def expand_varlist(spec: str | Sequence[str], columns: Sequence[str]) -> list[str]:
    """Expand a Stata-style variable list to canonical names.

    ``expand_varlist("L(0/2).(k ys) yr*", df.columns)`` gives
    ``['k', 'L.k', 'L2.k', 'ys', 'L.ys', 'L2.ys', 'yr1976', ...]``.
    Operators: ``L.`` ``L2.`` ``L(a/b).`` (lags), ``F.`` (leads), ``D.`` (first difference),
    applied to a name, a wildcard pattern (``yr*``) or a parenthesised list.
    """
    return [t.name for t in _expand(spec, list(map(str, columns)))]


# --------------------------------------------------------------------------------------------
# Specification objects
# --------------------------------------------------------------------------------------------

_EQUATIONS = {"diff": 1, "level": 0, "both": 2, "d": 1, "l": 0, "lev": 0, "b": 2}


def _equation_code(eq: str) -> int:
    try:
        return _EQUATIONS[str(eq).lower()]
    except KeyError:
        raise SpecificationError(
            f"equation={eq!r} is not one of 'diff', 'level', 'both'."
        ) from None


def _equation_option(eq: str) -> list[str]:
    """Stata's ``eq()`` sub-option of an instrument group (none for the default, both)."""
    code = _equation_code(eq)
    return [] if code == 2 else ["eq(diff)" if code == 1 else "eq(level)"]


@dataclass
class GMMStyle:
    """A group of GMM-style instruments, as ``gmm(variables, lag(a b) collapse equation())``.

    ``lags=(a, b)``: lags a..b of the variables (``b=None``: all available, Stata's ``.``).
    The default ``(1, None)`` is ``xtabond2``'s default: ``gmm(L.n)`` starts at lag 2 of ``n``.
    In system GMM (``equation="both"``) the level equation gets lag ``a-1`` of the differenced
    variables. ``collapse=True`` uses one column per lag instead of one per lag and period.
    """

    variables: str | Sequence[str]
    lags: tuple[int, int | None] = (1, None)
    collapse: bool = False
    equation: str = "both"
    passthru: bool = False

    def label(self, names: Sequence[str]) -> str:
        a, b = self.lags
        opts = []
        if self.collapse:
            opts.append("collapse")
        if self.passthru:
            opts.append("passthru")
        opts += _equation_option(self.equation)
        opts.append(f"lag({a} {'.' if b is None else b})")
        return f"gmm({' '.join(names)}, {' '.join(opts)})"


@dataclass
class IVStyle:
    """A group of IV-style instruments, as ``iv(variables, equation(diff|level|both))``.

    In the transformed (difference) equation the variables enter transformed (differenced), unless
    ``passthru``; in the level equation of system GMM they enter in levels. ``mz=True`` replaces
    missing values by zero instead of dropping the observation.
    """

    variables: str | Sequence[str]
    equation: str = "both"
    passthru: bool = False
    mz: bool = False

    def label(self, names: Sequence[str]) -> str:
        opts = []
        if self.passthru:
            opts.append("passthru")
        if self.mz:
            opts.append("mz")
        opts += _equation_option(self.equation)
        return f"iv({' '.join(names)}{', ' + ' '.join(opts) if opts else ''})"


@dataclass
class TestResult:
    """A test statistic with its p-value (and degrees of freedom when chi-squared)."""

    stat: float
    pvalue: float
    df: int | None = None
    dist: str = "chi2"
    name: str = ""

    def __repr__(self) -> str:
        df = f"({self.df})" if self.df is not None else ""
        return f"{self.name or 'Test'}: {self.dist}{df} = {self.stat:.4f}, p = {self.pvalue:.4f}"


# --------------------------------------------------------------------------------------------
# Linear algebra helpers
# --------------------------------------------------------------------------------------------


def _sweep_keep(M: np.ndarray, tol: float = 1e-11) -> np.ndarray:
    """Columns of a symmetric psd matrix kept by a sweep in column order (Stata's ``invsym``).

    A column is dropped when the share of its (normalised) variance not explained by the columns
    kept before it is below ``tol``; zero columns are always dropped. Implemented as a Cholesky
    factorisation that skips (zeroes) pivots below ``tol``; when the matrix is positive definite a
    single LAPACK call decides.
    """
    n = M.shape[0]
    d = np.diag(M).astype(float)
    pos = d > 0
    scale = np.where(pos, 1.0 / np.sqrt(np.where(pos, d, 1.0)), 0.0)
    A = M * scale[:, None] * scale[None, :]
    if pos.all():
        try:
            L = linalg.cholesky(A, lower=True, check_finite=False)
            if np.min(np.diag(L)) ** 2 > tol:
                return np.arange(n)
        except linalg.LinAlgError:
            pass
    A = A.copy()
    keep = []
    for c in range(n):
        piv = A[c, c]
        if not pos[c] or piv <= tol:
            continue
        keep.append(c)
        if c + 1 < n:
            col = A[c + 1 :, c] / math.sqrt(piv)
            A[c + 1 :, c + 1 :] -= np.outer(col, col)
    return np.asarray(keep, dtype=int)


def _inv_sym(M: np.ndarray, what: str, warn_list: list[str] | None = None) -> np.ndarray:
    """Inverse of a symmetric pd matrix; generalised (Moore-Penrose) inverse with a warning if singular.

    The matrix counts as singular when its Cholesky factorisation fails or a pivot is below
    ``1e-12`` of the largest diagonal element (relative to the column scale).
    """
    n = M.shape[0]
    d = np.sqrt(np.abs(np.diag(M)))
    ok = n > 0 and np.all(d > 0) and np.isfinite(M).all()
    if ok:
        Mn = M / d[:, None] / d[None, :]
        try:
            L = linalg.cholesky(Mn, lower=True, check_finite=False)
            if np.min(np.diag(L)) ** 2 > 1e-12:
                Li = linalg.solve_triangular(L, np.eye(n), lower=True, check_finite=False)
                inv = (Li.T @ Li) / d[:, None] / d[None, :]
                return (inv + inv.T) / 2
        except linalg.LinAlgError:
            pass
    msg = (
        f"The {what} is singular; a generalised inverse (pseudo-inverse) is used, as xtabond2 "
        "does. Difference-in-Hansen statistics may be negative."
    )
    warnings.warn(msg, GMMWarning, stacklevel=3)
    if warn_list is not None:
        warn_list.append(msg)
    inv = np.linalg.pinv(M, hermitian=True)
    return (inv + inv.T) / 2


def _xform(orthogonal: bool, T: int) -> np.ndarray:
    """The (transposed) transformation matrix of ``xtabond2``'s ``_xform``."""
    M = np.eye(T)
    if orthogonal:
        M = np.zeros((T, T))
        M[np.arange(T - 1), np.arange(1, T)] = 1.0
        for r in range(T - 1, 0, -1):  # 1-based r as in Mata
            M[r:, r] = -1.0 / (T - r)
        norms = np.sqrt((M**2).sum(0))
        norms[norms == 0] = 1.0
        return M / norms
    L = np.zeros((T, T))
    L[np.arange(T - 1), np.arange(1, T)] = 1.0
    M = M - L
    M[0, 0] = 0.0
    return M


def _h_matrix(h: int, left_orth: bool, right_orth: bool, system: bool, T: int) -> np.ndarray:
    """``xtabond2``'s ``_H``: covariance pattern of the transformed (and level) errors."""
    Ml = np.eye(T) if h == 1 else _xform(left_orth, T)
    Mr = np.eye(T) if h == 1 else _xform(right_orth, T)
    if h == 3 or not system:
        if system:
            Ml = np.hstack([Ml, np.eye(T)])
            Mr = np.hstack([Mr, np.eye(T)])
        H = Ml.T @ Mr
    else:
        H = linalg.block_diag(Ml.T @ Mr, np.eye(T))
    H[np.abs(H) < 1e-14] = 0.0
    return H


def _lag(a: np.ndarray, lag: int, fill: float = np.nan) -> np.ndarray:
    """Shift along the time axis (axis 1) by ``lag`` periods of calendar time."""
    if lag == 0:
        return a.copy()
    out = np.full_like(a, fill, dtype=float)
    T = a.shape[1]
    if abs(lag) >= T:
        return out
    if lag > 0:
        out[:, lag:] = a[:, :-lag]
    else:
        out[:, :lag] = a[:, -lag:]
    return out


def _orthog(x: np.ndarray, complete: np.ndarray) -> np.ndarray:
    """Forward orthogonal deviations, stored one period later (``xtabond2``'s ``_Orthog``).

    ``x``: (N, T, k); ``complete``: (N, T) rows usable in the forward means.
    """
    N, T, k = x.shape
    xc = np.where(complete[:, :, None], np.nan_to_num(x), 0.0)
    # sums and counts of complete observations strictly after t
    csum = np.cumsum(xc[:, ::-1], axis=1)[:, ::-1]
    ccnt = np.cumsum(complete[:, ::-1].astype(float), axis=1)[:, ::-1]
    after_sum = np.concatenate([csum[:, 1:], np.zeros((N, 1, k))], axis=1)
    after_cnt = np.concatenate([ccnt[:, 1:], np.zeros((N, 1))], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        dev = np.sqrt(after_cnt / (after_cnt + 1))[:, :, None] * (
            x - after_sum / after_cnt[:, :, None]
        )
    dev[after_cnt == 0] = np.nan
    out = np.full_like(x, np.nan, dtype=float)
    out[:, 1:] = dev[:, :-1]
    return out


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------


@dataclass
class _Group:
    label: str
    kind: str  # "iv", "gmm" or "levels"
    cols: np.ndarray  # indices into the full instrument list


class DynamicPanelGMM:
    """Difference or system GMM for a dynamic panel (Arellano-Bond / Blundell-Bond), as ``xtabond2``.

    Parameters
    ----------
    data : DataFrame, long format (one row per entity and period), or indexed by (entity, time).
    entity, time : column names of the panel identifiers (``None`` with a two-level index).
    dep : the dependent variable (a name, or an expression such as ``D.y``).
    regressors : Stata-style variable list (string or list): ``["L.n", "L2.n", "w", "L(0/2).(k ys)"]``.
    gmm : GMM-style instrument groups (:class:`GMMStyle`, or strings ``"n, lag(2 3) collapse"``).
    iv : IV-style instrument groups (:class:`IVStyle`, or strings ``"w k, eq(level)"``).
    system : True for system GMM (Blundell-Bond), False for difference GMM (``noleveleq``).
    time_dummies : add one dummy per period as regressors and IV-style instruments. ``True`` uses
        ``equation(level)`` in system GMM and ``equation(diff)`` in difference GMM; or pass the
        equation (``"level"``, ``"diff"``, ``"both"``). Collinear dummies are dropped.
    orthogonal : forward orthogonal deviations instead of first differences.
    constant : include ``_cons`` in the level equation (system GMM only).
    h : ``xtabond2``'s ``h()`` (1, 2 or 3; default 3) for the one-step weighting matrix.

    Examples
    --------
    >>> m = DynamicPanelGMM(df, entity="id", time="year", dep="n",
    ...                     regressors="L.n L2.n w L.w L(0/2).(k ys) yr*",
    ...                     gmm=[GMMStyle("L.n")], iv=[IVStyle("w L.w L(0/2).(k ys) yr*")],
    ...                     system=False)
    >>> res = m.fit(steps=1, robust=True)
    """

    def __init__(
        self,
        data: pd.DataFrame,
        entity: str | None = None,
        time: str | None = None,
        dep: str | None = None,
        regressors: str | Sequence[str] = (),
        gmm: Sequence[GMMStyle | str] | GMMStyle | str = (),
        iv: Sequence[IVStyle | str] | IVStyle | str = (),
        system: bool = True,
        time_dummies: bool | str = False,
        orthogonal: bool = False,
        constant: bool = True,
        h: int = 3,
    ) -> None:
        if not isinstance(data, pd.DataFrame):
            raise SpecificationError("data must be a pandas DataFrame.")
        if entity is None or time is None:
            if isinstance(data.index, pd.MultiIndex) and data.index.nlevels == 2:
                entity = entity or (data.index.names[0] or "entity")
                time = time or (data.index.names[1] or "time")
                data = data.reset_index(names=[entity, time]) if None in data.index.names else data.reset_index()
            else:
                raise SpecificationError(
                    "Give entity= and time= columns, or a DataFrame indexed by (entity, time)."
                )
        for c, what in ((entity, "entity"), (time, "time")):
            if c not in data.columns:
                raise SpecificationError(f"The {what} column {c!r} is not in the data.")
        if dep is None:
            raise SpecificationError("dep (the dependent variable) is required.")
        if h not in (1, 2, 3):
            raise SpecificationError(f"h={h} is invalid; use 1, 2 or 3.")
        self.data = data
        self.entity, self.time = entity, time
        self.dep = dep
        self.system = bool(system)
        self.orthogonal = bool(orthogonal)
        self.constant = bool(constant)
        self.h = h
        if isinstance(gmm, (GMMStyle, str)):
            gmm = [gmm]
        if isinstance(iv, (IVStyle, str)):
            iv = [iv]
        self.gmm = [_as_gmmstyle(g) for g in gmm]
        self.iv = [_as_ivstyle(v) for v in iv]
        self._regressor_spec = regressors
        self.time_dummies = time_dummies
        self._prepare()

    # ---------------------------------------------------------------- data layout
    def _prepare(self) -> None:
        df = self.data
        ent, tim = self.entity, self.time
        if df[[ent, tim]].isna().any().any():
            raise SpecificationError(f"Missing values in the panel identifiers {ent!r}/{tim!r}.")
        if df.duplicated([ent, tim]).any():
            dup = df.loc[df.duplicated([ent, tim], keep=False), [ent, tim]].head(3)
            raise SpecificationError(
                f"Repeated (entity, time) pairs, e.g. {dup.values.tolist()}: one row per entity and period."
            )
        tvals = pd.to_numeric(df[tim], errors="coerce")
        if tvals.isna().any():
            raise SpecificationError(f"The time variable {tim!r} must be numeric (e.g. the year).")
        tv = tvals.to_numpy(float)
        if np.any(tv != np.round(tv)):
            raise SpecificationError(f"The time variable {tim!r} must hold whole numbers.")
        tv = tv.astype(np.int64)
        ut = np.unique(tv)
        tdelta = int(np.gcd.reduce(np.diff(ut))) if len(ut) > 1 else 1
        tdelta = max(tdelta, 1)
        columns = [str(c) for c in df.columns]
        self._columns = columns

        # time dummies become ordinary columns named <time><value>
        extra: dict[str, np.ndarray] = {}
        td_names: list[str] = []
        if self.time_dummies:
            for u in ut:
                nm = f"{tim}{u}"
                extra[nm] = (tv == u).astype(float)
                td_names.append(nm)
            columns = columns + [n for n in td_names if n not in columns]

        reg_terms = _expand(self._regressor_spec, columns) if self._regressor_spec else []
        dep_terms = _expand(self.dep, columns)
        if len(dep_terms) != 1:
            raise SpecificationError(f"dep={self.dep!r} must name exactly one variable.")
        if self.time_dummies:
            reg_terms = reg_terms + [_Term(n) for n in td_names if _Term(n) not in reg_terms]
        if not reg_terms and not (self.system and self.constant):
            raise SpecificationError("No regressors.")
        gmm_terms = [_expand(g.variables, columns) for g in self.gmm]
        iv_specs = list(self.iv)
        iv_terms = [_expand(v.variables, columns) for v in iv_specs]
        if self.time_dummies:
            eq = self.time_dummies
            if eq is True:
                eq = "level" if self.system else "diff"
            iv_specs.append(IVStyle(td_names, equation=str(eq)))
            iv_terms.append([_Term(n) for n in td_names])
        # drop level-only groups in difference GMM, as xtabond2 does
        self._notes: list[str] = []
        keep_iv = []
        for spec, terms in zip(iv_specs, iv_terms):
            if not self.system and _equation_code(spec.equation) == 0:
                self._notes.append("Instruments for levels equations only ignored since noleveleq specified.")
                continue
            keep_iv.append((spec, terms))
        keep_gmm = []
        for spec, terms in zip(self.gmm, gmm_terms):
            if not self.system and _equation_code(spec.equation) == 0:
                self._notes.append("Instruments for levels equations only ignored since noleveleq specified.")
                continue
            keep_gmm.append((spec, terms))
        if not keep_iv and not keep_gmm:
            raise SpecificationError(
                "No instruments: give at least one GMM-style (gmm=) or IV-style (iv=) group."
            )

        # the full calendar grid
        codes, uniq_ent = pd.factorize(df[ent], sort=True)
        tidx = ((tv - ut.min()) // tdelta).astype(np.int64)
        N0, T0 = len(uniq_ent), int(tidx.max()) + 1
        base_names = sorted(
            {t.var for t in reg_terms + dep_terms}
            | {t.var for _, ts in keep_iv for t in ts}
            | {t.var for _, ts in keep_gmm for t in ts}
        )
        grid: dict[str, np.ndarray] = {}
        for nm in base_names:
            vals = extra[nm] if nm in extra and nm not in df.columns else df[nm]
            v = pd.to_numeric(pd.Series(np.asarray(vals)), errors="coerce").to_numpy(float)
            g = np.full((N0, T0), np.nan)
            g[codes, tidx] = v
            grid[nm] = g
        cache: dict[_Term, np.ndarray] = {}

        def ev(term: _Term) -> np.ndarray:
            if term not in cache:
                x = grid[term.var]
                for _ in range(term.diff):
                    x = x - _lag(x, 1)
                cache[term] = _lag(x, term.lag)
            return cache[term]

        Y0 = ev(dep_terms[0])
        X0 = np.stack([ev(t) for t in reg_terms], axis=-1) if reg_terms else np.zeros((N0, T0, 0))
        touse0 = ~np.isnan(Y0) & ~np.isnan(X0).any(-1)
        # xtabond2 marks groups with any usable row; the grid spans their periods
        gkeep = touse0.any(1)
        if not gkeep.any():
            raise SpecificationError(
                "No observations: no row has the dependent variable and all regressors "
                "(with their lags) available. Too few periods per entity for the lags asked?"
            )
        exists = np.zeros((N0, T0), bool)
        exists[codes, tidx] = True
        ex = exists[gkeep]
        tcols = np.where(ex.any(0))[0]
        t0, t1 = tcols.min(), tcols.max() + 1
        def crop(a):
            return a[gkeep][:, t0:t1]

        self._entities = np.asarray(uniq_ent)[gkeep]
        self._times = ut.min() + tdelta * np.arange(t0, t1)
        self._tdelta = tdelta
        self._Y0 = crop(Y0)
        self._X0 = crop(X0)
        self._touse0 = crop(touse0)
        self._exists = ex[:, t0:t1]
        self._xnames = [t.name for t in reg_terms]
        self._depname = dep_terms[0].name
        self._iv = [(spec, [crop(ev(t)) for t in ts], [t.name for t in ts]) for spec, ts in keep_iv]
        self._gmm = [(spec, [crop(ev(t)) for t in ts], [t.name for t in ts]) for spec, ts in keep_gmm]
        self._build()

    def _build(self) -> None:
        """Transform the data and build the stacked X, Y and instrument arrays (xtabond2 layout)."""
        N, T = self._Y0.shape
        system, orth = self.system, self.orthogonal
        R = 2 * T if system else T
        X0, Y0 = self._X0, self._Y0
        consopt = system and self.constant
        xnames = list(self._xnames)
        if consopt:
            X0 = np.concatenate([X0, np.ones((N, T, 1))], axis=-1)
            xnames.append("_cons")
        k0 = X0.shape[-1]
        complete = ~np.isnan(Y0) & ~np.isnan(X0).any(-1)
        for spec, bases, _ in self._iv:
            if not spec.mz:
                for b in bases:
                    complete &= ~np.isnan(b)

        def xform(a3: np.ndarray) -> np.ndarray:  # (N,T,m) -> transformed (N,T,m)
            if orth:
                return _orthog(a3, complete)
            return a3 - _lag(a3, 1)

        Xt = xform(X0)
        Yt = xform(Y0[:, :, None])[:, :, 0]

        # IV-style instruments: columns ordered as xtabond2 (last group first, then _cons)
        iv_cols: list[tuple[np.ndarray, str, int]] = []  # (N,R) column, name, group index
        groups_iv_order = list(range(len(self._iv)))[::-1]
        zmiss = np.zeros((N, R), bool)
        for gi in groups_iv_order:
            spec, bases, names = self._iv[gi]
            eq = _equation_code(spec.equation)
            for b, nm in zip(bases, names):
                col = np.zeros((N, R))
                if eq in (1, 2):
                    d = b if spec.passthru else xform(b[:, :, None])[:, :, 0]
                    if spec.mz:
                        d = np.nan_to_num(d)
                    zmiss[:, :T] |= np.isnan(d)
                    col[:, :T] = np.nan_to_num(d)
                if system and eq in (0, 2):
                    lv = np.nan_to_num(b) if spec.mz else b
                    zmiss[:, T:] |= np.isnan(lv)
                    col[:, T:] = np.nan_to_num(lv)
                iv_cols.append((col, nm, gi))
        if consopt:
            col = np.zeros((N, R))
            col[:, T:] = 1.0
            iv_cols.append((col, "_cons", -1))

        # sample
        tu = _lag(self._touse0.astype(float), 1, 0.0).astype(bool) if orth else self._touse0.copy()
        touse = np.zeros((N, R), bool)
        touse[:, :T] = tu & ~np.isnan(Xt).any(-1) & ~np.isnan(Yt) & ~zmiss[:, :T]
        if system:
            touse[:, T:] = self._touse0 & ~zmiss[:, T:]

        # GMM-style instruments
        gmm_cols: list[tuple[np.ndarray, str, int, bool]] = []  # column, name, group, is_level_extra
        groups_gmm_order = list(range(len(self._gmm)))[::-1]
        self._gmm_lags_used: dict[int, tuple[int, int]] = {}
        for gi in groups_gmm_order:
            spec, bases, names = self._gmm[gi]
            eq = _equation_code(spec.equation)
            a, b = spec.lags
            if a is None:
                a = 1
            bb = np.inf if b is None else b
            if bb < a:
                a, bb = bb, a
            if a < 0:
                raise SpecificationError(
                    f"{spec.label(names)}: negative lags (leads) are not supported as GMM instruments."
                )
            full_eq_level = eq == 0
            full_diffed = not (eq in (1, 2) or spec.passthru)
            lagmax = T - 1 - int(full_eq_level and full_diffed)
            a_eff, b_eff = int(a), int(min(lagmax, bb))
            self._gmm_lags_used[gi] = (a_eff, b_eff)
            B = np.stack(bases, axis=-1)  # (N,T,nb)
            dB = np.nan_to_num(B - _lag(B, 1))
            base = dB if full_diffed else np.nan_to_num(B)
            r0 = T if full_eq_level else 0
            for lag in range(a_eff, b_eff + 1):
                shifted = _lag(base, lag, 0.0)  # value of base at t-lag in row t
                if spec.collapse:
                    for v, nm in enumerate(names):
                        col = np.zeros((N, R))
                        col[:, r0 : r0 + T] = shifted[:, :, v]
                        lab = f"{'D.' if full_diffed else ''}{_lagname(lag)}{nm}"
                        gmm_cols.append((col, lab, gi, full_eq_level))
                else:
                    for s in range(0, T - lag):
                        for v, nm in enumerate(names):
                            col = np.zeros((N, R))
                            col[:, r0 + s + lag] = base[:, s, v]
                            lab = f"{'D.' if full_diffed else ''}{_lagname(lag)}{nm}/{self._times[s + lag]}"
                            gmm_cols.append((col, lab, gi, full_eq_level))
            if eq == 2 and system:
                # extra level-equation instruments: lag a-1 of the differenced variables
                if a_eff > 0:
                    lag0, lagstop = a_eff - 1, b_eff - 1
                elif b_eff > 0:
                    lag0, lagstop = 0, b_eff - 1
                else:
                    raise SpecificationError(f"{spec.label(names)}: invalid lag range for system GMM.")
                if spec.collapse:
                    lag = lag0
                    for v, nm in enumerate(names):
                        col = np.zeros((N, R))
                        col[:, T:] = _lag(dB[:, :, v], lag, 0.0)
                        while lag < lagstop and not np.any((col != 0) & touse):
                            lag += 1
                            col[:, T:] = _lag(dB[:, :, v], lag, 0.0)
                        gmm_cols.append((col, f"{_lagname(lag)}D.{nm}", gi, True))
                else:
                    for s in range(0, T - lag0):
                        for v, nm in enumerate(names):
                            col = np.zeros((N, R))
                            col[:, T + s + lag0] = dB[:, s, v]
                            gmm_cols.append(
                                (col, f"{_lagname(lag0)}D.{nm}/{self._times[s + lag0]}", gi, True)
                            )

        cols = [c for c, *_ in iv_cols] + [c for c, *_ in gmm_cols]
        Z = np.stack(cols, axis=-1) if cols else np.zeros((N, R, 0))
        self._znames_all = [n for _, n, _ in iv_cols] + [n for _, n, _, _ in gmm_cols]
        self._zgroup_all = [("iv", g) for _, _, g in iv_cols] + [("gmm", g) for _, _, g, _ in gmm_cols]
        self._zlevel_extra = np.array(
            [False] * len(iv_cols) + [lv for *_, lv in gmm_cols], dtype=bool
        )

        # zero out excluded observations
        X = np.zeros((N, R, k0))
        Y = np.zeros((N, R))
        X[:, :T] = np.where(touse[:, :T, None], np.nan_to_num(Xt), 0.0)
        Y[:, :T] = np.where(touse[:, :T], np.nan_to_num(Yt), 0.0)
        if system:
            X[:, T:] = np.where(touse[:, T:, None], np.nan_to_num(X0), 0.0)
            Y[:, T:] = np.where(touse[:, T:], np.nan_to_num(Y0), 0.0)
        Z = Z * touse[:, :, None]

        main = touse[:, T:] if system else touse[:, :T]
        nobs = int(main.sum())
        if nobs == 0:
            raise SpecificationError(
                "No observations left after transforming the data: each entity needs enough "
                "consecutive periods for the differences and lags asked for (too few periods?)."
            )
        # collinear regressors (xtabond2's _rmcoll: partial out the constant first)
        Xf = X.reshape(N * R, k0)
        if consopt:
            t = Xf[:, -1]
            P = Xf[:, :-1] - np.outer(t, (Xf[:, :-1].T @ t) / t.sum())
            keep = list(_sweep_keep(P.T @ P)) + [k0 - 1]
        else:
            keep = list(_sweep_keep(Xf.T @ Xf))
        keep = np.asarray(keep, dtype=int)
        self.dropped = [xnames[i] for i in range(k0) if i not in set(keep.tolist())]
        if len(keep) == 0:
            raise SpecificationError("No regressors left after dropping collinear ones.")
        X = X[:, :, keep]
        self._names = [xnames[i] for i in keep]

        self._N, self._T, self._R = N, T, R
        self._X, self._Y, self._Z, self._touse = X, Y, Z, touse
        self._H = _h_matrix(self.h, orth, orth, system, T)
        self._consopt = consopt
        self._nobs = nobs
        self._ngroups = int(main.any(1).sum())
        per = main.sum(1)
        per = per[per > 0]
        self._tmin_max = (int(per.min()), int(per.max()))
        self._keep_x = keep

    # ---------------------------------------------------------------- estimation
    def fit(
        self,
        steps: int = 2,
        robust: bool = True,
        small: bool = False,
        artests: int = 2,
        diff_hansen: bool = True,
    ) -> "DynamicPanelResults":
        """Estimate. ``steps``: 1 or 2; ``robust``: cluster-robust (one step) or
        Windmeijer-corrected (two step) standard errors; ``small``: small-sample variance scaling
        with t and F tests; ``artests``: highest order of the Arellano-Bond test."""
        if steps not in (1, 2):
            raise SpecificationError(f"steps={steps} is invalid; use 1 or 2.")
        warn_list: list[str] = []
        N, T, R = self._N, self._T, self._R
        X, Y, Z, H = self._X, self._Y, self._Z, self._H
        system, orth = self.system, self.orthogonal
        k = X.shape[-1]
        Xf, Yf = X.reshape(N * R, k), Y.reshape(N * R)

        # one-step weighting matrix; drop collinear instruments in column order (invsym)
        Zf_all = Z.reshape(N * R, -1)
        nz = np.flatnonzero(np.any(Zf_all != 0, axis=0))  # all-zero columns are dropped anyway
        Znz = Z[:, :, nz]
        HZ = np.matmul(H, Znz)
        S1_nz = Znz.reshape(N * R, -1).T @ HZ.reshape(N * R, -1)
        keep_nz = _sweep_keep(S1_nz)
        zkeep = nz[keep_nz]
        j_total = Z.shape[-1]
        j0 = len(zkeep)
        if j0 == 0:
            raise SpecificationError(
                "No usable instruments: every instrument is zero in the estimation sample "
                "(lag ranges beyond the periods available?)."
            )
        if j0 < k:
            raise SpecificationError(
                f"Equation not identified: {k} regressors ({', '.join(self._names)}) but only "
                f"{j0} non-collinear instruments. Add instruments or widen the lag ranges."
            )
        Zk = Z[:, :, zkeep]
        Zf = Zk.reshape(N * R, j0)
        S1 = S1_nz[np.ix_(keep_nz, keep_nz)]
        zk_names = [self._znames_all[i] for i in zkeep]
        ngroups, nobs = self._ngroups, self._nobs
        if j0 > ngroups:
            msg = (
                f"Number of instruments ({j0}) exceeds the number of groups ({ngroups}); "
                "instruments may be too many (Roodman 2009): collapse them or limit the lags."
            )
            warnings.warn(msg, GMMWarning, stacklevel=2)
            warn_list.append(msg)

        ZX, ZY = Zf.T @ Xf, Zf.T @ Yf
        A1 = _inv_sym(S1, "one-step weighting matrix (sum of Z'HZ)", warn_list)
        XZA1 = ZX.T @ A1
        V1 = _inv_sym(XZA1 @ ZX, "one-step X'ZAZ'X matrix", warn_list)
        b1 = V1 @ XZA1 @ ZY
        e1 = Y - X @ b1  # (N,R)
        wttot = int(self._touse[:, :T].sum()) if (system and self.h > 1) else nobs
        div = 1.0 if (orth or self.h == 1) else 2.0
        err_eq = e1[:, :T] if system and self.h != 1 else (e1[:, T:] if system else e1)
        sig2 = float((err_eq**2).sum() / div / wttot)
        A1s, V1s = A1 / sig2, V1 * sig2
        Ze1 = Zf.T @ e1.reshape(-1)
        sargan_stat = float(Ze1 @ A1s @ Ze1)
        df_j = j0 - k
        sargan = TestResult(sargan_stat, float(stats.chi2.sf(sargan_stat, df_j)) if df_j > 0 else np.nan,
                            df_j, "chi2", "Sargan")
        onestepnonrobust = steps == 1 and not robust
        hansen = None
        G1 = np.matmul(e1[:, None, :], Zk)[:, 0, :]  # per-group Z_i'e1_i
        V1r = V2 = V2r = A2 = b2 = e2 = None
        if onestepnonrobust:
            S_used = S1 * sig2
        else:
            S2 = G1.T @ G1
            S_used = S2
            if robust:
                VXZA = V1 @ XZA1
                V1r = VXZA @ S2 @ VXZA.T
            A2 = _inv_sym(S2, "two-step weighting matrix (sum of Z'ee'Z)", warn_list)
            XZA2 = ZX.T @ A2
            V2 = _inv_sym(XZA2 @ ZX, "two-step X'ZAZ'X matrix", warn_list)
            b2 = V2 @ XZA2 @ ZY
            e2 = Y - X @ b2
            if steps == 2:
                err_eq = e2[:, :T] if system and self.h != 1 else (e2[:, T:] if system else e2)
                sig2 = float((err_eq**2).sum() / div / wttot)
            Ze2 = Zf.T @ e2.reshape(-1)
            A2Ze = A2 @ Ze2
            if steps == 2 and robust:
                s = G1 @ A2Ze  # e1_i'Z_i A2 Z'e2
                ZXs = Zf.T @ (Xf * np.repeat(s, R)[:, None])
                za = (Zk @ A2Ze)  # (N,R)
                aZX = np.einsum("nr,nrk->nk", za, X)  # A2Ze' Z_i'X_i
                D = ZXs + G1.T @ aZX
                D = (V2 @ XZA2) @ D
                V2r = V2 + D @ V1r @ D.T + 2 * D @ V2
            hstat = float(Ze2 @ A2Ze)
            hansen = TestResult(hstat, float(stats.chi2.sf(hstat, df_j)) if df_j > 0 else np.nan,
                                df_j, "chi2", "Hansen")

        if steps == 1:
            b, Vraw = b1, (V1r if robust else V1s)
            Vstep, Astep, e = V1s, A1s, e1
        else:
            b, Vraw = b2, (V2r if robust else V2)
            Vstep, Astep, e = V2, A2, e2
        V = (Vraw + Vraw.T) / 2
        if small:
            if onestepnonrobust:
                V = V * (wttot / (wttot - k))
            else:
                V = V * ((nobs - 1) / (nobs - k) * ngroups / (ngroups - 1))
            sig2 *= wttot / (wttot - k)
        consopt = self._consopt
        df_resid = None
        if small:
            dfm_tmp = k - int(consopt)
            df_resid = (nobs - dfm_tmp if onestepnonrobust else ngroups) - int(consopt)

        # Arellano-Bond tests
        m2VZXA = -2 * Vstep @ ZX.T @ Astep
        Vr_for_ar = Vraw if robust else Vstep
        ar = self._ar_tests(artests, e, b, Zk, m2VZXA, Vr_for_ar, onestepnonrobust, sig2)

        # difference-in-Sargan/Hansen
        dh = None
        if diff_hansen:
            dh = self._diff_hansen(zkeep, S_used, ZX, ZY, Zf, Xf, Yf, k, j0, df_j,
                                   hansen.stat if hansen is not None else sargan_stat, onestepnonrobust)

        # overall Wald / F test of all coefficients (xtabond2 convention)
        Xlev = X[:, T:] if system else X
        dfm = int(np.linalg.matrix_rank(Xlev.reshape(-1, k))) - int(consopt)
        try:
            wald_all = float(b @ np.linalg.pinv(V) @ b)
        except np.linalg.LinAlgError:
            wald_all = np.nan
        if dfm > 0:
            if small:
                model_test = TestResult(wald_all / dfm, float(stats.f.sf(wald_all / dfm, dfm, df_resid)),
                                        dfm, "F", "F")
            else:
                model_test = TestResult(wald_all, float(stats.chi2.sf(wald_all, dfm)), dfm, "chi2", "Wald chi2")
        else:
            model_test = None

        return DynamicPanelResults(
            model=self,
            params=pd.Series(b, index=self._names, name="params"),
            cov=pd.DataFrame(V, index=self._names, columns=self._names),
            nobs=nobs,
            n_groups=ngroups,
            n_instruments=j0,
            instrument_names=zk_names,
            steps=steps,
            robust=robust,
            small=small,
            df_resid=df_resid,
            ar=ar,
            sargan=sargan,
            hansen=hansen,
            diff_hansen=dh,
            dropped=list(self.dropped),
            warnings=list(self._notes) + warn_list,
            sigma2=sig2,
            model_test=model_test,
            obs_per_group=(self._tmin_max[0], nobs / ngroups, self._tmin_max[1]),
            resid=e,
        )

    def _ar_tests(self, artests, e, b, Zk, m2VZXA, Vr, onestepnonrobust, sig2):
        N, T = self._N, self._T
        X = self._X
        system, orth = self.system, self.orthogonal
        out = []
        Xd = X[:, :T]
        if orth:
            # residuals in first differences, over all available rows
            X0 = self._X0
            if self._consopt:
                X0 = np.concatenate([X0, np.ones((N, T, 1))], axis=-1)
            X0 = X0[:, :, self._keep_x]
            lev = self._Y0 - X0 @ b
            w = np.nan_to_num(lev - _lag(lev, 1))
            Xd = np.nan_to_num(X0 - _lag(X0, 1))
        else:
            w = e[:, :T]
        G = np.matmul(e[:, None, :], Zk)[:, 0, :]
        touse2 = self._touse[:, :T]
        if onestepnonrobust:
            Har = _h_matrix(self.h, False, False, False, T) * sig2
            psit = _h_matrix(self.h, False, orth, False, T) * sig2
            if system:
                psit = np.hstack([psit, np.zeros((T, T))])
        for lag in range(1, artests + 1):
            wl = _lag(w, lag, 0.0)
            sww = (w * wl).sum(1)
            if not np.any(sww):
                out.append(TestResult(np.nan, np.nan, None, "z", f"AR({lag})"))
                continue
            if onestepnonrobust:
                wli = wl * touse2
                wHw = float(np.einsum("nt,ts,ns->", wli, Har, wli))
                psiw = wli @ psit  # (N, R)
                ZHw = np.einsum("nrj,nr->j", Zk, psiw)
            else:
                wHw = float(sww @ sww)
                ZHw = G.T @ sww
            tmp = np.einsum("ntk,nt->k", Xd, wl)
            denom = wHw + tmp @ (m2VZXA @ ZHw + Vr @ tmp)
            z = float(sww.sum() / math.sqrt(denom)) if denom > 0 else np.nan
            out.append(TestResult(z, float(2 * stats.norm.sf(abs(z))), None, "z", f"AR({lag})"))
        return out

    def _diff_hansen(self, zkeep, S, ZX, ZY, Zf, Xf, Yf, k, j0, df_j, full_stat, onestepnonrobust):
        groups = self._instrument_groups()
        pos = {c: i for i, c in enumerate(zkeep)}
        rows = []
        for grp in groups:
            members = set(grp.cols.tolist())
            other = [pos[c] for c in zkeep if c not in members]
            n_other = len(other)
            if not (n_other >= k and n_other < j0):
                continue
            p = np.asarray(other, dtype=int)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", GMMWarning)
                App = _inv_sym(S[np.ix_(p, p)], "weighting matrix")
            ZXp = ZX[p]
            XZA = ZXp.T @ App
            M = XZA @ ZXp
            try:
                cf = linalg.cho_factor(M, lower=True, check_finite=False)
            except linalg.LinAlgError:
                continue  # the restriction leaves some coefficient unidentified
            if np.min(np.abs(np.diag(cf[0]))) ** 2 < 1e-12 * np.max(np.abs(np.diag(M))):
                continue
            bp = linalg.cho_solve(cf, XZA @ ZY[p], check_finite=False)
            ep = Yf - Xf @ bp
            Zep = Zf[:, p].T @ ep
            excl = float(Zep @ App @ Zep)
            n_grp = j0 - n_other
            diff = full_stat - excl
            df_ex = df_j - n_grp
            rows.append({
                "group": grp.label,
                "n_instruments": n_grp,
                "excluding": excl,
                "df_excluding": df_ex,
                "p_excluding": float(stats.chi2.sf(excl, df_ex)) if df_ex > 0 else np.nan,
                "difference": diff,
                "df_difference": n_grp,
                "p_difference": float(stats.chi2.sf(diff, n_grp)),
            })
        test = "Sargan" if onestepnonrobust else "Hansen"
        df = pd.DataFrame(rows, columns=["group", "n_instruments", "excluding", "df_excluding", "p_excluding",
                                         "difference", "df_difference", "p_difference"])
        df.attrs["test"] = test
        return df.set_index("group")

    def _instrument_groups(self) -> list[_Group]:
        out = []
        zg = self._zgroup_all
        if self.system and self._gmm:
            # the level-equation GMM instruments (xtabond2's "GMM instruments for levels")
            lev = [i for i, (kind, g) in enumerate(zg) if kind == "gmm" and self._zlevel_extra[i]]
            out.append(_Group("GMM instruments for levels", "levels", np.asarray(lev, dtype=int)))
        for gi, (spec, _, names) in enumerate(self._gmm):
            cols = [i for i, (kind, g) in enumerate(zg) if kind == "gmm" and g == gi]
            a, b = self._gmm_lags_used.get(gi, spec.lags)
            label = GMMStyle(names, (a, b), spec.collapse, spec.equation, spec.passthru).label(names)
            out.append(_Group(label, "gmm", np.asarray(cols, dtype=int)))
        for gi, (spec, _, names) in enumerate(self._iv):
            cols = [i for i, (kind, g) in enumerate(zg) if kind == "iv" and g == gi]
            out.append(_Group(spec.label(names), "iv", np.asarray(cols, dtype=int)))
        return out

    def describe_instruments(self) -> str:
        """The instrument groups, as xtabond2 lists them under the results table."""
        lines = []
        for spec, _, names in self._iv:
            eq = _equation_code(spec.equation)
            tr = "orthogonal deviations" if self.orthogonal else "differenced"
            if spec.passthru:
                tr = "untransformed"
            where = {1: tr, 0: "levels", 2: f"{tr} and levels" if self.system else tr}[eq]
            lines.append(f"  IV ({where}): {' '.join(names)}")
        for gi, (spec, _, names) in enumerate(self._gmm):
            a, b = self._gmm_lags_used.get(gi, spec.lags)
            lines.append(
                f"  GMM-type ({'collapsed' if spec.collapse else 'per period'}): "
                f"L({a}/{b}).({' '.join(names)})"
                + ("; levels: lag " + str(max(a - 1, 0)) + " of D.(" + " ".join(names) + ")"
                   if self.system and _equation_code(spec.equation) == 2 else "")
            )
        if self._consopt:
            lines.append("  Levels equation: _cons")
        return "\n".join(lines)


def _lagname(lag: int) -> str:
    if lag == 0:
        return ""
    if lag == 1:
        return "L."
    return f"L{lag}."


_LAG_RE = re.compile(r"lag(?:limits)?\s*\(\s*([0-9.]+)\s*,?\s*([0-9.]+)?\s*\)", re.I)
_EQ_RE = re.compile(r"eq(?:uation)?\s*\(\s*(\w+)\s*\)", re.I)


def _as_gmmstyle(g: GMMStyle | str) -> GMMStyle:
    if isinstance(g, GMMStyle):
        return g
    if not isinstance(g, str):
        raise SpecificationError(f"gmm instrument group {g!r} must be a GMMStyle or a string.")
    varpart, _, opts = g.partition(",")
    lags: tuple[int, int | None] = (1, None)
    m = _LAG_RE.search(opts)
    if m:
        a = None if m.group(1) == "." else int(m.group(1))
        b = None if (m.group(2) in (None, ".")) else int(m.group(2))
        lags = (1 if a is None else a, b)
    eq = "both"
    m = _EQ_RE.search(opts)
    if m:
        eq = m.group(1)
    rest = _EQ_RE.sub("", _LAG_RE.sub("", opts)).lower().split()
    for w in rest:
        if w not in ("collapse", "passthru", "c"):
            raise SpecificationError(f"Unknown gmm() sub-option {w!r} in {g!r}.")
    return GMMStyle(varpart.strip(), lags, "collapse" in rest or "c" in rest, eq, "passthru" in rest)


def _as_ivstyle(v: IVStyle | str) -> IVStyle:
    if isinstance(v, IVStyle):
        return v
    if not isinstance(v, str):
        raise SpecificationError(f"iv instrument group {v!r} must be an IVStyle or a string.")
    varpart, _, opts = v.partition(",")
    eq = "both"
    m = _EQ_RE.search(opts)
    if m:
        eq = m.group(1)
    rest = _EQ_RE.sub("", opts).lower().split()
    for w in rest:
        if w not in ("passthru", "mz"):
            raise SpecificationError(f"Unknown iv() sub-option {w!r} in {v!r}.")
    return IVStyle(varpart.strip(), eq, "passthru" in rest, "mz" in rest)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class DynamicPanelResults:
    """Results of :class:`DynamicPanelGMM` (linearmodels-style properties)."""

    model: DynamicPanelGMM
    params: pd.Series
    cov: pd.DataFrame
    nobs: int
    n_groups: int
    n_instruments: int
    instrument_names: list[str]
    steps: int
    robust: bool
    small: bool
    df_resid: int | None
    ar: list[TestResult]
    sargan: TestResult
    hansen: TestResult | None
    diff_hansen: pd.DataFrame | None
    dropped: list[str]
    warnings: list[str]
    sigma2: float
    model_test: TestResult | None
    obs_per_group: tuple[int, float, int]
    resid: np.ndarray = field(repr=False)

    # --- linearmodels-style properties
    @property
    def std_errors(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.cov.values)), index=self.params.index, name="std_error")

    @property
    def tstats(self) -> pd.Series:
        return (self.params / self.std_errors).rename("tstat")

    @property
    def pvalues(self) -> pd.Series:
        t = self.tstats.abs()
        if self.small:
            p = 2 * stats.t.sf(t, self.df_resid)
        else:
            p = 2 * stats.norm.sf(t)
        return pd.Series(p, index=self.params.index, name="pvalue")

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        q = stats.t.ppf(0.5 + level / 2, self.df_resid) if self.small else stats.norm.ppf(0.5 + level / 2)
        se = self.std_errors
        return pd.DataFrame({"lower": self.params - q * se, "upper": self.params + q * se})

    @property
    def ar1(self) -> TestResult:
        return self.ar[0]

    @property
    def ar2(self) -> TestResult:
        return self.ar[1]

    @property
    def too_many_instruments(self) -> bool:
        """True when the instrument count exceeds the number of groups."""
        return self.n_instruments > self.n_groups

    @property
    def n_params(self) -> int:
        return len(self.params)

    @property
    def method(self) -> str:
        return (
            f"{'Two' if self.steps == 2 else 'One'}-step "
            f"{'system' if self.model.system else 'difference'} GMM"
        )

    # --- tests of linear restrictions
    def wald_test(self, restriction: str | Sequence[str] | np.ndarray, value: Sequence[float] | None = None
                  ) -> TestResult:
        """Wald test of linear restrictions R b = q.

        ``restriction``: a matrix R (rows = restrictions), or strings such as ``"a = b"``,
        ``"a - b = 0"``, ``"2*a + b = 1"`` or ``"a"`` (a = 0). The statistic is
        :math:`(Rb-q)'(RVR')^{-1}(Rb-q)`, chi-squared with as many degrees of freedom as
        restrictions, or divided by them and F-distributed when ``small`` was used.
        """
        names = list(self.params.index)
        if isinstance(restriction, np.ndarray):
            R = np.atleast_2d(restriction).astype(float)
            q = np.zeros(R.shape[0]) if value is None else np.asarray(value, float)
        else:
            if isinstance(restriction, str):
                restriction = [r for r in restriction.split(";") if r.strip()]
            rows, qs = [], []
            for r in restriction:
                row, qv = _parse_restriction(r, names)
                rows.append(row)
                qs.append(qv)
            R, q = np.vstack(rows), np.asarray(qs)
        if R.shape[1] != len(names):
            raise SpecificationError(f"The restriction matrix needs {len(names)} columns.")
        d = R @ self.params.values - q
        W = float(d @ np.linalg.solve(R @ self.cov.values @ R.T, d))
        m = R.shape[0]
        if self.small:
            return TestResult(W / m, float(stats.f.sf(W / m, m, self.df_resid)), m, "F", "Wald")
        return TestResult(W, float(stats.chi2.sf(W, m)), m, "chi2", "Wald")

    def test_equal(self, a: str, b: str) -> TestResult:
        """Wald test that the coefficients of regressors ``a`` and ``b`` are equal."""
        return self.wald_test(f"{a} = {b}")

    # --- display
    def summary_frame(self) -> pd.DataFrame:
        ci = self.conf_int()
        return pd.DataFrame({
            "coef": self.params, "std_err": self.std_errors,
            ("t" if self.small else "z"): self.tstats, "pvalue": self.pvalues,
            "lower": ci["lower"], "upper": ci["upper"],
        })

    def summary(self) -> str:
        m = self.model
        lines = []
        tt = "t" if self.small else "z"
        head = f"Dynamic panel-data estimation, {self.method.lower()}"
        lines.append(head)
        lines.append("-" * 78)
        lines.append(f"Group variable: {m.entity:<26}Number of obs      = {self.nobs:>9d}")
        lines.append(f"Time variable : {m.time:<26}Number of groups   = {self.n_groups:>9d}")
        lines.append(
            f"Number of instruments = {self.n_instruments:<18d}Obs per group: min = {self.obs_per_group[0]:>6d}"
        )
        mt = self.model_test
        mt_txt = f"{mt.dist}({mt.df}) = {mt.stat:.2f}" if mt else ""
        lines.append(f"{mt_txt:<42}avg = {self.obs_per_group[1]:>9.2f}")
        mt_p = f"Prob > {'F' if self.small else 'chi2'} = {mt.pvalue:.3f}" if mt else ""
        lines.append(f"{mt_p:<42}max = {self.obs_per_group[2]:>9d}")
        lines.append("-" * 78)
        se_lab = ("Corrected" if self.steps == 2 else "Robust") if self.robust else ""
        lines.append(f"{m._depname:>14} | {'Coef.':>11} {se_lab + ' SE':>11} {tt:>7} {'P>|' + tt + '|':>7}  [95% conf. interval]")
        lines.append("-" * 15 + "+" + "-" * 62)
        ci = self.conf_int()
        for nm in self.params.index:
            lines.append(
                f"{nm[:14]:>14} | {self.params[nm]:>11.7f} {self.std_errors[nm]:>11.7f} "
                f"{self.tstats[nm]:>7.2f} {self.pvalues[nm]:>7.3f}  {ci.loc[nm, 'lower']:>10.6f} {ci.loc[nm, 'upper']:>10.6f}"
            )
        lines.append("-" * 78)
        if self.dropped:
            lines.append(f"Dropped as collinear: {' '.join(self.dropped)}")
        lines.append("Instruments:")
        lines.append(m.describe_instruments())
        lines.append("-" * 78)
        for a in self.ar:
            lines.append(f"Arellano-Bond test for {a.name} in first differences: z = {a.stat:6.2f}  Pr > z = {a.pvalue:.3f}")
        lines.append("-" * 78)
        s = self.sargan
        lines.append(f"Sargan test of overid. restrictions: chi2({s.df}) = {s.stat:7.2f}  Prob > chi2 = {s.pvalue:6.3f}")
        lines.append("  (Not robust, but not weakened by many instruments.)")
        if self.hansen is not None:
            hh = self.hansen
            lines.append(f"Hansen test of overid. restrictions: chi2({hh.df}) = {hh.stat:7.2f}  Prob > chi2 = {hh.pvalue:6.3f}")
            lines.append("  (Robust, but weakened by many instruments.)")
        if self.diff_hansen is not None and len(self.diff_hansen):
            lines.append("")
            lines.append(f"Difference-in-{self.diff_hansen.attrs.get('test', 'Hansen')} tests of exogeneity of instrument subsets:")
            for grp, r in self.diff_hansen.iterrows():
                lines.append(f"  {grp}")
                lines.append(f"    {self.diff_hansen.attrs.get('test', 'Hansen')} test excluding group: chi2({int(r.df_excluding)}) = {r.excluding:7.2f}  Prob > chi2 = {r.p_excluding:6.3f}")
                lines.append(f"    Difference (null H = exogenous):  chi2({int(r.df_difference)}) = {r.difference:7.2f}  Prob > chi2 = {r.p_difference:6.3f}")
        for w in self.warnings:
            lines.append(f"Warning: {w}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"<DynamicPanelResults: {self.method}, {self.nobs} obs, {self.n_groups} groups, {self.n_instruments} instruments>"

    def _repr_html_(self) -> str:
        tab = self.summary_frame().to_html(float_format=lambda v: f"{v:.6f}")
        rows = [
            ("Method", self.method),
            ("Observations / groups / instruments", f"{self.nobs} / {self.n_groups} / {self.n_instruments}"),
        ]
        rows += [(a.name + " z (p)", f"{a.stat:.2f} ({a.pvalue:.3f})") for a in self.ar]
        rows.append((f"Sargan chi2({self.sargan.df}) (p)", f"{self.sargan.stat:.2f} ({self.sargan.pvalue:.3f})"))
        if self.hansen is not None:
            rows.append((f"Hansen chi2({self.hansen.df}) (p)", f"{self.hansen.stat:.2f} ({self.hansen.pvalue:.3f})"))
        if self.dropped:
            rows.append(("Dropped (collinear)", ", ".join(self.dropped)))
        info = "".join(f"<tr><th style='text-align:left'>{a}</th><td>{b}</td></tr>" for a, b in rows)
        dh = ""
        if self.diff_hansen is not None and len(self.diff_hansen):
            dh = "<p><b>Difference-in-Hansen</b></p>" + self.diff_hansen.to_html(float_format=lambda v: f"{v:.3f}")
        warn = "".join(f"<p><i>Warning: {w}</i></p>" for w in self.warnings)
        return f"<div><p><b>{self.method}</b>, dependent variable {self.model._depname}</p><table>{info}</table>{tab}{dh}{warn}</div>"


def _parse_restriction(text: str, names: list[str]) -> tuple[np.ndarray, float]:
    """``"a = b"`` / ``"2*a - b = 1"`` -> (row of R, q)."""
    lhs, _, rhs = text.partition("=")
    row = np.zeros(len(names))
    q = 0.0

    def add(side: str, sign: float):
        nonlocal q
        side = side.replace(" ", "")
        if not side:
            return
        for m in re.finditer(r"([+-]?)([^+-]+)", side):
            sg = -1.0 if m.group(1) == "-" else 1.0
            term = m.group(2)
            coef, _, var = term.rpartition("*")
            c = float(coef) if coef else 1.0
            if var in names:
                row[names.index(var)] += sign * sg * c
            else:
                try:
                    q -= sign * sg * c * float(var)
                except ValueError:
                    raise SpecificationError(
                        f"{var!r} in restriction {text!r} is not a coefficient; coefficients: {', '.join(names)}"
                    ) from None

    # names may contain '.' (L.n) but not + or -; handle them as tokens
    add(lhs, 1.0)
    add(rhs, -1.0)
    if not row.any():
        raise SpecificationError(f"Restriction {text!r} involves no coefficient.")
    return row, q


# --------------------------------------------------------------------------------------------
# Convenience front ends
# --------------------------------------------------------------------------------------------


def xtabond2(
    varlist: str,
    gmm: str | Sequence[str] = (),
    iv: str | Sequence[str] = (),
    *,
    data: pd.DataFrame,
    i: str,
    t: str,
    nolevel: bool = False,
    robust: bool = False,
    twostep: bool = False,
    small: bool = False,
    orthogonal: bool = False,
    noconstant: bool = False,
    h: int = 3,
    artests: int = 2,
) -> DynamicPanelResults:
    """Estimate with an ``xtabond2``-like call and return the results.

    ``xtabond2("n L.n L2.n w L.w L(0/2).(k ys) yr*", gmm="L.n", iv="w L.w L(0/2).(k ys) yr*",
    nolevel=True, robust=True, data=df, i="id", t="year")`` is Roodman's (2009) example.
    ``gmm`` and ``iv`` take one string per group, with Stata sub-options after a comma:
    ``"n, lag(2 4) collapse"``, ``"yr*, equation(level)"``.
    """
    toks = _split_tokens(varlist)
    if not toks:
        raise SpecificationError("The variable list is empty.")
    gm = [gmm] if isinstance(gmm, str) else list(gmm)
    ivs = [iv] if isinstance(iv, str) else list(iv)
    model = DynamicPanelGMM(
        data, entity=i, time=t, dep=toks[0], regressors=" ".join(toks[1:]),
        gmm=[g for g in gm if g], iv=[v for v in ivs if v], system=not nolevel,
        orthogonal=orthogonal, constant=not noconstant, h=h,
    )
    return model.fit(steps=2 if twostep else 1, robust=robust, small=small, artests=artests)


def system_gmm(data, entity, time, dep, endogenous: Sequence[str], exogenous: Sequence[str] = (),
               lags: tuple[int, int | None] = (2, 3), collapse: bool = True, lagged_dep: bool = True,
               time_dummies: bool = True, steps: int = 2, robust: bool = True, small: bool = False,
               system: bool = True) -> DynamicPanelResults:
    """The book's baseline: two-step system GMM, ``gmm(y endogenous, lag(2 3) collapse)``.

    Regressors are ``L.y`` (if ``lagged_dep``), the endogenous variables, the exogenous ones and
    year dummies. GMM-style instruments: levels of ``y`` and the endogenous variables dated t-2 to
    t-3 (``lags``), collapsed; exogenous variables IV-style in both equations; year dummies IV-style
    in the level equation (difference equation with ``system=False``).
    """
    regs = ([f"L.{dep}"] if lagged_dep else []) + list(endogenous) + list(exogenous)
    ivs = [IVStyle(list(exogenous), equation="both")] if exogenous else []
    model = DynamicPanelGMM(
        data, entity=entity, time=time, dep=dep, regressors=regs,
        gmm=[GMMStyle([dep, *endogenous], lags=lags, collapse=collapse)],
        iv=ivs, system=system, time_dummies=time_dummies,
    )
    return model.fit(steps=steps, robust=robust, small=small)


def difference_gmm(*args, **kwargs) -> DynamicPanelResults:
    """:func:`system_gmm` with ``system=False`` (Arellano-Bond difference GMM)."""
    kwargs["system"] = False
    return system_gmm(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# Simulation (Blundell-Bond design) and a small Monte Carlo
# --------------------------------------------------------------------------------------------


def simulate_ar1_panel(n: int = 250, t: int = 7, rho: float = 0.9, sigma_eta: float = 1.0,
                       sigma_v: float = 1.0, seed: int | None = 0, burn: int = 0) -> pd.DataFrame:
    r"""Simulate :math:`y_{it} = \rho y_{i,t-1} + \eta_i + v_{it}` (Blundell and Bond 1998).

    Let :math:`\eta_i \sim N(0,\sigma_\eta^2)` and :math:`v_{it} \sim N(0,\sigma_v^2)`. The first
    observation is drawn from the stationary distribution,
    :math:`y_{i1} = \eta_i/(1-\rho) + u_{i1}`, :math:`u_{i1}\sim N(0, \sigma_v^2/(1-\rho^2))`, so the
    level-equation moment conditions of system GMM hold. Returns columns ``id, year, y``.
    """
    if not -1 < rho < 1:
        raise SpecificationError("rho must lie in (-1, 1) for a stationary start.")
    rng = np.random.default_rng(seed)
    eta = rng.normal(0, sigma_eta, n)
    y = np.empty((n, t))
    y[:, 0] = eta / (1 - rho) + rng.normal(0, sigma_v / math.sqrt(1 - rho**2), n)
    v = rng.normal(0, sigma_v, (n, t))
    for s in range(1, t):
        y[:, s] = rho * y[:, s - 1] + eta + v[:, s]
    return pd.DataFrame({
        "id": np.repeat(np.arange(1, n + 1), t),
        "year": np.tile(np.arange(1, t + 1), n),
        "y": y.ravel(),
    })


def monte_carlo_ar1(reps: int = 100, n: int = 250, t: int = 7, rho: float = 0.9, seed: int = 12345,
                    collapse: bool = False, lags: tuple[int, int | None] = (2, None)) -> pd.DataFrame:
    """Two-step difference and system GMM of ``y = rho L.y`` on ``reps`` simulated panels.

    Returns one row per replication and estimator with the estimate of rho and its
    Windmeijer-corrected standard error (columns ``rep, estimator, rho_hat, se``).
    """
    rows = []
    ss = np.random.SeedSequence(seed)
    for r, child in enumerate(ss.spawn(reps)):
        df = simulate_ar1_panel(n, t, rho, seed=int(child.generate_state(1)[0]))
        for name, system in (("difference", False), ("system", True)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", GMMWarning)
                res = DynamicPanelGMM(
                    df, "id", "year", "y", ["L.y"], gmm=[GMMStyle("y", lags=lags, collapse=collapse)],
                    system=system,
                ).fit(steps=2, robust=True, diff_hansen=False)
            rows.append({"rep": r, "estimator": name, "rho_hat": res.params["L.y"],
                         "se": res.std_errors["L.y"]})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Panel lags for other estimators, and the published reference results on abdata
# --------------------------------------------------------------------------------------------


def add_lags(data: pd.DataFrame, entity: str, time: str, spec: str | Sequence[str]) -> pd.DataFrame:
    """Return ``data`` with columns for a Stata-style variable list (``"L.n L2.n L(0/1).w"``).

    Lags respect calendar time (a gap in the panel makes the lag missing), so OLS or fixed-effects
    estimates built on these columns use the same observations as the GMM estimator.
    """
    out = data.copy()
    terms = _expand(spec, [str(c) for c in data.columns])
    tv = pd.to_numeric(out[time]).to_numpy()
    for term in terms:
        if term.name in out.columns:
            continue
        src = out[[entity, time, term.var]].copy()
        vals = pd.Series(src[term.var].to_numpy(float),
                         index=pd.MultiIndex.from_arrays([src[entity], tv]))
        x = vals
        for _ in range(term.diff):
            prev = x.copy()
            prev.index = pd.MultiIndex.from_arrays([prev.index.get_level_values(0),
                                                    prev.index.get_level_values(1) + 1])
            x = x - prev.reindex(x.index)
        shifted = x.copy()
        shifted.index = pd.MultiIndex.from_arrays([x.index.get_level_values(0),
                                                   x.index.get_level_values(1) + term.lag])
        out[term.name] = shifted.reindex(vals.index).to_numpy()
    return out


#: The published results of /work/shared/reference/README.md as xtabond2-style calls.
REFERENCE_SPECS: dict[str, dict] = {
    "A": dict(varlist="n L.n L2.n w L.w L(0/2).(k ys) yr*", gmm="L.n", iv="w L.w L(0/2).(k ys) yr*",
              nolevel=True, robust=True),
    "B": dict(varlist="n L.n L2.n w L.w L(0/2).(k ys) yr*", gmm="L.n", iv="w L.w L(0/2).(k ys) yr*",
              nolevel=True, robust=True, twostep=True),
    "D": dict(varlist="n L.n L(0/1).(w k) yr*", gmm="L.(n w k)", iv="yr*, equation(level)",
              robust=True, small=True),
    "F": dict(varlist="n L(1/2).n w k", gmm=["n, lag(2 4)", "w, lag(1 3)"], iv="k", nolevel=True,
              twostep=True, robust=True),
    # plm pgmm(..., effect = "twoways", collapse = TRUE, model = "twosteps") in xtabond2 terms
    "H": dict(varlist="n L(1/2).n L(0/1).w k L(0/1).ys yr*", gmm="n, lag(2 .) collapse",
              iv="L(0/1).w k L(0/1).ys yr*", nolevel=True, twostep=True, robust=True),
}

#: Published coefficients and standard errors (Roodman 2009; Arellano and Bond 1991; plm 2.6).
PUBLISHED: dict[str, dict[str, dict[str, float]]] = {
    "A": {"coef": dict(zip(["L.n", "L2.n", "w", "L.w", "k", "L.k", "L2.k", "ys", "L.ys", "L2.ys"],
                           [.6862261, -.0853582, -.6078208, .3926237, .3568456, -.0580012, -.0199475,
                            .6085073, -.7111651, .1057969])),
          "se": dict(zip(["L.n", "L2.n", "w", "L.w", "k", "L.k", "L2.k", "ys", "L.ys", "L2.ys"],
                         [.1445943, .0560155, .1782055, .1679931, .0590203, .0731797, .0327126,
                          .1725313, .2317163, .1412021])),
          "tests": {"AR(2) z": -0.52, "Hansen": 31.38}},
    "B": {"coef": dict(zip(["L.n", "L2.n", "w", "L.w", "k", "L.k", "L2.k", "ys", "L.ys", "L2.ys"],
                           [.6287089, -.0651882, -.5257597, .3112899, .2783619, .0140994, -.0402484,
                            .5919243, -.5659863, .1005433])),
          "se": dict(zip(["L.n", "L2.n", "w", "L.w", "k", "L.k", "L2.k", "ys", "L.ys", "L2.ys"],
                         [.1934138, .0450501, .1546107, .2030006, .0728019, .0924575, .0432745,
                          .1730916, .2611008, .1610987])),
          "tests": {"AR(2) z": -0.35, "Hansen": 31.38}},
    "D": {"coef": dict(zip(["L.n", "w", "L.w", "k", "L.k", "_cons"],
                           [.9356053, -.6309761, .4826203, .4839299, -.4243928, .5522011])),
          "se": dict(zip(["L.n", "w", "L.w", "k", "L.k", "_cons"],
                         [.026569, .1192834, .1383132, .0544281, .059088, .1971607])),
          "tests": {"AR(2) z": -0.25, "Hansen": 110.70}},
    "F": {"coef": dict(zip(["L.n", "L2.n", "w", "k"], [.1700616, -.0113381, -.9510582, .4637223])),
          "se": dict(zip(["L.n", "L2.n", "w", "k"], [.1046652, .0377205, .1277298, .0718328])),
          "tests": {"AR(2) z": -0.81, "Hansen": 47.86}},
    "H": {"coef": dict(zip(["L.n", "L2.n", "w", "L.w", "k", "ys", "L.ys"],
                           [.853895, -.169886, -.533119, .352516, .271707, .612855, -.682550])),
          "se": dict(zip(["L.n", "L2.n", "w", "L.w", "k", "ys", "L.ys"],
                         [.562348, .123293, .245948, .432846, .089921, .242289, .612311])),
          "tests": {"Hansen": 11.62681}},
}


def run_reference(data: pd.DataFrame, name: str) -> DynamicPanelResults:
    """Estimate reference specification ``name`` (A, B, D, F or H) on abdata."""
    spec = dict(REFERENCE_SPECS[name])
    varlist = spec.pop("varlist")
    return xtabond2(varlist, data=data, i="id", t="year", **spec)


def compare_with_published(data: pd.DataFrame, names: Iterable[str] = ("A", "B", "D", "F", "H")
                           ) -> pd.DataFrame:
    """Our estimates next to the published ones: one row per result, regressor and statistic."""
    rows = []
    for name in names:
        res = run_reference(data, name)
        pub = PUBLISHED[name]
        for stat, ours in (("coef", res.params), ("se", res.std_errors)):
            for var, v in pub[stat].items():
                rows.append({"result": name, "term": var, "statistic": stat, "published": v,
                             "ours": float(ours[var]), "difference": float(ours[var]) - v})
        got = {"AR(2) z": res.ar2.stat, "Hansen": res.hansen.stat if res.hansen else np.nan}
        for t, v in pub["tests"].items():
            rows.append({"result": name, "term": t, "statistic": "test", "published": v,
                         "ours": float(got[t]), "difference": float(got[t]) - v})
    return pd.DataFrame(rows)


def monte_carlo_figure(sims: pd.DataFrame, rho: float):
    """Histogram of the Monte Carlo estimates of rho by estimator, with the true value marked.

    ``sims`` is the output of :func:`monte_carlo_ar1`. Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    lo = float(np.nanquantile(sims["rho_hat"], 0.01))
    hi = float(np.nanquantile(sims["rho_hat"], 0.99))
    bins = np.linspace(min(lo, rho - 0.1), max(hi, rho + 0.1), 40)
    for est, colour in (("difference", "#E69F00"), ("system", "#0072B2")):
        vals = sims.loc[sims["estimator"] == est, "rho_hat"].clip(bins[0], bins[-1])
        ax.hist(vals, bins=bins, alpha=0.6, color=colour, label=f"{est} GMM")
    ax.axvline(rho, color="0.2", lw=1.2, ls="--", label=f"true value {rho}")
    ax.set_xlabel("estimate of the autoregressive coefficient rho")
    ax.set_ylabel("replications")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig
