"""The book's models of manufacturing upgrading on digital dependence (METHOD.md, Estimation).

Let, for entity i (a country x manufacturing industry) and year t,

- UPG_it: manufacturing upgrading (default ln TFP; column ``upg`` of the panel or any named one);
- DIG_it: digital dependence x 100 (default complete, core digital sectors: column ``dig``);
- X_it: the controls, size ``size``, export intensity ``exp_int``, foreign input share ``imp_share``.

The baseline is the dynamic panel

    UPG_it = rho UPG_i,t-1 + beta DIG_it + gamma' X_it + year_t + mu_i + e_it,

estimated by two-step system GMM (Blundell-Bond) with Windmeijer-corrected standard errors:
UPG_{t-1} and DIG are endogenous, instrumented GMM-style by the levels of UPG and DIG dated t-2
and t-3, collapsed (xtabond2 ``gmm(UPG DIG, lag(2 3) collapse)``); X is exogenous, IV-style in
both equations; year dummies IV-style in the level equation (:func:`gmm_fit`).

Also here: static two-way fixed effects (:func:`fe_fit`, linearmodels PanelOLS), fixed-effects
IV with the leave-one-out instrument (:func:`fe_iv_fit`), the three-step mediation with the
Sobel standard error (:func:`mediation`), heterogeneity by split and interaction, and the
specification curve (:func:`specification_curve`).

The long-run effect of DIG in the dynamic model is beta / (1 - rho).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from . import config, gmm
from .errors import SpecificationError

CONTROLS: tuple[str, ...] = ("size", "exp_int", "imp_share")
ESTIMATORS = ("system", "difference", "fe")


# --------------------------------------------------------------------------------------
# Data preparation
# --------------------------------------------------------------------------------------

def regression_data(
    panel: pd.DataFrame,
    upg: str = "upg",
    dig: str | Sequence[str] = "dig",
    controls: Sequence[str] = CONTROLS,
    *,
    extra: Sequence[str] = (),
    sample: str = "in_sample",
    drop_years: Sequence[int] = (),
) -> pd.DataFrame:
    """The rows and columns a model uses: regression-sample rows with finite values.

    Keeps ``entity, country, industry, year`` and the named variables; drops rows outside the
    regression sample (column ``sample``), in ``drop_years`` or with a non-finite variable. A
    dynamic model needs consecutive years: dropping rows leaves gaps that the GMM estimator
    treats as missing lags (not as the previous row).
    """
    digs = [dig] if isinstance(dig, str) else list(dig)
    cols = [upg, *digs, *controls, *extra]
    missing = [c for c in cols if c not in panel.columns]
    if missing:
        raise SpecificationError(f"the panel has no column(s) {missing}; see data/README.md for the columns")
    df = panel
    if sample and sample in df.columns:
        df = df[df[sample].astype(bool)]
    if drop_years:
        df = df[~df["year"].isin(list(drop_years))]
    df = df[["entity", "country", "industry", "year", *dict.fromkeys(cols)]]
    finite = np.isfinite(df[list(dict.fromkeys(cols))].apply(pd.to_numeric, errors="coerce")).all(axis=1)
    return df[finite].reset_index(drop=True)


def winsorize(s: pd.Series, share: float = 0.01) -> pd.Series:
    """Clip a series at its ``share`` and ``1 - share`` quantiles."""
    lo, hi = s.quantile([share, 1 - share])
    return s.clip(lo, hi)


def winsorize_growth(df: pd.DataFrame, column: str, share: float = 0.01) -> pd.Series:
    """Winsorise the year-on-year change of ``column`` within each entity and rebuild the levels.

    Let g_it = y_it - y_i,t-1. The g_it are clipped at their pooled ``share`` quantiles and the
    levels are rebuilt from each entity's first observation: y~_it = y_i,first + sum_{s<=t} g~_is.
    """
    d = df.sort_values(["entity", "year"])
    g = d.groupby("entity")[column].diff()
    gw = winsorize(g.dropna(), share).reindex(g.index)
    first = d.groupby("entity")[column].transform("first")
    rebuilt = first + gw.fillna(0).groupby(d["entity"]).cumsum()
    return rebuilt.reindex(df.index)


# --------------------------------------------------------------------------------------
# Estimators
# --------------------------------------------------------------------------------------

def gmm_fit(
    data: pd.DataFrame,
    upg: str = "upg",
    dig: str | Sequence[str] = "dig",
    controls: Sequence[str] = CONTROLS,
    *,
    estimator: str = "system",
    lags: tuple[int, int | None] = (2, 3),
    collapse: bool = True,
    steps: int = 2,
) -> gmm.DynamicPanelResults:
    """The dynamic model by system (default) or difference GMM.

    xtabond2 equivalent (system): ``xtabond2 UPG L.UPG DIG X yr*, gmm(UPG DIG, lag(2 3) collapse)
    iv(X) iv(yr*, eq(level)) twostep robust``. ``estimator="difference"`` adds ``noleveleq`` (year
    dummies then enter the differenced equation).
    """
    if estimator not in ("system", "difference"):
        raise SpecificationError(f"estimator={estimator!r}: use 'system' or 'difference' (or fe_fit)")
    digs = [dig] if isinstance(dig, str) else list(dig)
    return gmm.system_gmm(
        data, "entity", "year", upg, endogenous=digs, exogenous=list(controls), lags=lags,
        collapse=collapse, steps=steps, robust=True, system=(estimator == "system"),
    )


def _panel_index(data: pd.DataFrame) -> pd.DataFrame:
    return data.set_index(["entity", "year"])


def fe_fit(data: pd.DataFrame, upg: str = "upg", dig: str | Sequence[str] = "dig",
           controls: Sequence[str] = CONTROLS):
    """Static two-way fixed effects: UPG_it = beta DIG_it + gamma' X_it + mu_i + year_t + e_it.

    linearmodels ``PanelOLS`` with entity and time effects, standard errors clustered by entity.
    """
    from linearmodels.panel import PanelOLS

    digs = [dig] if isinstance(dig, str) else list(dig)
    d = _panel_index(data)
    model = PanelOLS(d[upg], d[[*digs, *controls]], entity_effects=True, time_effects=True)
    return model.fit(cov_type="clustered", cluster_entity=True)


def two_way_demean(frame: pd.DataFrame, columns: Sequence[str], *, entity: str = "entity", time: str = "year",
                   tol: float = 1e-12, max_iter: int = 500) -> pd.DataFrame:
    """``columns`` net of entity and time means: the within transformation of two-way fixed effects.

    x~ = x - entity mean - time mean + grand mean is exact on a balanced panel; on an unbalanced
    one, entity and time demeaning alternate until the largest change is below ``tol`` (the
    method of alternating projections), so OLS on the result gives the two-way FE slopes.
    The rows must be finite; returns the demeaned columns on ``frame``'s index.
    """
    out = frame[list(columns)].astype(float).copy()
    ent, yr = frame[entity].to_numpy(), frame[time].to_numpy()
    for _ in range(max_iter):
        before = out.to_numpy().copy()
        out = out - out.groupby(ent).transform("mean")
        out = out - out.groupby(yr).transform("mean")
        if np.max(np.abs(out.to_numpy() - before), initial=0.0) < tol:
            break
    return out


def fe_iv_fit(data: pd.DataFrame, upg: str = "upg", dig: str = "dig", instrument: str = "dig_loo",
              controls: Sequence[str] = CONTROLS):
    """Fixed-effects IV: DIG instrumented by the leave-one-out mean DIG of the same industry and
    year in the other countries, with entity and year effects (two-way within transformation,
    then linearmodels ``IV2SLS`` with entity-clustered standard errors; the degrees of freedom
    absorbed by the effects do not change clustered standard errors' consistency).

    The result carries ``first_stage_f``: the Kleibergen-Paap-style robust F of the excluded
    instrument in the first stage (the squared cluster-robust t statistic, one instrument).
    """
    from linearmodels.iv import IV2SLS

    cols = [upg, dig, instrument, *controls]
    dm = two_way_demean(data, cols)
    clusters = data["entity"]
    res = IV2SLS(dm[upg], dm[list(controls)] if controls else None, dm[[dig]], dm[[instrument]]).fit(
        cov_type="clustered", clusters=clusters
    )
    diag = res.first_stage.diagnostics
    res.first_stage_f = float(diag.loc[dig, "f.stat"])
    return res


def long_run(result, dig: str = "dig", lag: str = "L.upg") -> tuple[float, float]:
    """Long-run effect beta / (1 - rho) and its delta-method standard error."""
    b, r = result.params[dig], result.params[lag]
    V = result.cov.loc[[dig, lag], [dig, lag]].to_numpy()
    grad = np.array([1 / (1 - r), b / (1 - r) ** 2])
    return float(b / (1 - r)), float(np.sqrt(grad @ V @ grad))


# --------------------------------------------------------------------------------------
# Mechanisms: three-step mediation
# --------------------------------------------------------------------------------------

def sobel(a: float, se_a: float, b: float, se_b: float) -> tuple[float, float, float]:
    """Sobel (1982) test of the indirect effect a*b: (a*b, se, p) with se = sqrt(b^2 se_a^2 + a^2 se_b^2)."""
    ab = a * b
    se = float(np.sqrt(b**2 * se_a**2 + a**2 * se_b**2))
    p = float(2 * stats.norm.sf(abs(ab) / se)) if se > 0 else float("nan")
    return ab, se, p


def mediation(panel: pd.DataFrame, mechanism: str, *, upg: str = "upg", dig: str = "dig",
              controls: Sequence[str] = CONTROLS, estimator: str = "system") -> dict:
    """Three-step mediation (Baron-Kenny), each step by the dynamic GMM model:

    1. UPG on DIG (total effect c);
    2. M on DIG (a), with M's own lag;
    3. UPG on DIG and M (direct effect c', effect of the mechanism b), M endogenous too.

    The indirect effect is a*b with its Sobel standard error. All three steps use the same rows.
    """
    data = regression_data(panel, upg, dig, controls, extra=[mechanism])
    step1 = gmm_fit(data, upg, dig, controls, estimator=estimator)
    step2 = gmm_fit(data, mechanism, dig, controls, estimator=estimator)
    step3 = gmm_fit(data, upg, [dig, mechanism], controls, estimator=estimator)
    a, se_a = step2.params[dig], step2.std_errors[dig]
    b, se_b = step3.params[mechanism], step3.std_errors[mechanism]
    ab, se_ab, p_ab = sobel(a, se_a, b, se_b)
    return {"steps": {"(1) UPG": step1, f"(2) {mechanism}": step2, "(3) UPG": step3},
            "a": a, "se_a": se_a, "b": b, "se_b": se_b,
            "indirect": ab, "indirect_se": se_ab, "indirect_p": p_ab,
            "total": step1.params[dig], "direct": step3.params[dig]}


# --------------------------------------------------------------------------------------
# Specification curve
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    """One point of the specification curve."""

    dig: str  # panel column of DIG
    upg: str  # panel column of UPG
    estimator: str  # system, difference, fe
    include_c26: bool
    drop_crisis: bool  # drop 2008-2009

    def label(self) -> str:
        return (f"{self.dig} | {self.upg} | {self.estimator} | "
                f"{'with' if self.include_c26 else 'no'} C26 | {'no' if self.drop_crisis else 'with'} 2008-09")


def spec_grid(digs=("dig", "dig_direct", "dig_broad", "dig_direct_broad"),
              upgs=("ln_tfp", "ln_lp", "va_rate", "ln_tfp_h"),
              estimators=ESTIMATORS, c26=(False, True), crisis=(False, True)) -> list[Spec]:
    """Every combination of the [standard] choices."""
    return [Spec(*c) for c in itertools.product(digs, upgs, estimators, c26, crisis)]


def fit_spec(panel: pd.DataFrame, spec: Spec, controls: Sequence[str] = CONTROLS) -> dict:
    """Fit one specification; return the DIG coefficient, its standard error, p-value and N.

    The sample: the 18 manufacturing industries (19 with C26) with finite values of this
    specification's UPG, DIG and controls, optionally without 2008-2009. (The panel's
    ``in_sample`` flag is for the default UPG; another UPG may be finite where ln TFP is not.)
    """
    df = panel if spec.include_c26 else panel[panel["industry"] != "C26"]
    data = regression_data(df, spec.upg, spec.dig, controls, sample="",
                           drop_years=(2008, 2009) if spec.drop_crisis else ())
    out = {**spec.__dict__, "nobs": len(data)}
    try:
        if spec.estimator == "fe":
            r = fe_fit(data, spec.upg, spec.dig, controls)
            extra = {}
        else:
            r = gmm_fit(data, spec.upg, spec.dig, controls, estimator=spec.estimator)
            extra = {"ar2_p": r.ar2.pvalue, "hansen_p": r.hansen.pvalue if r.hansen else np.nan,
                     "n_instruments": r.n_instruments}
        out.update(coef=float(r.params[spec.dig]), se=float(r.std_errors[spec.dig]),
                   pvalue=float(r.pvalues[spec.dig]), nobs=int(r.nobs), error="", **extra)
    except Exception as exc:  # noqa: BLE001 - a failed fit is a point without estimate, reported
        out.update(coef=np.nan, se=np.nan, pvalue=np.nan, error=f"{type(exc).__name__}: {exc}")
    return out


_WORKER_PANEL: pd.DataFrame | None = None


def _init_worker(panel: pd.DataFrame) -> None:
    global _WORKER_PANEL
    _WORKER_PANEL = panel


def _fit_in_worker(args):
    spec, controls = args
    return fit_spec(_WORKER_PANEL, spec, controls)


def specification_curve(panel: pd.DataFrame, specs: Sequence[Spec] | None = None, *,
                        controls: Sequence[str] = CONTROLS, workers: int | None = None,
                        use_cache: bool = True) -> pd.DataFrame:
    """Fit every specification (in parallel on the available cores) and return one row each,
    sorted by the coefficient, with the 95% interval and a ``positive_significant`` flag.

    Results are cached under ``config.cache_dir()/speccurve`` keyed by a hash of the panel's
    values and the list of specifications, so a rerun of the chapter does not refit.
    ``curve.attrs`` records how the fit went: ``seconds`` (wall time of fitting every
    specification), ``workers`` and ``from_cache`` (True when read from the cache; ``seconds``
    is then the time of the original fit).
    """
    specs = list(specs) if specs is not None else spec_grid()
    key = _curve_key(panel, specs, controls)
    dest = config.cache_dir() / "speccurve" / f"curve-{key[:20]}.parquet"
    if use_cache and dest.exists():
        try:
            cached = pd.read_parquet(dest)
            cached.attrs["from_cache"] = True
            return cached
        except Exception:  # noqa: BLE001 - unreadable cache: refit
            pass
    t0 = time.perf_counter()
    workers = workers or min(len(specs), os.cpu_count() or 1)
    if workers > 1:
        # the panel goes to each worker once (initializer), not once per specification
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(panel,)) as pool:
            args = [(s, tuple(controls)) for s in specs]
            rows = list(pool.map(_fit_in_worker, args, chunksize=max(1, len(args) // (4 * workers))))
    else:
        rows = [fit_spec(panel, s, controls) for s in specs]
    curve = pd.DataFrame(rows)
    z = stats.norm.ppf(0.975)
    curve["lower"] = curve["coef"] - z * curve["se"]
    curve["upper"] = curve["coef"] + z * curve["se"]
    curve["positive_significant"] = (curve["coef"] > 0) & (curve["pvalue"] < 0.05)
    curve = curve.sort_values("coef", na_position="last").reset_index(drop=True)
    curve["rank"] = np.arange(1, len(curve) + 1)
    curve.attrs.update(seconds=round(time.perf_counter() - t0, 2), workers=int(workers), from_cache=False)
    if use_cache:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".tmp")
        curve.to_parquet(tmp)
        os.replace(tmp, dest)
    return curve


def _curve_key(panel: pd.DataFrame, specs: Sequence[Spec], controls: Sequence[str]) -> str:
    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(panel, index=True).to_numpy().tobytes())
    h.update(json.dumps([s.__dict__ for s in specs] + list(controls), sort_keys=True).encode())
    h.update(Path(__file__).read_bytes())
    h.update(Path(gmm.__file__).read_bytes())
    return h.hexdigest()
