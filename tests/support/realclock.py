"""The environment for the servers the tests start (PostgreSQL, redis-server, Chromium): the system clock.

The suite also runs under faketime (scripts/test.sh) to show that govnews reads no real date. libfaketime
is preloaded into every process started from a faked one, and some native servers do not survive it
(redis-server's allocator recurses into clock_gettime); they do not need a fake date either.
"""

from __future__ import annotations

import os


def real_clock_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAKETIME", "DONT_FAKE"))}
    preload = [lib for lib in env.get("LD_PRELOAD", "").split() if "faketime" not in lib]
    if preload:
        env["LD_PRELOAD"] = " ".join(preload)
    else:
        env.pop("LD_PRELOAD", None)
    return env
