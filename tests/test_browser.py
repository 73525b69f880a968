"""End to end in a real browser: headless Chromium opens the index and three reports served
on localhost; no console error, no request beyond localhost, a screenshot of each.

Chromium is driven over its DevTools protocol (websocket-client). ``.ci/run`` installs the
Debian package ``chromium`` when it is missing; without a browser the test is skipped and
says why.
"""

from __future__ import annotations

import base64
import functools
import http.server
import itertools
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import cli

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="geen Chromium gevonden: installeer het Debian-pakket 'chromium' (.ci/run doet dat)")


class Page:
    """One browser tab over the DevTools protocol: navigate, collect events, screenshot."""

    def __init__(self, websocket_url: str) -> None:
        import websocket

        self.socket = websocket.create_connection(websocket_url, timeout=30)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params: object) -> dict:
        ident = next(self.ids)
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        seen = len(self.events)
        while not any(e.get("method") == event for e in self.events[seen:]):
            assert time.monotonic() < deadline, f"{event} niet gezien binnen {timeout} s"
            self.events.append(json.loads(self.socket.recv()))

    def open(self, url: str) -> list[dict]:
        """Load ``url`` and return the events of that load."""
        start = len(self.events)
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.call("Runtime.evaluate", expression="1")  # let pending console events arrive
        return self.events[start:]

    def evaluate(self, expression: str) -> object:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.socket.close()


