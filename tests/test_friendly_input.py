"""Friendly input (issue 14 point 13): dates as people write them, one parser for the CLI and
the web; impossible and future dates; a mistyped work name suggests the closest; the web takes
the CLI's short names; a folder laid out like ../shared/corpus-dev used with --corpus."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote, unquote

import pytest

from amend.cli import main
from amend.corpus import find_work, load_index, load_work, resolve, suggest
from amend.dates import DateError, future_note, parse_date

HEATING = "吉林省城市供热条例"
#: a development folder used in the tests: two versions and one decision (a Shanghai omnibus)
HOUSING = "上海市住宅物业管理规定"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "2021-08-01", "2021/8/1", "2021.8.1", "2021年8月1日", "2021年8月1", "20210801",
    "２０２１年８月１日", "２０２１－０８－０１", " 2021 年 8 月 1 日 ", "二〇二一年八月一日",
    "二○二一年八月一日", "2021年八月一日", "二〇二一年8月1日",
])
def test_the_accepted_forms(text):
    assert parse_date(text) == dt.date(2021, 8, 1)


def test_chinese_numerals_for_month_and_day():
    assert parse_date("二〇二三年十二月三十一日") == dt.date(2023, 12, 31)
    assert parse_date("二〇〇四年六月十日") == dt.date(2004, 6, 10)


@pytest.mark.parametrize("text", ["2021-02-30", "2021/13/1", "2023年2月29日", "二〇二一年二月三十日",
                                  "20210230", "0000-01-01"])
def test_an_impossible_date_says_no_such_date(text):
    with pytest.raises(DateError) as err:
        parse_date(text)
    assert "日期不存在" in str(err.value) and "no such date" in str(err.value)


@pytest.mark.parametrize("text", ["tomorrow", "", "2021-8/1", "21-08-01", "2021年8月", "1" * 500,
                                  "二〇二一年十十月一日", "2021-08-01T00:00"])
def test_unreadable_input_lists_the_accepted_forms(text):
    with pytest.raises(DateError) as err:
        parse_date(text)
    message = str(err.value)
    assert "可用的写法" in message and "accepted forms" in message and "2021年8月1日" in message
    assert len(message) < 400  # a long input is not echoed whole


def test_future_note():
    today = dt.date(2026, 1, 1)
    assert future_note(today, today) is None and future_note(dt.date(2025, 1, 1), today) is None
    zh, en = future_note(dt.date(2030, 1, 1), today)
    assert "2030年1月1日" in zh and "届时" in zh and "will be in force" in en


def test_cli_takes_every_form(capsys):
    iso = run(capsys, "consolidate", HEATING, "--as-of", "2022-01-01")
    for form in ("2022/1/1", "2022年1月1日", "二〇二二年一月一日", "20220101"):
        assert run(capsys, "consolidate", HEATING, "--as-of", form) == iso
    assert iso[0] == 0


def test_cli_impossible_and_unreadable_dates_exit_2(capsys):
    code, out, err = run_exit(capsys, "consolidate", HEATING, "--as-of", "2021-02-30")
    assert code == 2 and out == "" and "日期不存在" in err and "no such date" in err
    code, out, err = run_exit(capsys, "diff", HEATING, "--from", "2015年13月1日")
    assert code == 2 and "no such date" in err
    code, out, err = run_exit(capsys, "preview", HEATING, "draft.txt", "--as-of", "soon")
    assert code == 2 and "accepted forms" in err and "Traceback" not in err


def run_exit(capsys, *argv):
    """``run`` for input argparse refuses (it exits through SystemExit)."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_cli_future_date_is_used_and_said(capsys):
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    code, out, err = run(capsys, "consolidate", HEATING, "--as-of", future)
    assert code == 0 and out.startswith(HEATING)
    assert "在今天" in err and "will be in force then" in err
    code, out, err = run(capsys, "consolidate", HEATING, "--as-of", "2022-01-01")
    assert code == 0 and err == ""


