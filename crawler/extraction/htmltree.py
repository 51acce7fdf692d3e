"""HTML text to an lxml tree, the way parsel parses it, but with lxml's plain element classes.

``lxml.html`` (which parsel uses) calls back into Python to pick a class for every element the code touches:
on a crawl that touches a hundred elements a page, that lookup alone cost more than the clean rules' regexes.
"""

from __future__ import annotations

from lxml import etree


def _parser() -> etree.HTMLParser:
    # As parsel: tolerant, UTF-8 in, and no libxml2 limit on text nodes (a hostile page's one huge paragraph).
    return etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)


def parse_document(html: str) -> etree._Element:
    """The ``<html>`` element of a page (an empty one for a page with no markup at all)."""
    body = html.strip().replace("\x00", "").encode() or b"<html/>"
    root = etree.fromstring(body, parser=_parser())
    return root if root is not None else etree.fromstring(b"<html/>", parser=_parser())


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
