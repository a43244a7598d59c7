"""Gazette ingest: split an issue of a government gazette into its documents.

Contract: ``split_gazette(source)`` normalises an OCR'd gazette issue and finds (1) amendment
decisions — a title "…关于修改《X》的决定" followed by its adoption note — and (2) article-structured
regulations and rules — a run of articles starting at 第一条, with the title, 题注 and any wrapping
notice (…印发…的通知, document number, signature date) found above it.  Each ``GazetteDocument``
carries its title, issuing bodies, the dates the text states (通过, 公布/发布/印发, 施行 — resolving
"自公布之日起施行" and its variants to a date), and its provenance: the 1-based source line range
and the raw lines exactly as in the gazette.  Nothing is guessed: a date the text does not state
stays ``None``.  ``corpus_entries`` groups documents into corpus works (see ``amend.corpus``),
each under a folder name ``folder_name`` derives from the title so that it cannot leave the
folder it is written into (``IngestError`` when a title leaves nothing usable); a document that
states no date gets a text id without one ("decision", "original").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from amend.codecache import attrs

from amend import numerals
from amend.normalise import normalise
from amend.text import ARTICLE_RE, DATE_ONLY_RE, DIVISION_RE, ITEM_RE, SENTENCE_END, SUBITEM_RE

_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_DATE_RE = re.compile(_DATE)
_DECISION_TITLE = re.compile(r"^(?P<body>.+?)关于修改《(?P<target>.+?)》(?:等.+)?的决定$")
_TITLE_END = re.compile(
    r"(条例|办法|规则|规定|细则|决定|通知|意见|方案|措施|解释|决议|章程|规程)(（[^（）]{1,12}）)?$"
)
_NOTICE_PRINT = re.compile(r"^(?P<body>.*?)(?:关于)?(?:印发|修订|发布)《?(?P<title>.+?)》?(?:的通知)?$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
_TRAILER = re.compile(r"^（据.*）$")
_SESSION = re.compile(r"第[一二三四五六七八九十]+届|第[一二三四五六七八九十百]+次会议")
_IN_FORCE_DATE = re.compile(rf"自{_DATE}起施行")
_IN_FORCE_EVENT = re.compile(r"自(公布|发布|印发|颁布)之日起施行")
_NO_DATE = r"(?:(?!\d{4}年)[^）])*?"  # text up to the event word, not crossing another date
_MEETING = re.compile(rf"{_DATE}([^（）]*?会议)(?:通过|审议批准)")


def _meeting(text: str) -> str:
    """"2004年3月31日吉林省第十届人民代表大会常务委员会第九次会议通过" → the meeting's name."""
    m = _MEETING.search(text)
    return m[4] if m else ""


@attrs.frozen
class Dates:
    adopted: dt.date | None = None  # 通过 / 审议批准
    promulgated: dt.date | None = None  # 公布 / 发布 / 印发
    in_force: dt.date | None = None  # 施行
    in_force_rule: str = ""  # the phrase that fixed in_force, e.g. "自公布之日起施行"


@attrs.frozen
class GazetteDocument:
    kind: str  # "decision" or "regulation"
    title: str
    target: str | None  # the regulation a decision amends
    issuing_bodies: tuple[str, ...]
    doc_number: str | None
    dates: Dates
    first_line: int  # 1-based, inclusive, in the gazette file
    last_line: int
    raw: str  # the gazette's lines first_line..last_line, verbatim
    meeting: str = ""  # the meeting that adopted it, as the text names it
    headline: str = ""  # the printed headline when it is not the title (…印发《X》)

    @property
    def text(self) -> str:
        return normalise(self.raw).text


def _date(m: re.Match | None) -> dt.date | None:
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None


def split_gazette(source: str) -> tuple[GazetteDocument, ...]:
    """Every decision and article-structured regulation in one gazette issue, in order."""
    norm = normalise(source)
    lines = norm.text.split("\n")
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    src_lines = source.split("\n")

    def src_line(i: int, end: bool = False) -> int:
        """1-based source line of normalised line i (its last character when ``end``)."""
        pos = starts[i] + (max(len(lines[i]) - 1, 0) if end else 0)
        return norm.source_line(pos)

    def raw(first: int, last: int) -> str:
        return "\n".join(src_lines[src_line(first) - 1 : src_line(last, end=True)])

    docs: list[tuple[int, GazetteDocument]] = []
    for first, last, make in _decisions(lines) + _regulations(lines):
        a, b = src_line(first), src_line(last, end=True)
        docs.append((first, make(raw(first, last), a, b, src_lines)))
    return tuple(d for _, d in sorted(docs, key=lambda p: p[0]))


