"""The one clock: pinned by GOVNEWS_NOW (the environment, reaching subprocesses) or the setting; running on from there."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import pytest

from govnews.cli import main
from govnews.demo.world import DemoWorld
from govnews.runs import clock


@pytest.fixture
def repin():
    """Let a test pin the clock elsewhere; the suite's pin (with its timeline) comes back afterwards."""
    saved = os.environ[clock.ENV_VAR]
    yield clock.pin
    clock.pin(saved)


def test_the_suite_runs_on_a_pinned_clock():
    assert clock.pinned() == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert clock.china_today() == date(2026, 11, 27)
    assert os.environ[clock.ENV_VAR].startswith("2026-11-27T08:00:00.000000Z@")  # with the suite's timeline


def test_a_pinned_clock_runs_on_from_its_instant(repin):
    repin("2027-12-31T15:59:59Z")
    first = clock.now()
    time.sleep(0.01)
    second = clock.now()
    assert datetime(2027, 12, 31, 15, 59, 59, tzinfo=UTC) <= first < second
    assert (second - first).total_seconds() < 5
    assert clock.utc_iso(first) == "2027-12-31T15:59:59Z"


def test_china_today_turns_at_china_midnight(repin):
    repin("2027-12-31T15:59:59Z")
    assert clock.china_today() == date(2027, 12, 31)
    repin("2027-12-31T16:00:00Z")
    assert clock.china_today() == date(2028, 1, 1)


def test_pinning_the_same_instant_again_keeps_the_clock_running(repin):
    repin("2028-02-29T04:00:00Z")
    time.sleep(0.02)
    before = clock.now()
    repin(datetime(2028, 2, 29, 4, 0, tzinfo=UTC))
    assert clock.now() >= before  # time never runs backwards within a process


def test_offsets_and_naive_times_are_understood(repin):
    repin("2028-02-29 12:00+08:00")
    assert clock.pinned() == datetime(2028, 2, 29, 4, 0, tzinfo=UTC)
    repin(datetime(2028, 2, 29, 4, 0))  # naive: UTC
    assert clock.pinned() == datetime(2028, 2, 29, 4, 0, tzinfo=UTC)


def test_processes_on_one_timeline_see_one_clock(repin):
    repin("2027-12-31T15:59:00Z")
    code = "from govnews.runs import clock; print(clock.now().timestamp())"
    child = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert clock.now().timestamp() - 5 < child <= clock.now().timestamp()  # not back at 15:59:00 when it started


def test_unpinned_reads_the_system_clock(repin):
    repin(None)
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 5


def test_a_bad_pin_is_a_one_line_error(monkeypatch, capsys, repin):
    with pytest.raises(clock.ClockError, match="GOVNEWS_NOW='yesterday': not an ISO 8601 time"):
        clock.parse_pin("yesterday")
    monkeypatch.setenv(clock.ENV_VAR, "yesterday")
    assert main(["sites", "demo-trs-*"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["govnews sites: GOVNEWS_NOW='yesterday': not an ISO 8601 time such as 2026-11-27T08:00:00Z"]


def test_the_pin_reaches_subprocesses_and_the_demo_world():
    code = "from govnews.runs import clock; from govnews.demo.world import DemoWorld; print(clock.china_today(), DemoWorld(clock.china_today()).today)"
    env = dict(os.environ, **{clock.ENV_VAR: "2028-02-29T04:00:00Z"})
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["2028-02-29", "2028-02-29"]


def test_the_demo_world_of_a_leap_day_dates_nothing_after_it():
    world = DemoWorld(date(2028, 2, 29), 2)
    published = [a.published[:10] for s in world.site_ids() for a in world.articles(s) if a.published]
    assert published and max(published) <= "2028-02-29"
