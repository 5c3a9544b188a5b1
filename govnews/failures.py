"""Why a request failed, as a short machine-readable reason for stats and the run manifest."""

from __future__ import annotations

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure


def failure_reason(failure: Failure) -> str:
    """``http_404``, or the failure's exception class name for network errors."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    return failure.type.__name__
