"""The public 政府信息公开专栏 over the real app, on SQLite and PostgreSQL: the 指南 printed from the
agency's settings, the 目录's facet counts, search with marked snippets (a word inside a DOCX
attachment), a withdrawn item leaving search and feeds, Atom feeds that parse back with RFC 4287's
required elements, 政策解读 linked both ways, 法定主动公开内容, and the home page finding agencies."""

from __future__ import annotations

import re

import feedparser
from lxml import etree, html

from webapp import WebApp, csrf, signed_in
from xxgk.letters.service import save_settings
from xxgk.store import session_scope
from zhuanlan_support import agency_named, docx_bytes, prepare, publish, withdraw

AGENCY = "甲市科学技术局"
ATOM = "{http://www.w3.org/2005/Atom}"


def page(web: WebApp, path: str) -> html.HtmlElement:
    answer = web.client.get(path)
    assert answer.status_code == 200, answer.text
    return html.fromstring(answer.text)


def text_of(tree: html.HtmlElement, selector: str) -> str:
    return " ".join(" ".join(node.text_content().split()) for node in tree.cssselect(selector))


def facets(tree: html.HtmlElement, name: str) -> dict[str, int]:
    counted = {}
    for link in tree.cssselect(f"a[data-facet={name}]"):
        label = link.text_content().split("（")[0]
        counted[label] = int(link.get("data-count"))
    for chosen in tree.cssselect(f"#facet-{name} ~ ul strong"):
        label, count = re.fullmatch(r"(.+)（(\d+)）", chosen.text_content()).groups()
        counted[label] = int(count)
    return counted


def test_the_guide_prints_the_agency_settings_and_its_catalogue(web_any: WebApp) -> None:
    agency_id = prepare(web_any.context.db, AGENCY)
    empty = page(web_any, f"/agencies/{agency_id}")
    assert empty.cssselect("#guide-unset")
    head = signed_in(web_any, "head-a")
    token = csrf(head, "/desk/disclosure/guide")
    facts = {
        "office": "甲市科学技术局办公室",
        "address": "甲市人民路1号",
        "postcode": "110000",
        "hours": "工作日 9:00—12:00，13:30—17:00",
        "phone": "024-12345678",
        "fax": "024-12345679",
        "email": "gk@kjj.example.cn",
    }
    wrong = head.post("/desk/disclosure/guide", data=facts | {"email": "不是邮箱", "csrf_token": token})
    assert wrong.status_code == 400 and "电子邮箱“不是邮箱”的格式不对" in wrong.text
    saved = head.post("/desk/disclosure/guide", data=facts | {"csrf_token": token})
    assert saved.status_code == 303
    with session_scope(web_any.context.db) as session:
        save_settings(
            session,
            agency_named(session, AGENCY),
            number_pattern="甲科公开〔{year}〕{n}号",
            review_body="甲市人民政府",
            court="甲市和平区人民法院",
            by="head-a",
        )
    publish(web_any.context.db, AGENCY, "head-a", column="通知公告")
    guide = page(web_any, f"/agencies/{agency_id}")
    assert text_of(guide, "#guide-office") == "甲市科学技术局办公室"
    assert text_of(guide, "#guide-address") == "甲市人民路1号（邮政编码 110000）"
    assert text_of(guide, "#guide-hours") == facts["hours"]
    assert text_of(guide, "#guide-phone") == "024-12345678"
    assert text_of(guide, "#guide-fax") == "024-12345679"
    assert text_of(guide, "#guide-email") == "gk@kjj.example.cn"
    assert "不收取费用" in text_of(guide, "#guide-fees")
    remedy = text_of(guide, "#guide-remedy")
    assert "向甲市人民政府申请行政复议" in remedy and "向甲市和平区人民法院提起行政诉讼" in remedy
    assert "目录现有主动公开信息 1 条，其中：通知公告 1 条" in text_of(guide, "#guide-published")
    # a clerk may read the guide but not change it
    clerk = signed_in(web_any, "clerk-a")
    assert clerk.get("/desk/disclosure/guide").status_code == 403


