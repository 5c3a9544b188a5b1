"""Onboarding on the demo portal: profiles detected by `govnews profile new` / `profile import` from nothing but each
HTML-listed demo site's first listing URL crawl what the hand-written profiles crawl; pages that are no column get
their one-line reason and nothing is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.profiles import load_profile_file
from govnews.runs import clock
from govnews.store import open_store

from support.faultserver import FaultServer

pytestmark = pytest.mark.e2e  # fetches through the crawl's Scrapy stack in other processes

# Each HTML-listed demo site (TRS, Hanweb, VSB, GBK) with its first listing URL, and the JSON-API site whose page
# names its API in a script; the column names a researcher's spreadsheet would give.
FIRST_PAGES = {
    "demo-trs-district": ("/trs/qzyw/index.html", "区政府要闻"),
    "demo-trs-xingfu": ("/trs/jddt/xfjd/index.html", "幸福街道"),
    "demo-trs-heping": ("/trs/jddt/hpjd/index.html", "和平街道"),
    "demo-trs-guangming": ("/trs/jddt/gmjd/index.html", "光明街道"),
    "demo-hanweb-dongfeng": ("/hanweb/col/col1229001/index.html", "东风街道"),
    "demo-hanweb-xinhua": ("/hanweb/col/col1229002/index.html", "新华街道"),
    "demo-vsb-qingshan": ("/vsb/xwdt.htm", "青山街道新闻动态"),
    "demo-gbk-changle": ("/gbk/xwdt/list.html", "长乐街道新闻动态"),
}
API_SITE = {"demo-json-yuhua": ("/sqapi/news/", "雨花街道新闻")}
HTML_SITES = tuple(FIRST_PAGES)


def govnews(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", *args], env=env, capture_output=True, text=True, timeout=900)


def _crawl(env: dict, sites: str, out: Path) -> list[dict]:
    """The run's records, each with ``urls``: its URL and its twins' (one article at two URLs of one site)."""
    result = govnews("crawl", "--site", sites, "--out", str(out), "--no-delay", "--progress", "off", env=env)
    assert result.returncode in (0, 1), result.stderr  # 1: 和平街道 links one article behind a challenge
    run = next((out / "runs").iterdir())
    records = [json.loads(line) for line in (run / "articles.jsonl").read_text("utf-8").splitlines()]
    store = open_store(None, out)
    for record in records:
        record["urls"] = set(store.article_urls(record["id"]))
    store.close()
    return records


def _requests(portal: DemoPortal, start: int) -> list[str]:
    return [r.path for r in portal.requests[start:]]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The portal, the hand-written profiles' crawl, and profiles made by `profile new` and `profile import`, crawled."""
    root = tmp_path_factory.mktemp("onboarding")
    world = DemoWorld(clock.china_today(), 2)
    with DemoPortal(world) as portal:
        base = portal.base_url
        env = dict(os.environ, GOVNEWS_DEMO_URL=base)
        mark = len(portal.requests)
        hand = _crawl(env, ",".join([*HTML_SITES, *API_SITE]), root / "hand")
        hand_requests = _requests(portal, mark)
        new_dir, new_results = root / "new", {}
        for site, (path, _) in {**FIRST_PAGES, **API_SITE}.items():
            new_results[site] = govnews("profile", "new", base + path, "--id", f"new-{site.removeprefix('demo-')}",
                                        "--out", str(new_dir), "--no-delay", env=env)
        mark = len(portal.requests)
        new = _crawl(dict(env, GOVNEWS_PROFILES_DIR=str(new_dir)), "new-*", root / "new-out")
        new_requests = _requests(portal, mark)
        sheet = root / "sheet.csv"
        sheet.write_text("url,column\n" + "".join(f"{base}{p},{name}\n" for p, name in FIRST_PAGES.values()), "utf-8")
        imported_dir = root / "imported"
        imported = govnews("profile", "import", str(sheet), "--out", str(imported_dir), "--no-delay", env=env)
        mark = len(portal.requests)
        ids = ",".join(p.stem for p in imported_dir.glob("*.toml"))
        via_import = _crawl(dict(env, GOVNEWS_PROFILES_DIR=str(imported_dir)), ids, root / "import-out")
        import_requests = _requests(portal, mark)
    return {"world": world, "base": base, "hand": hand, "new": new, "new_results": new_results, "new_dir": new_dir,
            "imported": imported, "imported_dir": imported_dir, "via_import": via_import, "hand_requests": hand_requests,
            "new_requests": new_requests, "import_requests": import_requests}


