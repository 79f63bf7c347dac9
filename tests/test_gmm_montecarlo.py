"""Monte Carlo of difference and system GMM on simulated AR(1) panels (Blundell and Bond 1998 design).

y_it = rho y_i,t-1 + eta_i + v_it with rho = 0.9, eta_i, v_it ~ N(0, 1) and a stationary start;
N = 300 entities, T = 8 periods, 100 replications, collapsed instruments gmm(y, lag(2 .) collapse),
two-step with Windmeijer-corrected standard errors. Fixed seeds; about 1.5 s.

What the literature says and the test checks:
- at high persistence the lagged levels are weak instruments for the differences, so difference GMM
  is biased down (towards the fixed-effects estimate) and imprecise;
- system GMM, which adds the level equation instrumented by lagged differences, is near the truth;
- Windmeijer's corrected standard errors track the simulated spread of the estimates.
"""

from __future__ import annotations

import pytest

from wiodbook.gmm import monte_carlo_ar1

RHO = 0.9


@pytest.fixture(scope="module")
def mc():
    sims = monte_carlo_ar1(reps=100, n=300, t=8, rho=RHO, seed=3, collapse=True, lags=(2, None))
    return sims.groupby("estimator").agg(
        mean=("rho_hat", "mean"), median=("rho_hat", "median"), sd=("rho_hat", "std"),
        mean_se=("se", "mean"),
    )


def test_system_gmm_is_near_the_truth(mc):
    sys_ = mc.loc["system"]
    assert abs(sys_["mean"] - RHO) < 0.04
    assert abs(sys_["median"] - RHO) < 0.03


def test_difference_gmm_is_biased_down_at_high_persistence(mc):
    diff, sys_ = mc.loc["difference"], mc.loc["system"]
    assert diff["mean"] < RHO - 0.1
    assert diff["median"] < RHO - 0.05
    assert diff["median"] < sys_["median"] - 0.05
    assert sys_["sd"] < diff["sd"] / 2  # weak instruments: difference GMM is far less precise


def test_windmeijer_standard_errors_match_the_simulated_spread(mc):
    for est in ("system", "difference"):
        ratio = mc.loc[est, "mean_se"] / mc.loc[est, "sd"]
        assert 0.75 <= ratio <= 1.33, (est, ratio)
