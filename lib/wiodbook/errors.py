"""Errors that speak to the reader: which file, sheet, country or year, and what to do."""

from __future__ import annotations


class WiodBookError(Exception):
    """Base class of the book's own errors."""


class DataError(WiodBookError):
    """A source file is missing, malformed or does not match what the release contains."""


class DownloadError(WiodBookError):
    """A download failed, was refused, or delivered something that is not the expected file."""


class SpecificationError(WiodBookError, ValueError):
    """An estimator was asked for something it cannot do with the data given."""
