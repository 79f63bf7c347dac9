"""The WIOD 2016 release files: a local copy, or a verified download.

The book reads two kinds of release files (see ``config.py`` for the layout):

- ``niot/{ISO3}_NIOT_nov16.xlsx``: the 43 national input-output tables. The release ships them as
  one archive (DataverseNL file 199099), which :func:`ensure_wiod` downloads to
  ``downloads/`` and extracts, flattening whatever folders the archive nests them in.
- ``sea/WIOD_SEA_Nov16.xlsx``: the Socio-Economic Accounts, shipped as
  ``Socio_Economic_Accounts.xlsx`` (file 199095, 5,536,437 bytes, sha1 ``821bba29...``).

Nothing downloaded is trusted until it is verified. :func:`download_file` streams into
``<dest>.part``, checks size, checksums and that the body is not an HTML page (DataverseNL can
answer an automated request with status 200 and a "Making sure you're not a bot!" page), and only
then renames the file into place with :func:`os.replace`. So a file at its final path is always a
complete, verified file; a failed download never clobbers a good one; an interrupted one resumes
from the ``.part`` with an HTTP ``Range`` request (or restarts when the server ignores ranges).

Public API:

- :func:`ensure_wiod` -- the folder holding a complete copy, downloading what is missing.
- :func:`download_file` -- one verified, resumable download.
- :func:`extract_zip` -- safe, atomic, flattening extraction of a zip archive.
- :func:`verify_local_copy` -- check a copy against its ``SHA256SUMS`` file.
- :func:`file_sha256` -- fast SHA-256 of a file (the parsed-table cache keys on it).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd
import requests
import urllib3

from . import config
from .codes import COUNTRIES
from .errors import DataError, DownloadError

__all__ = [
    "DATAVERSE_ACCESS_URL",
    "WIOD_LANDING_PAGE",
    "ReleaseFile",
    "NIOT_ARCHIVE",
    "SEA_RELEASE",
    "download_file",
    "extract_zip",
    "ensure_wiod",
    "verify_local_copy",
    "file_sha256",
]

#: DataverseNL's file-access endpoint; a file's URL is this plus its numeric id.
DATAVERSE_ACCESS_URL = "https://dataverse.nl/api/access/datafile/"
#: The release's landing page (DOI), where a person can download every file in a browser.
WIOD_LANDING_PAGE = "https://doi.org/10.34894/PJ2M1C"
#: Environment variable that overrides the download base URL (a mirror, or a test server).
DOWNLOAD_BASE_ENV = "WIODBOOK_DOWNLOAD_BASE"

#: What to tell the reader when a WIOD download cannot be used.
WIOD_LOCAL_COPY_HINT = (
    "or set WIOD_DIR to a local copy of the release laid out as "
    "niot/{ISO3}_NIOT_nov16.xlsx and sea/WIOD_SEA_Nov16.xlsx"
)

_CHUNK = 1 << 20
_HTML_MARKERS = (b"<!doctype html", b"<html")
_BOT_PAGE_MARKER = b"making sure you're not a bot"
_NIOT_MEMBER = re.compile(r"([A-Za-z]{3})_NIOT_nov16\.xlsx", re.IGNORECASE)


@dataclass(frozen=True)
class ReleaseFile:
    """One file of the release on DataverseNL.

    ``size`` and ``sha1`` are the values recorded for the release (None when not recorded:
    then the content is verified some other way, e.g. an archive's members).
    """

    file_id: int
    name: str
    size: int | None = None
    sha1: str | None = None
    description: str = ""

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + "/" + str(self.file_id)

    def download(self, base_url: str, dest: Path, **kwargs) -> Path:
        """:func:`download_file` of this file to ``dest``, verified by its recorded size and sha1."""
        return download_file(self.url(base_url), dest, expected_size=self.size, sha1=self.sha1,
                             description=self.description, **kwargs)


#: The national input-output tables, all 43 countries in one archive.
NIOT_ARCHIVE = ReleaseFile(
    199099, "WIOD_NIOT_nov16.zip", description="WIOD 2016 national input-output tables (archive)"
)
#: The Socio-Economic Accounts workbook.
SEA_RELEASE = ReleaseFile(
    199095,
    "Socio_Economic_Accounts.xlsx",
    size=5_536_437,
    sha1="821bba29c42f3a42009eb1b14dbdaa2922d01236",
    description="WIOD 2016 Socio-Economic Accounts",
)


# --------------------------------------------------------------------------------------------
# checksums


def file_sha256(path: str | os.PathLike, chunk: int = _CHUNK) -> str:
    """SHA-256 of a file, hex digest, read in ``chunk``-byte blocks (1 MiB by default).

    Reads into one reusable buffer (no per-block allocation), so hashing is limited by
    hashlib itself (several hundred MB/s); the parsed-table cache keys on this value.
    """
    return _file_digest(path, "sha256", chunk)


def _file_digest(path: str | os.PathLike, algorithm: str, chunk: int = _CHUNK) -> str:
    h = hashlib.new(algorithm)
    buf = bytearray(chunk)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buf):
            h.update(view[:n])
    return h.hexdigest()


def _file_digests(path: Path, algorithms: Iterable[str]) -> dict[str, str]:
    """Several digests of one file in a single pass."""
    hashes = {a: hashlib.new(a) for a in algorithms}
    if not hashes:
        return {}
    buf = bytearray(_CHUNK)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buf):
            for h in hashes.values():
                h.update(view[:n])
    return {a: h.hexdigest() for a, h in hashes.items()}


# --------------------------------------------------------------------------------------------
# download


def _howto(url: str, dest: Path, landing_page: str, local_copy_hint: str | None) -> str:
    text = (
        f"What to do: download the file by hand in a browser from the DataverseNL page "
        f"{landing_page} (or directly from {url}), put it at {dest}, and run again"
    )
    return text + (f"; {local_copy_hint}." if local_copy_hint else ".")


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(_HTML_MARKERS)


def _is_html_content_type(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() in (
        "text/html",
        "application/xhtml+xml",
    )


class _Retryable(Exception):
    """A transient failure (connection error, 5xx, short body): worth another attempt."""


class _Fatal(Exception):
    """A failure another attempt will not fix (4xx, HTML page, wrong content)."""


def download_file(
    url: str,
    dest: str | os.PathLike,
    *,
    expected_size: int | None = None,
    sha1: str | None = None,
    sha256: str | None = None,
    md5: str | None = None,
    description: str | None = None,
    timeout: float = 60,
    progress: bool = True,
    session: requests.Session | None = None,
    retries: int = 3,
    backoff: float = 1.0,
    landing_page: str = WIOD_LANDING_PAGE,
    local_copy_hint: str | None = WIOD_LOCAL_COPY_HINT,
    validate: Callable[[Path], None] | None = None,
) -> Path:
    """Download ``url`` to ``dest``, verified, atomically; return ``dest``.

    The body is streamed to ``dest + ".part"`` (with a tqdm progress bar when ``progress`` is
    true and stderr is a terminal). When the transfer is complete the ``.part`` is verified:

    - its size equals ``expected_size`` (and the server's Content-Length);
    - each checksum given (``sha1``, ``sha256``, ``md5``; hex digests) matches;
    - it is not an HTML page (Content-Type ``text/html`` or a body starting ``<!DOCTYPE html`` /
      ``<html``: DataverseNL's "Making sure you're not a bot!" page arrives with status 200);
    - ``validate(part_path)``, if given, does not raise (e.g. "is a zip with these members").

    Only then is it renamed to ``dest`` with :func:`os.replace`. A failed verification deletes the
    ``.part`` and leaves any existing ``dest`` untouched. An interrupted transfer keeps the
    ``.part``: the next attempt (a retry, or a later run) asks for the rest with
    ``Range: bytes=N-``; a server that answers 206 is appended to, one that answers 200 restarts
    the file from scratch. The whole file is verified either way.

    Connection errors, short bodies and 5xx answers are retried ``retries`` times with
    exponential backoff (``backoff``, ``2 * backoff``, ... seconds); 4xx answers, HTML pages and
    checksum mismatches are not.

    Raises :class:`~wiodbook.errors.DownloadError` naming the URL, the file, what was wrong and
    how to get the file by hand (from ``landing_page``; ``local_copy_hint`` adds an alternative).
    """
    dest = Path(dest)
    part = dest.with_suffix(dest.suffix + ".part")
    label = description or dest.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    own_session = session is None
    session = session or requests.Session()

    def fail(problem: str) -> DownloadError:
        return DownloadError(
            f"Download of {label} failed.\n  URL: {url}\n  file: {dest}\n  problem: {problem}\n"
            + _howto(url, dest, landing_page, local_copy_hint)
        )

    try:
        last_problem = ""
        for attempt in range(retries + 1):
            if attempt:
                time.sleep(backoff * 2 ** (attempt - 1))
            try:
                _transfer(session, url, part, expected_size, timeout, progress, label)
                break
            except _Retryable as exc:
                last_problem = str(exc)
            except _Fatal as exc:
                raise fail(str(exc)) from None
        else:
            raise fail(
                f"{last_problem} (gave up after {retries + 1} attempt"
                f"{'s' if retries else ''}; the partial file {part.name} is kept and a rerun "
                "resumes it)"
            )

        problem = _verify(part, expected_size, {"sha1": sha1, "sha256": sha256, "md5": md5})
        if problem is None and validate is not None:
            try:
                validate(part)
            except (DataError, DownloadError) as exc:
                problem = str(exc)
        if problem is not None:
            part.unlink(missing_ok=True)
            raise fail(problem)
        os.replace(part, dest)
        return dest
    finally:
        if own_session:
            session.close()


def _transfer(
    session: requests.Session,
    url: str,
    part: Path,
    expected_size: int | None,
    timeout: float,
    progress: bool,
    label: str,
) -> None:
    """One attempt: bring ``part`` to the complete body of ``url`` (unverified)."""
    offset = part.stat().st_size if part.exists() else 0
    if expected_size is not None and offset > expected_size:
        part.unlink()  # longer than the file can be: not a prefix of it
        offset = 0
    headers = {"Accept-Encoding": "identity"}  # byte ranges of the file itself, not of a gzip
    if offset:
        headers["Range"] = f"bytes={offset}-"
    try:
        resp = session.get(url, headers=headers, stream=True, timeout=timeout, allow_redirects=True)
    except requests.RequestException as exc:
        raise _Retryable(f"connection error: {exc}") from None

    with resp:
        status = resp.status_code
        if status == 416 and offset:
            # The range starts at or past the end: the .part is complete already, or is junk.
            total = _content_range_total(resp.headers.get("Content-Range"))
            if total == offset or (total is None and expected_size == offset):
                return
            part.unlink()
            raise _Retryable("the server refused to resume the partial file (HTTP 416)")
        if status >= 500:
            raise _Retryable(f"HTTP status {status} {resp.reason or ''}".rstrip())
        if status >= 400:
            raise _Fatal(f"HTTP status {status} {resp.reason or ''}".rstrip())
        if status not in (200, 206):
            raise _Fatal(f"unexpected HTTP status {status} {resp.reason or ''}".rstrip())
        if _is_html_content_type(resp.headers.get("Content-Type")):
            head = resp.raw.read(4096, decode_content=True) or b""
            raise _Fatal(_html_problem(head, resp.headers.get("Content-Type")))

        mode = "wb"
        start = 0
        if status == 206:
            start = _content_range_start(resp.headers.get("Content-Range"))
            if start != offset:  # not the piece we asked for: start again from zero
                part.unlink(missing_ok=True)
                raise _Retryable(
                    f"the server sent bytes from {start}, not from {offset}, when resuming"
                )
            mode = "ab"
        length = resp.headers.get("Content-Length")
        length = int(length) if length and length.isdigit() else None
        if resp.headers.get("Content-Encoding", "identity").lower() != "identity":
            length = None  # Content-Length counts the encoded bytes, not the file's
        total = start + length if length is not None else expected_size

        received = 0
        html = None
        with _progress_bar(total, start, label, progress) as bar, open(part, mode) as f:
            try:
                # read1: whatever has arrived, so bytes before a hang-up reach the .part file
                while block := resp.raw.read1(1 << 16, decode_content=True):
                    if received == 0 and start == 0 and _looks_like_html(block[:512]):
                        html = _html_problem(block, resp.headers.get("Content-Type"))
                        break
                    f.write(block)
                    received += len(block)
                    bar.update(len(block))
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                raise _Retryable(
                    f"connection error after {start + received:,} bytes: {exc}"
                ) from None
            finally:
                f.flush()
                os.fsync(f.fileno())
        if html is not None:
            part.unlink(missing_ok=True)
            raise _Fatal(html)
        if length is not None and received < length:
            raise _Retryable(
                f"the connection closed after {start + received:,} of {start + length:,} bytes"
            )


def _progress_bar(total: int | None, initial: int, label: str, progress: bool):
    from tqdm.auto import tqdm

    return tqdm(
        total=total,
        initial=initial,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc=label,
        disable=not progress or not sys.stderr.isatty(),
        leave=False,
    )


def _content_range_start(value: str | None) -> int | None:
    m = re.match(r"\s*bytes\s+(\d+)-\d+/(\d+|\*)", value or "")
    return int(m.group(1)) if m else None


def _content_range_total(value: str | None) -> int | None:
    m = re.search(r"/(\d+)\s*$", value or "")
    return int(m.group(1)) if m else None


def _html_problem(head: bytes, content_type: str | None) -> str:
    what = f"got an HTML page (Content-Type {content_type or 'not given'}) instead of the file"
    if _BOT_PAGE_MARKER in head.lower().replace(b"&#39;", b"'").replace(b"&#x27;", b"'"):
        what += (
            ": DataverseNL's \"Making sure you're not a bot!\" check, which refuses "
            "automated downloads"
        )
    return what


def _verify(part: Path, expected_size: int | None, checksums: dict[str, str | None]) -> str | None:
    """What is wrong with the downloaded ``part``, or None when it passes."""
    size = part.stat().st_size
    if expected_size is not None and size != expected_size:
        return f"size {size:,} bytes, expected {expected_size:,}"
    with open(part, "rb") as f:
        head = f.read(512)
    if _looks_like_html(head):
        return _html_problem(head, None)
    wanted = {a: v.lower() for a, v in checksums.items() if v}
    got = _file_digests(part, wanted)
    for algorithm, value in wanted.items():
        if got[algorithm] != value:
            return f"{algorithm} mismatch: got {got[algorithm]}, expected {value}"
    return None


# --------------------------------------------------------------------------------------------
# zip archives


def _safe_member_path(name: str) -> PurePosixPath:
    """The member's path, or DataError if it could land outside the target folder."""
    normal = name.replace("\\", "/")
    path = PurePosixPath(normal)
    if (
        normal.startswith("/")
        or re.match(r"^[A-Za-z]:", normal)
        or any(part == ".." for part in path.parts)
        or "\x00" in normal
    ):
        raise DataError(f"unsafe member path {name!r}")
    return path


def extract_zip(
    archive: str | os.PathLike,
    dest_dir: str | os.PathLike,
    *,
    members_pattern: str | re.Pattern | None = None,
    rename: Callable[[str], str | None] | None = None,
) -> list[Path]:
    """Extract the files of a zip archive into ``dest_dir``, flat; return their paths.

    - The archive is checked first (:func:`zipfile.is_zipfile`, then ``testzip()`` for CRC
      errors): a truncated or corrupt archive, or an HTML page saved under a ``.zip`` name, is a
      :class:`~wiodbook.errors.DataError` before anything is written.
    - Any member path that is absolute or contains ``..`` makes the whole archive refused
      (path traversal); symbolic links are refused too.
    - Folders are flattened: ``NIOT/2016/AUS_NIOT_nov16.xlsx`` becomes
      ``dest_dir/AUS_NIOT_nov16.xlsx``. Folder entries and macOS junk (``__MACOSX/``, ``._*``)
      are skipped; two selected members with the same file name are an error.
    - ``members_pattern`` selects members by file name: a glob string (``"*_NIOT_nov16.xlsx"``,
      case-insensitive) or a compiled regex (``fullmatch`` on the file name).
    - ``rename(file_name)`` may give the output name (or None to skip the member).
    - Each member is written to a temporary file in ``dest_dir`` and moved into place with
      :func:`os.replace`, so a file at its final path is always complete.
    """
    archive = Path(archive)
    dest_dir = Path(dest_dir)
    if not archive.is_file():
        raise DataError(f"The archive {archive} does not exist.")
    if not zipfile.is_zipfile(archive):
        raise DataError(
            f"{archive} is not a zip archive (truncated download, or an HTML page saved under "
            "the archive's name?). Delete it and download it again."
        )

    def corrupt(detail: str) -> DataError:
        return DataError(
            f"The zip archive {archive} is damaged ({detail}); it is probably a truncated "
            "download. Delete it and download it again."
        )

    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise corrupt(str(exc)) from None
    with zf:
        try:
            bad = zf.testzip()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise corrupt(str(exc)) from None
        if bad is not None:
            raise corrupt(f"member {bad!r} fails its CRC check")

        selected: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            try:
                path = _safe_member_path(info.filename)
            except DataError as exc:
                raise DataError(
                    f"Refusing to extract {archive}: {exc} points outside the target folder "
                    "(path traversal). The archive is not the release's; do not use it."
                ) from None
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise DataError(
                    f"Refusing to extract {archive}: member {info.filename!r} is a symbolic link."
                )
            if info.is_dir() or not path.name:
                continue
            if "__MACOSX" in path.parts or path.name.startswith("._"):
                continue
            if not _matches(path.name, members_pattern):
                continue
            out_name = rename(path.name) if rename else path.name
            if not out_name:
                continue
            if out_name in selected:
                raise DataError(
                    f"{archive} holds two files that would both be extracted as {out_name}: "
                    f"{selected[out_name].filename!r} and {info.filename!r}."
                )
            selected[out_name] = info

        dest_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for out_name, info in selected.items():
            target = dest_dir / out_name
            fd, tmp = tempfile.mkstemp(prefix=f".{out_name}.", suffix=".tmp", dir=dest_dir)
            try:
                with os.fdopen(fd, "wb") as out, zf.open(info) as src:
                    shutil.copyfileobj(src, out, _CHUNK)
                os.replace(tmp, target)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                Path(tmp).unlink(missing_ok=True)
                raise corrupt(f"{info.filename}: {exc}") from None
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            written.append(target)
    return written


def _matches(name: str, pattern: str | re.Pattern | None) -> bool:
    if pattern is None:
        return True
    if isinstance(pattern, re.Pattern):
        return pattern.fullmatch(name) is not None
    return fnmatch.fnmatch(name.lower(), pattern.lower())


def _niot_name(name: str) -> str | None:
    """Canonical local name of a NIOT member (``AUS_NIOT_nov16.xlsx``), None for other files."""
    m = _NIOT_MEMBER.fullmatch(name)
    return f"{m.group(1).upper()}_NIOT_nov16.xlsx" if m else None


# --------------------------------------------------------------------------------------------
# the local copy


def _missing_files(base: Path, countries: Iterable[str]) -> list[Path]:
    paths = [config.niot_path(base, c) for c in countries] + [config.sea_path(base)]
    return [p for p in paths if not p.is_file()]


def _describe_missing(base: Path, missing: list[Path]) -> str:
    lines = [f"  {p}" for p in missing[:12]]
    if len(missing) > 12:
        lines.append(f"  ... and {len(missing) - 12} more")
    return f"{len(missing)} file(s) missing under {base}:\n" + "\n".join(lines)


def _by_hand(base: Path, base_url: str) -> str:
    return (
        "How to get them by hand: open the DataverseNL page "
        f"{WIOD_LANDING_PAGE} in a browser and download\n"
        f"  - the national input-output tables archive ({NIOT_ARCHIVE.url(base_url)}): "
        f"extract its {{ISO3}}_NIOT_nov16.xlsx files into {base / 'niot'}/ "
        f"(or save the archive as {base / 'downloads' / NIOT_ARCHIVE.name} and run again);\n"
        f"  - {SEA_RELEASE.name} ({SEA_RELEASE.url(base_url)}): save it as "
        f"{config.sea_path(base)}.\n"
        "Or set WIOD_DIR to a folder that already holds a complete copy."
    )


def ensure_wiod(
    base: str | os.PathLike | None = None,
    *,
    download: bool = True,
    countries: Iterable[str] = COUNTRIES,
    base_url: str | None = None,
    session: requests.Session | None = None,
    progress: bool = True,
    retries: int = 3,
    backoff: float = 1.0,
) -> Path:
    """The folder holding the release files the book reads, downloading what is missing.

    ``base`` defaults to :func:`wiodbook.config.wiod_dir` (``WIOD_DIR``, else
    ``data/raw/wiod2016``). When ``base/niot/{ISO3}_NIOT_nov16.xlsx`` exists for every country in
    ``countries`` and ``base/sea/WIOD_SEA_Nov16.xlsx`` exists, ``base`` is returned at once: no
    network, nothing written (a read-only copy such as ``/work/shared/wiod2016`` works).

    Otherwise, with ``download=True``, only what is missing is fetched from ``base_url`` (None:
    the environment variable ``WIODBOOK_DOWNLOAD_BASE``, else DataverseNL's access API):

    - the NIOT archive (file 199099) to ``base/downloads/``, accepted only if it is a sound zip
      holding ``{ISO3}_NIOT_nov16.xlsx`` members; the missing countries are extracted (flat)
      into ``base/niot/``. An archive already in ``downloads/`` is reused.
    - the SEA (file 199095), verified against the release's size and sha1, saved as
      ``base/sea/WIOD_SEA_Nov16.xlsx``.

    Raises :class:`~wiodbook.errors.DataError` (``download=False``, or a country absent from the
    archive) or :class:`~wiodbook.errors.DownloadError`, listing the files still missing, where
    they were expected and how to get them by hand.
    """
    base = Path(base) if base is not None else config.wiod_dir()
    countries = [c.upper() for c in countries]
    unknown = sorted(set(countries) - set(COUNTRIES))
    if unknown:
        raise DataError(
            f"Unknown country code(s) {', '.join(unknown)}: the WIOD 2016 release covers "
            f"{', '.join(COUNTRIES)}."
        )
    base_url = base_url or os.environ.get(DOWNLOAD_BASE_ENV) or DATAVERSE_ACCESS_URL

    missing = _missing_files(base, countries)
    if not missing:
        return base
    if not download:
        raise DataError(
            "The local WIOD 2016 copy is incomplete and downloading is switched off.\n"
            + _describe_missing(base, missing)
            + "\n"
            + _by_hand(base, base_url)
        )

    try:
        missing_niot = [c for c in countries if not config.niot_path(base, c).is_file()]
        if missing_niot:
            _fetch_niot(base, base_url, missing_niot, session, progress, retries, backoff)
        sea = config.sea_path(base)
        if not sea.is_file():
            SEA_RELEASE.download(base_url, sea, progress=progress, session=session,
                                 retries=retries, backoff=backoff)
    except (DownloadError, DataError) as exc:
        still = _missing_files(base, countries)
        raise type(exc)(
            f"{exc}\n\n" + _describe_missing(base, still) + "\n" + _by_hand(base, base_url)
        ) from exc
    except PermissionError as exc:
        raise DataError(
            f"Cannot write into {base} ({exc}): the local WIOD copy there is read-only and "
            "incomplete.\n" + _describe_missing(base, missing) + "\n" + _by_hand(base, base_url)
        ) from exc
    return base


def _fetch_niot(
    base: Path,
    base_url: str,
    wanted: list[str],
    session: requests.Session | None,
    progress: bool,
    retries: int,
    backoff: float,
) -> None:
    archive = base / "downloads" / NIOT_ARCHIVE.name

    def check_archive(path: Path) -> None:
        """A sound zip with at least one NIOT member (before it is accepted as the archive)."""
        if not zipfile.is_zipfile(path):
            raise DataError("not a zip archive (truncated, or not the release's archive)")
        try:
            with zipfile.ZipFile(path) as zf:
                names = [_niot_name(PurePosixPath(n.replace("\\", "/")).name) for n in zf.namelist()]
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise DataError(f"a damaged zip archive ({exc})") from None
        if not any(names):
            raise DataError("the archive holds no {ISO3}_NIOT_nov16.xlsx file")

    if archive.is_file():
        try:
            check_archive(archive)
        except (DataError, zipfile.BadZipFile, OSError):
            archive.unlink()  # a bad archive left by hand or by an older version: fetch again
    if not archive.is_file():
        NIOT_ARCHIVE.download(base_url, archive, progress=progress, session=session,
                              retries=retries, backoff=backoff, validate=check_archive)
    wanted_names = {f"{c}_NIOT_nov16.xlsx" for c in wanted}
    extract_zip(
        archive,
        base / "niot",
        rename=lambda name: n if (n := _niot_name(name)) in wanted_names else None,
    )
    absent = [c for c in wanted if not config.niot_path(base, c).is_file()]
    if absent:
        raise DataError(
            f"The NIOT archive {archive} has no table for {', '.join(absent)} "
            f"(expected member(s) {', '.join(f'{c}_NIOT_nov16.xlsx' for c in absent)}). "
            "It is not the complete release archive: delete it and download it again."
        )


def verify_local_copy(base: str | os.PathLike | None = None, *, strict: bool = True) -> pd.DataFrame:
    """Check a local copy against its ``SHA256SUMS`` file; one row per file.

    Columns: ``file`` (path relative to ``base``), ``size`` (bytes, NA if missing), ``sha256``
    and ``status``: ``ok``, ``mismatch``, ``missing``, or ``unlisted`` (no ``SHA256SUMS`` in
    ``base``: then the release files present are hashed and reported, nothing is checked).
    ``SHA256SUMS`` is the format of ``sha256sum``: ``<hex>  <relative path>`` per line.

    With ``strict=True`` (default) any mismatch or missing file raises
    :class:`~wiodbook.errors.DataError` naming each such file.
    """
    base = Path(base) if base is not None else config.wiod_dir()
    sums = base / "SHA256SUMS"
    rows = []
    if sums.is_file():
        for lineno, line in enumerate(sums.read_text().splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.fullmatch(r"\s*([0-9a-fA-F]{64})\s+\*?(.+?)\s*", line)
            if not m:
                raise DataError(f"{sums}, line {lineno}: not '<sha256>  <file>': {line!r}")
            expected, name = m.group(1).lower(), m.group(2)
            path = base / name
            if not path.is_file():
                rows.append((name, pd.NA, pd.NA, "missing"))
                continue
            digest = file_sha256(path)
            status = "ok" if digest == expected else "mismatch"
            rows.append((name, path.stat().st_size, digest, status))
    else:
        present = sorted((base / "niot").glob("*_NIOT_nov16.xlsx")) if (base / "niot").is_dir() else []
        if config.sea_path(base).is_file():
            present.append(config.sea_path(base))
        for path in present:
            rows.append(
                (path.relative_to(base).as_posix(), path.stat().st_size, file_sha256(path), "unlisted")
            )
    report = pd.DataFrame(rows, columns=["file", "size", "sha256", "status"])
    report["size"] = report["size"].astype("Int64")
    bad = report[report["status"].isin(["mismatch", "missing"])]
    if strict and len(bad):
        detail = "\n".join(f"  {r.file}: {r.status}" for r in bad.itertuples())
        raise DataError(
            f"The local copy {base} does not match {sums}:\n{detail}\n"
            "A mismatched file is not the one the book was checked against: replace it with a "
            f"fresh copy (DataverseNL {WIOD_LANDING_PAGE}), or pass strict=False to only report."
        )
    return report
