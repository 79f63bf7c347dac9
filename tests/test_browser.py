"""The rendered book in a real headless Chromium, driven through the DevTools protocol.

Renders the small book of :mod:`test_render`, opens every page in Debian's Chromium
(``/usr/bin/chromium``) and checks that each page loads, that every ``<img>`` decoded
(``naturalWidth > 0``), that every link inside the book leads to a page that loads, and that
the browser asked for nothing but local files. A screenshot of each page is saved in the test's
temporary folder and copied to ``build/screenshots/``.

Install the browser with ``apt-get install -y --no-install-recommends chromium chromium-driver``;
without it the test skips. The client is ``websocket-client`` (the ``dev`` extra).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from wiodbook import config

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("WIODBOOK_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
    "--remote-allow-origins=*", "--window-size=1200,900",
]


class Browser:
    """A headless Chromium and one page tab, spoken to over the DevTools websocket."""

    def __init__(self, profile: Path):
        import websocket

        self.proc = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 15
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"{CHROMIUM} did not start (exit code {self.proc.returncode})")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        pages = []
        while not pages:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                pages = [t for t in json.load(r) if t.get("type") == "page"]
            if not pages:
                time.sleep(0.05)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=20, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Network", "Runtime"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1100, height=900, deviceScaleFactor=1, mobile=False)

    def call(self, method: str, **params):
        self.next_id += 1
        mine = self.next_id
        self.ws.send(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mine:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, event: str, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for k, msg in enumerate(self.events):
                if msg["method"] == event:
                    return self.events.pop(k)
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
        raise TimeoutError(f"no {event} within {timeout} s")

    def open(self, url: str) -> str:
        """Navigate and wait for the load event; return the error text ('' when the page loaded)."""
        self.events.clear()
        result = self.call("Page.navigate", url=url)
        if result.get("errorText"):
            return result["errorText"]
        self.wait_for("Page.loadEventFired")
        return ""

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        height = min(int(size["height"]), 6000)
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": 1100, "height": height, "scale": 1})["data"]
        path.write_bytes(base64.b64decode(data))

    def requested_urls(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            if getattr(self, "ws", None) is not None:
                self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture()
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"no headless browser at {CHROMIUM}: install Debian's chromium: "
                    "apt-get install chromium chromium-driver")
    pytest.importorskip("websocket", reason="websocket-client is needed to drive Chromium (pip install -e '.[dev]')")
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield b
    finally:
        b.close()


def test_book_pages_load_and_render_in_chromium(tmp_path, browser):
    from test_render import build_sample_book

    index = build_sample_book(tmp_path / "render")
    out = index.parent
    shots = tmp_path / "screenshots"
    shots.mkdir()
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 4
    targets: set[str] = set()
    for page in pages:
        url = page.as_uri()
        assert browser.open(url) == "", f"{page.name} did not load"
        assert browser.evaluate("document.readyState") == "complete"
        title = browser.evaluate("document.title")
        assert "replication book" in title, title
        # every image decoded: naturalWidth > 0 once it finished loading
        images = browser.evaluate(
            "Promise.all(Array.from(document.images).map(i => i.decode().then(() => 0, () => 0)"
            ".then(() => ({src: i.getAttribute('src'), w: i.naturalWidth, h: i.naturalHeight}))))")
        assert all(i["w"] > 0 and i["h"] > 0 for i in images), f"{page.name}: broken images {images}"
        if page.stem in ("01_io_decomposition", "04_panel"):
            assert len(images) == 2, page.name
            assert browser.evaluate("document.querySelectorAll('figure figcaption').length") == 1
        # the style sheet applied (the book's body font is not the browser default)
        assert browser.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none"
        # the injected-parameters cell is collapsed
        assert browser.evaluate(
            "Array.from(document.querySelectorAll('details.injected')).every(d => !d.open)")
        links = browser.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        targets.update(urldefrag(h)[0] for h in links if h.startswith("file:"))
        # the browser asked only for local files (no fonts, scripts or styles from the network)
        remote = [u for u in browser.requested_urls() if not u.startswith(("file:", "data:"))]
        assert not remote, f"{page.name} requested {remote}"
        browser.screenshot(shots / f"{page.stem}.png")
    # every link inside the book leads to something that loads (pages, figure files)
    assert {p.as_uri() for p in pages} <= targets
    for url in sorted(targets):
        assert browser.open(url) == "", f"link target {url} does not load"
    # the screenshots are real pictures; copies for a reviewer under build/screenshots
    dest = config.build_dir() / "screenshots"
    dest.mkdir(parents=True, exist_ok=True)
    for shot in sorted(shots.glob("*.png")):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000
        shutil.copyfile(shot, dest / f"test-{shot.name}")
