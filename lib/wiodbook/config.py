"""Where things are: the data the user points at, caches and build output.

One setting per input, each an environment variable with a matching command-line option:

- ``WIOD_DIR``: a local copy of the WIOD 2016 release laid out as
  ``niot/{ISO3}_NIOT_nov16.xlsx`` and ``sea/WIOD_SEA_Nov16.xlsx``. Unset, the book uses
  ``data/raw/wiod2016`` and downloads the official files there when they are missing.
- ``COUNTRY_DIR``: a folder with ``country_indicators.csv`` (columns ``iso3, year, indicator,
  value, source``). Unset, ``data/raw/country``, built from the World Bank API and PWT when absent.
- ``ABDATA``: the Arellano-Bond data (``abdata.csv``) used to validate the GMM estimator.
- ``WIODBOOK_CACHE``: where parsed tables and the panel are cached (default ``data/cache``).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The project's root: the folder holding ``pyproject.toml`` (lib/wiodbook/../..).
ROOT = Path(__file__).resolve().parents[2]


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def wiod_dir() -> Path:
    """The local WIOD copy (``WIOD_DIR``), default ``data/raw/wiod2016``."""
    return _env_path("WIOD_DIR", ROOT / "data" / "raw" / "wiod2016")


def country_dir() -> Path:
    """The country-series folder (``COUNTRY_DIR``), default ``data/raw/country``."""
    return _env_path("COUNTRY_DIR", ROOT / "data" / "raw" / "country")


def cache_dir() -> Path:
    """Parsed-table and panel cache (``WIODBOOK_CACHE``), default ``data/cache``."""
    return _env_path("WIODBOOK_CACHE", ROOT / "data" / "cache")


def build_dir() -> Path:
    """Executed notebooks and the rendered book (``WIODBOOK_BUILD``), default ``build/``."""
    return _env_path("WIODBOOK_BUILD", ROOT / "build")


def figures_dir() -> Path:
    """Where the runner saves every figure (PNG and PDF), default ``figures/``."""
    return _env_path("WIODBOOK_FIGURES", ROOT / "figures")


def output_dir() -> Path:
    """Regression tables as LaTeX/Markdown/CSV (``WIODBOOK_OUTPUT``), default ``output/``."""
    return _env_path("WIODBOOK_OUTPUT", ROOT / "output")


def abdata_path() -> Path | None:
    """The Arellano-Bond data file given by ``ABDATA``, or None."""
    value = os.environ.get("ABDATA")
    return Path(value).expanduser().resolve() if value else None


NIOT_PATTERN = "niot/{iso3}_NIOT_nov16.xlsx"
SEA_FILE = "sea/WIOD_SEA_Nov16.xlsx"


def niot_path(base: Path, iso3: str) -> Path:
    return Path(base) / NIOT_PATTERN.format(iso3=iso3)


def sea_path(base: Path) -> Path:
    return Path(base) / SEA_FILE
