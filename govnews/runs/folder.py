"""Run ids and the folder of one run's outputs."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import clock
from .atomic import atomic_open


def new_run_id(now: datetime | None = None) -> str:
    """A UTC timestamp that sorts lexically, e.g. ``20261127T081500Z``."""
    now = now or clock.now()
    return now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def run_dir(out: str | os.PathLike, run_id: str) -> Path:
    return Path(out) / "runs" / run_id


def write_json_atomic(path: Path, data: Any) -> None:
    """Readers never see half a file."""
    with atomic_open(path) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
