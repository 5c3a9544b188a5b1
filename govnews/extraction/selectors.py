"""Fast evaluation of the simple CSS selectors presets and profiles use.

Extraction asks dozens of selectors per page; each full-document XPath scan costs ~0.1 ms.
One pass indexes elements by class and id, and compound selectors (``div.title``,
``#zoom``, ``[class*=attach] a``, ``a[rel=tag]``) are answered from the index. Anything
else (pseudo-classes, ``>``, ``::text``, XPath) goes through parsel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

_COMPOUND = re.compile(
    r"^(?P<tag>[a-zA-Z][\w-]*|\*)?(?P<parts>(?:\.[\w-]+|#[\w-]+|\[[\w-]+(?:[*^$]?=[\"']?[^\]\"']*[\"']?)?\])*)$"
)
_PART = re.compile(r"\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+)|\[(?P<attr>[\w-]+)(?:(?P<op>[*^$]?=)[\"']?(?P<val>[^\]\"']*)[\"']?)?\]")


@dataclass(frozen=True)
class Compound:
    tag: str | None
    classes: tuple[str, ...]
    ids: tuple[str, ...]
    attrs: tuple[tuple[str, str | None, str | None], ...]

    def matches(self, el: etree._Element) -> bool:
        if self.tag and el.tag != self.tag:
            return False
        if self.classes:
            own = (el.get("class") or "").split()
            if any(c not in own for c in self.classes):
                return False
        if any(el.get("id") != i for i in self.ids):
            return False
        return all(_attr_matches(el.get(name), op, val) for name, op, val in self.attrs)


def _attr_matches(value: str | None, op: str | None, expected: str | None) -> bool:
    if value is None:
        return False
    if op is None:
        return True
    if op != "=" and not expected:
        return False
    expected = expected or ""
    return {
        "=": value == expected,
        "*=": bool(expected) and expected in value,
        "^=": bool(expected) and value.startswith(expected),
        "$=": bool(expected) and value.endswith(expected),
    }[op]


@lru_cache(maxsize=1024)
def parse_simple(selector: str) -> tuple[Compound, ...] | None:
    """A descendant chain of compound selectors, or None if the selector needs a full engine."""
    compounds = []
    for token in selector.split():
        m = _COMPOUND.match(token)
        if not m or not token:
            return None
        classes, ids, attrs = [], [], []
        for part in _PART.finditer(m["parts"] or ""):
            if part["cls"]:
                classes.append(part["cls"])
            elif part["id"]:
                ids.append(part["id"])
            else:
                attrs.append((part["attr"], part["op"], part["val"]))
        tag = m["tag"] if m["tag"] not in (None, "*") else None
        compounds.append(Compound(tag.lower() if tag else None, tuple(classes), tuple(ids), tuple(attrs)))
    return tuple(compounds) or None


class ElementIndex:
    """Elements of one tree by class and id, in document order."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.by_class: dict[str, list[etree._Element]] = {}
        self.by_id: dict[str, list[etree._Element]] = {}
        self.position: dict[etree._Element, int] = {}
        for el in root.iter(etree.Element):  # elements only, no comments
            cls = el_id = None
            for attribute, value in el.items():  # one call for all attributes: cheaper than two lookups
                if attribute == "class":
                    cls = value
                elif attribute == "id":
                    el_id = value
            if cls or el_id:
                self.position[el] = len(self.position)
            if cls:
                for name in cls.split():
                    self.by_class.setdefault(name, []).append(el)
            if el_id:
                self.by_id.setdefault(el_id, []).append(el)

    def _candidates(self, compound: Compound, scope: etree._Element | None) -> list[etree._Element]:
        if scope is not None:
            return list(scope.iterdescendants(compound.tag or etree.Element))
        if compound.ids:
            return self.by_id.get(compound.ids[0], [])
        if compound.classes:
            return self.by_class.get(compound.classes[0], [])
        for name, op, val in compound.attrs:
            if name in ("class", "id") and op in ("*=", "^=") and val:
                return self._by_partial(name, op, val)
        if compound.attrs:  # only elements that have the attributes (``a[rel=tag]``: XPath scans in C)
            return _having_attributes(compound.tag or "*", tuple(name for name, _, _ in compound.attrs))(self.root)
        return list(self.root.iter(compound.tag or etree.Element))

    def _by_partial(self, name: str, op: str, val: str) -> list[etree._Element]:
        table = self.by_class if name == "class" else self.by_id
        test: Callable[[str], bool] = (lambda k: val in k) if op == "*=" else (lambda k: k.startswith(val))
        found = {el for key, els in table.items() if test(key) for el in els}
        return sorted(found, key=self.position.__getitem__)

    def select(self, chain: tuple[Compound, ...]) -> list[etree._Element]:
        current = [el for el in self._candidates(chain[0], None) if chain[0].matches(el)]
        for compound in chain[1:]:
            seen: dict[etree._Element, None] = {}
            for scope in current:
                for el in self._candidates(compound, scope):
                    if compound.matches(el):
                        seen.setdefault(el, None)
            current = list(seen)
        return current


@lru_cache(maxsize=256)
def _having_attributes(tag: str, names: tuple[str, ...]) -> etree.XPath:
    """Compiled once: ``root.xpath(text)`` compiles its expression on every call."""
    return etree.XPath(f"//{tag}" + "".join(f"[@{name}]" for name in names))