def _urls_by_column(records: list[dict], column_of) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for record in records:
        out.setdefault(column_of(record), set()).update(record["urls"])
    return out


def _agreement(made: set[str], hand: set[str]) -> float:
    return len(made & hand) / len(hand)


def test_profile_new_writes_a_valid_unverified_profile_for_every_demo_site(demo):
    for site, result in demo["new_results"].items():
        assert result.returncode == 0, (site, result.stdout, result.stderr)
        path = demo["new_dir"] / f"new-{site.removeprefix('demo-')}.toml"
        profile = load_profile_file(path)
        assert profile.status.state == "unverified" and profile.status.date == "2026-11-27"
        assert profile.status.how.startswith("detected by `govnews profile new` (govnews 0.1.0) at 2026-11-27T08:")
        assert (profile.delay, profile.concurrency) == (2.0, 1)


def test_profile_new_finds_each_sites_family_and_pagination(demo):
    expected = {"demo-trs-district": ("trs", "trs"), "demo-trs-xingfu": ("trs", "trs"), "demo-trs-heping": ("trs", "trs"),
                "demo-trs-guangming": ("trs", "trs"), "demo-hanweb-dongfeng": ("hanweb", "hanweb"),
                "demo-hanweb-xinhua": ("hanweb", "hanweb"), "demo-vsb-qingshan": ("vsb", "vsb"),
                "demo-gbk-changle": ("generic", "next_link"), "demo-json-yuhua": ("generic", "json_cursor")}
    for site, (family, kind) in expected.items():
        raw = tomllib.loads((demo["new_dir"] / f"new-{site.removeprefix('demo-')}.toml").read_text("utf-8"))
        assert (raw["family"], raw["pagination"]["kind"]) == (family, kind), site
    gbk = tomllib.loads((demo["new_dir"] / "new-gbk-changle.toml").read_text("utf-8"))
    assert gbk["encoding"] == "gb18030" and gbk["listing"] == {"date": "span.date"}
    hanweb = tomllib.loads((demo["new_dir"] / "new-hanweb-dongfeng.toml").read_text("utf-8"))
    assert hanweb["pagination"] == {"kind": "hanweb", "perpage": 15, "mode": "post"}
    api = tomllib.loads((demo["new_dir"] / "new-json-yuhua.toml").read_text("utf-8"))["pagination"]
    assert api == {"kind": "json_cursor", "api": f"{demo['base']}/sqapi/v1/news?cursor={{cursor}}", "cursor": "data.next",
                   "items": "data.items", "link": "link", "title": "title", "date": "pubDate"}


def test_profile_new_prints_what_it_found_and_what_it_could_not_decide(demo):
    out = demo["new_results"]["demo-trs-xingfu"].stdout
    assert "  family       trs (marker script:createPageHTML)" in out
    assert "  entries      8 on the first page, found by family preset trs (.list li)" in out
    assert f"  next page    {demo['base']}/trs/jddt/xfjd/index_1.html: 8 entries, 8 not on the first page" in out
    assert out.count("  article ") == 2 and "    title        桂花社区邻里节活动精彩纷呈   ← meta" in out
    assert "  region       not given: add [region] code" in out
    text = (demo["new_dir"] / "new-trs-xingfu.toml").read_text("utf-8")
    assert "# Could not decide:\n#   - the region: none was given" in text


