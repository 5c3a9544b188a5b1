"""Checks on the output folder before any work starts."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import EXIT_CANNOT_RUN, CliError


def ensure_writable(out: str) -> Path:
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"--out {out}: cannot create the output folder ({exc.strerror or exc})", EXIT_CANNOT_RUN) from None
    if not path.is_dir():
        raise CliError(f"--out {out}: not a folder", EXIT_CANNOT_RUN)
    if not os.access(path, os.W_OK | os.X_OK):
        raise CliError(f"--out {out}: the output folder is not writable", EXIT_CANNOT_RUN)
    return path
