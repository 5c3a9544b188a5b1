"""A misbehaving news site on 127.0.0.1, for fault-injection tests.

One TRS-style column (``/news/index.html``) lists six articles; five are good pages and exactly one,
``BAD_PATH``, misbehaves in the chosen way (``FAULTS``: server and network faults, too much data,
not a page, a badly made page). Raw sockets, so that protocol-level faults (resets, short bodies,
endless streams) can be served as well as odd content. ``profile_toml`` writes a site profile for it.

    with FaultServer("truncated") as server:
        server.base_url, server.bad_url, server.hits(BAD_PATH)   # GOOD, BAD: what the pages show
"""

from __future__ import annotations

import html
import select
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

LISTING_PATH = "/news/index.html"
BAD_PATH = "/news/202503/t20250314_1004.html"
SITE_NAME = "故障测试区人民政府"
MB = 1024 * 1024


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    published: str  # as the record gives it
    source: str
    paragraphs: tuple[str, ...]


def _article(n: int, topic: str, place: str) -> Article:
    day = 10 + n
    paragraphs = (
        f"3月{day}日上午，{place}街道召开{topic}工作推进会，街道机关干部和社区书记共{20 + n}人参加。",
        f"会议通报了前一阶段{topic}工作进展，分析了存在的问题，并对下一步工作作出具体安排。",
        f"会议要求，各社区要压实责任、细化措施，确保{topic}各项任务在{n + 3}月底前全部落实到位。",
    )
    return Article(f"/news/202503/t202503{day:02d}_{1000 + n}.html", f"{place}街道召开{topic}工作推进会",
                   f"2025-03-{day:02d}T09:30+08:00", f"{place}街道办事处", paragraphs)


ALL = tuple(_article(n, topic, place) for n, (topic, place) in enumerate(
    [("垃圾分类", "幸福"), ("安全生产", "和平"), ("文明创建", "光明"), ("防汛防台", "东风"),
     ("老旧小区改造", "新华"), ("就业帮扶", "青山")], start=1))
BAD = next(a for a in ALL if a.path == BAD_PATH)
GOOD = tuple(a for a in ALL if a is not BAD)


def article_html(a: Article, charset: str | None = "utf-8", head_extra: str = "", wrap: tuple[str, str] = ("", "")) -> str:
    """A TRS WCM article page (meta set, info line, ``#zoom > .TRS_Editor``), as the demo portal serves them."""
    e, when = html.escape, a.published[:16].replace("T", " ")
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n' if charset else ""
    body = "\n".join(f'<p style="text-indent:2em">{e(p)}</p>' for p in a.paragraphs)
    return f"""<!DOCTYPE html>
<html>
<head>
{meta}<meta name="SiteName" content="{SITE_NAME}">
<meta name="ColumnName" content="街道动态">
<meta name="ArticleTitle" content="{e(a.title)}">
<meta name="PubDate" content="{when}">
<meta name="ContentSource" content="{e(a.source)}">
<title>{e(a.title)}_街道动态_{SITE_NAME}</title>
{head_extra}</head>
<body>
<div class="top"><a href="/">网站首页</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/news/">街道动态</a></div>
{wrap[0]}<div class="article">
<h1>{e(a.title)}</h1>
<div class="info">发布时间：{when}　来源：{e(a.source)}</div>
<div id="zoom"><div class=TRS_Editor>
{body}
</div></div>
</div>{wrap[1]}
<div class="footer"><p>版权所有：{SITE_NAME}　网站标识码：3399990001</p></div>
</body>
</html>
"""


def listing_html(bad_href: str | None = None) -> str:
    """The column page; ``bad_href`` replaces the bad article's relative link (e.g. by one to another port)."""
    href = {a.path: a.path.removeprefix("/news/") for a in ALL} | ({BAD_PATH: bad_href} if bad_href else {})
    items = "\n".join(f'<li><a href="{href[a.path]}" title="{html.escape(a.title)}">'
                      f'{html.escape(a.title)}</a><span>{a.published[:10]}</span></li>' for a in ALL)
    return (f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>街道动态_{SITE_NAME}</title>\n</head>\n'
            f'<body>\n<div class="list"><ul>\n{items}\n</ul>\n<div class="page" id="page_div"><script>'
            f'createPageHTML(1, 0, "index", "html");</script></div></div>\n</body>\n</html>\n')


