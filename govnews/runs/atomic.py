"""Files written whole or not at all: a temporary name in the same folder, then a rename. The one writer every
output file of govnews goes through (feeds, manifests, reports, Atom feeds, exports)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_open(path: Path, encoding: str | None = "utf-8", newline: str | None = None,
                binary: bool = False) -> Iterator[IO[Any]]:
    """Write ``path`` through a temporary file that replaces it only when the block ends without error.

    The file gets the usual permissions (mkstemp's are owner-only), so readers such as a web server
    serving the feeds can open it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with opened as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _default_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_open(path) as handle:
        handle.write(text)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    with atomic_open(path, binary=True) as handle:
        handle.write(data)


def write_json_atomic(path: Path, data: Any) -> None:
    """Readers never see half a file."""
    with atomic_open(path) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
