"""Generic main-content extraction for pages none of the known templates match: trafilatura, both modes.

Precision mode keeps related-link clutter out but may drop paragraphs from the middle of an article; recall
mode keeps them, with clutter around the article. The body is recall mode's blocks from the one precision mode
starts with to the one it ends with: precision bounds the article, recall fills it. The candidates are
checked against each other, not taken in a fixed order: when precision mode finds nothing or only a notice
beside the article recall mode holds, recall mode's paragraphs; tables kept (a page laid out in tables, a
standings table is the article); links on unless that loses text; the JSON-LD ``articleBody`` when the
generic body holds clearly less (``make bench-realpages``, docs/redesigns.md). Spaces trafilatura trims at
a link's edges are put back where the page has them (``restore_spaces``). Its output (TEI-like XML) is mapped
back to plain HTML, so the clean rules run on it as on a template body (in their generic mode).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import trafilatura
from lxml import etree

from crawler.extraction.blocks import explicit_blocks_tree, visible_text
from crawler.markup.htmltree import paragraphs_html, parse_document

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
    "row": "tr",
    "cell": "td",
}


@dataclass(frozen=True)
class GenericExtraction:
    body_html: str
    title: str | None
    author: str | None
    date: str | None
    chars: int  # visible characters of the body
    text: str


# Text the extraction without links must hold beyond the one with them to be taken instead.
_LINK_LOSS = 1.15
# Precision mode's body is only a notice when it holds less than this share of recall mode's paragraphs.
_NOTICE_SHARE = 0.15
# The generic body must hold at least this share of a JSON-LD articleBody's text to be preferred to it.
_JSONLD_SHARE = 0.8


def extract_generic(url: str, html: str | bytes) -> GenericExtraction | None:
    """Main content and metadata of any article page, or None when trafilatura finds no main content.

    Extracted with links (the clean rules tell link-only paragraphs by them) and without: trafilatura with
    links on can drop the text before an inline link and a last paragraph, so the version without links is
    taken when it holds clearly more text. The page's inline runs are made paragraphs first (``blocks``)."""
    root = explicit_blocks_tree(parse_document(html))
    page, shown = etree.tostring(root, encoding="unicode", method="html"), visible_text(root)
    return with_or_without_links(
        _generic(url, page, shown, links=True), _generic(url, page, shown, links=False)
    )


def with_or_without_links(
    linked: GenericExtraction | None, plain: GenericExtraction | None
) -> GenericExtraction | None:
    """The extraction with links, unless the one without holds clearly more text (or it found nothing)."""
    if linked is None or (plain is not None and plain.chars > _LINK_LOSS * linked.chars):
        return plain
    return linked


def _generic(url: str, html: str, shown: str, *, links: bool) -> GenericExtraction | None:
    precise = _extract(url, html, favor_precision=True, links=links)
    full = _extract(url, html, favor_precision=False, links=links)
    if precise is None and full is None:
        return None
    body = generic_body(
        full.body if full is not None else None, precise.body if precise is not None else None
    )
    if not len(body):
        return None
    restore_spaces(body, shown)
    for element in body.iter():
        if isinstance(element.tag, str):
            if element.tag in TEI_TO_HTML:
                element.tag = TEI_TO_HTML[element.tag]
            element.attrib.clear()
    metadata = precise if precise is not None else full
    return GenericExtraction(
        body_html=etree.tostring(body, encoding="unicode", method="html"),
        title=metadata.title,
        author=metadata.author,
        date=metadata.date,
        chars=_chars(body),
        text=" ".join(body.itertext()),
    )


@dataclass(frozen=True)
class FallbackBody:
    """The body a page with no known template gets: the generic extraction's, or its JSON-LD
    ``articleBody`` (``source``: ``fallback`` or ``jsonld``), with what the generic extraction found of the
    page's title, author and date."""

    html: str
    source: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


def fallback_body(url: str, html: str | bytes, article_body: str) -> FallbackBody | None:
    """The best body of a page no template matches (``article_body``: its JSON-LD ``articleBody`` text, as
    the caller read it with the page), or None when neither the generic extractor nor that finds one."""
    generic = extract_generic(url, html)
    if generic is not None and not prefer_jsonld(generic, article_body):
        return FallbackBody(generic.body_html, "fallback", generic.title, generic.author, generic.date)
    if article_body:
        title = generic.title if generic else None
        return FallbackBody(paragraphs_html(article_body), "jsonld", title)
    return None


def prefer_jsonld(generic: GenericExtraction, article_body: str) -> bool:
    """Whether a page's JSON-LD ``articleBody`` is the better body: when the generic body holds clearly less
    text (precision mode can lose most of an article), or is that text (trafilatura's recall mode reads it
    when the page shows little). Preferring it always measured worse on real pages: publishers'
    ``articleBody`` may be a summary or carry captions."""
    if not article_body:
        return False
    text = "".join(generic.text.split())
    return generic.chars < _JSONLD_SHARE * _visible_chars(article_body) or text in "".join(
        article_body.split()
    )


