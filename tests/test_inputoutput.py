"""Input-output algebra: textbook answers and accounting identities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wiodbook import inputoutput as io
from wiodbook import wiod
from wiodbook.codes import INDUSTRIES, YEARS


def test_miller_blair_two_sector_example():
    """Miller and Blair (2009), section 2.3: Z = [[150, 500], [200, 100]], x = (1000, 2000)."""
    labels = pd.Index(["1", "2"])
    Z = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=labels, columns=labels)
    x = pd.Series([1000.0, 2000.0], index=labels)
    A = io.technical_coefficients(Z, x)
    np.testing.assert_allclose(A.to_numpy(), [[0.15, 0.25], [0.20, 0.05]])
    L = io.leontief_inverse(A)
    # their table 2.4 prints L = [[1.254, .330], [.264, 1.122]]; exactly (1/.7575)[[.95, .25], [.2, .85]]
    np.testing.assert_allclose(L.to_numpy(), np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575, rtol=1e-12)
    np.testing.assert_allclose(L.round(3).to_numpy(), [[1.254, 0.330], [0.264, 1.122]])
    assert list(L.index) == ["1", "2"] and list(L.columns) == ["1", "2"]
    f = pd.Series([350.0, 1700.0], index=labels)
    np.testing.assert_allclose(L.to_numpy() @ f.to_numpy(), x.to_numpy(), rtol=1e-12)
    B = io.complete_consumption(L)
    np.testing.assert_allclose(B.to_numpy(), L.to_numpy() - np.eye(2))
    # B is the sum of all rounds of indirect requirements: A + A^2 + A^3 + ...
    series = sum(np.linalg.matrix_power(A.to_numpy(), k) for k in range(1, 60))
    np.testing.assert_allclose(B.to_numpy(), series, atol=1e-12)
    np.testing.assert_allclose(io.output_multipliers(L).to_numpy(), [1.5182, 1.4521], atol=1e-4)


def test_zero_output_column_is_zero():
    Z = np.array([[1.0, 0.0], [2.0, 0.0]])
    x = np.array([10.0, 0.0])
    A = io.technical_coefficients(Z, x)
    np.testing.assert_array_equal(A, [[0.1, 0.0], [0.2, 0.0]])
    assert np.isfinite(io.leontief_inverse(A)).all()


def test_batched_equals_one_at_a_time():
    rng = np.random.default_rng(0)
    A = rng.uniform(0, 0.1, (4, 5, 5))
    L = io.leontief_inverse(A)
    for k in range(4):
        np.testing.assert_allclose(L[k], np.linalg.inv(np.eye(5) - A[k]))


def test_system_recovers_the_known_coefficients(synthetic_release, synthetic_systems, cache_dir):
    niot = wiod.load_niot(None, synthetic_release)
    system = io.IOSystem.from_niot(niot)
    assert len(system) == 3 * 15
    sc = synthetic_systems["DEU"]
    t = YEARS.index(2012)
    k = system.position("DEU", 2012)
    np.testing.assert_allclose(system.Ad[k], sc.Ad[t], atol=1e-12)
    np.testing.assert_allclose(system.Am[k], sc.Am[t], atol=1e-12)
    B = system.frame("B", "DEU", 2012)
    assert list(B.index) == list(INDUSTRIES)
    np.testing.assert_allclose(B.to_numpy(), np.linalg.inv(np.eye(56) - sc.Ad[t] - sc.Am[t]) - np.eye(56), atol=1e-10)
    # industry U produces nothing in the synthetic tables: reported, and its columns are zero
    zero = system.zero_output()
    assert set(zero["code"]) == {"U"} and len(zero) == 45
    assert np.all(system.A[:, :, INDUSTRIES.index("U")] == 0)


def test_identities_on_the_synthetic_system(synthetic_release, cache_dir):
    system = io.IOSystem.from_niot(wiod.load_niot(None, synthetic_release))
    errors = system.identity_errors()
    assert errors["inverse"].max() < 1e-12
    assert errors["inverse_d"].max() < 1e-12
    assert errors["output"].max() < 1e-12
    # the complete coefficients dominate the direct ones: B >= A elementwise (A >= 0)
    assert (system.B >= system.A - 1e-15).all()
    assert (system.B >= system.Bd - 1e-12).all()


@pytest.mark.realdata
def test_identities_on_every_real_country_year(real_wiod_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("WIODBOOK_CACHE", str(tmp_path))
    system = io.IOSystem.from_niot(wiod.load_niot(None, real_wiod_dir))
    assert len(system) == 645
    errors = system.identity_errors()
    assert errors.max().max() < 1e-10, errors.max()