def problems(events: list[dict], origin: str) -> list[str]:
    """Console errors, uncaught exceptions, error log entries and requests elsewhere."""
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in {"error", "warning",
                                                                           "assert"}:
            found.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"uitzondering: {params['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") in {"error", "warning"}:
            found.append(f"log: {params['entry'].get('text')}")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not (url.startswith(origin) or url.startswith("data:")):
                found.append(f"verzoek buiten localhost: {url}")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A small batch (index, Gent, Westhoek, a project) served on localhost."""
    out = tmp_path_factory.mktemp("outputs")
    code = cli.main(["bouw", "--alleen", "Gent", "Westhoek", "projectvoortgang", "--stil",
                     "--uitvoer", str(out)])
    assert code == 0
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", out
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # no request log in the test output
        pass


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Iterator[Page]:
    profile = tmp_path_factory.mktemp("chromium")
    browser = subprocess.Popen(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--no-first-run", "--remote-debugging-port=0",
         f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        deadline = time.monotonic() + 60
        assert browser.stderr is not None
        while port is None and time.monotonic() < deadline:
            line = browser.stderr.readline()
            if not line and browser.poll() is not None:
                break
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            port = int(found.group(1)) if found else None
        assert port is not None, "Chromium gaf geen DevTools-poort"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            targets = json.load(reply)
        tab = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        yield tab
        tab.close()
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()


@pytest.mark.parametrize("path", [
    "index.html", "centrumstad/gent.html", "regiegebied/westhoek.html",
    "project/plastiq-ingroeibanen-2022-2023.html",
])
def test_a_page_loads_without_errors_or_outside_requests(site, page, path, tmp_path):
    origin, out = site
    events = page.open(origin + path)
    assert problems(events, origin) == []
    assert page.evaluate("document.documentElement.lang") == "nl"
    shot = page.screenshot(out / f"schermafdruk-{path.replace('/', '-')}.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_the_index_filter_finds_one_area(site, page):
    origin, _ = site
    page.open(origin + "index.html")
    shown = page.evaluate(
        "const box = document.querySelector('#zoek');"
        "box.value = 'westhoek'; box.dispatchEvent(new Event('input'));"
        "[...document.querySelectorAll('tbody tr')].filter(r => !r.hidden).length")
    assert shown == 1


def test_the_index_filter_finds_an_area_by_one_of_its_gemeenten(site, page):
    origin, _ = site
    page.open(origin + "index.html")
    shown = page.evaluate(
        "const box = document.querySelector('#zoek');"
        "box.value = 'Ieper'; box.dispatchEvent(new Event('input'));"
        "[...document.querySelectorAll('tbody tr')].filter(r => !r.hidden)"
        ".map(r => r.querySelector('th').textContent)")
    assert shown == ["Westhoek"]


def test_the_check_sees_console_errors_and_outside_requests(site, page):
    origin, out = site
    (out / "fout.html").write_text(
        "<!doctype html><html lang='nl'><body><script>console.error('kapot')</script>"
        "<img src='http://voorbeeld.invalid/beeld.png'></body></html>", encoding="utf-8")
    found = problems(page.open(origin + "fout.html"), origin)
    assert "verzoek buiten localhost: http://voorbeeld.invalid/beeld.png" in found
    assert any(p.startswith("console.error") and "kapot" in p for p in found)


def test_maps_that_share_outlines_are_drawn_by_the_browser(site, page, geography,
                                                          square_boundaries):
    """The choropleths refer to outlines in another SVG of the page (``<use>``): in a real
    browser every reference resolves and draws a gemeente of its own size."""
    from analysis import kaart

    origin, out = site
    codes = geography.gemeenten.loc[geography.gemeenten["grenzen"] == "2024", "nis"].tolist()
    frame = square_boundaries(codes)
    base = kaart.prepare(frame["nis"].tolist(), list(frame.geometry), geography, "2024", "raster")
    limburg = geography.get("70000", "provincie", "2024")
    values = {code: float(n) for n, code in enumerate(limburg.gemeenten)}
    figure = kaart.choropleth(base, geography, values, members=[limburg], title="Proef",
                              unit="percent", decimals=1)
    html = ("<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>kaart</title>"
            f"</head><body>{kaart.defs_html(base)}{figure._repr_html_()}</body></html>")
    (out / "kaart.html").write_text(html, encoding="utf-8")
    assert problems(page.open(origin + "kaart.html"), origin) == []
    sizes = page.evaluate(
        "[...document.querySelectorAll('figure.kaart g[fill]:not([fill=none]) use')].map(u => {"
        " const b = u.getBBox(); return [Math.round(b.width), Math.round(b.height)]; })")
    assert sizes == [[10, 10]] * len(limburg.gemeenten)  # 1 km squares: 10 units of 100 m
    shown = page.evaluate("document.querySelector('figure.kaart svg').getBoundingClientRect()"
                          ".width")
    assert shown > 300


#: Page limits on A4 (issue 15): an area report, the beleidsrapportage.
PRINT_LIMITS = {"centrumstad/gent.html": 32, "regiegebied/westhoek.html": 32,
                "vlaanderen/vlaanderen.html": 32, "beleidsrapportage/beleidsrapportage.html": 80}
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF: its page objects (Chromium writes them uncompressed)."""
    return len(_PDF_PAGE.findall(pdf))


def test_pdf_pages_counts_page_objects_not_the_page_tree():
    pdf = (b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>> endobj\n"
           b"2 0 obj <</Type /Page /Parent 1 0 R>> endobj\n"
           b"3 0 obj <</Type/Page/Parent 1 0 R>> endobj\n")
    assert pdf_pages(pdf) == 2


@pytest.mark.parametrize("path", list(PRINT_LIMITS))
def test_a_report_prints_on_few_a4_pages(demo_batch, page, path, tmp_path):
    """Printed as a reader prints it (A4, the page's own @page rules), through the DevTools
    protocol; the PDF is kept beside the test's other files for a look at the pages."""
    out, _ = demo_batch
    page.open((out / path).resolve().as_uri())
    page.socket.settimeout(180)  # the beleidsrapportage takes a while to lay out
    result = page.call("Page.printToPDF", paperWidth=8.27, paperHeight=11.69,
                       preferCSSPageSize=True, printBackground=True,
                       displayHeaderFooter=False)
    pdf = base64.b64decode(result["data"])
    (tmp_path / "rapport.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    assert 2 <= pdf_pages(pdf) <= PRINT_LIMITS[path], pdf_pages(pdf)