# ---- decisions ------------------------------------------------------------------------------


def _decisions(lines: list[str]):
    found = []
    for i, line in enumerate(lines):
        m = _DECISION_TITLE.match(line)
        if not m or not _has_adoption_note(lines, i + 1):
            continue  # a table-of-contents entry has no note under it
        j = i + 1
        depth = 0
        while j + 1 < len(lines):
            depth += lines[j].count("“") - lines[j].count("”")
            if depth <= 0 and "重新公布" in lines[j]:
                break
            nxt = lines[j + 1]
            if depth <= 0 and (_TITLE_END.search(nxt) and not SENTENCE_END.search(nxt)):
                break
            j += 1
        found.append((i, j, _decision_maker(lines[i : j + 1], m)))
    return found


def _has_adoption_note(lines: list[str], i: int) -> bool:
    return i < len(lines) and lines[i].startswith("（") and "通过" in lines[i]


def _decision_maker(block: list[str], m: re.Match):
    text = "\n".join(block)
    adopted = _date(re.search(rf"（{_DATE}[^（）]*通过）", text))
    promulgated = None
    if "公告" in text and "现予公布" in text:  # 公告 … 现予公布 … signature, date
        after = text[text.index("现予公布") :].split("\n")
        promulgated = next((_date(DATE_ONLY_RE.match(x)) for x in after if DATE_ONLY_RE.match(x)), None)
    in_force, rule = _in_force(text, {"公布": promulgated})
    meeting = _meeting(text)

    def make(raw: str, a: int, b: int, _src) -> GazetteDocument:
        return GazetteDocument(
            meeting=meeting,
            kind="decision",
            title=block[0],
            target=m["target"],
            issuing_bodies=(m["body"],),
            doc_number=None,
            dates=Dates(adopted, promulgated, in_force, rule),
            first_line=a,
            last_line=b,
            raw=raw,
        )

    return make


def _in_force(text: str, events: dict[str, dt.date | None]) -> tuple[dt.date | None, str]:
    if m := _IN_FORCE_DATE.search(text):
        return _date(m), m[0]
    if m := _IN_FORCE_EVENT.search(text):
        event = m[1]
        date = events.get(event) or events.get("公布") or events.get("发布") or events.get("印发")
        return date, m[0]
    return None, ""


# ---- regulations ----------------------------------------------------------------------------


def _regulations(lines: list[str]):
    runs: list[list[int]] = []
    for i, line in enumerate(lines):
        m = ARTICLE_RE.match(line)
        if not m:
            continue
        key = (numerals.cn_to_int(m[1]), numerals.cn_to_int(m[2]) if m[2] else 0)
        if key == (1, 0) or not runs:
            runs.append([i])
        else:
            runs[-1].append(i)
    found = []
    for run in runs:
        first_article, last_article = run[0], run[-1]
        title_i, note = _title_above(lines, first_article)
        if title_i is None:
            continue
        end = last_article
        while end + 1 < len(lines) and _continues_article(lines[end + 1]):
            end += 1
        found.append((title_i, end, _regulation_maker(lines, title_i, note, end)))
    return found


def _title_above(lines: list[str], i: int) -> tuple[int | None, list[str]]:
    """The title line above the first article, skipping headings and the 题注."""
    j = i - 1
    note: list[str] = []
    while j >= 0 and DIVISION_RE.match(lines[j]):
        j -= 1
    if j >= 0 and lines[j].endswith("）"):
        k, depth = j, 0
        while k >= 0:
            depth += lines[k].count("）") - lines[k].count("（")
            if depth <= 0:
                break
            k -= 1
        if k >= 0 and lines[k].startswith("（") and _DATE_RE.search(lines[k]):
            note = lines[k : j + 1]
            j = k - 1
    if j >= 0 and _TITLE_END.search(lines[j]) and not SENTENCE_END.search(lines[j]):
        return j, note
    return None, note


def _continues_article(line: str) -> bool:
    if _TRAILER.match(line) or DATE_ONLY_RE.match(line) or ARTICLE_RE.match(line):
        return False
    if ITEM_RE.match(line) or SUBITEM_RE.match(line):
        return True
    return bool(SENTENCE_END.search(line)) and not _TITLE_END.search(line)


