"""Bad input to the commands that read or name the store (export, diff, crawl's --site): one line, the documented
exit status, and nothing stored or owned by the user changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from govnews.cli import main
from govnews.record.ids import article_id
from govnews.store import open_store

SITE = "demo-trs-heping"
RUN = "20261127T080000Z"


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """An output folder whose store holds one finished run of one site with one article."""
    out = tmp_path / "out"
    out.mkdir()
    url = "http://127.0.0.1:8765/heping/art/1.html"
    with open_store(None, out) as store:
        store.begin_run(RUN, "2026-11-27T08:00:00Z", "test", "hash", [SITE])
        store.record_article({"id": article_id(url), "url": url, "site": SITE, "title": "标题", "paragraphs": ["正文"],
                              "content_hash": "h1"}, RUN, "2026-11-27T08:00:01Z")
        store.finish_run(RUN, "2026-11-27T08:00:02Z", "finished")
    return out


def _error(capsys, *args: str) -> tuple[int, str]:
    status = main(list(args))
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return status, lines[0]


def test_export_refuses_to_write_over_the_store(store_dir: Path, capsys):
    db = store_dir / "govnews.db"
    before = db.read_bytes()
    status, line = _error(capsys, "export", "--dir", str(store_dir), "--out", str(db))
    assert status == 2 and "--out" in line and "SQLite database" in line
    assert db.read_bytes() == before
    assert main(["export", "--dir", str(store_dir)]) == 0  # the store still reads
    assert SITE in capsys.readouterr().out


def test_reading_commands_never_create_or_convert_a_file(store_dir: Path, tmp_path: Path, capsys):
    missing = tmp_path / "nonexist.db"
    status, line = _error(capsys, "export", "--db", str(missing))
    assert status == 3 and str(missing) in line and not missing.exists()
    page = tmp_path / "empty.html"
    page.write_bytes(b"")
    status, line = _error(capsys, "diff", "--db", str(page))
    assert status == 2 and "not a govnews store" in line and page.read_bytes() == b""
    status, line = _error(capsys, "export", "--db", str(tmp_path))
    assert status == 2 and "is a folder" in line


def test_a_store_url_of_another_database_is_named_not_made_a_folder(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status, line = _error(capsys, "export", "--db", "mysql://x")
    assert status == 3 and "mysql://x" in line and "postgresql://" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["export", "diff"])
def test_an_unknown_site_in_the_store_is_bad_input(command: str, store_dir: Path, capsys):
    status, line = _error(capsys, command, "--dir", str(store_dir), "--site", f"{SITE},nosuch")
    assert status == 2 and "nosuch" in line and SITE not in line
    assert main([command, "--dir", str(store_dir), "--site", SITE]) == 0


@pytest.mark.parametrize("sites", ["", ",", " , "])
def test_a_site_option_naming_nothing_is_not_every_site(sites: str, tmp_path: Path, capsys):
    status, line = _error(capsys, "crawl", "--site", sites, "--out", str(tmp_path / "out"))
    assert status == 2 and line.startswith("govnews crawl: --site") and "no site named" in line
    assert not (tmp_path / "out").exists()
    status, line = _error(capsys, "seed", "--site", sites, "--distributed", "redis://127.0.0.1:1/0")
    assert status == 2 and line.startswith("govnews seed: --site")  # not a Redis error: nothing was asked of it
    status, line = _error(capsys, "export", "--dir", str(tmp_path), "--site", sites)
    assert status == 2 and "no site named" in line


def test_scrapy_crawl_with_a_site_naming_nothing_opens_no_run():
    from types import SimpleNamespace

    from scrapy.settings import Settings

    from govnews.crawler.run_setup import SetupError, open_run
    from govnews.crawler.spider import GovnewsSpider

    assert GovnewsSpider(site=" , ").site_patterns == [] and GovnewsSpider().site_patterns is None
    settings = Settings({"FEEDS": {"x.jsonl": {"format": "jsonlines"}}})
    with pytest.raises(SetupError, match="no site named"):
        open_run(SimpleNamespace(settings=settings), [])
    assert settings.getdict("FEEDS") == {}  # no feed file for a run that never opened


def test_a_damaged_output_folder_stops_the_run_before_the_store_records_it(store_dir: Path):
    from govnews.runs.session import RunSession, SessionError

    (store_dir / "runs").write_text("not a folder", "utf-8")
    with pytest.raises(SessionError, match="cannot make the run's folder"):
        RunSession.begin(db=None, out=str(store_dir), profiles=[])
    with open_store(None, store_dir) as store:
        assert [r.run_id for r in store.runs()] == [RUN] and store.unfinished_run() is None
        assert store.try_lock("test")  # the lock was given back


def test_a_lock_file_that_cannot_be_made_is_a_session_error(store_dir: Path):
    from govnews.runs.session import RunSession, SessionError

    (store_dir / "govnews.db.lock").mkdir()
    with pytest.raises(SessionError, match="lock"):
        RunSession.begin(db=None, out=str(store_dir), profiles=[])


@pytest.mark.parametrize("url", ["not a url", "ftp://127.0.0.1/x", "http://127.0.0.1:99999/hook", "http://[::1"])
def test_a_notify_url_that_cannot_be_posted_to_is_bad_input_before_anything_starts(url: str, tmp_path: Path, capsys):
    status, line = _error(capsys, "crawl", "--site", "demo-trs-heping", "--out", str(tmp_path / "out"), "--notify", url)
    assert status == 2 and line.startswith("govnews crawl: --notify") and not (tmp_path / "out").exists()


def test_a_store_path_under_a_file_is_named(tmp_path: Path):
    from govnews.store import StoreError

    (tmp_path / "afile").write_text("", "utf-8")
    with pytest.raises(StoreError, match=r"a file stands where its folder .*afile should be"):
        open_store(str(tmp_path / "afile" / "x.db"), tmp_path)


@pytest.mark.parametrize("seconds", ["-5", "0", "nan"])
def test_a_worker_idle_timeout_below_zero_is_named_before_redis_is_asked(seconds: str, capsys):
    status, line = _error(capsys, "worker", "--distributed", "redis://127.0.0.1:1/0", "--idle-timeout", seconds)
    assert status == 2 and line.startswith("govnews worker: --idle-timeout")