def test_profiles_made_by_profile_new_crawl_what_the_hand_written_ones_crawl(demo):
    hand = _urls_by_column(demo["hand"], lambda r: r["site"])
    made = _urls_by_column(demo["new"], lambda r: "demo-" + r["site"].removeprefix("new-"))
    for site in [*HTML_SITES, *API_SITE]:
        assert _agreement(made.get(site, set()), hand[site]) >= 0.98, site
        assert made[site] <= demo["world"].expected_urls(site, demo["base"]), site  # nothing else taken for an article


def test_no_blocked_page_is_taken_for_an_article(demo):
    challenged = {demo["base"] + a.path for a in demo["world"].articles("demo-trs-heping") if a.status == 412}
    assert challenged and challenged <= set(demo["new_requests"]) | {demo["base"] + p for p in demo["new_requests"]}
    for records in (demo["new"], demo["via_import"]):
        assert not challenged & {r["url"] for r in records}


def test_every_listing_page_is_walked(demo):
    base, world = demo["base"], demo["world"]
    for site in HTML_SITES:
        wanted = [u.removeprefix(base) for u in world.listing_urls(site, base)]
        for requests in (demo["hand_requests"], demo["new_requests"], demo["import_requests"]):
            if site.startswith("demo-hanweb"):  # the column page, then dataproxy.jsp windows (by POST once detected)
                assert wanted[0] in requests and sum("dataproxy.jsp" in p and f"col{wanted[0][15:22]}" not in p
                                                     for p in requests) >= 1
            else:
                assert set(wanted) <= set(requests), site
    hanweb_calls = [p for p in demo["new_requests"] if "dataproxy.jsp" in p]
    assert len(hanweb_calls) == 2  # 东风: records 16-50 in one window; 新华: 16-20


def test_profile_import_groups_rows_by_host_and_family(demo):
    result = demo["imported"]
    assert result.returncode == 0, result.stdout + result.stderr
    ids = sorted(p.stem for p in demo["imported_dir"].glob("*.toml"))
    assert ids == ["127-0-0-1-generic", "127-0-0-1-hanweb", "127-0-0-1-trs", "127-0-0-1-vsb"]
    trs = load_profile_file(demo["imported_dir"] / "127-0-0-1-trs.toml")
    assert [c.name for c in trs.columns] == ["区政府要闻", "幸福街道", "和平街道", "光明街道"]
    hanweb = load_profile_file(demo["imported_dir"] / "127-0-0-1-hanweb.toml")
    assert [c.pagination.kind for c in hanweb.columns] == ["hanweb", "hanweb"]
    lines = result.stdout.splitlines()
    assert lines[0] == "line 2: 127-0-0-1-trs  trs  8 entries  next page found  ok"
    assert lines[-1].startswith(f"8 rows: 8 ok in 4 profiles written to {demo['imported_dir']}")


def test_profiles_made_by_profile_import_crawl_what_the_hand_written_ones_crawl(demo):
    """Import puts the four TRS columns into one profile, so an article and its twin in another of them are one
    record with two URLs: the comparison is over every URL each crawl recorded, per family."""
    hand = _urls_by_column(demo["hand"], lambda r: r["site"].split("-")[1])
    families = {"trs": "trs", "hanweb": "hanweb", "vsb": "vsb", "generic": "gbk"}
    made = _urls_by_column(demo["via_import"], lambda r: families[r["site"].rsplit("-", 1)[1]])
    expected = set().union(*(demo["world"].expected_urls(site, demo["base"]) for site in HTML_SITES))
    for family in ("trs", "hanweb", "vsb", "gbk"):
        assert _agreement(made[family], hand[family]) >= 0.98, family
        assert made[family] <= expected, family


# --- pages that are no column: one line each, nothing written ----------------------------------------------------

@pytest.fixture(scope="module")
def portal():
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as running:
        yield running


@pytest.fixture
def env(portal):
    return dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)