def _regulation_maker(lines: list[str], title_i: int, note: list[str], end: int):
    headline = lines[title_i]
    title, bodies, number, notice_date = headline, (), None, None
    if (m := _NOTICE_PRINT.match(headline)) and "印发" in headline:
        title = m["title"]  # "…办公厅 印发吉林省党政机关公务用车管理办法": the headline names the rule
    notice = _wrapping_notice(lines, title_i)
    if notice:
        bodies, number, notice_date = notice
    note_text = "".join(note)
    adopted = _date(re.search(rf"{_DATE}{_NO_DATE}(?:通过|审议批准)", note_text))
    issued = _date(re.search(rf"{_DATE}{_NO_DATE}(?:发布|公布|印发)", note_text)) or notice_date
    meeting = _meeting(note_text)
    text = "\n".join(lines[title_i : end + 1])
    in_force, rule = _in_force(text, {"公布": issued, "发布": issued, "印发": issued, "颁布": issued})

    def make(raw: str, a: int, b: int, src_lines: list[str]) -> GazetteDocument:
        found_bodies = bodies or _bodies_from(src_lines[a - 1], note_text)
        return GazetteDocument(
            meeting=meeting,
            headline=headline if headline != title else "",
            kind="regulation",
            title=title,
            target=None,
            issuing_bodies=found_bodies,
            doc_number=number,
            dates=Dates(adopted, issued, in_force, rule),
            first_line=a,
            last_line=b,
            raw=raw,
        )

    return make


def _wrapping_notice(lines: list[str], title_i: int):
    """"…关于修订/印发…的通知", 文号, body, signature, date directly above a rule's title."""
    for k in range(title_i - 1, max(title_i - 15, -1), -1):
        line = lines[k]
        if line.endswith("的通知") and not SENTENCE_END.search(line):
            block = lines[k:title_i]
            number = next((m[0] for x in block if (m := _DOC_NUMBER.fullmatch(x))), None)
            date = next((_date(DATE_ONLY_RE.match(x)) for x in reversed(block) if DATE_ONLY_RE.match(x)), None)
            body = re.split(r"关于", line)[0]
            return (body,) if body else (), number, date
        if ARTICLE_RE.match(line) or _TRAILER.match(line):
            return None
    return None


def _bodies_from(raw_headline: str, note_text: str) -> tuple[str, ...]:
    """Issuers: the space-separated names before 印发 in the raw headline, else the adopting
    body of the 题注 ("吉林省第十届人民代表大会常务委员会第九次会议通过" → 吉林省人民代表大会常务委员会)."""
    head = re.sub(r"^[#\s*]+", "", raw_headline)
    if "印发" in head:
        names = head.split("印发")[0].split()
        if names:
            return tuple(names)
    if m := re.search(rf"{_DATE}(.+?会议)(?:通过|审议批准)", note_text):
        return (_SESSION.sub("", m[4]).replace("会议", "").strip(),)
    return ()


# ---- corpus entries -------------------------------------------------------------------------


class IngestError(ValueError):
    """A document that cannot be made into a corpus work (the message is bilingual)."""


#: Path separators, characters Windows forbids in names, and runs of dots ("..").
_UNSAFE = re.compile(r'(?:[\\/<>:"|?*]|\.{2,})+')
#: Most file systems allow 255 bytes per name; leave room for the temporary folder's affixes.
MAX_NAME_BYTES = 180


