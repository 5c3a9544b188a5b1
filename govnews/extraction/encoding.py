"""Decode page bytes: declared charsets first, gb2312/gbk read as gb18030, conflicts settled by a clean decode."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

# Characters that appear when UTF-8 bytes are read as GBK (from "，", "。", "“" …) or
# GBK bytes as Latin-1; real Chinese text almost never contains them in numbers.
_GBK_MOJIBAKE = re.compile("[锛銆鈥鐨鏄鍦鏃绗浣犲緢]")
_LATIN_MOJIBAKE = re.compile("[ÃÂåæçèéäï][\u0080-\u00bf\u2018-\u201e\u20ac]")


# Single-byte charsets accept any bytes, so declaring one proves nothing: Tomcat and some gateways
# send ISO-8859-1 by default in front of pages that are really GBK or UTF-8.
_SINGLE_BYTE = {"cp1252", "latin-1", "iso8859-1", "iso8859-15"}
_CJK = re.compile("[\u4e00-\u9fff]")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    exact: bool = False  # ``text`` is every byte of the body read strictly in ``encoding``: encoding it gives the body

    @property
    def utf8(self) -> bool:
        """The body is exactly ``text`` in UTF-8 (a parser can take the bytes as they came)."""
        return self.exact and self.encoding == "utf-8"


def _resolve(name: str | None) -> str | None:
    if not name:
        return None
    return resolve_encoding(name) or None


def _try(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, content_type: str | None = None, hint: str | None = None) -> Decoded:
    """Turn raw bytes into text the way a careful browser would, and say what was doubtful.

    ``hint`` is a site profile's encoding: tried first, used when it decodes cleanly.
    """
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom:
        text = _try(body[len(bom):], bom_encoding)
        if text is not None:
            return Decoded(text, bom_encoding)

    header = _resolve(http_content_type_encoding(content_type or ""))
    meta = _resolve(html_body_declared_encoding(body[:8192]))
    warnings: list[str] = []
    if header and meta and header != meta:
        warnings.append(f"charset_mismatch:header={header},meta={meta}")
        # A strict UTF-8 decode is strong evidence; gb18030 accepts almost any bytes.
        candidates = sorted([header, meta], key=lambda e: e != "utf-8")
    else:
        candidates = [e for e in (header, meta) if e] or ["utf-8", "gb18030"]

    declared = set(candidates)
    if hint and (resolved := _resolve(hint)) and (text := _try(body, resolved)) is not None:
        return Decoded(text, resolved, warnings + (["garbled_text:replacement_chars"] if "\ufffd" in text else []), exact=True)
    for encoding in dict.fromkeys(candidates + ["utf-8", "gb18030"]):
        text = _try(body, encoding)
        if text is None:
            continue
        if encoding in _SINGLE_BYTE and (better := _chinese_under_latin(body)):
            text, encoding = better  # also a strict reading of every byte
        if encoding not in declared and (header or meta):
            warnings.append(f"charset_wrong:declared={candidates[0]},used={encoding}")
        # Mojibake is judged on the extracted text later; here only undecodable bytes count.
        return Decoded(text, encoding, warnings + (["garbled_text:replacement_chars"] if "\ufffd" in text else []), exact=True)

    # Nothing decodes cleanly (truncated or corrupt bytes): the reading that loses the fewest characters.
    readings = [(body.decode(e, errors="replace"), e) for e in dict.fromkeys(candidates + ["utf-8", "gb18030"])]
    text, encoding = min(readings, key=lambda r: r[0].count("\ufffd"))
    return Decoded(text, encoding, warnings + ["garbled_text:undecodable_bytes"])


def _chinese_under_latin(body: bytes) -> tuple[str, str] | None:
    """A strict UTF-8 or GB18030 reading of bytes declared Latin, when that reading is Chinese text."""
    if body.isascii():
        return None
    for encoding in ("utf-8", "gb18030"):
        text = _try(body, encoding)
        if text is not None and len(_CJK.findall(text)) >= 5:
            return text, encoding
    return None


def looks_garbled(text: str) -> list[str]:
    """Warnings for text that decoded but reads like mojibake."""
    if "\ufffd" in text:
        return ["garbled_text:replacement_chars"]
    if len(_GBK_MOJIBAKE.findall(text)) >= 5:
        return ["garbled_text:utf8_read_as_gbk"]
    if len(_LATIN_MOJIBAKE.findall(text)) >= 5:
        return ["garbled_text:read_as_latin1"]
    return []