def _extract(url: str, html: str | bytes, *, favor_precision: bool, links: bool) -> Any:
    document = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=favor_precision,
        include_links=links,
        include_comments=False,
        include_tables=True,  # a standings table, or a page laid out in tables, is the article
        include_images=False,
        with_metadata=True,
    )
    if document is None or document.body is None or not len(document.body):
        return None
    return document


# Measured on the real pages: 60 to 100 characters give the same F1; shorter lets promos in, longer drops
# short real paragraphs.
_MIN_ADDED_CHARS = 80


def generic_body(full: etree._Element | None, precise: etree._Element | None) -> etree._Element:
    """The body from recall mode's (``full``) and precision mode's (``precise``) output, at least one given:
    recall bounded by precision (``bounded_body``); recall mode's paragraphs when precision mode found
    nothing, or only a notice (a reprint or cookie line) beside the article recall mode holds."""
    if full is None:
        assert precise is not None
        return precise
    if precise is None or _chars(precise) < _NOTICE_SHARE * _paragraph_chars(full):
        return paragraphs(full)
    return bounded_body(full, precise)


def bounded_body(full: etree._Element, precise: etree._Element) -> etree._Element:
    """``full``'s blocks from the one ``precise`` starts with through the one it ends with, less the short
    ones only ``full`` has; ``precise`` itself when ``full`` does not hold both ends."""
    texts = [_block_text(block) for block in full]
    first, last = _block_text(precise[0]), _block_text(precise[-1])
    if first not in texts or last not in texts:
        return precise
    start, end = texts.index(first), len(texts) - 1 - texts[::-1].index(last)
    if start > end:
        return precise
    precise_texts = {_block_text(block) for block in precise}
    for position, block in enumerate(list(full)):
        text = texts[position]
        # What recall mode adds inside the article must read like a paragraph, not a promo or a label.
        added_scrap = text not in precise_texts and len(text) < _MIN_ADDED_CHARS
        if not start <= position <= end or added_scrap:
            full.remove(block)
    return full


def paragraphs(full: etree._Element) -> etree._Element:
    """``full`` less its short blocks (labels, promos, bylines): the paragraphs of an article."""
    for block in list(full):
        if len(_block_text(block)) < _MIN_ADDED_CHARS:
            full.remove(block)
    return full


def _paragraph_chars(full: etree._Element) -> int:
    return sum(_visible_chars(text) for text in map(_block_text, full) if len(text) >= _MIN_ADDED_CHARS)


# trafilatura's inline elements: a space it trimmed at one of their edges is a space lost between words.
_TEI_INLINE = frozenset({"ref", "hi", "del"})
# Characters of text either side of an edge that must stand so on the page for a space to be put back.
_EDGE_CONTEXT = 16
_Slot = tuple[etree._Element, str]


def restore_spaces(body: etree._Element, shown: str) -> None:
    """Put back the spaces trafilatura trims at inline elements' edges in lists, cells and quotes ("a big
    problem.<ref>Google's</ref>"): where the text either side of an edge is written on the page (``shown``,
    its visible text with single spaces) with a space between and not without one."""
    for block in body.iter():
        if isinstance(block.tag, str) and block.tag not in _TEI_INLINE:
            for run in _runs(block):
                _space_run(run, shown)


def _runs(block: etree._Element) -> list[list[_Slot]]:
    """The block's own runs of text: its text and its inline descendants' texts and tails, in reading order,
    a new run after each child block or line break (their text is the child block's own)."""
    runs: list[list[_Slot]] = [[(block, "text")]]

    def walk(element: etree._Element) -> None:
        for child in element:
            if child.tag in _TEI_INLINE:
                runs[-1].append((child, "text"))
                walk(child)
            else:
                runs.append([])
            runs[-1].append((child, "tail"))

    walk(block)
    return [run for run in runs if len(run) > 1]


def _space_run(run: list[_Slot], shown: str) -> None:
    texts = [getattr(element, side) or "" for element, side in run]
    for position in range(len(texts) - 1):
        following = next((at for at in range(position + 1, len(texts)) if texts[at]), None)
        left = texts[position]
        if following is None or not left or left[-1].isspace() or texts[following][0].isspace():
            continue
        right = texts[following]
        # Each side's own segment only: a wider context would cross the next trimmed edge.
        before, after = " ".join(left.split())[-_EDGE_CONTEXT:], " ".join(right.split())[:_EDGE_CONTEXT]
        if f"{before} {after}" not in shown or f"{before}{after}" in shown:
            continue
        # The space goes outside the element: into its tail after it closes, before it where it opens.
        if run[following][1] == "tail":
            texts[following] = " " + right
            _set(run[following], texts[following])
        else:
            texts[position] = left + " "
            _set(run[position], texts[position])


def _set(slot: _Slot, text: str) -> None:
    element, side = slot
    setattr(element, side, text)


def _chars(body: etree._Element) -> int:
    return _visible_chars(" ".join(body.itertext()))


def _block_text(block: etree._Element) -> str:
    return " ".join(" ".join(block.itertext()).split())


def _visible_chars(text: str) -> int:
    return len("".join(text.split()))