def folder_name(title: str) -> str:
    """A folder name for a work titled ``title`` that stays inside the folder it is made in:
    control and format characters (category C*, line separators) dropped; path separators,
    characters Windows forbids and runs of dots replaced by "_"; leading dots, underscores and
    spaces and trailing dots and spaces stripped; a name over ``MAX_NAME_BYTES`` bytes of UTF-8
    cut, with 8 hex digits of the title's hash so two long titles stay apart.  An ordinary title
    is returned unchanged; ``IngestError`` when nothing usable is left."""
    name = "".join(c for c in title if unicodedata.category(c)[0] != "C"
                   and unicodedata.category(c) not in ("Zl", "Zp"))
    name = _UNSAFE.sub("_", name).lstrip(" ._").rstrip(" .")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        digest = hashlib.sha256(title.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = name.encode("utf-8")[:MAX_NAME_BYTES - 9].decode("utf-8", "ignore") + "-" + digest
    if not name:
        raise IngestError(f"标题“{title[:80]}”不能用作文件夹名称 / the title {title[:80]!r} "
                          "cannot be used as a folder name")
    return name


def _text_id(manifest: dict, kind: str, day: dt.date | None) -> str:
    """"decision-2021-07-30" ("decision" when the text states no date), with "-2", "-3" … when
    the work already has a text of that id."""
    base = f"{kind}-{day.isoformat()}" if day else kind
    taken = {t["id"] for t in manifest["texts"]}
    n, text_id = 1, base
    while text_id in taken:
        n += 1
        text_id = f"{base}-{n}"
    return text_id


_REGION_PREFIX = re.compile(r"^(中华人民共和国|[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,3}市)")


def corpus_entries(docs: tuple[GazetteDocument, ...], seed_name: str):
    """Group a gazette's documents into works: ``[(slug, manifest dict, {path: text})]``.

    A decision and a regulation belong to the same work when the decision's target is the
    regulation's title; the regulation is then the text republished under that decision.  The
    slug is ``folder_name(title)`` (``IngestError`` when the title leaves nothing usable).
    """
    works: dict[str, dict] = {}
    for doc in docs:
        title = doc.target or doc.title
        work = works.setdefault(title, {"docs": []})
        work["docs"].append(doc)
    out = []
    for title, work in works.items():
        decisions = [d for d in work["docs"] if d.kind == "decision"]
        regulations = [d for d in work["docs"] if d.kind == "regulation"]
        manifest: dict = {
            "slug": folder_name(title),
            "title": title,
            "short_name": _REGION_PREFIX.sub("", title),
            "kind": "地方性法规" if "人民代表大会" in "".join(
                b for d in work["docs"] for b in d.issuing_bodies
            ) else "规范性文件",
            "issuing_bodies": list(dict.fromkeys(
                b for d in (regulations or decisions) for b in d.issuing_bodies
            )),
            "texts": [],
            "events": [],
        }
        files: dict[str, str] = {}
        for d in decisions:
            text_id = _text_id(manifest, "decision", d.dates.adopted or d.dates.promulgated)
            _add_text(manifest, files, text_id, "decision", d, seed_name)
            manifest["events"].append({
                "kind": "amendment", "title": d.title, "text": text_id,
                "adopted": d.dates.adopted, "promulgated": d.dates.promulgated,
                "in_force": d.dates.in_force, "in_force_rule": d.dates.in_force_rule,
                "body": d.issuing_bodies[0] if d.issuing_bodies else "", "meeting": d.meeting,
            })
        for r in regulations:
            if decisions:  # republished under the decision; the note and 施行 article date the enactment
                dec = decisions[-1]
                text_id = _text_id(manifest, "republished",
                                   dec.dates.promulgated or dec.dates.adopted)
                _add_text(manifest, files, text_id, "republished", r, seed_name)
                manifest["events"].insert(0, {
                    "kind": "enactment", "adopted": r.dates.adopted,
                    "in_force": r.dates.in_force, "in_force_rule": r.dates.in_force_rule,
                    "body": r.issuing_bodies[0] if r.issuing_bodies else "", "meeting": r.meeting,
                })
                manifest["events"].append({
                    "kind": "republication", "text": text_id,
                    "promulgated": dec.dates.promulgated, "title": dec.title,
                })
            else:
                day = r.dates.promulgated or r.dates.adopted or r.dates.in_force
                text_id = _text_id(manifest, "original", day)
                _add_text(manifest, files, text_id, "original", r, seed_name)
                manifest["events"].append({
                    "kind": "enactment", "text": text_id, "adopted": r.dates.adopted,
                    "promulgated": r.dates.promulgated, "in_force": r.dates.in_force,
                    "in_force_rule": r.dates.in_force_rule,
                    "body": "、".join(r.issuing_bodies), "meeting": r.meeting,
                })
        out.append((manifest["slug"], manifest, files))
    return out


def _add_text(manifest: dict, files: dict, text_id: str, role: str, doc: GazetteDocument, seed: str):
    entry = {
        "id": text_id, "role": role, "file": f"{text_id}.txt", "raw": f"raw/{text_id}.txt",
        "source": {"seed": seed, "first_line": doc.first_line, "last_line": doc.last_line},
    }
    text = doc.text
    if doc.headline:  # the gazette prints the issuing notice's headline above the rule
        lines = text.split("\n")
        entry["corrections"] = [{
            "kind": "replace-line", "anchor": lines[0], "line": doc.title,
            "reason": f"公报以印发通知的标题“{lines[0]}”代替规章标题；规章标题为所印发的《{doc.title}》 / "
                      "the gazette prints the issuing notice's headline; the rule's own title is "
                      "the document it issues",
        }]
        text = "\n".join([doc.title] + lines[1:])
    files[f"raw/{text_id}.txt"] = doc.raw
    files[f"{text_id}.txt"] = text
    manifest["texts"].append(entry)
