"""The HTML redline (renderers/diff.html.j2) and the 修改前后对照表 (renderers/table.html.j2).

Contexts are built fresh: the heating one from the bundled corpus (always there), the
antimonopoly one from ../shared/corpus-dev (skipped when absent), a tiny one from inline text.
Structure is checked with a small tree built by the stdlib html.parser, not with regexes.
"""

from __future__ import annotations

import copy
from html.parser import HTMLParser

import jinja2
import pytest

from amend.diff import KINDS, compare
from amend.diff.context import redline_context
from amend.diff.present import html, table_html
from amend.structure import parse_source

# ---- a tiny DOM from html.parser -------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def find(self, *args, **kwargs) -> Node:
        found = self.find_all(*args, **kwargs)
        assert found, f"no element {args} {kwargs}"
        return found[0]

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, dict(attrs), self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>"
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(page: str) -> Node:
    b = _Builder()
    b.feed(page)
    b.close()
    assert b.cur is b.root, f"<{b.cur.tag}> left open"
    assert b.doctype and b.doctype.lower() == "doctype html"
    return b.root


# ---- contexts --------------------------------------------------------------------------------

def _heating(versions, changed_only: bool = False) -> dict:
    return redline_context(compare(*versions), old_name="2010-01-01", new_name="2021-08-01",
                           changed_only=changed_only)


@pytest.fixture(scope="module")
def heating(heating_versions) -> dict:
    return _heating(heating_versions)


@pytest.fixture(scope="module")
def heating_changed_only(heating_versions) -> dict:
    return _heating(heating_versions, changed_only=True)


@pytest.fixture(scope="module")
def antimonopoly(corpus_dev) -> dict:
    folder = corpus_dev / "反垄断法"
    old, new = (folder / "2007-08-30.md", folder / "2022-06-24.md")
    if not (old.is_file() and new.is_file()):
        pytest.skip(f"{folder} lacks 2007-08-30.md or 2022-06-24.md")
    b = parse_source(old.read_text(encoding="utf-8")).regulation
    n = parse_source(new.read_text(encoding="utf-8")).regulation
    return redline_context(compare(b, n), old_name="2007-08-30", new_name="2022-06-24")


TINY_OLD = """# 测试条例

## 第一章 总则

第一条 为了规范供热管理，制定本条例。

第二条 本条例适用于本市。

第三条 违反本条例的，由主管部门责令改正，并处罚款。
"""
TINY_NEW = TINY_OLD.replace("供热管理，", "供热管理，保障用户权益，").replace("，并处罚款", "")


@pytest.fixture(scope="module")
def tiny() -> dict:
    old, new = parse_source(TINY_OLD).regulation, parse_source(TINY_NEW).regulation
    return redline_context(compare(old, new), old_name="旧", new_name="新")


@pytest.fixture(params=["heating", "antimonopoly", "tiny"])
def ctx(request) -> dict:
    return request.getfixturevalue(request.param)


RENDERERS = {"redline": html, "table": table_html}


@pytest.fixture(params=sorted(RENDERERS))
def render(request):
    return RENDERERS[request.param]


def article(doc: Node, anchor: str) -> Node:
    found = [n for n in doc.find_all(id=anchor)]
    assert len(found) == 1, anchor
    return found[0]


# ---- both pages ------------------------------------------------------------------------------

def test_pages_are_self_contained(ctx, render):
    page = render(ctx)
    assert "http://" not in page and "https://" not in page
    assert "url(" not in page and "@import" not in page
    doc = parse(page)
    html_el = doc.find("html")
    assert html_el.attrs.get("lang") == "zh-CN"
    assert doc.find("meta").attrs.get("charset") == "utf-8"
    assert doc.find_all("style"), "inline CSS expected"
    for node in doc.iter():
        for name in ("src", "href", "srcset", "action", "data"):
            value = node.attrs.get(name)
            if value is not None:
                assert not value.startswith(("http:", "https:", "//")), (node.tag, name, value)
        assert not (node.tag == "link" and "stylesheet" in (node.attrs.get("rel") or "")), node.attrs
        assert not (node.tag == "script" and "src" in node.attrs), node.attrs
        assert node.tag not in {"img", "iframe", "object", "embed"}
    for a in doc.find_all("a"):
        assert (a.attrs.get("href") or "#").startswith("#"), a.attrs