def test_the_catalogue_counts_each_facet_under_the_other_filters(web_any: WebApp) -> None:
    db = web_any.context.db
    agency_id = prepare(db, AGENCY)
    publish(db, AGENCY, "head-a", title="关于项目验收的通知", column="通知公告")
    publish(db, AGENCY, "head-a", title="关于经费管理的通知", topic="财政、金融、审计", column="通知公告")
    publish(db, AGENCY, "head-a", title="甲市科技创新规划", genre="规划", column="规划计划")
    repealed = publish(db, AGENCY, "head-a", title="关于旧办法的公告", genre="公告")
    publish(db, AGENCY, "head-a", title="关于废止旧办法的决定", genre="决定", repeals=repealed)
    tree = page(web_any, f"/agencies/{agency_id}/catalogue")
    assert text_of(tree, "#total") == "5"
    assert facets(tree, "topic") == {"科技、教育": 4, "财政、金融、审计": 1}
    assert facets(tree, "genre") == {"通知": 2, "规划": 1, "公告": 1, "决定": 1}
    assert facets(tree, "column") == {"通知公告": 2, "规划计划": 1}
    assert facets(tree, "validity") == {"现行有效": 4, "已废止": 1}
    year = next(iter(facets(tree, "year")))
    assert facets(tree, "year") == {year: 5}
    narrowed = page(web_any, f"/agencies/{agency_id}/catalogue?column=通知公告")
    assert text_of(narrowed, "#total") == "2"
    assert "机构" not in text_of(narrowed, ".listing")  # the agency is the page's, not a filter to drop
    assert all("agency=" not in a.get("href") for a in narrowed.cssselect(".facets a"))
    assert facets(narrowed, "topic") == {"科技、教育": 1, "财政、金融、审计": 1}
    assert facets(narrowed, "column") == {"通知公告": 2, "规划计划": 1}  # its own facet ignores its filter
    both = page(web_any, f"/agencies/{agency_id}/catalogue?column=通知公告&topic=科技、教育")
    assert text_of(both, "#items tbody th") == "关于项目验收的通知"
    stale = page(web_any, f"/agencies/{agency_id}/catalogue?validity=已废止")
    assert text_of(stale, "#items tbody th") == "关于旧办法的公告"
    headers = [th.get("scope") for th in tree.cssselect("#items thead th")]
    assert headers == ["col"] * 5


def test_search_finds_a_word_of_a_docx_attachment_and_a_withdrawn_item_leaves_it(web_any: WebApp) -> None:
    db = web_any.context.db
    prepare(db, AGENCY)
    attachment = docx_bytes("2026年度科技型中小企业名单", "经评价，以下企业入库：甲市光电材料有限公司。")
    found = publish(db, AGENCY, "head-a", attachments=(("入库名单.docx", attachment),), title="关于入库企业的公告")
    publish(db, AGENCY, "head-a", title="关于开展科技活动周的通知")
    results = page(web_any, "/search?q=光电材料")
    assert text_of(results, "#total") == "1"
    assert text_of(results, "#results h3") == "关于入库企业的公告"
    assert [m.text_content() for m in results.cssselect("#results .snippet mark")] == ["光电材料"]
    assert facets(results, "agency") == {AGENCY: 1}
    withdraw(db, found, "head-a")
    assert text_of(page(web_any, "/search?q=光电材料"), "#total") == "0"
    notice = web_any.client.get(f"/disclosure/{found}")
    assert notice.status_code == 200 and "内容有误，更正后重新发布" in notice.text
    assert "光电材料" not in notice.text and "入库名单.docx" not in notice.text  # the notice, not the content
    assert web_any.client.get(f"/disclosure/{found}/attachments/1").status_code == 404


