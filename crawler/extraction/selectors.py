"""Selectors compiled once, and a cheap test of which of their alternatives can match a page at all.

A CSS alternative that names a class, an id or an attribute value cannot match a page none of whose
attribute values holds that name. The page's attribute values are read from its tree once, in one XPath
(~0.1 ms for a 50 KB page); each alternative is then a few set lookups, where a substring test of the page's
bytes cost ~10 µs a name, and a walk of the whole tree 10–40 µs: most chain entries of a template the page
does not use are never walked.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml import etree
from parsel.csstranslator import css2xpath

# Class and id names, and attribute tests with their operator and value, in one CSS alternative.
_NAMES = re.compile(r"[.#]([\w-]+)|\[[\w:-]+([*^$~|]?)=\s*['\"]([^'\"]+)['\"]\]")
# A class an XPath alternative requires, as parsel's and cssselect's translation of ``.name`` writes it; only
# read from an XPath with no union, ``or`` or ``not(``, where every such test must hold.
_XPATH_CLASS = re.compile(r"normalize-space\(@class\), ' '\), ' ([\w-]+) '\)")
_XPATH_EITHER = re.compile(r"\||\bor\b|\bnot\(")
_ATTRIBUTE_VALUES = etree.XPath("//@*", smart_strings=False)


@dataclass(frozen=True)
class _Needs:
    """What an alternative needs of a page's attribute values: whole words (a class, an id, an attribute's
    value compared whole or by word) and substrings (an attribute's value compared by ``*=``, ``^=`` …)."""

    words: frozenset[str]
    substrings: frozenset[str]


class AttributeText:
    """Every attribute value of a page, read from its tree once: its words (split at white space, as a
    ``class`` attribute is) and all of them joined."""

    def __init__(self, root: etree._Element) -> None:
        self.joined = " ".join(_ATTRIBUTE_VALUES(root))
        self.words = frozenset(self.joined.split())

    def holds(self, needs: _Needs) -> bool:
        return needs.words <= self.words and all(part in self.joined for part in needs.substrings)


@functools.cache
def compiled(selector: str) -> etree.XPath:
    """CSS (with parsel's ``::attr()`` and ``::text``) or XPath (starting with ``/`` or ``(``), compiled."""
    return etree.XPath(selector if selector.startswith(("/", "(")) else css2xpath(selector))


@functools.cache
def _alternatives(selector: str) -> tuple[tuple[str, _Needs], ...]:
    """Each alternative of a CSS selector list with what it needs; an XPath is one alternative."""
    if selector.startswith(("/", "(")):
        required = () if _XPATH_EITHER.search(selector) else _XPATH_CLASS.findall(selector)
        return ((selector, _Needs(frozenset(required), frozenset())),)
    alternatives = []
    for part in (part.strip() for part in selector.split(",")):
        if not part:
            continue
        words: set[str] = set()
        substrings: set[str] = set()
        # Inside :not() a name is what must be absent: such an alternative needs nothing of the page.
        for name, operator, value in [] if ":not(" in part else _NAMES.findall(part):
            if name or operator in ("", "~"):  # a class, an id, a value compared whole or by word
                words.update((name or value).split())
            else:
                substrings.add(value)
        alternatives.append((part, _Needs(frozenset(words), frozenset(substrings))))
    return tuple(alternatives)


def possible_part(selector: str, attributes: AttributeText) -> str | None:
    """The alternatives of ``selector`` that may match a page whose attribute values are ``attributes``, or
    None if none can."""
    possible = [part for part, needs in _alternatives(selector) if attributes.holds(needs)]
    return ", ".join(possible) if possible else None