def profile_toml(site_id: str, base_url: str) -> str:
    """A site profile (for ``GOVNEWS_PROFILES_DIR``) that crawls the fault server's one column."""
    return (f'id = "{site_id}"\nname = "{SITE_NAME}"\nfamily = "trs"\n\n[region]\nprovince = "浙江省"\n\n'
            f'[status]\nstate = "unverified"\nhow = "a local fault-injection server"\n\n'
            f'[politeness]\ndelay = 0.0\nconcurrency = 4\n\n[pagination]\nkind = "trs"\n\n'
            f'[[columns]]\nname = "街道动态"\nurl = "{base_url}{LISTING_PATH}"\n')


# --- the faults --------------------------------------------------------------------------------


class _Conn:
    """One accepted connection: what the request asked and how to answer it, politely or not."""

    def __init__(self, sock: socket.socket, server: FaultServer) -> None:
        self.sock, self.server = sock, server

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
             extra: tuple[tuple[str, str], ...] = (), length: int | None = None) -> None:
        reason = {200: "OK", 302: "Found", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body) if length is None else length)),
                   ("Connection", "close"), *extra]
        head = f"HTTP/1.1 {status} {reason.get(status, 'OK')}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
        self.sock.sendall(head.encode("latin-1") + b"\r\n" + body)

    def page(self, text: str, content_type: str = "text/html; charset=utf-8", **kw) -> None:
        self.send(200, text.encode("utf-8"), content_type, **kw)

    def reset(self) -> None:
        """Close with an RST instead of a FIN (SO_LINGER 0): a peer that crashed or a middlebox that cut us off."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def hang(self, seconds: float) -> None:
        """Send nothing until the client gives up (or ``seconds`` pass, or the server stops)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and not self.server.stopping.is_set():
            if select.select([self.sock], [], [], 0.1)[0] and not self.sock.recv(4096):
                return

    def stream(self, head: bytes, block: bytes, total: int) -> None:
        """Send ``head`` and then ``block`` again and again up to ``total`` bytes, or until the client hangs up."""
        try:
            self.sock.sendall(head)
            sent = 0
            while sent < total and not self.server.stopping.is_set():
                self.sock.sendall(block)
                sent += len(block)
        except OSError:
            pass


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


