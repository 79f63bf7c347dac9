"""Reliability: bad inputs give clear errors and lose nothing; runs are deterministic.

Bad inputs tested elsewhere (each names the file and the problem, and loses nothing cached):
tests/test_wiod.py (truncated or corrupted workbook, HTML page, missing sheet, missing year, missing
or misplaced industry column, misplaced row, non-numeric cells in NIOT and SEA, cache corrupted on
disk, a bad workbook after a good parse leaves the cache intact) and tests/test_sources.py (wrong
size, wrong checksum leaving a good file untouched, HTML page with status 200, HTTP errors,
interrupted downloads resumed or restarted, truncated zip, path traversal). This file adds the
cross-file cases and determinism.
"""

from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest

from wiodbook import fixtures, panel, tables, wiod
from wiodbook.codes import YEARS
from wiodbook.errors import DataError


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def release_copy(synthetic_release, tmp_path):
    dest = tmp_path / "release"
    shutil.copytree(synthetic_release, dest)
    return dest


def test_country_missing_from_the_sea(release_copy, synthetic_systems, cache_dir):
    # SEA rewritten without Malta: the panel names the country instead of producing NaNs
    systems = [synthetic_systems[c] for c in ("CHN", "DEU")]
    fixtures.write_sea(release_copy / "sea" / "WIOD_SEA_Nov16.xlsx", systems, YEARS, seed=1)
    with pytest.raises(DataError, match="MLT"):
        panel.build_panel(release_copy, release_copy / "country")


def test_missing_country_workbook_is_named(release_copy, cache_dir):
    (release_copy / "niot" / "DEU_NIOT_nov16.xlsx").unlink()
    with pytest.raises(DataError, match="DEU_NIOT_nov16.xlsx: file not found"):
        wiod.load_niot(["CHN", "DEU"], release_copy)


def test_missing_country_series_file(release_copy, cache_dir):
    (release_copy / "country" / "country_indicators.csv").unlink()
    with pytest.raises(DataError, match="country_indicators.csv"):
        panel.build_panel(release_copy, release_copy / "country")


def test_failed_rebuild_keeps_the_cached_panel(release_copy, cache_dir):
    good = panel.build_panel(release_copy, release_copy / "country")
    cached = sorted((cache_dir / "panel").glob("*.parquet"))
    assert cached and good.path in cached
    before = {p: _sha(p) for p in cached}
    # the SEA is replaced by a broken file: the build fails with a clear error...
    (release_copy / "sea" / "WIOD_SEA_Nov16.xlsx").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(DataError, match="WIOD_SEA_Nov16.xlsx"):
        panel.build_panel(release_copy, release_copy / "country")
    # ...and nothing built before is lost or changed
    assert {p: _sha(p) for p in sorted((cache_dir / "panel").glob("*.parquet"))} == before


def test_panel_is_deterministic(synthetic_release, tmp_path, monkeypatch):
    paths = []
    for k in range(2):
        monkeypatch.setenv("WIODBOOK_CACHE", str(tmp_path / f"cache{k}"))  # cold each time
        built = panel.build_panel(synthetic_release, synthetic_release / "country")
        paths.append(panel.write_panel(built, tmp_path / f"panel{k}.parquet"))
        paths.append(panel.write_panel(built, tmp_path / f"panel{k}.csv"))
    assert _sha(paths[0]) == _sha(paths[2])  # parquet
    assert _sha(paths[1]) == _sha(paths[3])  # csv


def test_parameters_do_not_overwrite_each_other(synthetic_release, cache_dir):
    default = panel.build_panel(synthetic_release, synthetic_release / "country")
    broad = panel.build_panel(synthetic_release, synthetic_release / "country", digital="broad")
    assert default.path != broad.path
    assert default.path.exists() and broad.path.exists()
    again = panel.build_panel(synthetic_release, synthetic_release / "country")
    assert again.from_cache
    pd.testing.assert_frame_equal(again.data, default.data)


def test_table_files_are_deterministic(tmp_path):
    from types import SimpleNamespace

    res = SimpleNamespace(params=pd.Series({"dig": 0.1}), std_errors=pd.Series({"dig": 0.05}),
                          pvalues=pd.Series({"dig": 0.04}), nobs=10)
    a = tables.regression_table([res]).write("t", tmp_path / "a")
    b = tables.regression_table([res]).write("t", tmp_path / "b")
    assert all(_sha(a[k]) == _sha(b[k]) for k in a)
