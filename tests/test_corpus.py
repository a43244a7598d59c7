"""The bundled corpus: manifests, provenance, reasoned corrections, and what each work parses to."""

from __future__ import annotations

import datetime as dt

import pytest

from amend.corpus import find_work, load_index
from amend.resources import corpus_dir
from amend.structure import parse, parse_source, render

WORKS = load_index()


def test_corpus_is_bundled_with_the_package():
    assert corpus_dir().is_dir()
    assert {w.slug for w in WORKS} >= {
        "吉林省城市供热条例",
        "吉林省党政机关公务用车管理办法",
        "吉林省人民政府决策咨询工作规则",
        "吉林省安全生产信用分类分级管理办法（试行）",
    }


@pytest.mark.parametrize("work", WORKS, ids=lambda w: w.slug)
def test_manifest_fields_and_texts(work):
    assert work.title and work.slug and work.short_name and work.issuing_bodies
    assert work.events and all(e.kind for e in work.events)
    for text in work.texts:
        # the stored text is exactly the raw extract, normalised, with the reasoned corrections
        # (a "derived" text: exactly what the engine reconstructs from its stated sources)
        assert work.derive_text(text.id) == work.read(text.id)
        assert all(c.reason for c in text.corrections)
        if text.role == "derived":
            assert text.source is None and text.derived_from is not None
        else:
            assert text.source.first_line <= text.source.last_line


@pytest.mark.parametrize("work", WORKS, ids=lambda w: w.slug)
def test_regulation_texts_parse_without_warnings_and_round_trip(work):
    for text in work.texts:
        if text.role == "decision":
            continue
        normalised = work.read(text.id)
        parsed = parse(normalised)
        assert parsed.warnings == ()
        assert render(parsed.regulation) == normalised
        assert parsed.regulation.title == (work.title,)


def test_provenance_points_at_the_seed_lines(seeds):
    for work in WORKS:
        for text in work.texts:
            if text.source is None:
                continue  # derived by the engine, not extracted
            seed = (seeds / text.source.seed).read_text(encoding="utf-8").split("\n")
            lines = seed[text.source.first_line - 1 : text.source.last_line]
            assert "\n".join(lines) == work.read_raw(text.id)


def test_heating_regulation_work():
    work = find_work("吉林省城市供热条例")
    assert find_work("城市供热条例") is work or find_work("城市供热条例").slug == work.slug
    republished = work.latest_text()
    assert republished.role == "republished"
    [correction] = republished.corrections
    assert correction.kind == "insert-line" and correction.line == "第一章 总则"
    reg = parse(work.read(republished.id)).regulation
    assert len(reg.articles()) == 39
    assert [c.heading for c in reg.chapters()] == [
        "第一章 总则", "第二章 规划与建设", "第三章 供热与用热", "第四章 供热收费",
        "第五章 供热设施", "第六章 法律责任", "第七章 附则",
    ]
    assert [len(reg.find_article(n).paragraphs[0].items) for n in (6, 19, 20)] == [6, 7, 5]
    # the raw extract still shows the gazette's defect
    raw = parse_source(work.read_raw(republished.id))
    assert [w.code for w in raw.warnings] == ["missing-first-chapter"]
    enactment, amendment, republication = work.events
    assert (enactment.kind, enactment.adopted, enactment.in_force) == (
        "enactment", dt.date(2004, 3, 31), dt.date(2004, 6, 1))
    assert enactment.body == "吉林省人民代表大会常务委员会"
    assert (amendment.kind, amendment.adopted, amendment.promulgated, amendment.in_force) == (
        "amendment", dt.date(2021, 7, 30), dt.date(2021, 7, 30), dt.date(2021, 7, 30))
    assert amendment.in_force_rule == "自公布之日起施行"
    assert republication.kind == "republication"
    decision = work.read(amendment.text)
    assert decision.split("\n")[0] == "吉林省人民代表大会常务委员会关于修改《吉林省城市供热条例》的决定"
    assert decision.split("\n")[-1] == "《吉林省城市供热条例》根据本决定作相应修改，重新公布。"


def test_rule_dates_and_bodies():
    car = find_work("吉林省党政机关公务用车管理办法")
    [event] = car.events
    assert (event.adopted, event.promulgated, event.in_force) == (
        dt.date(2023, 5, 5), dt.date(2023, 5, 19), dt.date(2023, 7, 25))
    assert car.issuing_bodies == ("中共吉林省委办公厅", "吉林省人民政府办公厅")
    consult = find_work("决策咨询工作规则")
    [event] = consult.events
    assert (event.promulgated, event.in_force, event.in_force_rule) == (
        dt.date(2020, 5, 7), dt.date(2020, 5, 7), "自印发之日起施行")
    safety = find_work("安全生产信用分类分级管理办法")
    [event] = safety.events
    assert (event.promulgated, event.in_force) == (dt.date(2020, 6, 19), dt.date(2020, 6, 19))
    assert safety.issuing_bodies == ("吉林省应急管理厅",)


def test_unknown_and_ambiguous_names():
    with pytest.raises(LookupError, match="no work named"):
        find_work("不存在的条例")
    with pytest.raises(LookupError, match="ambiguous"):
        find_work("吉林省")
