"""Run ids and the folder of one run's outputs: its feed (under a temporary name until the run has finished)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from . import clock

FEED_NAME = "articles.jsonl"
PART_SUFFIX = ".part"  # the feed's name until its run has finished


def new_run_id(now: datetime | None = None) -> str:
    """A UTC timestamp that sorts lexically, e.g. ``20261127T081500Z``."""
    now = now or clock.now()
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def run_dir(out: str | os.PathLike, run_id: str) -> Path:
    return Path(out) / "runs" / run_id


def part_feed(folder: Path) -> Path:
    """The feed of an unfinished run."""
    return folder / f"{FEED_NAME}{PART_SUFFIX}"
