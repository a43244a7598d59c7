"""Time: plans (base text, amendment steps, pending events, republications to verify against),
versions and the 题注, for the bundled works and for timelines built in memory."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amend.corpus import (
    CorpusText,
    Derivation,
    Event,
    Work,
    find_work,
    load_index,
    load_work,
    write_work,
)
from amend.structure import parse
from amend.timeline import (
    State,
    check,
    date_zh,
    effective,
    history_note,
    note_diff,
    note_matches,
    plan,
    text_state,
    versions,
)

D = dt.date.fromisoformat
BUNDLED = find_work("吉林省城市供热条例")
#: The work as the gazette gives it: no 2004 text (the bundled manifest adds the engine's derived
#: text; the tests below build that case themselves, and test_bundled_derived_text checks it)
HEATING = attrs.evolve(
    BUNDLED, texts=tuple(t for t in BUNDLED.texts if t.role != "derived"),
    events=tuple(attrs.evolve(e, text="") if e.text.startswith("derived-") else e
                 for e in BUNDLED.events))
ENACTMENT, AMENDMENT, REPUBLICATION = HEATING.events


def test_bundled_derived_text_is_the_enactment_base():
    p = plan(BUNDLED, D("2010-01-01"))
    assert p.base_text == "derived-2004-03-31" and p.steps == ()
    p = plan(BUNDLED, D("2021-08-01"))
    assert p.base_text == "derived-2004-03-31" and [e.text for e in p.steps] == ["decision-2021-07-30"]
    assert check(BUNDLED) == ()


def _official_note(work: Work, text_id: str) -> tuple[str, ...]:
    return parse(work.read(text_id)).regulation.note.lines


# ---- the heating regulation, as bundled (no 2004 text) ---------------------------------------


def test_manifest_events_carry_meetings():
    assert ENACTMENT.meeting == "吉林省第十届人民代表大会常务委员会第九次会议"
    assert AMENDMENT.meeting == "吉林省第十三届人民代表大会常务委员会第二十九次会议"
    assert [e.kind for e in HEATING.events] == ["enactment", "amendment", "republication"]


def test_adopted_but_not_yet_in_force():
    p = plan(HEATING, D("2004-05-01"))
    assert p.status == "not_yet_in_force"
    assert (p.base, p.base_text, p.steps, p.republications) == (None, None, (), ())
    assert p.pending == (ENACTMENT,)
    assert p.message_zh == (
        "《吉林省城市供热条例》已于2004年3月31日通过，自2004年6月1日起施行；2004年5月1日尚未施行"
    )
    assert p.message_en == (
        "吉林省城市供热条例 was adopted on 2004-03-31, in force from 2004-06-01; "
        "not yet in force on 2004-05-01"
    )


def test_before_adoption_nothing_is_pending():
    p = plan(HEATING, D("2000-01-01"))
    assert p.status == "not_yet_in_force" and p.pending == ()
    assert p.message_zh.startswith("《吉林省城市供热条例》2000年1月1日尚未通过")
    assert "2004年6月1日起施行" in p.message_zh and "adopted 2004-03-31" in p.message_en


@pytest.mark.parametrize("day", ["2004-06-01", "2010-01-01", "2021-07-29"])
def test_in_force_as_enacted(day):
    p = plan(HEATING, D(day))
    assert p.status == "in_force"
    assert p.base == ENACTMENT and p.steps == () and p.pending == ()
    assert p.base_text is None  # the 2004 text is not in the corpus
    assert p.republications == ()  # the 2021 republication shows the amended text
    assert p.message_zh == f"《吉林省城市供热条例》{date_zh(D(day))}有效"


@pytest.mark.parametrize("day", ["2021-07-30", "2021-08-01", dt.date.today().isoformat()])
def test_in_force_as_amended_in_2021(day):
    p = plan(HEATING, D(day))
    assert p.status == "in_force"
    assert p.base == ENACTMENT and p.base_text is None
    assert p.steps == (AMENDMENT,) and p.pending == ()
    assert p.republications == (REPUBLICATION,)


def test_heating_versions():
    first, second = versions(HEATING)
    assert (first.start, first.end, first.steps, first.republications) == (
        D("2004-06-01"), D("2021-07-29"), (), ())
    assert (second.start, second.end, second.steps, second.republications) == (
        D("2021-07-30"), None, (AMENDMENT,), (REPUBLICATION,))
    assert first.base == second.base == ENACTMENT
    assert check(HEATING) == ()


def test_heating_note_equals_the_official_one():
    note = history_note(HEATING, D("2021-08-01"))
    assert note == (
        "2004年3月31日吉林省第十届人民代表大会常务委员会第九次会议通过",
        (
            "根据2021年7月30日吉林省第十三届人民代表大会常务委员会第二十九次会议"
            "《吉林省人民代表大会常务委员会关于修改〈吉林省城市供热条例〉的决定》修正"
        ),
    )
    official = _official_note(HEATING, "republished-2021-07-30")
    assert len(official) == 3  # OCR broke the second entry in two
    assert note_matches(note, official) and note_diff(note, official) == ""
    # the raw OCR lines, ASCII brackets included, match as well
    raw = HEATING.read_raw("republished-2021-07-30").split("\n")[2:5]
    assert raw[0].startswith("(") and note_matches(note, raw)


def test_note_before_the_amendment_lacks_it():
    note = history_note(HEATING, D("2010-01-01"))
    official = _official_note(HEATING, "republished-2021-07-30")
    assert note == ("2004年3月31日吉林省第十届人民代表大会常务委员会第九次会议通过",)
    assert not note_matches(note, official)
    assert note_diff(note, official).startswith("条目数不同 / entry count differs (1 ≠ 2): 官方的多出")
    assert history_note(HEATING, D("2004-05-01")) == ()


def test_single_text_works():
    for work in load_index():
        if work.slug == HEATING.slug:
            continue
        (enactment,) = work.events
        first = effective(enactment)
        (version,) = versions(work)
        assert (version.start, version.end, version.base) == (first, None, enactment)
        assert version.steps == ()
        assert version.base_text == enactment.text
        today = plan(work, dt.date.today())
        assert (today.status, today.base_text, today.steps) == ("in_force", enactment.text, ())
        before = plan(work, first - dt.timedelta(days=1))
        assert before.status == "not_yet_in_force" and before.base is None
        assert check(work) == ()


def test_official_vehicle_note_differs_only_in_the_adoption_verb():
    work = find_work("吉林省党政机关公务用车管理办法")
    note = history_note(work, dt.date.today())
    assert note == (
        "2023年5月5日中共吉林省委常委会议通过　2023年5月19日中共吉林省委办公厅、吉林省人民政府办公厅发布",
    )
    official = _official_note(work, "original-2023-05-19")
    assert "审议批准" in note_diff(note, official) and "entry 1" in note_diff(note, official)
    # adopted in May, in force in July: pending in between
    p = plan(work, D("2023-06-01"))
    assert p.status == "not_yet_in_force" and p.pending == work.events


def test_issuing_verb_follows_the_in_force_rule():
    assert history_note(find_work("吉林省人民政府决策咨询工作规则"), D("2024-01-01")) == (
        "2020年5月7日吉林省人民政府办公厅印发",)
    assert history_note(find_work("吉林省安全生产信用分类分级管理办法（试行）"), D("2024-01-01")) == (
        "2020年6月19日吉林省应急管理厅发布",)


# ---- the heating regulation with the engine's derived 2004 text ------------------------------

DERIVED = CorpusText(
    id="derived-2004-03-31", role="derived", file="derived-2004-03-31.txt",
    raw="derived-2004-03-31.txt", source=None,
    derived_from=Derivation(text="republished-2021-07-30", decision="decision-2021-07-30",
                            method="invert"),
)


def test_derived_text_is_the_base_before_the_enactment_names_it():
    work = attrs.evolve(HEATING, texts=(*HEATING.texts, DERIVED))
    assert text_state(work, "derived-2004-03-31") == State(ENACTMENT, ())
    assert text_state(work, "republished-2021-07-30") == State(ENACTMENT, (AMENDMENT,))
    assert text_state(work, "decision-2021-07-30") is None
    assert plan(work, D("2010-01-01")).base_text == "derived-2004-03-31"
    assert plan(work, D("2021-08-01")).base_text == "derived-2004-03-31"
    assert [v.base_text for v in versions(work)] == ["derived-2004-03-31"] * 2
    assert check(work) == ()


def test_derived_text_named_by_the_enactment():
    enactment = attrs.evolve(ENACTMENT, text="derived-2004-03-31")
    work = attrs.evolve(HEATING, texts=(*HEATING.texts, DERIVED),
                        events=(enactment, AMENDMENT, REPUBLICATION))
    p = plan(work, D("2021-08-01"))
    assert (p.base, p.base_text, p.steps, p.republications) == (
        enactment, "derived-2004-03-31", (AMENDMENT,), (REPUBLICATION,))
    assert plan(work, D("2010-01-01")).base_text == "derived-2004-03-31"
    assert note_matches(history_note(work, D("2021-08-01")),
                        _official_note(HEATING, "republished-2021-07-30"))
    assert check(work) == ()


def test_a_derivation_that_does_not_resolve_is_not_used_and_is_reported():
    wrong = attrs.evolve(DERIVED, derived_from=attrs.evolve(DERIVED.derived_from,
                                                            decision="decision-1999-01-01"))
    work = attrs.evolve(HEATING, texts=(*HEATING.texts, wrong))
    assert text_state(work, wrong.id) is None
    assert plan(work, D("2010-01-01")).base_text is None
    assert check(work) == (
        "文本“derived-2004-03-31”的推导无法解析 / the derivation of 'derived-2004-03-31' does not resolve",
    )
    enactment = attrs.evolve(ENACTMENT, text=wrong.id)
    named = attrs.evolve(work, events=(enactment, AMENDMENT, REPUBLICATION))
    assert plan(named, D("2010-01-01")).base_text == wrong.id  # the manifest says so ...
    assert any("does not show this event's text" in m for m in check(named))  # ... and is told


def test_manifest_loads_meeting_number_and_derivation(tmp_path):
    manifest = {
        "slug": "w", "title": "某条例", "issuing_bodies": ["某机关"],
        "texts": [{"id": "derived-2004-03-31", "role": "derived", "file": "derived-2004-03-31.txt",
                   "raw": "raw/derived-2004-03-31.txt",
                   "derived_from": {"text": "republished-2021-07-30",
                                    "decision": "decision-2021-07-30", "method": "invert"}}],
        "events": [{"kind": "enactment", "text": "derived-2004-03-31", "adopted": D("2004-03-31"),
                    "meeting": "某会议", "number": "某令第1号"}],
    }
    write_work(tmp_path / "w", manifest, {"derived-2004-03-31.txt": "某条例"})
    work = load_work(tmp_path / "w")
    assert work.texts[0].derived_from == DERIVED.derived_from
    assert (work.events[0].meeting, work.events[0].number) == ("某会议", "某令第1号")


# ---- a synthetic timeline ---------------------------------------------------------------------


def ev(kind: str, adopted=None, promulgated=None, in_force=None, **kw) -> Event:
    return Event(kind=kind, adopted=_day(adopted), promulgated=_day(promulgated),
                 in_force=_day(in_force), **kw)


def _day(iso: str | None) -> dt.date | None:
    return D(iso) if iso else None


def synthetic(*events: Event, texts: tuple[CorpusText, ...] = ()) -> Work:
    return Work(slug="某条例", title="某省某条例", short_name="某条例", kind="地方性法规",
                issuing_bodies=("某省人民代表大会常务委员会",), texts=texts, events=events,
                path=Path("."))


CONGRESS = "某省人民代表大会常务委员会"
E = ev("enactment", "2010-01-01", in_force="2010-03-01", body=CONGRESS, meeting="某省第十一届人大常委会第一次会议")
A1 = ev("amendment", "2012-06-01", "2012-06-01", "2012-06-01", text="d1", meeting="第二次会议",
        title="某省人民代表大会常务委员会关于修改《某省某条例》的决定")
A2 = ev("amendment", "2014-01-10", "2014-01-10", "2014-07-01", text="d2", meeting="第三次会议",
        title="某省人民代表大会常务委员会关于修改《某省某条例》等三件地方性法规的决定")
R1 = ev("republication", promulgated="2014-01-10", text="r2014")
REV = ev("revision", "2016-05-01", "2016-05-01", "2016-10-01", text="rev2016", meeting="第四次会议")
A3 = ev("amendment", "2018-01-01", "2018-01-05", in_force_rule="本决定自公布之日起施行。", text="d3",
        meeting="第五次会议", title="某省人民代表大会常务委员会关于修改《某省某条例》的决定")
R3 = ev("republication", promulgated="2018-01-05", text="r2018")
A4 = ev("amendment", "2019-03-01", "2019-03-01", text="d4", title="关于修改《某省某条例》的决定")
X = ev("repeal", "2022-01-01", "2022-01-01", "2022-03-01", title="关于废止《某省某条例》的决定")
WORK = synthetic(E, A1, A2, R1, REV, A3, R3, A4, X)


def test_in_force_on_promulgation_with_only_the_promulgation_date():
    assert A3.in_force is None and effective(A3) == D("2018-01-05")
    assert effective(ev("amendment", "2020-01-01", in_force_rule="自通过之日起施行")) == D("2020-01-01")
    dated = ev("amendment", "2020-01-01", in_force_rule="本决定自2020年5月1日起施行")
    assert effective(dated) == D("2020-05-01")
    assert effective(A4) is None
    assert plan(WORK, D("2018-01-04")).pending == (A3,)
    assert plan(WORK, D("2018-01-05")).steps == (A3,)


def test_adopted_amendment_is_pending_until_in_force():
    p = plan(WORK, D("2014-03-01"))
    assert (p.status, p.base, p.steps, p.pending) == ("in_force", E, (A1,), (A2,))
    assert p.republications == ()  # r2014 already shows A2, which is not in force yet
    assert p.message_zh == (
        "《某省某条例》2014年3月1日有效；尚未施行：《某省人民代表大会常务委员会关于修改〈某省某条例〉"
        "等三件地方性法规的决定》（2014年1月10日通过，自2014年7月1日起施行）"
    )
    q = plan(WORK, D("2014-07-01"))
    assert (q.steps, q.pending, q.republications) == ((A1, A2), (), (R1,))


def test_revision_resets_the_base():
    p = plan(WORK, D("2016-07-01"))
    assert (p.base, p.steps, p.pending) == (E, (A1, A2), (REV,))
    q = plan(WORK, D("2017-01-01"))
    assert (q.base, q.base_text, q.steps, q.republications) == (REV, None, (), ())
    assert plan(WORK, D("2018-02-01")).republications == (R3,)


def test_amendment_with_unknown_in_force_date_stays_pending():
    p = plan(WORK, D("2020-01-01"))
    assert (p.base, p.steps, p.pending) == (REV, (A3,), (A4,))
    assert "施行日期不详" in p.message_zh and "in-force date unknown" in p.message_en
    assert [m for m in check(WORK) if "没有文本" not in m] == [  # WORK has no texts at all
        "事件8（amendment） / event 8 (amendment)：施行日期不详 / no in-force date"]


def test_repeal():
    before = plan(WORK, D("2022-02-28"))
    assert before.status == "in_force" and before.pending == (X, A4)  # unknown dates last
    p = plan(WORK, D("2022-03-01"))
    assert p.status == "repealed"
    assert (p.base, p.steps) == (REV, (A3,))  # the state of the last day in force
    assert p.message_zh == "《某省某条例》自2022年3月1日起废止；2022年3月1日已不再有效"
    assert history_note(WORK, D("2030-01-01")) == history_note(WORK, D("2022-02-28"))


def test_synthetic_versions():
    got = [(v.start, v.end, v.base, v.steps, v.republications) for v in versions(WORK)]
    assert got == [
        (D("2010-03-01"), D("2012-05-31"), E, (), ()),
        (D("2012-06-01"), D("2014-06-30"), E, (A1,), ()),
        (D("2014-07-01"), D("2016-09-30"), E, (A1, A2), (R1,)),
        (D("2016-10-01"), D("2018-01-04"), REV, (), ()),
        (D("2018-01-05"), D("2022-02-28"), REV, (A3,), (R3,)),
    ]


def test_note_numbers_amendments_across_a_revision():
    assert history_note(WORK, D("2018-02-01")) == (
        "2010年1月1日某省第十一届人大常委会第一次会议通过",
        "根据2012年6月1日第二次会议《某省人民代表大会常务委员会关于修改〈某省某条例〉的决定》第一次修正",
        "根据2014年1月10日第三次会议《某省人民代表大会常务委员会关于修改〈某省某条例〉等三件地方性法规的决定》第二次修正",
        "2016年5月1日第四次会议修订",
        "根据2018年1月1日第五次会议《某省人民代表大会常务委员会关于修改〈某省某条例〉的决定》第三次修正",
    )
    # only the enactment and one amendment so far: not numbered
    assert history_note(WORK, D("2013-01-01"))[1].endswith("的决定》修正")


def test_revisions_are_numbered_when_there_are_several():
    work = synthetic(E, REV, attrs.evolve(REV, adopted=D("2020-01-01"), in_force=D("2020-01-01")))
    assert history_note(work, D("2021-01-01"))[1:] == (
        "2016年5月1日第四次会议第一次修订", "2020年1月1日第四次会议第二次修订")


def test_npc_style_note():
    law = "中华人民共和国反垄断法"
    work = synthetic(
        ev("enactment", "2007-08-30", in_force="2008-08-01", body="全国人民代表大会常务委员会",
           meeting="第十届全国人民代表大会常务委员会第二十九次会议"),
        ev("amendment", "2022-06-24", "2022-06-24", "2022-08-01",
           meeting="第十三届全国人民代表大会常务委员会第三十五次会议",
           title=f"全国人民代表大会常务委员会关于修改《{law}》的决定"),
    )
    official = [
        "（2007年8月30日第十届全国人民代表大会常务委员会第二十九次会议通过",
        "根据2022年6月24日第十三届全国人民代表大会常务委员会第三十五次会议",
        f"《全国人民代表大会常务委员会关于修改〈{law}〉的决定》修正）",
    ]
    assert note_matches(history_note(work, D("2022-08-01")), official)
    # adopted in June, in force in August: the note of the state in force in July is the old one
    assert len(history_note(work, D("2022-07-01"))) == 1


def test_ordering_ties():
    a = ev("amendment", "2012-01-02", in_force="2012-06-01", text="a")
    b = ev("amendment", "2012-01-01", in_force="2012-06-01", text="b")
    c = ev("amendment", "2012-01-01", in_force="2012-06-01", text="c")
    assert plan(synthetic(E, a, b, c), D("2013-01-01")).steps == (b, c, a)
    assert plan(synthetic(E, c, a, b), D("2013-01-01")).steps == (c, b, a)
    # an amendment in force on the day the law is: applied after the enactment, the same day
    early = ev("amendment", "2010-02-01", in_force="2010-03-01", text="early")
    p = plan(synthetic(early, E), D("2010-03-01"))
    assert (p.base, p.steps) == (E, (early,))
    assert plan(synthetic(early, E), D("2010-02-15")).pending == (E, early)
    assert [v.start for v in versions(synthetic(early, E))] == [D("2010-03-01")]


def test_note_comparison():
    note = ("2010年1月1日某会议通过", "根据2012年6月1日某会议《关于修改〈某条例〉的决定》修正")
    assert note_matches(note, ["(2010年1月1日某会议通过", "根据2012年6月1日某会", "议《关于修改〈某条例〉的决定》修正)"])
    assert note_matches(note, ["（2010年1月1日某会议通过　根据2012年6月1日某会议《关于修改〈某条例〉的决定》修正）"])
    diff = note_diff(note, ["（2010年1月1日某会议通过", "根据2012年6月2日某会议《关于修改〈某条例〉的决定》修正）"])
    assert diff.startswith("第2项不同 / entry 2 differs at character 10")


# ---- properties -------------------------------------------------------------------------------

DAY0 = dt.date(2000, 1, 1)
DAYS = st.integers(0, 60).map(lambda n: DAY0 + dt.timedelta(days=n))
LAG = st.integers(0, 12).map(lambda n: dt.timedelta(days=n))


@st.composite
def change(draw, kind: str) -> Event:
    adopted = draw(DAYS)
    how = draw(st.sampled_from(["date", "on_promulgation", "unknown"]))
    if how == "date":
        return Event(kind=kind, adopted=adopted, in_force=adopted + draw(LAG))
    if how == "on_promulgation":
        return Event(kind=kind, adopted=adopted, promulgated=adopted + draw(LAG),
                     in_force_rule="自公布之日起施行")
    return Event(kind=kind, adopted=adopted)


@st.composite
def timelines(draw) -> Work:
    adopted = draw(DAYS)
    events = [Event(kind="enactment", adopted=adopted, in_force=adopted + draw(LAG))]
    for i in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["amendment", "amendment", "revision", "republication"]))
        if kind == "republication":
            events.append(Event(kind=kind, promulgated=draw(DAYS), text=f"r{i}"))
        else:
            events.append(attrs.evolve(draw(change(kind)), text=f"t{i}"))
    if draw(st.booleans()):
        events.append(draw(change("repeal")))
    return synthetic(*draw(st.permutations(events)))


@settings(max_examples=150, deadline=None)
@given(timelines())
def test_plans_and_versions_agree(work):
    def days(*kinds):
        return [effective(e) for e in work.events if e.kind in kinds and effective(e)]

    first, stop = min(days("enactment", "revision")), min(days("repeal"), default=None)
    vs = versions(work)
    for earlier, later in itertools.pairwise(vs):
        assert earlier.end + dt.timedelta(days=1) == later.start
        assert (earlier.base, earlier.steps) != (later.base, later.steps)
    for n in range(-3, 90):
        day = DAY0 + dt.timedelta(days=n)
        p = plan(work, day)
        in_force = day >= first and (stop is None or day < stop)
        assert (p.status == "in_force") == in_force
        covering = [v for v in vs if v.start <= day and (v.end is None or day <= v.end)]
        assert len(covering) == (1 if in_force else 0)
        if covering:
            assert (covering[0].base, covering[0].steps) == (p.base, p.steps)
            assert set(p.republications) <= set(covering[0].republications)
        applied = [effective(s) for s in p.steps]
        assert applied == sorted(applied) and all(d <= day for d in applied)
        assert all(effective(e) is None or effective(e) > day for e in p.pending)
        assert all(e.kind != "republication" for e in p.pending)
