"""HTML text to an lxml tree, the way parsel parses it, but with lxml's plain element classes.

``lxml.html`` (which parsel uses) calls back into Python to pick a class for every element the code touches:
on a crawl that touches a hundred elements a page, that lookup alone cost more than the clean rules' regexes.
"""

from __future__ import annotations

import html

from lxml import etree

# Elements that stay inside a line of text (HTML's phrasing content that carries text): the clean rules split
# a body into blocks at every other element; the fallback's block pass (with a few more) wraps runs of them.
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code del dfn em font i ins kbd mark nobr q s samp small span strike strong "
    "sub sup time tt u var wbr".split()
)


def _parser() -> etree.HTMLParser:
    # As parsel: tolerant, UTF-8 in, and no libxml2 limit on text nodes (a hostile page's one huge paragraph).
    return etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)


def parse_document(html: str | bytes) -> etree._Element:
    """The ``<html>`` element of a page, from its text or its UTF-8 bytes (an empty one for a page with no
    markup at all)."""
    body = as_utf8(html).strip().replace(b"\x00", b"") or b"<html/>"
    root = etree.fromstring(body, parser=_parser())
    return root if root is not None else etree.fromstring(b"<html/>", parser=_parser())


def as_utf8(html: str | bytes) -> bytes:
    """A page as the UTF-8 bytes the parser reads (a page the crawler received as UTF-8 is not decoded and
    encoded again: that cost as much as a tenth of its extraction)."""
    return html.encode() if isinstance(html, str) else html


def parse_fragment(html: str) -> etree._Element:
    """An element holding the parsed fragment (a body container's HTML, a converted extraction)."""
    document = parse_document(f"<html><body>{html}</body></html>")
    body = document.find("body")
    return body if body is not None else etree.SubElement(document, "body")


def drop_element(element: etree._Element) -> None:
    """Remove an element and its content, keeping the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def paragraphs_html(text: str) -> str:
    """Plain text with one paragraph a line (a JSON-LD ``articleBody``) as ``<p>`` elements."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
