"""Files the demo pages link to: photos, PDF attachments and the portal's scripts.

The bytes are built here (a tiny grey baseline JPEG, a one-page PDF) so that a client checking
magic bytes or content types sees real files.
"""

from __future__ import annotations

import struct
from functools import lru_cache

from .chrome import Response, respond


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


@lru_cache(maxsize=1)
def jpeg(width: int = 64, height: int = 48) -> bytes:
    """A grey baseline JPEG: every 8x8 block has DC difference 0 and ends at once (EOB).

    With one-symbol Huffman tables both codes are the single bit 0, so each block is two zero bits.
    """
    blocks = (width // 8) * (height // 8)
    scan = bytes(blocks * 2 // 8) + (b"\x3f" if blocks * 2 % 8 else b"")  # pad the last byte with 1-bits
    one_code = bytes([1] + [0] * 15) + b"\x00"  # one code of length 1, for symbol 0
    return b"".join([
        b"\xff\xd8",
        _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        _segment(0xDB, b"\x00" + bytes([1] * 64)),
        _segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"),
        _segment(0xC4, b"\x00" + one_code),
        _segment(0xC4, b"\x10" + one_code),
        _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
        scan,
        b"\xff\xd9",
    ])


@lru_cache(maxsize=1)
def pdf() -> bytes:
    """A valid one-page PDF whose cross-reference offsets are computed, not guessed."""
    text = b"BT /F1 16 Tf 72 760 Td (govnews demo portal - attachment) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# createPageHTML as TRS templates define it: it writes the pager, so the static HTML has no links.
PAGE_JS = """function createPageHTML(a, b, c, d, e, f) {
  var div = null, count = a, current = b, name = c, ext = d;
  if (typeof a === "string") { div = a; count = b; current = c - 1; name = d; ext = e; }
  if (count <= 1) { return; }
  var url = function (i) { return i === 0 ? name + "." + ext : name + "_" + i + "." + ext; };
  var html = "<span>共" + count + "页</span> ";
  html += current > 0 ? "<a href='" + url(0) + "'>首页</a> <a href='" + url(current - 1) + "'>上一页</a> " : "<span>首页</span> <span>上一页</span> ";
  html += current < count - 1 ? "<a href='" + url(current + 1) + "'>下一页</a> <a href='" + url(count - 1) + "'>尾页</a>" : "<span>下一页</span> <span>尾页</span>";
  if (div && document.getElementById(div)) { document.getElementById(div).innerHTML = html; } else { document.write(html); }
}
"""
COMMON_JS = """function doZoom(size) { var z = document.getElementById("zoom"); if (z) { z.style.fontSize = size + "px"; } }
function showToday(id) { var d = new Date(), w = "日一二三四五六"; document.getElementById(id).innerHTML = "今天是" + d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 星期" + w.charAt(d.getDay()); }
function addFavorite() { alert("请使用 Ctrl+D 收藏本站"); }
"""
RUISHU_JS = "(function(){var _$ts=window['$_ts'];if(!_$ts){return;}_$ts['l__']=function(){document.cookie='FSSBBIl1UgzbN7N80T='+_$ts.cd.slice(0,32)+'; path=/';location.reload();};})();\n"
STYLE_CSS = "body{margin:0;font:14px/1.6 \"Microsoft YaHei\",SimSun,sans-serif}.w1200{width:1200px;margin:0 auto}.list li{list-style:none;border-bottom:1px dashed #ddd}.list li span{float:right;color:#999}\n"

SCRIPTS = {
    "/trs/images/page.js": PAGE_JS,
    "/trs/images/common.js": COMMON_JS,
    "/trs/images/style.css": STYLE_CSS,
    "/blocked/ruishu/abc.js": RUISHU_JS,
}


def script(path: str) -> Response:
    kind = "text/css" if path.endswith(".css") else "application/javascript"
    return respond(200, SCRIPTS[path].encode("utf-8"), f"{kind}; charset=utf-8")


def image() -> Response:
    return respond(200, jpeg(), "image/jpeg")


def document(name: str, download: bool = False) -> Response:
    extra = [("Content-Disposition", f'attachment; filename="{name}"')] if download else []
    return respond(200, pdf(), "application/pdf", extra)
