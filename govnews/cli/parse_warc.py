"""``govnews parse --warc``: every HTML response in WARC files (govnews's own, wget's, Browsertrix's, Heritrix's)
extracted into records, each with the ``capture`` it came from."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import write_jsonl
from .errors import EXIT_OK, EXIT_PROBLEMS, CliError


def parse_warcs(args, profile) -> int:
    from ..archive.reader import ArchivedPage, iter_html_pages
    from ..extraction import Page, extract_article

    for option in ("url", "content_type", "fetched_at"):
        if getattr(args, option, None):
            raise CliError(f"--{option.replace('_', '-')} cannot go with --warc: each archived response carries its own")
    if "-" in args.files:
        raise CliError("--warc reads WARC files by name, not standard input")
    status = EXIT_OK
    for path in args.files:
        if problem := _not_a_file(Path(path)):
            print(f"govnews parse: {path}: {problem}", file=sys.stderr)
            status = EXIT_PROBLEMS
    readable = [p for p in args.files if Path(p).is_file()]
    for page in iter_html_pages([Path(p) for p in readable], readable):
        if not isinstance(page, ArchivedPage):
            print(f"govnews parse: {page}", file=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        record = extract_article(Page(page.body, page.url, page.fetched_at, page.headers, page.status), profile)
        record["capture"] = page.capture
        write_jsonl(record)
        sys.stdout.flush()
    return status


def _not_a_file(path: Path) -> str:
    if path.is_file():
        return ""
    if path.is_dir():
        return "a directory, not a WARC file"
    return "no such file" if not path.exists() else "not a regular file"
