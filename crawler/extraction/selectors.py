"""Selectors compiled once, and a cheap test of which of their alternatives can match a page at all.

A CSS alternative that names a class, an id or an attribute value cannot match a page whose HTML does not
contain that name. A substring test of the page's bytes costs a few microseconds, a walk of the whole tree
ten or more: most chain entries of a template the page does not use are never walked.
"""

from __future__ import annotations

import functools
import re

from lxml import etree
from parsel.csstranslator import css2xpath

# Class and id names, and values of attribute tests, in one CSS alternative.
_NAMES = re.compile(r"[.#]([\w-]+)|\[[\w:-]+[*^$~|]?=\s*['\"]([^'\"]+)['\"]\]")


@functools.cache
def compiled(selector: str) -> etree.XPath:
    """CSS (with parsel's ``::attr()`` and ``::text``) or XPath (starting with ``/`` or ``(``), compiled."""
    return etree.XPath(selector if selector.startswith(("/", "(")) else css2xpath(selector))


@functools.cache
def _alternatives(selector: str) -> tuple[tuple[tuple[str, frozenset[bytes]], ...], frozenset[bytes]]:
    """(alternative, names it needs, UTF-8) for each alternative of a CSS selector list, and all those names.
    An XPath is one alternative, needing no name."""
    if selector.startswith(("/", "(")):
        return ((selector, frozenset()),), frozenset()
    parts = [part.strip() for part in selector.split(",") if part.strip()]
    alternatives = tuple(
        (part, frozenset((a or b).encode() for a, b in _NAMES.findall(part))) for part in parts
    )
    return alternatives, frozenset().union(*(names for _, names in alternatives))


def possible_part(selector: str, html: bytes) -> str | None:
    """The alternatives of ``selector`` that may match a page with this HTML (UTF-8), or None if none can."""
    alternatives, names = _alternatives(selector)
    # Each name is looked for once, however many alternatives need it.
    present = {name for name in names if name in html}
    possible = [part for part, needed in alternatives if needed <= present]
    return ", ".join(possible) if possible else None