def test_feeds_parse_back_with_the_required_elements_and_follow_the_column(web_any: WebApp) -> None:
    db = web_any.context.db
    agency_id = prepare(db, AGENCY)
    notice = publish(db, AGENCY, "head-a", title="关于项目验收的通知", column="通知公告")
    publish(db, AGENCY, "head-a", title="甲市科技创新规划", genre="规划", column="规划计划")
    gone = publish(db, AGENCY, "head-a", title="关于错误信息的通知", column="通知公告")
    withdraw(db, gone, "head-a")
    answer = web_any.client.get(f"/agencies/{agency_id}/feed.atom", params={"column": "通知公告"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(answer.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.title == f"{AGENCY} · 通知公告"
    assert parsed.feed.id and parsed.feed.updated_parsed and parsed.feed.author == AGENCY
    assert any(link.rel == "self" for link in parsed.feed.links)
    assert [e.title for e in parsed.entries] == ["关于项目验收的通知"]
    entry = parsed.entries[0]
    assert entry.id and entry.updated_parsed and entry.link.endswith(f"/disclosure/{notice}")
    root = etree.fromstring(answer.content)
    for required in ("id", "title", "updated", "author"):
        assert root.find(ATOM + required) is not None, required
    for required in ("id", "title", "updated", "link"):
        assert root.find(f"{ATOM}entry/{ATOM}{required}") is not None, required
    everything = feedparser.parse(web_any.client.get(f"/agencies/{agency_id}/feed.atom").content)
    assert sorted(e.title for e in everything.entries) == ["关于项目验收的通知", "甲市科技创新规划"]


def test_an_interpretation_and_its_document_link_to_each_other(web_any: WebApp) -> None:
    db = web_any.context.db
    agency_id = prepare(db, AGENCY)
    policy = publish(
        db,
        AGENCY,
        "head-a",
        title="甲市科技创新若干政策",
        doc_kind="行政规范性文件",
        registration_number="甲科规〔2026〕1号",
        valid_until="2031-12-31",
    )
    reading = publish(db, AGENCY, "head-a", title="《甲市科技创新若干政策》解读", genre="解读", interprets=policy)
    document = page(web_any, f"/disclosure/{policy}")
    assert [a.get("href") for a in document.cssselect("#interpretations a")] == [f"/disclosure/{reading}"]
    interpretation = web_any.client.get(f"/disclosure/{reading}").text
    assert f'href="/disclosure/{policy}"' in interpretation and "解读的文件" in interpretation
    listing = page(web_any, f"/agencies/{agency_id}/interpretations")
    assert [a.get("href") for a in listing.cssselect("#interpretations tbody a")] == [
        f"/disclosure/{reading}",
        f"/disclosure/{policy}",
    ]
    statutory = page(web_any, f"/agencies/{agency_id}/statutory")
    rows = {
        tr.cssselect("td")[0].text_content(): tr.cssselect("td")[-1].text_content()
        for tr in statutory.cssselect("#statutory tbody tr")
    }
    assert len(rows) == 15 and rows["（一）"] == "1" and rows["（七）"] == "0"


def test_the_home_page_finds_agencies_by_name_or_region_and_searches_everything(web_any: WebApp) -> None:
    with session_scope(web_any.context.db) as session:
        agency_named(session, "甲市乙县教育局").region = "甲市乙县"
    by_name = page(web_any, "/?find=科学技术局")
    named = sorted(a.text_content() for a in by_name.cssselect("#agency-list > li > a"))
    assert named == ["丙市科学技术局", "甲市科学技术局"]
    by_region = page(web_any, "/?find=乙县")
    regional = sorted(a.text_content() for a in by_region.cssselect("#agency-list > li > a"))
    assert regional == ["甲市乙县人民政府", "甲市乙县教育局"]
    assert page(web_any, "/?find=丁省").cssselect("#no-agency")
    home = page(web_any, "/")
    search = home.cssselect("form[role=search][action='/search']")[0]
    assert search.cssselect("label[for=search-q]") and search.cssselect("input#search-q")
