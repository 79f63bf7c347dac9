"""Shared fixtures: a synthetic WIOD release written once per test session (all workers).

The release is written by :mod:`wiodbook.fixtures` in the exact layouts of the real files, so
every test that reads it exercises the real parsers. With pytest-xdist, the first worker writes
it and the others wait for it (an atomic ``os.mkdir`` lock), so it is generated once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from wiodbook import fixtures


def _shared_release(root: Path, countries) -> Path:
    dest = root / ("release-" + "-".join(countries))
    done = dest / ".complete"
    lock = root / (dest.name + ".lock")
    if done.exists():
        return dest
    try:
        os.mkdir(lock)
    except FileExistsError:
        for _ in range(600):
            if done.exists():
                return dest
            time.sleep(0.1)
        raise RuntimeError(f"timed out waiting for the synthetic release at {dest}")
    fixtures.write_release(dest, countries)
    done.touch()
    return dest


@pytest.fixture(scope="session")
def synthetic_release(tmp_path_factory) -> Path:
    """A synthetic release of three countries (CHN, DEU, MLT): niot/, sea/, country/."""
    root = tmp_path_factory.getbasetemp().parent
    return _shared_release(root, fixtures.TEST_COUNTRIES)


@pytest.fixture(scope="session")
def synthetic_systems():
    """The known systems behind :func:`synthetic_release` (same seeds, not read from files)."""
    seed = 20161101
    systems = {}
    for k, iso3 in enumerate(fixtures.TEST_COUNTRIES):
        systems[iso3] = fixtures.synthetic_system(iso3, seed + k)
    return systems


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, private parsed-table cache for one test."""
    path = tmp_path / "cache"
    monkeypatch.setenv("WIODBOOK_CACHE", str(path))
    return path


@pytest.fixture(scope="session")
def real_wiod_dir() -> Path:
    """The real WIOD copy given by WIOD_DIR; tests that need it skip with the reason otherwise."""
    value = os.environ.get("WIOD_DIR")
    if not value or not (Path(value) / "niot").is_dir():
        pytest.skip("real WIOD copy not available: set WIOD_DIR to run this check")
    return Path(value)


@pytest.fixture(scope="session")
def synthetic_panel(synthetic_release, tmp_path_factory):
    """The default analysis panel of the synthetic release (``Panel.data``), built once with a
    private cache."""
    from wiodbook import panel

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIODBOOK_CACHE", str(tmp_path_factory.mktemp("panel-cache")))
        return panel.build_panel(synthetic_release, synthetic_release / "country").data
