"""End to end: `amend serve` driven in headless Chromium with Playwright.

Reads the heating regulation as of 2010-01-01 and 2021-08-01, compares the two, pastes the seed
decision against the pre-2021 text in the draft page (39 articles, 9 changes), then a draft with
planted errors, and checks that each error is marked at its place in the draft.  Screenshots of
every page go to tests/output/e2e/ (or $AMEND_TEST_OUTPUT/e2e).  Uses Debian's chromium
(/usr/bin/chromium, installed by .ci/run); skips with a reason where there is no browser.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (test extra)")
pytest.importorskip("uvicorn", reason="the web extra (uvicorn) is not installed")

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("AMEND_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(os.environ.get("AMEND_TEST_OUTPUT", REPO / "tests" / "output")) / "e2e"
SLUG = quote("吉林省城市供热条例")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine "
                                "(.ci/run installs Debian's chromium with apt-get)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "amend.cli", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        line = proc.stdout.readline()
        assert f"{url}/" in line, line  # it prints the URL
        for _ in range(100):
            try:
                urlopen(url + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("amend serve did not answer")
        print(f"amend serve answered after {time.perf_counter() - started:.2f} s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        yield context.new_page()
        browser.close()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=False)


def test_read_compare_and_draft(server, page):
    page.goto(f"{server}/works/{SLUG}?as_of=2010-01-01")
    assert page.locator("article.art").count() == 35
    assert page.locator("article.lacuna-article").count() == 5
    assert "原文不详" in page.locator("#lacunae").inner_text()
    _shot(page, "1-text-2010-01-01")

    page.fill("input[name=as_of]", "2021-08-01")
    page.click("form.inline button[type=submit]")
    page.wait_for_url("**as_of=2021-08-01")
    assert page.locator("article.art").count() == 39
    assert "第三项整条修改" in page.locator("#art-32 .history").inner_text()  # printed, not folded
    _shot(page, "2-text-2021-08-01")

    page.goto(f"{server}/works/{SLUG}/compare")
    page.fill("input[name=from]", "2010-01-01")
    page.fill("input[name=to]", "2021-08-01")
    page.click("form.inline button[type=submit]")
    summary = page.locator("#summary").inner_text()
    assert "整条修改 5" in summary and "新增 4" in summary
    redline = page.frame_locator("#redline")
    assert "第三十条 → 第三十二条" in redline.locator("body").inner_text()
    assert "修改后条文" in page.frame_locator("#table").locator("body").inner_text()
    _shot(page, "3-compare")

    page.goto(f"{server}/works/{SLUG}/draft?as_of=2010-01-01")
    seed = (REPO / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt").read_text(encoding="utf-8")
    page.fill("#draft", seed)  # typing fires the live update: no page reload
    page.wait_for_selector("#verdict")
    verdict = page.locator("#verdict").inner_text()
    assert "修改后共39条" in verdict and "修改 9 条" in verdict and "未发现错误" in verdict
    assert page.locator("#renumbering tbody tr").count() == 30
    _shot(page, "4-draft-seed")


def test_draft_with_a_planted_error_marks_its_place(server, page):
    page.goto(f"{server}/works/{SLUG}/draft?as_of=2010-01-01")
    draft = (REPO / "tests" / "cases" / "preview" / "heating-draft.txt").read_text(encoding="utf-8")
    page.fill("#draft", draft)
    page.wait_for_selector("li.problem[data-code=target-missing]")
    problem = page.locator("li.problem[data-code=target-missing]")
    assert problem.get_attribute("data-item") == "十一"
    line, col = int(problem.get_attribute("data-line")), int(problem.get_attribute("data-col"))
    # the mark sits on that line of the draft, on the first character of "第四十条"
    index = problem.get_attribute("id").split("-")[1]
    mark = page.locator(f"#mark-{index}")
    assert mark.inner_text() == "第"
    source_line = draft.split("\n")[line - 1]
    assert source_line[col - 1:].startswith("第四十条")
    problem.locator("a").click()
    _shot(page, "5-draft-errors")
    assert page.locator("#verdict").inner_text().startswith("13项；错误 4 处")
