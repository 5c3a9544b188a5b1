"""Why a request failed, as a short machine-readable reason for stats and the run manifest.

Reasons are stable snake_case words that say what happened, not which library class said so
(Scrapy and Twisted rename and rewrap their exceptions between releases):

| reason | what happened |
|---|---|
| `http_NNN` | the server answered with an error status (after retries for 5xx) |
| `timeout` | no complete answer within ``DOWNLOAD_TIMEOUT`` |
| `connection_lost` | the connection was closed or reset before the answer was complete |
| `connection_refused` | nothing listens on the host and port |
| `dns` | the host name could not be resolved |
| `connect_failed` | any other failure to connect: no route to the host, a reset during the handshake |
| `tls` | the TLS handshake failed |
| `dataloss` | the body was shorter than its ``Content-Length`` or its chunking said |
| `too_large` | the body (declared, received or decompressed) exceeds ``DOWNLOAD_MAXSIZE`` |
| `redirect_loop` | redirects came back to a URL already visited |
| `too_many_redirects` | a redirect chain longer than ``REDIRECT_MAX_TIMES`` |
| `robots` | robots.txt forbids the URL |
| `host_down` | the host stopped answering (``GOVNEWS_HOST_DOWN_AFTER`` connection failures in a row): not tried |
| `ignored`, `cancelled`, `download_failed` | other ignored, cancelled or failed downloads |
| snake_case class name | anything else (a bug to report) |
"""

from __future__ import annotations

import re

from scrapy import exceptions as scrapy_errors
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_errors
from twisted.python.failure import Failure

# Scrapy drops these requests with IgnoreRequest, yet each one is a page the user did not get.
LOST_PAGE_REASONS = frozenset({"redirect_loop", "too_many_redirects", "too_large", "host_down"})

_LOST = (tx_errors.ConnectionLost, tx_errors.ConnectionDone, tx_errors.ConnectionAborted)
_BY_TYPE: tuple[tuple[tuple[type | str, ...], str], ...] = (
    ((scrapy_errors.DownloadTimeoutError, tx_errors.TimeoutError, tx_errors.TCPTimedOutError), "timeout"),
    ((scrapy_errors.ResponseDataLossError, "twisted.web.http._DataLoss"), "dataloss"),
    ((scrapy_errors.CannotResolveHostError, tx_errors.DNSLookupError), "dns"),
    ((scrapy_errors.DownloadConnectionRefusedError, tx_errors.ConnectionRefusedError), "connection_refused"),
    (("OpenSSL.SSL.Error", tx_errors.SSLError), "tls"),
    ((scrapy_errors.UnsupportedURLSchemeError,), "unsupported_scheme"),
    (_LOST, "connection_lost"),
    # Any other failure to set the connection up: no route to the host, a reset during the handshake.
    ((tx_errors.ConnectError,), "connect_failed"),
)


def failure_reason(failure: Failure) -> str:
    """The reason for a failed request: ``http_503``, ``timeout``, ``too_large`` … (table above)."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    for types, reason in _BY_TYPE:
        if failure.check(*types):
            return reason
    if failure.check(scrapy_errors.DownloadCancelledError):
        return _cancelled(str(failure.value))
    if failure.check(scrapy_errors.DownloadFailedError, "twisted.web._newclient.ResponseFailed"):
        return _failed(failure.value)
    if failure.check(scrapy_errors.IgnoreRequest):
        return _ignored(str(failure.value), getattr(failure, "request", None))
    return _snake(failure.type.__name__)


def _cancelled(message: str) -> str:
    # Scrapy cancels a body it will not keep: "larger than download max size" when the
    # Content-Length says so, an empty message when the received bytes pass the limit
    # (a timeout also cancels, but is reported as DownloadTimeoutError).
    return "too_large" if not message or "max size" in message else "cancelled"


def _failed(exc: BaseException) -> str:
    """DownloadFailedError wraps Twisted's ResponseFailed, whose ``reasons`` say what broke."""
    wrapped = exc.__cause__ if exc.__cause__ is not None else exc
    reasons = [r for r in getattr(wrapped, "reasons", []) if isinstance(r, Failure)]
    if any(r.check("twisted.web.http._DataLoss") for r in reasons):
        return "dataloss"
    if any(r.check(*_LOST) for r in reasons):
        return "connection_lost"
    if any(r.check(tx_errors.TimeoutError) for r in reasons):
        return "timeout"
    return "download_failed"


def _ignored(message: str, request) -> str:
    if "max redirections" in message:
        meta = getattr(request, "meta", {}) or {}
        visited = [*meta.get("redirect_urls", []), getattr(request, "url", None)]
        return "redirect_loop" if len(set(visited)) < len(visited) else "too_many_redirects"
    if "DOWNLOAD_MAXSIZE" in message or "max size" in message:
        return "too_large"  # a compressed body that expands past the limit
    if "robots.txt" in message:
        return "robots"
    if message.startswith("blocked"):
        return "blocked"
    if message.startswith("host down"):  # crawler/hostdown.py
        return "host_down"
    return "ignored"


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