@pytest.mark.parametrize(("path", "reason"), [
    ("/blocked/jsl/list.html", "blocked: jsl (HTTP 521)"),
    ("/blocked/challenge/list.html", "blocked: aliyun_waf (HTTP 200)"),
    ("/trs/jddt/empty/index.html", "no entries on the listing page"),
    ("/trs/private/xfjd/t20260708_1017.html", "robots.txt disallows it"),
])
def test_profile_new_names_why_a_url_gives_no_profile(portal, env, tmp_path, path, reason):
    url = portal.base_url + path
    result = govnews("profile", "new", url, "--out", str(tmp_path), "--no-delay", env=env)
    assert result.returncode == 1
    assert result.stderr == f"govnews profile new: {url}: {reason}; nothing written\n"
    assert list(tmp_path.iterdir()) == []


def test_a_page_that_is_not_html_gives_no_profile(tmp_path):
    with FaultServer("pdf_as_html") as server:
        result = govnews("profile", "new", server.bad_url, "--out", str(tmp_path), "--no-delay", env=dict(os.environ))
    assert result.returncode == 1
    assert result.stderr == f"govnews profile new: {server.bad_url}: not HTML: a PDF document; nothing written\n"
    assert list(tmp_path.iterdir()) == []


def test_profile_import_reports_each_row_and_writes_only_what_works(portal, env, tmp_path):
    base = portal.base_url
    with FaultServer("json_body") as server:
        sheet = tmp_path / "sheet.csv"
        rows = [("/trs/jddt/xfjd/index.html", "幸福街道", "历下区泉城路街道"), ("/blocked/ruishu/list.html", "卫健委", ""),
                ("/trs/jddt/empty/index.html", "新村街道", ""), ("/trs/private/xfjd/", "私有", ""),
                ("/trs/jddt/gmjd/index.html", "光明街道", "东风街道"), ("ftp://x/", "坏地址", ""), ("http://[::1", "坏主机", "")]
        lines = [f"{p if '://' in p else base + p},{name},{region}" for p, name, region in rows]
        lines.append(f"{server.bad_url},接口,")
        sheet.write_text("网址,栏目,地区\n" + "\n".join(lines) + "\n", "utf-8")
        out = tmp_path / "profiles"
        result = govnews("profile", "import", str(sheet), "--out", str(out), "--no-delay", env=env)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "line 2: 127-0-0-1  trs  8 entries  next page found  ok", result.stdout
    assert lines[1] == "line 3: -  -  -  -  blocked: ruishu (HTTP 412)"
    assert lines[2] == "line 4: -  trs  0 entries  -  no entries on the listing page"
    assert lines[3] == "line 5: -  -  -  -  robots.txt disallows it"
    assert lines[4].startswith("line 6: -  -  -  -  region: '东风街道' names 13 places; expected a code, or the district")
    assert lines[5] == "line 7: -  -  -  -  url: 'ftp://x/' is not an http(s) URL"
    assert lines[6] == "line 8: -  -  -  -  url: 'http://[::1' is not a valid URL (a malformed [IPv6] host)"
    assert lines[7] == "line 9: -  -  -  -  not HTML: JSON, not HTML"
    assert lines[8] == (f"8 rows: 1 ok in 1 profiles written to {out} (127-0-0-1); 7 failed (2 bad row, 1 blocked, "
                        "1 no entries, 1 robots.txt disallows, 1 region, 1 not HTML)")
    assert [p.name for p in out.iterdir()] == ["127-0-0-1.toml"]
    profile = load_profile_file(out / "127-0-0-1.toml")
    assert profile.region["code"] == "370102004000" and profile.columns[0].name == "幸福街道"


