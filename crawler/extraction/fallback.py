"""Generic main-content extraction for pages none of the known templates match: trafilatura, precision mode.

Its output (TEI-like XML) is mapped back to plain HTML, so the same clean rules run on it as on a template
body.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura
from lxml import etree

# trafilatura logs ERRORs for pages it cannot use (empty, not HTML): expected here, and they must not count
# as crawl errors (the cron entry point fails a run that logged any).
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# trafilatura's element names -> the HTML ones the clean rules understand.
TEI_TO_HTML = {
    "head": "h2",
    "list": "ul",
    "item": "li",
    "ref": "a",
    "hi": "span",
    "lb": "br",
    "quote": "blockquote",
    "code": "pre",
    "del": "span",
}


@dataclass(frozen=True)
class GenericExtraction:
    body_html: str
    title: str | None
    author: str | None
    date: str | None


def extract_generic(url: str, html: str) -> GenericExtraction | None:
    """Main content and metadata of any article page, or None when trafilatura finds no main content."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,  # its maintainers' answer to related-link clutter
        include_links=True,  # the clean rules need to see which paragraphs are only links
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
    )
    if document is None or document.body is None or not len(document.body):
        return None
    body = document.body
    for element in body.iter():
        if isinstance(element.tag, str):
            element.tag = TEI_TO_HTML.get(element.tag, element.tag)
            element.attrib.clear()
    return GenericExtraction(
        body_html=etree.tostring(body, encoding="unicode", method="html"),
        title=document.title,
        author=document.author,
        date=document.date,
    )
