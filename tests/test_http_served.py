"""`goalcheck serve` as a real process on 127.0.0.1: the web page and widget.js in headless
Chromium, the load test, and the server's log.

Chromium is Debian's /usr/bin/chromium (apt-get install chromium), driven by Playwright
through executable_path: no browser is downloaded. Screenshots go to test-artifacts/.
Everything stays on loopback: the server, a second server standing in for a vendor's
IEP editor (another origin), and the load generator.
"""

from __future__ import annotations

import functools
import http.client
import http.server
import importlib.util
import json
import re
import signal
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
GOAL_MEDICAL = "Rosa will increase grip strength to 15 lb."
GOAL_JARGON = "Pt will use BUE to manipulate classroom materials w/ min A during art class in 4 of 5 trials."


def _bench():
    spec = importlib.util.spec_from_file_location("http_bench", ROOT / "benchmarks" / "http_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture(scope="module")
def vendor(tmp_path_factory):
    """A static site on another loopback port: a vendor's IEP editor, another origin."""
    root = tmp_path_factory.mktemp("vendor")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, server.server_address[1]
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(vendor):
    """`goalcheck serve --port 0 --cors-origin <vendor>`; yields (base URL, stderr lines)."""
    _, port = vendor
    process, url, lines = bench.start_server(("--cors-origin", f"http://127.0.0.1:{port}"), log_level="info")
    drain = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
    drain.start()
    # "listening on" means it: a request sent at once is answered, not refused.
    host, port_ = url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port_), timeout=30)  # no proxy: loopback only
    conn.request("GET", "/v1/health")
    assert conn.getresponse().status == 200
    conn.close()
    yield url, lines
    process.send_signal(signal.SIGINT)
    process.wait(timeout=20)
    drain.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_serve_listens_on_loopback_by_default(served):
    url, lines = served
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
    assert any("checker ready" in line for line in lines)


