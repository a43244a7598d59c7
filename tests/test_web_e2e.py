"""End to end: `amend serve` driven in headless Chromium with Playwright.

Reads the heating regulation as of 2010-01-01 and 2021-08-01, compares the two, pastes the seed
decision against the pre-2021 text in the draft page (39 articles, 9 changes), then a draft with
planted errors, and checks that each error is marked at its place in the draft.  Then the pages
of issue 14 (points 4, 11, 12) and issue 15 (point 4): the text page's versions and the decision
page, the compare page's tabs and its print view, the draft page's two-way links between problems
and marks, and the edit mode that writes the decision.  Screenshots of every page go to
tests/output/e2e/ (or $AMEND_TEST_OUTPUT/e2e): text.png, compare.png, compare-table.png,
draft.png, draft-edit.png among them.  Uses Debian's chromium
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
    assert "第三十条 → 第三十二条" in page.locator("#redline").inner_text()  # in the page, no iframe
    assert "修改后条文" in page.locator("#table").text_content()  # the second tab
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


# --- issue 14 points 4, 11, 12 and issue 15 point 4 -------------------------------------------

def test_text_page_links_versions_and_decisions(server, page):
    page.goto(f"{server}/works/{SLUG}?as_of=2021-08-01")
    versions = page.locator("#versions")
    assert versions.locator("li.version").count() == 2
    assert versions.locator("a.source-link").count() == 2  # the decision's and the republished text's
    _shot(page, "text")
    versions.locator("a.decision-link").click()
    page.wait_for_selector("#items")
    assert page.locator("#items > li").count() == 9
    # item 三 links to the article it changed, at its anchor in the text page
    page.locator("li#item-三 .touched a").first.click()
    page.wait_for_url("**#art-32")
    assert page.locator("#art-32").is_visible()
    assert "第三项整条修改" in page.locator("#art-32 .history").inner_text()


def test_compare_tabs_and_print(server, page):
    page.goto(f"{server}/works/{SLUG}/compare")
    assert page.input_value("input[name=from]") == "2004-06-01"  # filled in
    assert page.input_value("input[name=to]") == "2021-07-30"
    page.locator("#versions a.compare-link").first.click()  # a version of the list
    page.wait_for_selector("#summary")
    assert "整条修改 5" in page.locator("#summary").inner_text()
    assert page.locator("#redline").is_visible() and not page.locator("#table").is_visible()
    assert "第三十条 → 第三十二条" in page.locator("#redline").inner_text()
    _shot(page, "compare")
    page.click("label[for=tab-table]")
    assert page.locator("#table").is_visible() and not page.locator("#redline").is_visible()
    assert "修改后条文" in page.locator("#table").inner_text()
    _shot(page, "compare-table")
    page.emulate_media(media="print")  # the whole document: both views, no tabs, no form
    try:
        assert page.locator("#redline").is_visible() and page.locator("#table").is_visible()
        assert not page.locator("label.tab").first.is_visible()
        assert not page.locator("form.inline").is_visible()
    finally:
        page.emulate_media(media="screen")


def test_draft_marks_and_problems_link_both_ways(server, page):
    page.goto(f"{server}/works/{SLUG}/draft?as_of=2010-01-01")
    draft = (REPO / "tests" / "cases" / "preview" / "heating-draft.txt").read_text(encoding="utf-8")
    page.fill("#draft", draft)
    page.wait_for_selector("li.problem.warning")
    error_bg = page.eval_on_selector("mark.error", "m => getComputedStyle(m).backgroundColor")
    warning = page.locator("#problems li.problem.warning").first
    index = warning.get_attribute("id").split("-")[1]
    assert "⚠ 警告" in warning.inner_text()
    warning.locator("a.to-mark").click()
    page.wait_for_url(f"**#mark-{index}")
    back = page.locator(f"#draft-marked a.to-problem[href='#problem-{index}']")
    assert back.inner_text() == f"⚠{int(index) + 1}"
    back.click()
    page.wait_for_url(f"**#problem-{index}")
    mark_warning = page.locator("#draft-marked mark.warning")
    if mark_warning.count():  # a place with only warnings: another colour than an error's
        assert mark_warning.first.evaluate("m => getComputedStyle(m).backgroundColor") != error_bg
    page.locator("#problems li.problem.error a.to-mark").first.click()
    _shot(page, "draft")
    assert "项" in page.locator("#verdict").inner_text()


def test_draft_edit_mode_writes_the_decision(server, page):
    page.goto(f"{server}/works/{SLUG}/draft?as_of=2021-08-01")
    page.click("#mode-edit")
    page.wait_for_selector("textarea#text")
    text = page.input_value("textarea#text")
    assert text.startswith("吉林省城市供热条例")
    page.fill("textarea#text", text.replace("为加强城市供热管理", "为了加强城市供热管理", 1))
    page.wait_for_selector("#decision")  # debounced live update, no reload
    decision = page.locator("#decision").inner_text()
    assert "一、" in decision and "第一条" in decision and "二、" not in decision
    assert "了" in page.locator("#redline .rl-article ins").first.inner_text()
    page.click("#copy-decision")
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    with page.expect_download() as download:
        page.click("#download-txt")
    path = download.value.path()
    assert Path(path).read_text(encoding="utf-8").startswith("关于修改《吉林省城市供热条例》的决定")
    _shot(page, "draft-edit")
