"""Bad configuration and bad command-line input, through the real ``python -m govnews`` in subprocesses.

Each must end in one line on stderr that names the culprit (no traceback) and the documented exit
status (README "Exit statuses": 2 bad input or configuration, 3 could not run) — and, since the
profiles point at a live local server, without a single request reaching it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.faultserver import FaultServer, profile_toml

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

SITE = "fault-target"


def govnews(*args: str, profiles: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if profiles is not None:
        env["GOVNEWS_PROFILES_DIR"] = str(profiles)
    return subprocess.run([sys.executable, "-m", "govnews", *args], env=env, capture_output=True, text=True, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess, command: str, status: int, *names: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"govnews {command}: "), lines[0]
    for name in names:
        assert name in lines[0], (name, lines[0])
    assert result.returncode == status, (result.returncode, lines[0])
    return lines[0]


@pytest.fixture
def server():
    """A live site the profiles point at: any request reaching it is a failure of the test."""
    with FaultServer("http_503_burst") as s:
        yield s


@pytest.fixture
def profiles(tmp_path: Path, server: FaultServer) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / f"{SITE}.toml").write_text(profile_toml(SITE, server.base_url), "utf-8")
    return folder


def _good(server: FaultServer) -> str:
    return profile_toml(SITE, server.base_url)


# (case, how the profile text is broken, the field the error must name)
BROKEN_PROFILES = [
    ("invalid_toml", lambda text: text.replace('name = "故障测试区人民政府"', 'name = "故障测试区人民政府'), "line 2"),
    ("unknown_family", lambda text: text.replace('family = "trs"', 'family = "cms9"'), "family"),
    ("missing_field", lambda text: text.replace('name = "故障测试区人民政府"\n', ""), "name"),
    ("invalid_xpath", lambda text: text + '\n[article]\ntitle = "//h1[@class="\n', "article.title"),
    ("invalid_css", lambda text: text + '\n[listing]\nentry = "div.list >> li"\n', "listing.entry"),
]


@pytest.mark.parametrize("name, breaks, field", BROKEN_PROFILES, ids=[c[0] for c in BROKEN_PROFILES])
def test_an_invalid_profile_stops_the_crawl_before_any_request(name, breaks, field, profiles: Path, server, tmp_path):
    path = profiles / f"{SITE}.toml"
    broken = breaks(_good(server))
    assert broken != _good(server)
    path.write_text(broken, "utf-8")
    out = tmp_path / "out"
    result = govnews("crawl", "--site", SITE, "--out", str(out), "--no-delay", "--progress", "off", profiles=profiles)
    assert_one_line_error(result, "crawl", 2, str(path), f": {field}: ")
    assert server.paths == [] and not (out / "runs").exists()


def test_a_broken_profile_beside_the_chosen_one_stops_the_crawl(profiles: Path, server, tmp_path: Path):
    """Crawling one site validates every profile in the folders in use: a site must not drop out of scheduled
    runs unnoticed because its profile was broken by an edit."""
    (profiles / f"{SITE}.toml").write_text(_good(server), "utf-8")
    other = profiles / "other-site.toml"
    other.write_text('id = "other-site"\nname = "示例\n', "utf-8")
    out = tmp_path / "out"
    result = govnews("crawl", "--site", SITE, "--out", str(out), "--no-delay", "--progress", "off", profiles=profiles)
    assert_one_line_error(result, "crawl", 2, f"{other}: line 2: invalid TOML")
    assert server.paths == [] and not (out / "runs").exists()


def test_an_unknown_site_is_bad_input(profiles: Path, server, tmp_path: Path):
    result = govnews("crawl", "--site", "no-such-site", "--out", str(tmp_path / "out"), profiles=profiles)
    assert_one_line_error(result, "crawl", 2, "unknown site", "no-such-site")
    assert server.paths == []


@pytest.mark.parametrize("where", ["under_a_file", "proc"])
def test_an_output_folder_that_cannot_be_made_means_could_not_run(where: str, profiles: Path, server, tmp_path: Path):
    # Tests run as root on CI, where mode 000 stops nothing: a path under a regular file, or in
    # /proc, cannot be created by anyone.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    out = str(blocker / "sub") if where == "under_a_file" else "/proc/govnews-out"
    result = govnews("crawl", "--site", SITE, "--out", out, "--no-delay", "--progress", "off", profiles=profiles)
    assert_one_line_error(result, "crawl", 3, f"--out {out}")
    assert server.paths == []


@pytest.mark.parametrize("since", ["2026-13-01", "2026-02-30", "yesterday", "2026/01/01"])
def test_a_malformed_since_is_bad_input(since: str, profiles: Path, server, tmp_path: Path):
    result = govnews("crawl", "--site", SITE, "--out", str(tmp_path / "out"), "--since", since, profiles=profiles)
    assert_one_line_error(result, "crawl", 2, "--since", since)
    assert server.paths == [] and not (tmp_path / "out" / "runs").exists()


def test_export_with_a_malformed_since_is_bad_input(tmp_path: Path):
    result = govnews("export", "--dir", str(tmp_path), "--since", "2026-1-xx")
    assert_one_line_error(result, "export", 2, "--since", "2026-1-xx")
    assert result.stdout == ""


def test_sites_names_a_broken_profile_and_lists_the_others(profiles: Path, server):
    (profiles / "fault-broken.toml").write_text(_good(server).replace(SITE, "fault-broken").replace('"trs"', '"cms9"'), "utf-8")
    result = govnews("sites", "fault-*", profiles=profiles)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"govnews sites: {profiles / 'fault-broken.toml'}: family: ") and "Traceback" not in result.stderr
    assert result.returncode == 2  # an invalid profile is bad configuration (README "Exit statuses")
    assert SITE in result.stdout and "fault-broken" not in result.stdout


def test_sites_with_valid_profiles_succeeds_quietly(profiles: Path):
    result = govnews("sites", "fault-*", profiles=profiles)
    assert SITE in result.stdout and "Traceback" not in result.stderr
    assert (result.returncode, result.stderr) == (0, "")


def test_a_missing_profiles_folder_is_named(tmp_path: Path):
    missing = tmp_path / "no-such-profiles"
    result = govnews("sites", profiles=missing)
    assert_one_line_error(result, "sites", 2, "GOVNEWS_PROFILES_DIR", str(missing))
    result = govnews("crawl", "--site", SITE, "--out", str(tmp_path / "out"), profiles=missing)
    assert_one_line_error(result, "crawl", 2, str(missing))
    assert not (tmp_path / "out").exists()


BAD_URLS = ["http://127.0.0.1:99999/x", "http://127.0.0.1:18765a/x", "http://[::1", "not a url", "www.x.gov.cn/a.html",
            "ftp://127.0.0.1/x"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_parse_with_a_bad_url_is_bad_input(url: str, tmp_path: Path):
    page = tmp_path / "in.html"
    page.write_text("<html><body><h1>标题</h1><p>正文</p></body></html>", "utf-8")
    result = govnews("parse", "--url", url, str(page))
    assert_one_line_error(result, "parse", 2, f"--url: {url!r} is not a")
    assert result.stdout == ""


@pytest.mark.parametrize("url", [u for u in BAD_URLS if "://" in u] + ["127.0.0.1:18765/x"])
def test_listing_of_a_bad_url_is_bad_input(url: str, server: FaultServer):
    result = govnews("listing", url, "--no-delay")
    line = assert_one_line_error(result, "listing", 2, f"URL: {url!r} is not a")
    assert "cannot read" not in line and server.paths == []


def test_listing_of_a_host_without_scheme_is_a_missing_file_with_a_hint():
    result = govnews("listing", "www.x.gov.cn/a.html")
    assert_one_line_error(result, "listing", 1, "www.x.gov.cn/a.html: cannot read", "needs its http:// or https://")


def test_listing_a_saved_page_with_a_bad_url_is_bad_input(tmp_path: Path):
    page = tmp_path / "list.html"
    page.write_text("<html><body><ul><li><a href='/a.html'>一条新闻</a></li></ul></body></html>", "utf-8")
    result = govnews("listing", str(page), "--url", "http://[::1")
    assert_one_line_error(result, "listing", 2, "--url: 'http://[::1' is not a valid URL")


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/x", "http://[::1", "http://127.0.0.1:0/x"])
def test_profile_new_with_a_bad_url_writes_nothing(url: str, tmp_path: Path):
    result = govnews("profile", "new", url, "--no-delay", "--out", str(tmp_path / "out"))
    assert_one_line_error(result, "profile new", 2, f"URL: {url!r} is not a valid URL")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(("url", "no_delay"), [("http://[::1", True), ("ftp://127.0.0.1/x", False), ("not a url", True)])
def test_selftest_with_a_bad_article_url_is_bad_input(url: str, no_delay: bool, profiles: Path, server: FaultServer):
    result = govnews("selftest", SITE, "--url", url, *(["--no-delay"] if no_delay else []), profiles=profiles)
    assert_one_line_error(result, "selftest", 2, f"--url: {url!r} is not a")
    assert server.paths == []


def test_a_bad_demo_url_is_named(tmp_path: Path):
    env = dict(os.environ, GOVNEWS_DEMO_URL="http://[::1")
    for args in (["selftest", "demo-trs-heping"], ["sites"]):
        result = subprocess.run([sys.executable, "-m", "govnews", *args], env=env, capture_output=True, text=True,
                                timeout=120)
        assert_one_line_error(result, args[0], 2, "GOVNEWS_DEMO_URL", "'http://[::1' is not a valid URL")


@pytest.mark.parametrize(("column_url", "problem"), [
    ("http://[::1", "is not a valid URL (a malformed [IPv6] host)"),
    ("http://127.0.0.1:18765a", "is not a valid URL (its port is not a number from 1 to 65535)"),
])
def test_a_profile_with_a_bad_column_url_is_named_by_sites_and_crawl(column_url, problem, profiles: Path, server,
                                                                      tmp_path: Path):
    path = profiles / f"{SITE}.toml"
    path.write_text(_good(server).replace(f'url = "{server.base_url}', f'url = "{column_url}', 1), "utf-8")
    assert column_url in path.read_text("utf-8")
    assert_one_line_error(govnews("sites", profiles=profiles), "sites", 2, f"{path}: columns[0].url: '{column_url}/", problem)
    result = govnews("crawl", "--site", SITE, "--out", str(tmp_path / "out"), "--no-delay", "--progress", "off",
                     profiles=profiles)
    assert_one_line_error(result, "crawl", 2, f"{path}: columns[0].url: '{column_url}/", problem)
    assert server.paths == [] and not (tmp_path / "out" / "runs").exists()
