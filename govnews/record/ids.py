"""Canonical article URLs and the stable record id derived from them."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_DEFAULT_INDEX = re.compile(r"/(?:index|default)(?:_0)?\.(?:s?html?|jsp|php|aspx?)$", re.I)
TRACKING_PARAMS = frozenset(
    "utm_source utm_medium utm_campaign utm_term utm_content spm from share_from share_user_mpuuid "
    "share_depth share_source uuid isappinstalled scene clicktime enterid timestamp wxfrom fbclid gclid "
    "_t _ random rnd".split()
)


def canonicalize(url: str) -> str:
    """The URL with its accidental variation folded away.

    Host case, default index files (``index.html``, ``index_0.shtml``), fragments and tracking
    parameters are folded; parameters that identify content (``?id=1004``) are kept and sorted.
    The scheme is kept so the URL stays fetchable; :func:`article_id` ignores it.
    """
    parts = urlsplit(canonicalize_url(url.strip(), keep_fragments=False))
    path = _DEFAULT_INDEX.sub("/", parts.path) or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in TRACKING_PARAMS])
    netloc = parts.netloc.lower()
    if (parts.scheme, netloc.rsplit(":", 1)[-1]) in (("http", "80"), ("https", "443")):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def url_key(url: str) -> str:
    """The canonical URL without its scheme: http and https copies of a page are one article."""
    canonical = canonicalize(url)
    return canonical.split("://", 1)[-1]


def article_id(url: str) -> str:
    """A stable 16-hex-digit id for the article at ``url``, the same on every run and either scheme."""
    return hashlib.sha256(url_key(url).encode("utf-8")).hexdigest()[:16]


def join_url(base: str, href: str) -> str | None:
    """``href`` made absolute against ``base``; None for a link urllib cannot split (``http://[::1``, an unclosed
    IPv6 bracket), which real pages do carry and which no request could follow."""
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return None


def http_url_problem(url: str) -> str | None:
    """Why ``url`` is no http(s) URL govnews can fetch, as a phrase starting with the URL; None when it is one.

    The one check for every URL given to govnews: command-line arguments, profiles, spreadsheets, GOVNEWS_DEMO_URL.
    """
    if not url.startswith(("http://", "https://")):
        return f"{url!r} is not an http(s) URL"
    try:
        parts = urlsplit(url)
    except ValueError:  # urlsplit's "Invalid IPv6 URL": a [ or ] without its partner, or no address between them
        return f"{url!r} is not a valid URL (a malformed [IPv6] host)"
    if not parts.hostname:
        return f"{url!r} is not a valid URL (no host)"
    if any(ch.isspace() for ch in parts.netloc):
        return f"{url!r} is not a valid URL (a space in its host)"
    try:
        port = parts.port
    except ValueError:  # not digits, or beyond 65535
        port = -1
    if port is not None and not 0 < port <= 65535:
        return f"{url!r} is not a valid URL (its port is not a number from 1 to 65535)"
    return None