# ---- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize("typo", ["吉林省城市供暖条例", "城市供热条列", "供暖条例"])
def test_a_mistyped_name_suggests_the_closest(capsys, typo):
    code, out, err = run(capsys, "history", typo)
    assert code == 2 and out == ""
    assert f"您是否要找：《{HEATING}》？" in err and f"did you mean {HEATING}?" in err


def test_no_suggestion_when_nothing_is_close():
    with pytest.raises(LookupError) as err:
        find_work("刑法")
    assert "您是否要找" not in str(err.value) and "no work named" in str(err.value)
    assert suggest("刑法", load_index()) == ()


def test_book_title_marks_and_spaces_are_ignored():
    assert find_work(f" 《{HEATING}》 ").slug == HEATING
    assert find_work("《城市供热条例》").slug == HEATING


def test_suggestions_are_at_most_three_closest_first():
    import attrs

    base = load_index()[0]

    many = [attrs.evolve(base, slug=f"吉林省城市供热条例{c}", title=f"吉林省城市供热条例{c}",
                         short_name=f"城市供热条例{c}") for c in "甲乙丙丁"]
    close = suggest("吉林省城市供熱条例甲", many)  # 熱: the traditional form of 热
    assert [w.slug[-1] for w in close] == ["甲", "丁", "丙"]  # the closest, then by name
    with pytest.raises(LookupError) as err:
        resolve("吉林省城市供熱条例甲", many)
    assert "您是否要找：《吉林省城市供热条例甲》、" in str(err.value)


# ---- the web ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("starlette", reason="the web extra (starlette) is not installed")
    pytest.importorskip("httpx2", reason="starlette's test client needs httpx2 (test extra)")
    from starlette.testclient import TestClient

    from amend.web.app import create_app

    return TestClient(create_app(), raise_server_exceptions=False)


def test_web_short_name_redirects_to_the_slug(client):
    for name, rest in (("供热条例", ""), ("城市供热条例", "/compare"), (f"《{HEATING}》", "/draft")):
        r = client.get("/works/" + quote(name) + rest, params={"as_of": "2022/1/1"},
                       follow_redirects=False)
        assert r.status_code == 307
        assert unquote(r.headers["location"]) == f"/works/{HEATING}{rest}?as_of=2022/1/1"
    r = client.get("/works/" + quote("供热条例"), params={"as_of": "2022年1月1日"})
    assert r.status_code == 200 and unquote(str(r.url)).endswith(f"/works/{HEATING}?as_of=2022年1月1日")
    assert 'value="2022-01-01"' in r.text


def test_web_unknown_name_is_404_with_the_suggestion(client):
    r = client.get("/works/" + quote("供暖条例"))
    assert r.status_code == 404 and f"您是否要找：《{HEATING}》" in r.text
    r = client.get("/works/" + quote("完全无关"))
    assert r.status_code == 404 and "您是否要找" not in r.text


def test_web_dates(client):
    url = "/works/" + quote(HEATING)
    def page(as_of):  # without the per-request nonce
        return re.sub(r'nonce="[^"]*"', "", client.get(url, params={"as_of": as_of}).text)

    iso = page("2022-01-01")
    assert "第三十九条" in iso
    for form in ("2022/1/1", "2022.1.1", "二〇二二年一月一日", "20220101"):
        assert page(form) == iso
    bad = client.get(url, params={"as_of": "2021-02-30"})
    assert bad.status_code == 400 and "日期不存在" in bad.text and "no such date" in bad.text
    bad = client.get(url + "/compare", params={"from": "someday"})
    assert bad.status_code == 400 and "accepted forms" in bad.text


def test_web_future_date_note(client):
    future = dt.date.today() + dt.timedelta(days=400)
    r = client.get("/works/" + quote(HEATING), params={"as_of": future.isoformat()})
    assert r.status_code == 200
    assert 'id="future"' in r.text and "will be in force then" in r.text
    today = client.get("/works/" + quote(HEATING), params={"as_of": dt.date.today().isoformat()})
    assert 'id="future"' not in today.text


# ---- a development corpus (../shared/corpus-dev) ----------------------------------------------


