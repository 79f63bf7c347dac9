"""wiodbook.sources against a real HTTP server on loopback (tests/http_server.py).

Every download here goes through requests and a socket to 127.0.0.1; nothing is mocked except the
release's recorded SEA size/sha1, which the small fixture files cannot have.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import requests

sys.path.insert(0, str(Path(__file__).parent))
from http_server import LoopbackServer, Route  # noqa: E402

from wiodbook import config, sources  # noqa: E402
from wiodbook.errors import DataError, DownloadError  # noqa: E402
from wiodbook.sources import (  # noqa: E402
    download_file,
    ensure_wiod,
    extract_zip,
    file_sha256,
    verify_local_copy,
)

PAYLOAD = bytes(range(256)) * 400  # 102,400 bytes: several 64 KiB blocks
BOT_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Making sure you're not a bot!</title></head>"
    b"<body>Please wait...</body></html>"
)
FAST = dict(retries=0, backoff=0.0, timeout=5, progress=False)


@pytest.fixture
def server():
    srv = LoopbackServer().start()
    yield srv
    srv.stop()


def sha(data: bytes, algorithm: str = "sha256") -> str:
    return hashlib.new(algorithm, data).hexdigest()


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def fake_niot(iso3: str) -> bytes:
    return f"fake NIOT workbook of {iso3}\n".encode() * 50


# --------------------------------------------------------------------------------------------
# download_file


def test_download_success_with_all_checksums(server, tmp_path):
    server.routes["/f"] = Route(PAYLOAD)
    dest = tmp_path / "sub" / "file.bin"
    out = download_file(
        f"{server.url}/f", dest, expected_size=len(PAYLOAD), sha1=sha(PAYLOAD, "sha1"),
        sha256=sha(PAYLOAD).upper(), md5=sha(PAYLOAD, "md5"), **FAST,
    )
    assert out == dest
    assert dest.read_bytes() == PAYLOAD
    assert not dest.with_suffix(".bin.part").exists()
    assert [h.range for h in server.requests] == [None]


def test_progress_bar_only_when_enabled(server, tmp_path, capsys, monkeypatch):
    server.routes["/f"] = Route(PAYLOAD)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    download_file(f"{server.url}/f", tmp_path / "a.bin", progress=False, retries=0, timeout=5)
    assert capsys.readouterr().err == ""
    download_file(f"{server.url}/f", tmp_path / "b.bin", progress=True, retries=0, timeout=5,
                  description="b-file")
    err = capsys.readouterr().err
    assert "b-file" in err and "100" in err  # tqdm drew a bar
    assert (tmp_path / "b.bin").read_bytes() == PAYLOAD


def test_progress_bar_disabled_when_not_a_tty(server, tmp_path, capsys, monkeypatch):
    server.routes["/f"] = Route(PAYLOAD)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    download_file(f"{server.url}/f", tmp_path / "a.bin", progress=True, retries=0, timeout=5)
    assert capsys.readouterr().err == ""
    assert (tmp_path / "a.bin").read_bytes() == PAYLOAD


def test_wrong_size_is_refused(server, tmp_path):
    server.routes["/f"] = Route(PAYLOAD)
    dest = tmp_path / "file.bin"
    with pytest.raises(DownloadError) as err:
        download_file(f"{server.url}/f", dest, expected_size=len(PAYLOAD) - 1, **FAST)
    msg = str(err.value)
    assert f"size {len(PAYLOAD):,} bytes, expected {len(PAYLOAD) - 1:,}" in msg
    assert f"{server.url}/f" in msg and str(dest) in msg
    assert not dest.exists() and not dest.with_suffix(".bin.part").exists()


def test_wrong_checksum_keeps_good_file_and_trusts_no_part(server, tmp_path):
    dest = tmp_path / "file.bin"
    dest.write_bytes(b"the good copy")
    server.routes["/f"] = Route(PAYLOAD)
    with pytest.raises(DownloadError, match="sha1 mismatch") as err:
        download_file(f"{server.url}/f", dest, sha1="0" * 40, **FAST)
    assert "https://doi.org/10.34894/PJ2M1C" in str(err.value)
    assert dest.read_bytes() == b"the good copy"
    part = dest.with_suffix(".bin.part")
    assert not part.exists()

    # A stale .part with wrong bytes (say, from another version of the file) is resumed, but the
    # whole file is verified: the mismatch is caught and the .part is dropped, not trusted.
    part.write_bytes(b"\xff" * 1000)
    with pytest.raises(DownloadError, match="sha256 mismatch"):
        download_file(f"{server.url}/f", dest, sha256=sha(PAYLOAD), **FAST)
    assert server.requests[-1].range == "bytes=1000-"
    assert not part.exists()
    assert dest.read_bytes() == b"the good copy"
    # the next run starts clean and succeeds
    download_file(f"{server.url}/f", dest, sha256=sha(PAYLOAD), **FAST)
    assert server.requests[-1].range is None
    assert dest.read_bytes() == PAYLOAD


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/octet-stream"])
def test_bot_page_with_status_200_is_refused(server, tmp_path, content_type):
    server.routes["/199095"] = Route(BOT_PAGE, content_type=content_type)
    dest = tmp_path / "sea" / "WIOD_SEA_Nov16.xlsx"
    with pytest.raises(DownloadError) as err:
        download_file(f"{server.url}/199095", dest, retries=3, backoff=0, progress=False)
    msg = str(err.value)
    assert "HTML page" in msg and "not a bot" in msg
    assert "https://doi.org/10.34894/PJ2M1C" in msg and f"put it at {dest}" in msg
    assert "WIOD_DIR" in msg
    assert len(server.requests) == 1  # no retries for an HTML page
    assert not dest.exists() and not dest.with_suffix(".xlsx.part").exists()


def test_http_404_is_not_retried(server, tmp_path):
    dest = tmp_path / "x.bin"
    with pytest.raises(DownloadError, match="HTTP status 404") as err:
        download_file(f"{server.url}/nothing", dest, retries=3, backoff=0, progress=False)
    assert f"{server.url}/nothing" in str(err.value)
    assert len(server.requests) == 1
    assert not dest.exists()


def test_http_500_is_retried_a_bounded_number_of_times(server, tmp_path):
    server.routes["/f"] = Route(PAYLOAD, fail_first=99)
    with pytest.raises(DownloadError, match="HTTP status 500") as err:
        download_file(f"{server.url}/f", tmp_path / "x.bin", retries=2, backoff=0, progress=False)
    assert "3 attempts" in str(err.value)
    assert len(server.requests) == 3


def test_http_500_then_success(server, tmp_path):
    server.routes["/f"] = Route(PAYLOAD, fail_first=1)
    dest = download_file(f"{server.url}/f", tmp_path / "x.bin", sha256=sha(PAYLOAD),
                         retries=2, backoff=0, progress=False)
    assert dest.read_bytes() == PAYLOAD
    assert [h.status for h in server.requests] == [500, 200]


def test_connection_refused_names_the_problem(tmp_path):
    srv = LoopbackServer()  # bound, never started: then closed, so the port refuses
    url = srv.url + "/f"
    srv.httpd.server_close()
    with pytest.raises(DownloadError, match="connection error") as err:
        download_file(url, tmp_path / "x.bin", retries=1, backoff=0, timeout=2, progress=False)
    assert url in str(err.value)


@pytest.mark.parametrize("supports_range", [True, False])
def test_interrupted_download_resumes_or_restarts(server, tmp_path, supports_range):
    cut = 30_000
    server.routes["/f"] = Route(PAYLOAD, supports_range=supports_range, break_first=1, break_after=cut)
    dest = tmp_path / "file.bin"
    part = dest.with_suffix(".bin.part")
    with pytest.raises(DownloadError, match="connection") as err:
        download_file(f"{server.url}/f", dest, sha256=sha(PAYLOAD), **FAST)
    assert "rerun resumes" in str(err.value)
    assert not dest.exists()  # a half file never reaches the final name
    assert part.read_bytes() == PAYLOAD[:cut]

    download_file(f"{server.url}/f", dest, sha256=sha(PAYLOAD), **FAST)
    assert dest.read_bytes() == PAYLOAD
    assert not part.exists()
    second = server.requests[-1]
    assert second.range == f"bytes={cut}-"  # the rerun asked for the rest ...
    assert second.status == (206 if supports_range else 200)  # ... and got it, or a restart


def test_retry_within_one_call_resumes(server, tmp_path):
    server.routes["/f"] = Route(PAYLOAD, break_first=1, break_after=50_000)
    dest = download_file(f"{server.url}/f", tmp_path / "f.bin", expected_size=len(PAYLOAD),
                         retries=1, backoff=0, progress=False)
    assert dest.read_bytes() == PAYLOAD
    assert [(h.range, h.status) for h in server.requests] == [(None, 200), ("bytes=50000-", 206)]


def test_complete_part_file_is_verified_and_kept(server, tmp_path):
    """A .part that already holds the whole file (416 to the range request) is verified, used."""
    server.routes["/f"] = Route(PAYLOAD)
    dest = tmp_path / "f.bin"
    dest.with_suffix(".bin.part").write_bytes(PAYLOAD)
    download_file(f"{server.url}/f", dest, sha1=sha(PAYLOAD, "sha1"), **FAST)
    assert dest.read_bytes() == PAYLOAD
    assert [h.status for h in server.requests] == [416]


# --------------------------------------------------------------------------------------------
# extract_zip


def test_extract_flattens_filters_and_is_atomic(tmp_path):
    archive = tmp_path / "a.zip"
    archive.write_bytes(make_zip({
        "WIOD_NIOTs/2016/AUS_NIOT_nov16.xlsx": fake_niot("AUS"),
        "WIOD_NIOTs/AUT_NIOT_nov16.xlsx": fake_niot("AUT"),
        "WIOD_NIOTs/readme.txt": b"read me",
        "__MACOSX/WIOD_NIOTs/._AUS_NIOT_nov16.xlsx": b"junk",
    }))
    out = extract_zip(archive, tmp_path / "niot", members_pattern="*_niot_NOV16.xlsx")
    assert sorted(p.name for p in out) == ["AUS_NIOT_nov16.xlsx", "AUT_NIOT_nov16.xlsx"]
    assert (tmp_path / "niot" / "AUS_NIOT_nov16.xlsx").read_bytes() == fake_niot("AUS")
    assert sorted(p.name for p in (tmp_path / "niot").iterdir()) == [
        "AUS_NIOT_nov16.xlsx", "AUT_NIOT_nov16.xlsx"]  # no temporary files left behind


def test_truncated_zip_is_a_clear_error(tmp_path):
    data = make_zip({"AUS_NIOT_nov16.xlsx": os.urandom(20_000)})
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match="not a zip archive .*truncated") as err:
        extract_zip(truncated, tmp_path / "out")
    assert str(truncated) in str(err.value)
    assert not (tmp_path / "out").exists()


def test_corrupt_zip_member_is_a_clear_error(tmp_path):
    payload = b"A" * 5000
    data = bytearray(make_zip({"AUS_NIOT_nov16.xlsx": payload}))
    # flip bytes inside the compressed data (after the 30-byte local header and the name)
    i = 30 + len("AUS_NIOT_nov16.xlsx") + 3
    data[i:i + 4] = bytes(b ^ 0xFF for b in data[i:i + 4])
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    with pytest.raises(DataError, match="damaged"):
        extract_zip(bad, tmp_path / "out")
    assert not (tmp_path / "out" / "AUS_NIOT_nov16.xlsx").exists()


@pytest.mark.parametrize("evil", ["../evil.txt", "niot/../../evil.txt", "/tmp/evil.txt", "..\\evil.txt"])
def test_zip_path_traversal_is_refused(tmp_path, evil):
    archive = tmp_path / "evil.zip"
    archive.write_bytes(make_zip({"AUS_NIOT_nov16.xlsx": b"ok", evil: b"pwned"}))
    target = tmp_path / "deep" / "out"
    with pytest.raises(DataError, match="path traversal"):
        extract_zip(archive, target)
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "deep" / "evil.txt").exists()
    assert not target.exists()  # refused before anything was written


# --------------------------------------------------------------------------------------------
# ensure_wiod


SEA_BYTES = b"PK fake SEA workbook " * 300
COUNTRIES3 = ("AUS", "AUT", "DEU")


@pytest.fixture
def release(server, monkeypatch):
    """The loopback server playing DataverseNL: NIOT archive (nested, one odd case) and SEA."""
    server.routes["/api/access/datafile/199099"] = Route(make_zip({
        "National IOTs/AUS_NIOT_nov16.xlsx": fake_niot("AUS"),
        "National IOTs/AUT_NIOT_Nov16.xlsx": fake_niot("AUT"),
        "National IOTs/DEU_NIOT_nov16.xlsx": fake_niot("DEU"),
        "National IOTs/FRA_NIOT_nov16.xlsx": fake_niot("FRA"),
    }), content_type="application/zip")
    server.routes["/api/access/datafile/199095"] = Route(SEA_BYTES)
    monkeypatch.setattr(sources, "SEA_RELEASE", dataclasses.replace(
        sources.SEA_RELEASE, size=len(SEA_BYTES), sha1=sha(SEA_BYTES, "sha1")))
    monkeypatch.delenv("WIODBOOK_DOWNLOAD_BASE", raising=False)
    return server.url + "/api/access/datafile/"


def test_ensure_wiod_downloads_and_extracts(server, release, tmp_path):
    base = tmp_path / "wiod"
    out = ensure_wiod(base, countries=COUNTRIES3, base_url=release, progress=False, backoff=0)
    assert out == base
    for c in COUNTRIES3:
        assert config.niot_path(base, c).read_bytes() == fake_niot(c)
    assert not config.niot_path(base, "FRA").exists()  # only what was asked for
    assert config.sea_path(base).read_bytes() == SEA_BYTES
    assert (base / "downloads" / sources.NIOT_ARCHIVE.name).is_file()
    assert sorted(server.paths_requested()) == [
        "/api/access/datafile/199095", "/api/access/datafile/199099"]
    assert not list(base.rglob("*.part")) and not list(base.rglob("*.tmp"))

    # a second run is satisfied locally; a new country comes from the kept archive
    ensure_wiod(base, countries=("AUS", "FRA"), base_url=release, progress=False)
    assert config.niot_path(base, "FRA").read_bytes() == fake_niot("FRA")
    assert len(server.requests) == 2


def test_ensure_wiod_base_url_from_environment(server, release, tmp_path, monkeypatch):
    monkeypatch.setenv("WIODBOOK_DOWNLOAD_BASE", release)
    base = ensure_wiod(tmp_path / "w", countries=("AUS",), progress=False)
    assert config.niot_path(base, "AUS").is_file() and config.sea_path(base).is_file()
    assert len(server.requests) == 2


def test_ensure_wiod_country_missing_from_archive(server, release, tmp_path):
    with pytest.raises(DataError) as err:
        ensure_wiod(tmp_path / "w", countries=("AUS", "USA"), base_url=release, progress=False)
    msg = str(err.value)
    assert "no table for USA" in msg and "USA_NIOT_nov16.xlsx" in msg
    assert str(config.niot_path(tmp_path / "w", "USA")) in msg  # listed as still missing


def test_ensure_wiod_bot_page_lists_missing_files(server, release, tmp_path):
    server.routes["/api/access/datafile/199099"] = Route(BOT_PAGE, content_type="text/html")
    base = tmp_path / "w"
    with pytest.raises(DownloadError) as err:
        ensure_wiod(base, countries=("AUS",), base_url=release, progress=False, backoff=0)
    msg = str(err.value)
    assert "not a bot" in msg and "https://doi.org/10.34894/PJ2M1C" in msg
    assert str(config.niot_path(base, "AUS")) in msg and str(config.sea_path(base)) in msg
    assert not (base / "downloads" / sources.NIOT_ARCHIVE.name).exists()


class NoNetwork(requests.Session):
    def request(self, *args, **kwargs):  # pragma: no cover - must not be reached
        raise AssertionError(f"unexpected network call: {args}")


def test_ensure_wiod_complete_copy_makes_no_network_call(server, release, tmp_path):
    base = tmp_path / "copy"
    for c in COUNTRIES3:
        config.niot_path(base, c).parent.mkdir(parents=True, exist_ok=True)
        config.niot_path(base, c).write_bytes(fake_niot(c))
    config.sea_path(base).parent.mkdir(parents=True)
    config.sea_path(base).write_bytes(SEA_BYTES)
    before = sorted(base.rglob("*"))
    assert ensure_wiod(base, countries=COUNTRIES3, base_url=release, session=NoNetwork()) == base
    assert server.requests == []
    assert sorted(base.rglob("*")) == before  # nothing written


def test_ensure_wiod_shared_read_only_copy(tmp_path):
    shared = Path("/work/shared/wiod2016")
    if not config.sea_path(shared).is_file():
        pytest.skip("no shared WIOD copy at /work/shared/wiod2016")
    before = sorted(p.name for p in shared.iterdir())
    assert ensure_wiod(shared, download=True, session=NoNetwork()) == shared
    assert sorted(p.name for p in shared.iterdir()) == before


def test_ensure_wiod_without_download_lists_missing(server, tmp_path):
    base = tmp_path / "partial"
    config.niot_path(base, "AUS").parent.mkdir(parents=True)
    config.niot_path(base, "AUS").write_bytes(fake_niot("AUS"))
    with pytest.raises(DataError) as err:
        ensure_wiod(base, download=False, countries=COUNTRIES3, base_url=server.url)
    msg = str(err.value)
    assert "2 file(s) missing" not in msg  # AUT, DEU and the SEA: three
    assert "3 file(s) missing" in msg
    for p in (config.niot_path(base, "AUT"), config.niot_path(base, "DEU"), config.sea_path(base)):
        assert str(p) in msg
    assert str(config.niot_path(base, "AUS")) not in msg
    assert "https://doi.org/10.34894/PJ2M1C" in msg and "WIOD_DIR" in msg
    assert server.requests == []


def test_ensure_wiod_rejects_unknown_country(tmp_path):
    with pytest.raises(DataError, match="XYZ"):
        ensure_wiod(tmp_path, download=False, countries=("AUS", "XYZ"))


# --------------------------------------------------------------------------------------------
# verify_local_copy and file_sha256


def test_verify_local_copy(tmp_path):
    (tmp_path / "niot").mkdir()
    a, b = tmp_path / "niot" / "AUS_NIOT_nov16.xlsx", tmp_path / "niot" / "AUT_NIOT_nov16.xlsx"
    a.write_bytes(b"aaa")
    b.write_bytes(b"bbb")
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{sha(b'aaa')}  niot/AUS_NIOT_nov16.xlsx\n{sha(b'bbb')}  niot/AUT_NIOT_nov16.xlsx\n")
    report = verify_local_copy(tmp_path)
    assert list(report.columns) == ["file", "size", "sha256", "status"]
    assert report["status"].tolist() == ["ok", "ok"] and report["size"].tolist() == [3, 3]

    b.write_bytes(b"changed")
    with pytest.raises(DataError, match="niot/AUT_NIOT_nov16.xlsx: mismatch") as err:
        verify_local_copy(tmp_path)
    assert "AUS" not in str(err.value).split("SHA256SUMS:")[1].split("A mismatched")[0]
    report = verify_local_copy(tmp_path, strict=False)
    assert dict(zip(report["file"], report["status"])) == {
        "niot/AUS_NIOT_nov16.xlsx": "ok", "niot/AUT_NIOT_nov16.xlsx": "mismatch"}

    a.unlink()
    report = verify_local_copy(tmp_path, strict=False)
    assert report.loc[report["file"] == "niot/AUS_NIOT_nov16.xlsx", "status"].item() == "missing"
    assert pd.isna(report.loc[report["file"] == "niot/AUS_NIOT_nov16.xlsx", "size"].item())


def test_verify_local_copy_without_sums_reports_unlisted(tmp_path):
    config.niot_path(tmp_path, "AUS").parent.mkdir(parents=True)
    config.niot_path(tmp_path, "AUS").write_bytes(b"x")
    report = verify_local_copy(tmp_path)
    assert report.to_dict("records") == [
        {"file": "niot/AUS_NIOT_nov16.xlsx", "size": 1, "sha256": sha(b"x"), "status": "unlisted"}]


@pytest.mark.parametrize("n", [0, 1, 6, 7, 8, 1000])
def test_file_sha256_matches_hashlib_across_chunk_boundaries(tmp_path, n):
    data = os.urandom(n)
    p = tmp_path / "f"
    p.write_bytes(data)
    assert file_sha256(p, chunk=7) == file_sha256(p) == hashlib.sha256(data).hexdigest()


def test_release_constants_match_the_readme():
    """The ids, size and sha1 are the ones recorded in /work/shared/wiod2016/README.md."""
    assert sources.SEA_RELEASE.url(sources.DATAVERSE_ACCESS_URL) == (
        "https://dataverse.nl/api/access/datafile/199095")
    assert (sources.SEA_RELEASE.size, sources.SEA_RELEASE.sha1) == (
        5_536_437, "821bba29c42f3a42009eb1b14dbdaa2922d01236")
    assert sources.NIOT_ARCHIVE.file_id == 199099
