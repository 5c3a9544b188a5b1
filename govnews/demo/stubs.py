"""Pages that are not news: anti-bot challenges, robots.txt, the 404 page and the portal's index."""

from __future__ import annotations

import hashlib
from datetime import date

from .chrome import Request, Response, esc, html_page, respond
from .render import fill
from .sites import SITES

ROBOTS = "User-agent: *\nDisallow: /trs/private/\n"
BLOCKED_KINDS = ("ruishu", "jsl", "waf", "challenge")
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _noise(seed: str, size: int, alphabet: str = _ALNUM) -> str:
    """Deterministic random-looking text (challenge tokens must not change between runs)."""
    out: list[str] = []
    counter = 0
    while len(out) < size:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out += [alphabet[b % len(alphabet)] for b in digest]
        counter += 1
    return "".join(out[:size])


def ruishu(request: Request) -> Response:
    """瑞数: 412 with a tiny page of $_ts seeds and a script marked r='m'; the cookie name ends in S."""
    page = fill("blocked_ruishu.html", meta_id=_noise("meta-id" + request.path, 22), meta_content=_noise("meta" + request.path, 120),
                nsd=int(_noise("nsd" + request.path, 5, "0123456789")), cd=_noise("cd" + request.path, 180))
    cookie = f"FSSBBIl1UgzbN7N80S={_noise('cookie' + request.path, 64)}; Path=/; expires=Fri, 01 Jan 2100 00:00:00 GMT; HttpOnly"
    return html_page(page, 412, [("Set-Cookie", cookie), ("Cache-Control", "no-cache")])


def jsl(request: Request) -> Response:
    """加速乐: 521 with a script that sets the clearance cookie and reloads."""
    clearance = f"1764201234.567|0|{_noise('jsl' + request.path, 27)}%3D"
    page = fill("blocked_jsl.html", clearance=clearance, expires="Thu, 01-Jan-2099 00:00:00 GMT")
    cookie = f"__jsluid_s={_noise('jsluid' + request.path, 32, '0123456789abcdef')}; max-age=31536000; path=/; HttpOnly"
    return html_page(page, 521, [("Set-Cookie", cookie)])


def waf(request: Request) -> Response:
    page = fill("blocked_waf.html", event_id=_noise("event" + request.path, 24, "0123456789abcdef"), client="127.0.0.1")
    return html_page(page, 403)


def challenge(request: Request) -> Response:
    """Aliyun WAF: a 200 page with an arg1= challenge that computes the acw_sc__v2 cookie."""
    page = fill("blocked_challenge.html", arg1=_noise("arg1" + request.path, 40, "0123456789ABCDEF"), token=_noise("tok" + request.path, 32))
    cookie = f"acw_tc={_noise('acw' + request.path, 48, '0123456789abcdef')};path=/;HttpOnly;Max-Age=1800"
    return html_page(page, 200, [("Set-Cookie", cookie)])


STUBS = {"ruishu": ruishu, "jsl": jsl, "waf": waf, "challenge": challenge}


def robots() -> Response:
    return respond(200, ROBOTS.encode("ascii"), "text/plain; charset=utf-8")


def not_found(request: Request) -> Response:
    return html_page(fill("not_found.html", path=esc(request.path)), 404)


def home(today: date, day: int) -> Response:
    rows = "\n".join(
        f'<tr><td>{s.id}</td><td>{s.family}</td><td>{esc(s.column) or "-"}</td><td><a href="{esc(s.listing)}">{esc(s.listing)}</a></td></tr>'
        for s in SITES
    )
    return html_page(fill("portal_home.html", today=today.isoformat(), day=day, rows=rows))