def test_a_profile_is_never_overwritten_without_force(portal, env, tmp_path):
    url = portal.base_url + "/gbk/xwdt/list.html"
    first = govnews("profile", "new", url, "--out", str(tmp_path), "--no-delay", "--quiet", env=env)
    assert first.returncode == 0 and first.stdout == ""
    written = tmp_path / "127-0-0-1-gbk-xwdt.toml"
    written.write_text(written.read_text("utf-8").replace('name = "', 'name = "edited '), "utf-8")
    mark = len(portal.requests)
    again = govnews("profile", "new", url, "--out", str(tmp_path), "--no-delay", env=env)
    assert again.returncode == 2
    assert again.stderr == f"govnews profile new: {written} exists; --force replaces it, or give another id\n"
    assert len(portal.requests) == mark and "edited" in written.read_text("utf-8")  # nothing fetched, nothing lost
    forced = govnews("profile", "new", url, "--out", str(tmp_path), "--no-delay", "--force", "--region", "370102004",
                     env=env)
    assert forced.returncode == 0 and "edited" not in written.read_text("utf-8")
    assert load_profile_file(written).region["subdistrict"] == "泉城路街道"


def test_an_ambiguous_region_is_bad_input_before_any_request(portal, env, tmp_path):
    mark = len(portal.requests)
    result = govnews("profile", "new", portal.base_url + "/vsb/xwdt.htm", "--region", "东风街道", "--out", str(tmp_path),
                     env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("govnews profile new: --region: '东风街道' names 13 places; expected a code, or the "
                                    "district in front of the name, to choose one of: 110111005000 北京市 北京市 房山区 东风街道;")
    assert len(portal.requests) == mark


def test_a_spreadsheet_without_a_url_column_is_one_line(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("name,place\n幸福街道,历下区\n", "utf-8")
    result = govnews("profile", "import", str(sheet), env=dict(os.environ))
    assert result.returncode == 2
    assert result.stderr == (f"govnews profile import: {sheet}: line 1: no url column (the header has 'name', 'place'); "
                             "expected a header such as url,column,region,id\n")


def test_onboarding_is_polite_one_request_at_a_time_with_the_profiles_delay(portal, env, tmp_path):
    """Without --no-delay: robots.txt first, then one request at a time to the host, about two seconds apart."""
    mark = len(portal.requests)
    result = govnews("profile", "new", portal.base_url + "/gbk/xwdt/list.html", "--out", str(tmp_path), "--quiet", env=env)
    assert result.returncode == 0, result.stderr
    asked = portal.requests[mark:]
    assert asked[0].path == "/robots.txt" and len(asked) == 5  # robots.txt, listing, next page, two articles
    gaps = [b.time - a.time for a, b in zip(asked, asked[1:], strict=False)]
    assert min(gaps) >= 0.95, gaps  # a 2 s delay with Scrapy's ±50 % jitter


class _BadLinks(BaseHTTPRequestHandler):
    """A listing at the site's root whose entries' links have ports no request can use, and one listing that links
    an address urllib cannot split."""

    def do_GET(self):  # noqa: N802 - the base class's name
        links = ["http://127.0.0.1:99999/a/t20260101_1.html", "http://127.0.0.1:18765a/a/t20260102_2.html"]
        if self.path == "/unsplittable.html":
            links.append("http://[::1/a/t20260103_3.html")
        items = "".join(f"<li><a href='{u}'>某某街道开展助老志愿服务活动{i}</a><span>2026-01-0{i}</span></li>"
                        for i, u in enumerate(links, start=1))
        body = f"<html><head><title>新闻</title></head><body><ul>{items}</ul></body></html>".encode()
        self.send_response(404 if self.path == "/robots.txt" else 200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def _probe_bad_links(path: str, out) -> tuple[str, subprocess.CompletedProcess]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BadLinks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}{path}"
        return url, govnews("profile", "new", url, "--out", str(out), "--no-delay", env=dict(os.environ))
    finally:
        server.shutdown()
        server.server_close()


def test_entries_no_request_can_follow_are_named_not_fetched(tmp_path):
    url, result = _probe_bad_links("/list.html", tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "2 entries link addresses no request can use (such as http://127.0.0.1:99999/a/t20260101_1.html)" in result.stdout


def test_a_link_urllib_cannot_split_is_left_out_of_the_entries(tmp_path):
    url, result = _probe_bad_links("/unsplittable.html", tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "2 entries link addresses no request can use" in result.stdout and "[::1" not in result.stdout