def test_web_page_shows_label_evidence_findings_and_copies_a_rewording(served, browser, checker):
    url, _ = served
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(url + "/")

    page.get_by_label("Goals", exact=True).press_sequentially(GOAL_MEDICAL + "\n" + GOAL_JARGON, delay=2)

    cards = page.locator("article.gc-goal")
    expect(cards).to_have_count(2, timeout=15_000)
    expect(page.locator("#status")).to_have_text(re.compile(r"^2 goals: .*finding"))
    medical = cards.nth(0)
    expect(medical.locator(".gc-badge")).to_have_text("Reads as medical")
    expect(medical.locator(".gc-conf")).to_have_text(re.compile(r"^\d+% confidence$"))
    expect(medical.locator("mark.gc-ev-medical", has_text="grip strength")).to_have_count(1)  # highlighted evidence
    expect(medical.locator(".gc-findings li").first).to_be_visible()
    assert medical.locator(".gc-suggestion").inner_text().startswith("Suggestion:")

    # One click copies the suggested rewording; it is the same text the CDS cards propose.
    from goalcheck.fixes import goal_with_fixes

    (result,) = checker.check_goals([GOAL_JARGON])
    expected = goal_with_fixes(GOAL_JARGON, [f.fix for f in result.findings if f.fix], unsafe=False)
    assert expected != GOAL_JARGON
    jargon = cards.nth(1)
    expect(jargon.locator(".gc-reword-text")).to_have_text(expected)
    jargon.get_by_role("button", name="Copy rewording").focus()
    page.keyboard.press("Enter")  # keyboard, not only the mouse
    expect(jargon.locator(".gc-copied")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == expected

    _screenshot(page, "web-page.png")
    assert all(u.startswith(url) or u.startswith("data:") for u in requested), requested  # no CDN, nothing external
    context.close()


def test_web_page_updates_as_you_type(served, browser):
    url, _ = served
    page = browser.new_page()
    page.goto(url + "/")
    box = page.get_by_label("Goals", exact=True)
    box.press_sequentially("Sam will write his name", delay=2)
    expect(page.locator("article.gc-goal")).to_have_count(1, timeout=15_000)
    box.fill("")
    expect(page.locator("article.gc-goal")).to_have_count(0)
    page.get_by_label("A whole draft: goalcheck finds the goals").check()
    box.fill("Age: 9\n\n## Annual goals\n1. Ava will write her name on classroom papers in 4 of 5 trials.\n"
             "2. Ava will increase pinch strength.\n")
    expect(page.locator("article.gc-goal")).to_have_count(2, timeout=15_000)
    page.close()


def test_web_page_is_accessible(served, browser):
    url, _ = served
    page = browser.new_page()
    page.goto(url + "/")
    # The keyboard alone: the skip link first, then the goals box, then type.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the feedback"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "goals"
    page.keyboard.type(GOAL_MEDICAL)
    page.keyboard.press("Enter")
    page.keyboard.type(GOAL_JARGON)
    expect(page.locator("article.gc-goal")).to_have_count(2, timeout=15_000)
    assert page.locator("html").get_attribute("lang") == "en"
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.outerHTML)""")
    assert unlabelled == []
    low = page.evaluate(_CONTRAST_JS)
    assert low == [], f"text below 4.5:1 contrast: {low}"
    page.close()


# Every element with its own text: WCAG contrast of its colour against the first opaque background behind it.
_CONTRAST_JS = """() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                               if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.offsetParent === null && el.tagName !== 'BODY') continue;
    const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) out.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2));
  }
  return out;
}"""


def test_widget_gives_inline_feedback_on_a_vendor_page(served, vendor, browser):
    url, _ = served
    root, port = vendor
    (root / "editor.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Acme IEP editor</title>\n"
        f"<script src='{url}/widget.js' defer></script></head>\n"
        "<body><h1>Acme IEP: annual goals</h1>\n"
        "<p><label for='g1'>Annual goal 1</label><br><textarea id='g1' data-goalcheck data-goalcheck-age='8' "
        "rows='3' cols='70'></textarea></p>\n"
        "<p><label for='notes'>Notes (not checked)</label><br><textarea id='notes' rows='2' cols='70'></textarea></p>\n"
        "</body></html>\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 900, "height": 700})
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"http://127.0.0.1:{port}/editor.html")

    page.get_by_label("Annual goal 1").press_sequentially(GOAL_MEDICAL, delay=2)

    feedback = page.locator("#g1 + .goalcheck-feedback")  # Playwright's CSS reaches into the open shadow root
    expect(feedback.locator(".gc-badge")).to_have_text("Reads as medical", timeout=15_000)
    expect(feedback.locator("mark.gc-ev", has_text="grip strength")).to_have_count(1)
    assert page.get_by_label("Annual goal 1").get_attribute("aria-describedby") == "goalcheck-feedback-1"
    assert page.locator("#notes + .goalcheck-feedback").count() == 0  # unmarked textareas are left alone
    _screenshot(page, "widget.png")

    # A textarea the editor adds later gets feedback too.
    page.evaluate("""() => { const t = document.createElement('textarea'); t.id = 'g2';
                             t.setAttribute('data-goalcheck', ''); document.body.appendChild(t); }""")
    page.locator("#g2").fill("Pt will don shirt w/ min A")
    expect(page.locator("#g2 + .goalcheck-feedback .gc-reword-text")).to_be_visible(timeout=15_000)
    assert {u.split("/")[2] for u in requested} <= {f"127.0.0.1:{port}", url.split("/")[2]}
    page.close()


def test_widget_on_an_origin_the_server_does_not_allow_says_so(served, vendor, browser):
    url, _ = served
    _, port = vendor
    page = browser.new_page()
    page.goto(f"http://localhost:{port}/editor.html")  # same files, another origin: not in --cors-origin
    page.get_by_label("Annual goal 1").fill(GOAL_MEDICAL)
    expect(page.locator("#g1 + .goalcheck-feedback .gc-status")).to_contain_text("not reachable from this page",
                                                                                 timeout=15_000)
    page.close()


def test_load_2000_requests_from_16_clients_without_an_error(served):
    url, _ = served
    result = bench.run_load(url, requests=2000, clients=16, timeout=150)
    print(f"\nload: {json.dumps(result)}")
    assert result["errors"] == 0, result["first_error"]
    assert result["requests"] == 2000
    assert result["requests_per_second"] > 0 and result["p99_ms"] >= result["p50_ms"] > 0


def test_the_server_log_names_requests_but_never_goal_text(served):
    _, lines = served
    log = "".join(lines)
    assert re.search(r"POST /v1/check/goals 200 \d+\.\dms", log)
    for words in ("grip strength", "Rosa", "BUE", "classroom papers", "don shirt", "Ava will"):
        assert words not in log
