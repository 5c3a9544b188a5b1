"""URL schemes of the demo families: article pages, their images and attachments.

Renderers and the ground truth (``DemoArticle``) both take links from here, so a page and what
the world expects of it can never disagree.
"""

from __future__ import annotations

import hashlib
import posixpath

from .content import ATTACHMENT, IMAGE, Block
from .sites import PLATFORM_USER_ID, Item, SiteSpec

# Families whose attachment links sit inside the body (their link text is a paragraph).
INLINE_ATTACHMENTS = frozenset({"trs"})


def article_path(spec: SiteSpec, item: Item) -> str:
    when, num = item.when, item.num
    family = spec.family
    if family == "trs":
        if not item.dated:
            return f"{item.home}content_{num}.html"
        if item.role == "private":  # a folder outside the CMS's dated tree
            return f"{item.home}t{when:%Y%m%d}_{num}.html"
        return f"{item.home}{when:%Y%m}/t{when:%Y%m%d}_{num}.html"
    if family == "hanweb":
        return f"/hanweb/art/{when.year}/{when.month}/{when.day}/art_{spec.extras['columnid']}_{num}.html"
    if family == "vsb":
        return f"/vsb/info/1116/{num}.htm"
    if family == "gbk":
        return f"/gbk/xwdt/{when:%Y%m}/{when:%Y%m%d}_{num}.html"
    if family == "gkmlpt":
        return f"/gkmlpt/content/2/2123/post_{num}.html"
    if family == "sqapi":
        return f"/sqapi/news/yh-{num}.html"
    if family == "platform":
        return f"/mp/{item.mask}"
    raise ValueError(f"no article URLs in family {family!r}")


def _digest(text: str, size: int) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()[:size]


def image_src(family: str, item: Item, block: Block) -> str:
    """The src attribute the page writes for an image block."""
    if family == "trs":
        return f"./{block.file}"
    if family == "vsb":
        h = _digest(block.file, 16).upper()
        return f"/vsb/__local/{h[0]}/{h[1:3]}/{h[3:5]}/{h[5:]}.jpg"
    return f"/mp/img/users/{PLATFORM_USER_ID}/{_digest(block.file, 20)}.jpg"


def attachment_href(family: str, item: Item, block: Block) -> tuple[str, str]:
    """(href, link text) of an attachment block."""
    if family == "hanweb":
        return f"/hanweb/module/download/downfile.jsp?classid=0&filename={block.file[10:22]}.pdf", block.text.removeprefix("附件：")
    return f"./{block.file}", block.text


def resolve(page_path: str, href: str) -> str:
    """A link as the browser resolves it against the page, as a path on the portal."""
    if href.startswith("/"):
        return href
    path, _, query = href.partition("?")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
    return joined + (f"?{query}" if query else "")


def relative(from_page: str, to_path: str) -> str:
    """The ``./`` or ``../`` href a TRS template writes from one page to another path."""
    rel = posixpath.relpath(to_path, posixpath.dirname(from_page))
    return rel if rel.startswith("../") else f"./{rel}"


def images(family: str, item: Item) -> tuple[tuple[str, str | None], ...]:
    out = []
    blocks = item.story.blocks
    for i, block in enumerate(blocks):
        if block.kind == IMAGE:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            caption = nxt.text if nxt is not None and nxt.kind == "caption" else None
            out.append((resolve(item.path, image_src(family, item, block)), caption))
    return tuple(out)


def attachments(family: str, item: Item) -> tuple[tuple[str, str], ...]:
    return tuple(
        (resolve(item.path, href), text)
        for href, text in (attachment_href(family, item, b) for b in item.story.blocks if b.kind == ATTACHMENT)
    )