def test_dev_folder_read_as_a_work(corpus_dev):
    work = load_work(corpus_dev / HOUSING)
    assert work.slug == HOUSING and work.title == HOUSING
    # the text after the decision (a triple) is a republication to check against
    kinds = [(e.kind, e.text, (e.in_force or e.promulgated).isoformat()) for e in work.events]
    assert kinds == [("amendment", "decision-2020-12-30", "2020-12-30"),
                     ("enactment", "version-2010-12-23", "2010-12-23"),
                     ("republication", "version-2020-12-30", "2020-12-30")]
    assert [t.role for t in work.texts] == ["original", "republished", "decision"]
    text = work.read("version-2010-12-23")
    assert text.split("\n", 1)[0] == HOUSING and "<!--" not in text and "#" not in text


def test_dev_corpus_by_name_cli(capsys, corpus_dev):
    code, out, err = run(capsys, "history", "住宅物业管理", "--corpus", str(corpus_dev))
    assert code == 0 and out.startswith(f"《{HOUSING}》") and "2010-12-23 — 2020-12-29" in out
    code, old, err = run(capsys, "consolidate", "住宅物业管理", "--corpus", str(corpus_dev),
                         "--as-of", "2015年1月1日")
    assert code == 0 and "《中华人民共和国物权法》" in old
    code, new, err = run(capsys, "--corpus", str(corpus_dev), "consolidate", HOUSING,
                         "--as-of", "2021/1/1")
    assert code == 0 and "《中华人民共和国民法典》" in new and "《中华人民共和国物权法》" not in new
    code, out, err = run(capsys, "diff", HOUSING, "--corpus", str(corpus_dev), "--from",
                         "2015-01-01", "--to", "2021-01-01", "--format", "json")
    assert code == 0
    first = json.loads(out)["articles"][0]  # linked to the decision's item
    assert first["kind"] == "modified" and first["item"] == "1"
    assert ["-", "物权法"] in first["ops"] and ["+", "民法典"] in first["ops"]


def test_dev_corpus_verify_by_name(capsys, corpus_dev):
    """The text after a decision of the folder's triples is checked against the engine's."""
    code, out, err = run(capsys, "verify", "住宅物业管理", "--corpus", str(corpus_dev), "--format",
                         "json")
    check = json.loads(out)["checks"][0]
    assert check["text"] == "version-2020-12-30" and check["articles_compared"] == 95
    assert check["identical"] >= 80 and code in (0, 1)


def test_dev_corpus_mistyped_name(capsys, corpus_dev):
    code, out, err = run(capsys, "history", "住宅物業", "--corpus", str(corpus_dev))
    assert code == 2 and f"您是否要找：《{HOUSING}》？" in err


def test_dev_corpus_served(corpus_dev):
    pytest.importorskip("starlette", reason="the web extra (starlette) is not installed")
    pytest.importorskip("httpx2", reason="starlette's test client needs httpx2 (test extra)")
    from starlette.testclient import TestClient

    from amend.web.app import create_app

    web = TestClient(create_app(corpus_dev), raise_server_exceptions=False)
    index = unquote(web.get("/").text)
    assert f'href="/works/{HOUSING}' in index and 'href="/works/刑法' in index
    r = web.get("/works/" + quote("住宅物业"), params={"as_of": "2021/1/1"})
    assert r.status_code == 200 and "中华人民共和国民法典" in r.text


def test_broken_dev_manifest_is_named(tmp_path, capsys):
    folder = tmp_path / "某条例"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"title": "某条例", "versions": [{"file": "x.md", '
                                          '"date": "2020-02-30"}]}', encoding="utf-8")
    code, out, err = run(capsys, "history", "某条例", "--corpus", str(tmp_path))
    assert code == 2 and "versions[0].date" in err and "Traceback" not in err
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "history", "某条例", "--corpus", str(tmp_path))
    assert code == 2 and "JSON" in err
    code, out, err = run(capsys, "history", "某条例", "--corpus", str(tmp_path / "absent"))
    assert code == 2 and "does not exist" in err
