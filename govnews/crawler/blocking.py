"""Anti-crawler answers: recognise a challenge instead of content, say which kind, never bypass it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Body markers (ASCII) of the challenge pages Chinese government sites serve.
_MARKERS = (
    ("ruishu", (b"$_ts=window", b"$_ts.nsd", b"$_ts.cd")),
    ("jsl", (b"__jsl_clearance", b"__jsluid")),
    ("aliyun_waf", (b"acw_sc__v2", b"aliyun_waf", b"aliyunwaf_")),
    ("wzws", (b"wzwschallenge", b"wzws_cid")),
)
_SMALL = 8192


@dataclass(frozen=True)
class Block:
    kind: str  # ruishu, jsl, aliyun_waf, wzws, waf_403, challenge, empty_listing
    status: int

    def __str__(self) -> str:
        return f"{self.kind} (HTTP {self.status})"


def classify(status: int, body: bytes, set_cookie: Sequence[bytes] = ()) -> Block | None:
    """The kind of block a response is, or None if it may be content."""
    head = body[:65536]
    for kind, markers in _MARKERS:
        if any(m in head for m in markers):
            return Block(kind, status)
    cookies = b" ".join(set_cookie)
    if status == 412:
        return Block("ruishu", status)
    if status == 521 or b"__jsluid" in cookies:
        return Block("jsl", status)
    if status == 403:
        return Block("waf_403", status)
    if len(body) < _SMALL and b"document.cookie" in head and b"location" in head and b"<a " not in head.lower():
        return Block("challenge", status)
    if status == 202 and len(body) < _SMALL and b"<a " not in head.lower():
        return Block("challenge", status)
    return None
