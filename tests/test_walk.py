"""The page walk: lines in reading order, and which elements' lines are their own (the body is then a slice
of the one walk instead of a second one)."""

from __future__ import annotations

from lxml import etree

from govnews.extraction.document import parse_html
from govnews.extraction.text import TextBlock, walk, walk_segments


def _page(body: str) -> etree._Element:
    return parse_html(f"<html><body>{body}</body></html>")


def _lines(segments) -> list[str]:
    return [s.text for s in segments if isinstance(s, TextBlock)]


def _cell(root: etree._Element, cell_id: str) -> etree._Element:
    return root.xpath(f"//*[@id='{cell_id}']")[0]


def test_blocks_are_lines_and_inline_runs_join():
    root = _page("<div>one <b>bold</b> two<p>para</p>tail<br>after</div>")
    assert _lines(walk(root).segments) == ["one bold two", "para", "tail", "after"]


def test_a_cell_of_paragraphs_after_a_cell_of_paragraphs_owns_its_lines():
    root = _page("<table><tr><td><p>menu</p></td><td id='c'><p>first</p><p>last</p></td></tr></table>")
    page = walk(root)
    span = page.own_span(_cell(root, "c"))
    assert span is not None
    assert _lines(page.segments[span[0] : span[1]]) == ["first", "last"] == _lines(walk_segments(_cell(root, "c")))


def test_a_cell_sharing_its_first_line_with_a_label_cell_does_not():
    # a row of label and value cells is one line: "来源： 某某网"
    root = _page("<table><tr><td>来源：</td><td id='c'>某某网<p>body</p></td></tr></table>")
    page = walk(root)
    assert page.span(_cell(root, "c")) is not None
    assert page.own_span(_cell(root, "c")) is None


def test_a_cell_whose_last_line_runs_on_into_the_next_cell_does_not():
    root = _page("<table><tr><td id='c'><p>body</p>tail</td><td>next</td></tr></table>")
    assert walk(root).own_span(_cell(root, "c")) is None


def test_an_inline_element_inside_a_line_does_not():
    root = _page("<div>before <span id='c'>inside</span> after</div>")
    assert walk(root).own_span(_cell(root, "c")) is None


def test_the_line_after_a_table_is_not_a_cells_own():
    # the text right after a table is marked (an ad slot?); a walk of the cell alone would not mark it
    root = _page("<div><table><tr><td>x</td></tr></table><span id='c'>after</span></div>")
    assert walk(root).own_span(_cell(root, "c")) is None


def test_a_block_always_owns_its_lines():
    root = _page("<div>before <div id='c'>inside</div> after</div>")
    page = walk(root)
    assert page.own_span(_cell(root, "c")) == page.span(_cell(root, "c"))