@lru_cache(maxsize=1)
def gzip_bomb(expanded: int = 64 * MB) -> bytes:
    """An HTML page that is ~64 KB gzipped and ``expanded`` bytes unzipped (spaces compress ~1000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(b"<!DOCTYPE html><html><head><title>bomb</title></head><body><p>")]
    block = b" " * MB
    parts += [packer.compress(block) for _ in range(expanded // MB)]
    return b"".join(parts) + packer.compress(b"</p></body></html>") + packer.flush()


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9"


def _gzip_chunked(c: _Conn, text: str) -> None:
    """A page gzip-compressed and sent in chunks (nginx's gzip on a dynamic page): what WARC files must keep as sent."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    body = packer.compress(text.encode("utf-8")) + packer.flush()
    head = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    c.sock.sendall(head.encode("latin-1") + _chunk(body[:200]) + _chunk(body[200:]) + b"0\r\n\r\n")


def _redirect(c: _Conn, to: str) -> None:
    c.send(302, b"", extra=(("Location", to),))


def _reset_mid_header(c: _Conn) -> None:
    c.sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/ht")
    c.reset()


def _endless(c: _Conn, chunked: bool) -> None:
    """64 MB of one paragraph: declared up front by Content-Length, or streamed in chunks without a length."""
    framing = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % (64 * MB)
    block = b"<p>" + b"x" * 65533
    c.stream(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n%s\r\nConnection: close\r\n\r\n" % framing,
             _chunk(block) if chunked else block, 64 * MB)


def _bad_bytes(a: Article) -> bytes:
    """The page as UTF-8 with two bytes that are neither UTF-8 nor GB18030 in its second paragraph."""
    cut = a.paragraphs[1][:6].encode("utf-8")
    return article_html(a).encode("utf-8").replace(cut, cut + b"\xff\xfe", 1)


def _unclosed(a: Article) -> str:
    return article_html(a).replace("</p>", "").replace("</div>", "").replace("</body>\n</html>", "")


def _one_long_line(a: Article) -> str:
    return article_html(a, head_extra=f'<script>var data="{"A" * (10 * MB)}";</script>').replace("\n", " ")


def _deep(levels: int) -> tuple[str, str]:
    return "<table><tr><td>" * levels, "</td></tr></table>" * levels


Fault = Callable[[_Conn, int], None]  # (connection, how many times the bad URL was asked before)
_GBK_NO_META = article_html(BAD, charset=None).encode("gb18030")

FAULTS: dict[str, Fault] = {
    # the server or the network
    "http_503_burst": lambda c, n: c.send(503, b"busy") if n < 2 else c.page(article_html(BAD)),
    "http_500_forever": lambda c, n: c.send(500, b"<html><body>Internal Server Error</body></html>"),
    "connection_reset": lambda c, n: _reset_mid_header(c),
    "connection_refused": lambda c, n: None,  # never asked: the listing links it to a port nobody listens on
    "slow": lambda c, n: c.hang(30),
    "truncated": lambda c, n: c.send(200, article_html(BAD).encode("utf-8")[:900], length=20000),
    "redirect_loop": lambda c, n: _redirect(c, "/news/loop.html"),
    "redirect_chain": lambda c, n: _redirect(c, "/news/hop/1.html"),
    # too much
    "too_large": lambda c, n: _endless(c, chunked=False),
    "too_large_chunked": lambda c, n: _endless(c, chunked=True),
    "gzip_bomb": lambda c, n: c.send(200, gzip_bomb(), extra=(("Content-Encoding", "gzip"),)),
    # compressed and chunked, as most servers send pages
    "gzip_chunked": lambda c, n: _gzip_chunked(c, article_html(BAD)),
    # not a page
    "pdf_as_html": lambda c, n: c.send(200, PDF),
    "jpeg_as_html": lambda c, n: c.send(200, JPEG),
    "json_body": lambda c, n: c.send(200, b'{"code": 0, "data": {"title": "x", "content": "y"}}', "application/json"),
    "plain_text": lambda c, n: c.send(200, "\n".join((BAD.title, *BAD.paragraphs)).encode("utf-8"), "text/plain; charset=utf-8"),
    "empty_body": lambda c, n: c.send(200, b""),
    # a page, badly made
    "invalid_utf8": lambda c, n: c.send(200, _bad_bytes(BAD)),
    "lying_charset": lambda c, n: c.send(200, _GBK_NO_META),  # GBK bytes under the header's charset=utf-8
    "latin1_header": lambda c, n: c.send(200, _GBK_NO_META, "text/html; charset=ISO-8859-1"),  # Tomcat's default
    "unclosed_tags": lambda c, n: c.page(_unclosed(BAD)),
    "long_line": lambda c, n: c.page(_one_long_line(BAD)),
    "deep_tables": lambda c, n: c.page(article_html(BAD, wrap=_deep(3000))),
}


def _closed_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago and that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the server --------------------------------------------------------------------------------


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server: FaultServer = self.server.fault_server  # type: ignore[attr-defined]
        self.request.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = self.request.recv(65536)
                if not chunk:
                    return
                data += chunk
            target = data.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
            server.route(_Conn(self.request, server), target.split("?", 1)[0])
        except OSError:
            pass  # the client hung up or the fault closed the socket: both are expected here


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False


class FaultServer:
    """The site on a free port of 127.0.0.1, served from a background thread while the context is open."""

    def __init__(self, fault: str) -> None:
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; one of {', '.join(FAULTS)}")
        self.fault = fault
        self.paths: list[str] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server: _TCPServer | None = None
        self._dead_port: int | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def bad_url(self) -> str:
        """Where the listing sends the crawler for the bad article."""
        return f"http://127.0.0.1:{self._dead_port}{BAD_PATH}" if self._dead_port else self.base_url + BAD_PATH

    def hits(self, path: str) -> int:
        with self._lock:
            return self.paths.count(path)

    def route(self, conn: _Conn, path: str) -> None:
        with self._lock:
            before = self.paths.count(path)
            self.paths.append(path)
        good = next((a for a in GOOD if a.path == path), None)
        if path == BAD_PATH:
            FAULTS[self.fault](conn, before)
        elif good is not None:
            conn.page(article_html(good))
        elif path == LISTING_PATH:
            conn.page(listing_html(self.bad_url if self._dead_port else None))
        elif path == "/robots.txt":
            conn.page("User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/news/loop.html":
            _redirect(conn, BAD_PATH)
        elif path.startswith("/news/hop/"):
            _redirect(conn, f"/news/hop/{int(path.rsplit('/', 1)[1].split('.')[0]) + 1}.html")
        else:
            conn.send(404, b"<html><body>404 Not Found</body></html>")

    def start(self) -> FaultServer:
        if self.fault == "gzip_bomb":
            gzip_bomb()  # built before the first request, not while a client waits
        if self.fault == "connection_refused":
            self._dead_port = _closed_port()
        self._server = _TCPServer(("127.0.0.1", 0), _Handler)
        self._server.fault_server = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
