"""End to end in headless Chromium against the hub that ``make run`` starts.

The fixture runs ``python -m hub up`` (broker, registry, processors, gateway
with the demo data) with a temporary data dir and free ports, waits for the
gateway's ``/readyz``, and a real browser (Debian's ``/usr/bin/chromium``,
driven by Playwright) then does what a person would: sign in on the login
page, search a supplier and open it, see a finding, see the planner's
ranking, confirm a match review, and watch the live alerts. Screenshots go to
``tests/ui/artifacts/`` (gitignored; CI may keep them as artifacts).

Skipped, with the reason, only when Chromium (or Playwright) is not installed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from gateway.auth.users import PasswordStore
from gateway.auth.config import oauth_state_dir

CHROMIUM = os.environ.get("HUB_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ANNA = "anna.lind@region-kalmar"
REVIEWER = "olof.reviewer@hub"

if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium chromium-driver)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')")
expect = sync_api.expect

pytestmark = pytest.mark.integration


@dataclass
class LiveHub:
    url: str
    data_dir: Path

    def password(self, username: str) -> str:
        return PasswordStore(oauth_state_dir(self.data_dir)).read()[username]["password"]


@pytest.fixture(scope="module")
def live_hub(tmp_path_factory) -> Iterator[LiveHub]:
    """``hub up`` as ``make run`` starts it, on free ports and a fresh data dir."""
    data_dir = tmp_path_factory.mktemp("hub-up")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HUB_", "AUTHLIB_"))}
    env |= {"HUB_DATA_DIR": str(data_dir), "HUB_BROKER_PORT": "0", "HUB_SCHEMA_REGISTRY_PORT": "0",
            "HUB_GATEWAY_PORT": "0", "HUB_LOG_LEVEL": "WARNING"}
    log = open(data_dir / "hub-up.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "hub", "up"], cwd=REPO, env=env, stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        url = _wait_ready(proc, data_dir / "runtime.json", timeout_s=120)
        yield LiveHub(url, data_dir)
    except BaseException:
        print((data_dir / "hub-up.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        log.close()


def _wait_ready(proc: subprocess.Popen, runtime: Path, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    url = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"hub up exited with code {proc.returncode}")
        if url is None and runtime.exists():
            with contextlib.suppress(ValueError, OSError):
                url = json.loads(runtime.read_text()).get("gateway_url")
        if url:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    return url
        time.sleep(0.3)
    raise RuntimeError(f"hub up was not ready within {timeout_s:.0f} s")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_hub):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


def shot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(page, hub: LiveHub, username: str, path: str = "/ui/") -> None:
    page.goto(hub.url + path)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(hub.password(username))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("p.who")).to_contain_text("Signed in as")


def test_buyer_signs_in_finds_a_supplier_sees_a_finding_and_the_plan(page, live_hub):
    sign_in(page, live_hub, ANNA)
    expect(page.get_by_role("heading", name="Supplier search")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "01-signed-in")

    # The processors merge the demo data within seconds of start: search until it is there.
    result = page.locator("#results").get_by_role("link", name=re.compile("Sialkot Surgical", re.I)).first
    deadline = time.monotonic() + 45
    while True:
        page.get_by_label("Supplier name").fill("sialkot surgical")
        page.get_by_role("button", name="Search").click()
        try:
            expect(result).to_be_visible(timeout=3000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
    shot(page, "02-search")
    result.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Sialkot Surgical Works")
    # Region Skåne's 2024 site audit is shared with every partner: its open findings are listed.
    findings = page.locator("#open-findings")
    expect(findings).to_contain_text("Zero tolerance")
    expect(findings).to_contain_text("Major")
    expect(page.locator("ol.ladder [aria-current=step]")).to_contain_text("Formal warning")
    expect(page.get_by_role("heading", name=re.compile("Provenance"))).to_be_visible()
    shot(page, "03-supplier-with-finding")

    page.get_by_role("link", name="Joint-audit planner").click()
    rows = page.locator("#plan-table tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.first.locator("td").first).to_have_text("1")
    # What ranks first depends on what the viewer may see (Region Kalmar sees its joint audit's findings).
    expect(rows.first.get_by_role("link")).to_have_text(re.compile("Sentosa Glove|Sialkot Surgical"))
    expect(rows.first.locator("ul.reasons li").first).to_be_visible()
    shot(page, "04-planner")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    assert download.value.suggested_filename == "joint-audit-plan.csv"

    page.get_by_role("link", name="Risk overview").click()
    expect(page.locator("#heatmap")).to_contain_text("33141420")
    page.wait_for_function("document.querySelectorAll('canvas').length === 0 || !!window.Chart")
    shot(page, "05-risk-overview")

    page.get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riskbild")
    shot(page, "06-risk-overview-sv")


def test_reviewer_confirms_a_match_and_watches_live_alerts(page, live_hub):
    sign_in(page, live_hub, REVIEWER, "/ui/reviews")
    expect(page.get_by_role("heading", name="Match review queue")).to_be_visible()
    card = page.locator("article.review").first
    expect(card).to_be_visible(timeout=30000)
    expect(card.get_by_role("heading", level=3, name="Evidence")).to_be_visible()
    shot(page, "07-review-queue")
    card.get_by_label("Note (optional)").fill("Same factory address in Klang; confirmed by phone.")
    card.get_by_role("button", name="Confirm: same supplier").click()
    expect(page.get_by_role("status").filter(has_text="Confirmed")).to_be_visible()
    shot(page, "08-review-confirmed")

    page.get_by_role("link", name="Live alerts").click()
    expect(page.locator("#live-status")).to_have_text("Live updates are on.")
    expect(page.locator("#alert-list li").first).to_be_visible()
    shot(page, "09-live-alerts", full_page=False)

    # Keyboard: the skip link is the first stop and jumps to the main content.
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You are signed out.")).to_be_visible()