def test_pages_are_deterministic(ctx, render):
    assert render(ctx) == render(copy.deepcopy(ctx))


def test_user_text_is_escaped(heating, render):
    evil = "<script>alert(1)</script>"
    ctx = copy.deepcopy(heating)
    target = next(a for a in ctx["articles"] if a["anchor"] == "new-32")
    target["lines"][-1]["ops"][0][1] = evil + target["lines"][-1]["ops"][0][1]  # a "+" op
    target["lines"][0]["ops"][0][1] = evil  # the lacuna's "-" op
    ctx["title"] = ctx["title"] + "&<b>"
    page = render(ctx)
    assert evil not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;&lt;b&gt;" in page and "&<b>" not in page
    doc = parse(page)
    assert not doc.find_all("script")
    assert evil in article(doc, "new-32").text()


def test_unknown_key_is_an_error(heating, render):
    ctx = dict(heating)
    del ctx["old"]
    with pytest.raises(jinja2.UndefinedError):
        render(ctx)


# ---- the redline -----------------------------------------------------------------------------

def test_every_article_has_anchor_and_toc_link(ctx):
    doc = parse(html(ctx))
    ids = [n.attrs["id"] for n in doc.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "ids are unique"
    nav = doc.find("nav")
    links = [a.attrs["href"] for a in nav.find_all("a")]
    assert links == ["#" + a["anchor"] for a in ctx["articles"]]
    for a in ctx["articles"]:
        section = article(doc, a["anchor"])
        assert section.tag == "section" and {"article", f"kind-{a['kind']}"} <= section.classes
        entry = next(x for x in nav.find_all("a") if x.attrs["href"] == "#" + a["anchor"])
        assert f"toc-{a['kind']}" in entry.parent.classes


def test_kind_counts_match_summary(ctx):
    doc = parse(html(ctx))
    sections = doc.find_all("section", cls="article")
    assert len(sections) == len(ctx["articles"])
    for kind in KINDS:
        assert sum(1 for s in sections if f"kind-{kind}" in s.classes) == ctx["summary"][kind], kind
    # the summary line shows every non-zero count with its Chinese label
    summary = doc.find("ul", cls="summary").text()
    for s in ctx["summary_zh"]:
        assert f"{s['label']}{s['count']}" in summary


def test_heating_header_and_decision(heating):
    doc = parse(html(heating))
    assert "《吉林省城市供热条例》" in doc.find("h1").text()
    assert doc.find("p", cls="versions").text().startswith("2010-01-01 → 2021-08-01")
    assert heating["decisions"][0] in doc.find("div", cls="decisions").text()
    section = article(doc, "new-32")
    assert section.find("h2").text() == "第三十条 → 第三十二条"
    head = section.find("header").text()
    assert "整条修改" in head and "决定第三项" in head and "第六章 法律责任" in head
    toc = next(a for a in doc.find("nav").find_all("a") if a.attrs["href"] == "#new-32")
    assert toc.text() == "第三十条 → 第三十二条"
    # an added article: green, no old label
    added = article(doc, "new-6")
    assert added.find("h2").text() == "第六条" and "决定第一项" in added.text()
    assert all(p.find_all("ins") and not p.find_all("del")
               for p in added.find_all("p", cls="line"))
    # items are indented by level
    levels = [next(c for c in p.classes if c.startswith("level-"))
              for p in added.find_all("p", cls="line")]
    assert levels == ["level-0"] + ["level-1"] * 6


def test_lacuna_is_a_note_not_a_deletion(heating):
    doc = parse(html(heating))
    section = article(doc, "new-32")
    lines = section.find_all("p", cls="line")
    assert "line-unresolved" in lines[0].classes
    assert lines[0].find("span", cls="lacuna").text().startswith("〔原文不详")
    assert not section.find_all("del")
    assert section.find("ins").text().startswith("热经营企业违反本条例第十三条第一款规定")
    assert not doc.find("main").find_all("del"), "the heating redline deletes nothing: its old text is lacunae"


def test_ins_del_for_a_modified_line(tiny):
    doc = parse(html(tiny))
    first = article(doc, "new-1")
    assert "kind-modified" in first.classes
    assert [n.text() for n in first.find_all("ins")] == ["，保障用户权益"]  # a clause follows its anchor
    assert first.find("p", cls="line").text() == "为了规范供热管理，保障用户权益，制定本条例。"
    third = article(doc, "new-3")
    assert [n.text() for n in third.find_all("del")] == ["，并处罚款"]
    assert not third.find_all("ins")
    css = doc.find("style").text()
    assert "ins {" in css and "del {" in css and "line-through" in css


def test_antimonopoly_inline_changes_and_split(antimonopoly):
    doc = parse(html(antimonopoly))
    assert [n.text() for n in article(doc, "new-1").find_all("ins")] == ["，鼓励创新"]
    s66 = article(doc, "new-66")
    assert "kind-split" in s66.classes
    assert [n.text() for n in s66.find_all("del")] == ["，构成犯罪的，依法追究刑事责任；尚不构成犯罪"]
    # 第六十七条 holds the criminal-liability words that left 第五十四条: its own line, inserted
    assert [n.text() for n in s66.find_all("ins")] == ["、个人隐私和个人信息",
                                                     "违反本法规定，构成犯罪的，依法追究刑事责任。"]
    s16 = article(doc, "new-16")
    assert s16.find("h2").text() == "第十三条 → 第十六条、第十七条"
    assert [h.text() for h in s16.find_all("h3", cls="part")] == ["第十三条 → 第十六条",
                                                                  "第十三条 → 第十七条"]
    assert "第五十四条 → 第六十六条、第六十七条" in [h.text() for h in doc.find_all("h2")]
    assert not doc.find("div", cls="decisions").find_all("li")


def test_changed_only_filter(heating, heating_changed_only):
    for ctx in (heating, heating_changed_only):
        doc = parse(html(ctx))
        box = doc.find("input", id="changed-only")
        assert box.attrs.get("type") == "checkbox"
        assert box.parent.tag == "body", "the sibling selector needs the box beside nav and main"
        siblings = [c.tag for c in box.parent.children if isinstance(c, Node)]
        assert siblings.index("input") < siblings.index("nav") < siblings.index("main")
        label = doc.find("label", for_="changed-only")
        assert "只看有变化的条文" in label.text()
        css = doc.find("style").text()
        assert "#changed-only:checked ~ main .kind-unchanged" in css
        assert "#changed-only:checked ~ nav .toc-unchanged" in css
    doc = parse(html(heating_changed_only))
    # --changed-only (issue 14 point 8): neither unchanged nor only-renumbered articles are
    # sections; the 25 renumbered ones are listed once, in the renumbering table
    assert not doc.find_all(cls="kind-unchanged") and not doc.find_all(cls="kind-renumbered")
    assert "checked" in doc.find("input", id="changed-only").attrs
    assert len(doc.find_all("section", cls="article")) == 9
    legend = doc.find("p", cls="legend").text()
    assert "未修改的 5 条已略去" in legend and "仅序号变化的 25 条见条文序号对照表" in legend
    assert heating_changed_only["summary"]["renumbered"] == 25
    assert len(heating_changed_only["renumbering"]) == len(heating["renumbering"]) > 0
    css = doc.find("style").text()
    assert "#changed-only:checked ~ main .kind-renumbered" in css


def test_renumbering_table(heating, tiny):
    doc = parse(html(heating))
    table = doc.find("section", cls="renumbering").find("table")
    rows = [[td.text() for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
    assert rows == [[r["old"], r["new"]] for r in heating["renumbering"]]
    assert ["第三十条", "第三十二条"] in rows
    assert [th.text() for th in table.find("thead").find_all("th")] == ["原条文", "修改后条文"]
    assert not parse(html(tiny)).find_all("section", cls="renumbering")


def test_print_styles(render, heating):
    css = parse(render(heating)).find("style").text()
    assert "@media print" in css
    if render is html:
        assert "nav.toc" in css.split("@media print")[1] and ".filter" in css.split("@media print")[1]
    else:
        assert "size: A4" in css


# ---- the 对照表 -------------------------------------------------------------------------------

def rows(doc: Node) -> list[Node]:
    return doc.find("table", cls="compare").find("tbody").find_all("tr", cls="row")


def test_table_has_one_row_per_changed_article(ctx):
    doc = parse(table_html(ctx))
    changed = [a for a in ctx["articles"] if a["kind"] != "unchanged"]
    got = rows(doc)
    assert [r.attrs["id"] for r in got] == [a["anchor"] for a in changed]
    assert len(got) == sum(n for k, n in ctx["summary"].items()
                           if k in KINDS and k != "unchanged")
    head = doc.find("thead").find_all("th")
    assert [th.text() for th in head] == ["原条文", "修改后条文", "说明"]
    assert not doc.find_all(cls="kind-unchanged")


def test_heating_table(heating):
    doc = parse(table_html(heating))
    got = rows(doc)
    assert len(got) == 34 == 5 + 25 + 4
    assert [sum(1 for r in got if f"kind-{k}" in r.classes) for k in ("replaced", "renumbered",
                                                                      "added")] == [5, 25, 4]
    by_id = {r.attrs["id"]: r for r in got}
    # replaced by item 三: old lacuna as a grey note, new text inserted, note names the item
    old, new, note = by_id["new-32"].find_all("td")
    assert old.find("p", cls="label").text() == "第三十条"
    assert old.find("span", cls="lacuna").text().startswith("〔原文不详")
    assert not old.find_all("del")
    assert new.find("p", cls="label").text() == "第三十二条"
    assert new.find("ins").text().startswith("热经营企业违反本条例第十三条第一款规定")
    assert "决定第三项" in note.text() and "整条修改" in note.text()
    # renumbered only: the text once, plain, on the left (issue 14 point 8: not repeated
    # unless --full-table), noted 条文序号调整
    old, new, note = by_id["new-7"].find_all("td")
    assert old.find("p", cls="label").text() == "第六条"
    assert new.find("p", cls="label").text() == "第七条"
    assert [p.text() for p in new.find_all("p")][1:] == ["（本条未修改）"]
    assert not old.find_all("del") and not new.find_all("ins")
    assert note.text().strip() == "条文序号调整"
    # added: nothing on the left
    old, new, note = by_id["new-6"].find_all("td")
    assert old.text().strip() == "（无）"
    assert new.find("p", cls="label").text() == "第六条" and len(new.find_all("ins")) == 7
    assert "新增" in note.text() and "决定第一项" in note.text()
    # items are their own indented lines
    assert len(new.find_all("p", cls="item")) == 6


def test_table_marks(tiny):
    doc = parse(table_html(tiny))
    old, new, _ = {r.attrs["id"]: r for r in rows(doc)}["new-3"].find_all("td")
    assert [d.text() for d in old.find_all("del")] == ["，并处罚款"]
    assert not new.find_all("del") and "并处罚款" not in new.text()
    old, new, _ = {r.attrs["id"]: r for r in rows(doc)}["new-1"].find_all("td")
    assert not old.find_all("ins") and [i.text() for i in new.find_all("ins")] == ["，保障用户权益"]


def test_table_split(antimonopoly):
    doc = parse(table_html(antimonopoly))
    by_id = {r.attrs["id"]: r for r in rows(doc)}
    old, new, note = by_id["new-16"].find_all("td")
    assert [p.text() for p in new.find_all("p", cls="part")] == ["第十六条", "第十七条"]
    assert note.text().strip() == "拆分"
    old, new, _ = by_id["new-1"].find_all("td")
    assert not old.find_all("ins") and [i.text() for i in new.find_all("ins")] == ["，鼓励创新"]


def test_table_deleted_article():
    old = parse_source(TINY_OLD).regulation
    new = parse_source(TINY_OLD.replace("第二条 本条例适用于本市。\n\n", "")
                       .replace("第三条", "第二条")).regulation
    ctx = redline_context(compare(old, new), old_name="旧", new_name="新")
    kinds = [a["kind"] for a in ctx["articles"]]
    assert "deleted" in kinds, kinds
    doc = parse(table_html(ctx))
    deleted = next(r for r in rows(doc) if "kind-deleted" in r.classes)
    old_cell, new_cell, note = deleted.find_all("td")
    assert new_cell.text().strip() == "（删去）"
    assert old_cell.find("del").text() == "本条例适用于本市。"
    assert "删去" in note.text()
    redline = parse(html(ctx))
    assert redline.find("section", cls="kind-deleted").find("del").text() == "本条例适用于本市。"
