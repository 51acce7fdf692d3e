"""The clean rules: from a body container (or a text dump of a page) keep only the article's own text.

The rules work on *blocks* (paragraphs, sub-headings, list items), so one rule set serves HTML and text dumps:
- clutter elements (images, embeds, widgets, ad slots) are removed before the HTML is split into blocks;
- a block that starts with a "read also" marker is dropped, with the related links that follow it;
- furniture labels, ``Tags:`` lists, bare URLs, tweet text and markdown images are dropped;
- everything else is kept in order, normalised, joined by a blank line.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from typing import NamedTuple

from lxml import etree

from crawler.markup.htmltree import INLINE_TAGS, drop_element, parse_fragment
from crawler.markup.text import normalize_text
from crawler.sites import Clutter, Site

_MARKDOWN_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TWEET = re.compile(r"pic\.twitter\.com/|—\s*.+\(@\w+\)\s+\w+\s+\d{1,2},\s+\d{4}$")
_MARKER_TAIL = r"\s*[:\-–—|]?\s*"
# A related headline in a text dump (its link is gone): short, and not ending like a sentence.
_HEADLINE_MAX_WORDS = 25
# What the text walker tracks for each open element.
_IN_LINK, _IN_BOLD, _IN_CELL = 1, 2, 4
_CELLS = frozenset(("td", "th"))
_BOLD_TAGS = frozenset(("b", "strong"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# A read-also label by its shape, whatever its words: emphasized, short, ending like a label, and followed
# by a block that is only a link (markers of some sites are unverified: docs/markup.md).
_LABEL_MAX_WORDS = 5
_LABEL_ENDS = (":", "-", "–", "—", "|")
_LINKED_HEADLINE_MIN_WORDS = 3
# A widget's line at either end of a generic body ("Comments", "You may also like…", "Tempo de leitura: 1
# minuto", a dateline): this short, and ending like no sentence in any script.
_WIDGET_MAX_WORDS = 8
_WIDGET_MAX_CHARS = 60
_ENDS_SENTENCE = re.compile(r"[.!?…。！？।॥؟۔][\"'”’»)\]」』】]*$")
# More such lines in a row at an end are a list of the article's own (ingredients, results, a poem's lines).
_WIDGET_MAX_RUN = 3
# Shorter blocks that also occur in the title (a one-word sub-heading) are not taken for a restated headline.
_TITLE_REPEAT_MIN_CHARS = 20


class Block(NamedTuple):  # a tuple: one is made per paragraph of every page
    text: str
    # True when every visible character is link text; None when unknown (text dumps carry no links).
    link_only: bool | None = None
    # Every visible character is bold or in a heading: how a label ("Also Read:") looks.
    emphasized: bool = False
    # The text before a link that ends the block, when no other text stands outside links: the "Read also:"
    # of "Read also: <a>headline</a>" ("" otherwise).
    label: str = ""
    # Some of its text is a table cell's own: a table's link (a film's title in a list of films) is no related
    # story.
    in_cell: bool = False


def clean_body(
    body: etree._Element | None, site: Site, title: str | None = None, *, generic: bool = False
) -> str:
    """The article's own text from its body container, as parsed with the page (cleaned in place, no second
    parse): paragraphs joined by ``\\n\\n``. ``generic``: a body the generic extractor found (see
    ``keep_article_blocks``)."""
    return join_blocks(article_blocks(body, site, title, generic=generic)) if body is not None else ""


def clean_body_html(
    body_html: str | None, site: Site, title: str | None = None, *, generic: bool = False
) -> str:
    """The same from a body container's HTML text."""
    return clean_body(parse_fragment(body_html), site, title, generic=generic) if body_html else ""


def prose_chars(blocks: Iterable[Block]) -> int:
    """Characters of clean body text outside link-only blocks: how much article a body really holds."""
    return sum(len(block.text) for block in blocks if not block.link_only)


def article_blocks(
    root: etree._Element, site: Site, title: str | None, *, generic: bool = False
) -> list[Block]:
    """The article's own blocks of a body container; its clutter elements are removed from the tree."""
    blocks = keep_article_blocks(_uncluttered_blocks(root, site), site, generic=generic)
    headline = _squash(title) if title else ""
    return [block for block in blocks if not _repeats_title(block.text, headline)]


def _uncluttered_blocks(root: etree._Element, site: Site) -> list[Block]:
    """The blocks of a body container once its clutter elements are removed from the tree."""
    clutter = site.template.clutter
    inside = root.iterdescendants(etree.Element)
    for element in [e for e in inside if _is_clutter_element(e, clutter)]:
        drop_element(element)
    return html_blocks(root)


def _is_clutter_element(element: etree._Element, clutter: Clutter) -> bool:
    """Whether the element is one of the site's clutter elements (its content goes with it)."""
    if element.tag in clutter.tags:
        return True
    names = element.get("class")
    if names:
        tokens = names.split()
        if (
            not clutter.classes.isdisjoint(tokens)
            or any(token.startswith(clutter.class_prefixes) for token in tokens)
            or any(fragment in names for fragment in clutter.class_fragments)
        ):
            return True
    ident = element.get("id")
    return bool(ident and ident.startswith(clutter.id_prefixes))


def clean_text_dump(text: str, site: Site) -> dict[str, str]:
    """Title (line 1), standfirst (line 2) and clean body of a page's text dump."""
    lines = [normalize_text(line) for line in text.splitlines()]
    title, summary, *rest = [*lines, "", ""]
    blocks = [Block(line) for line in rest if line]
    return {"title": title, "summary": summary, "body": join_blocks(keep_article_blocks(blocks, site))}


def join_blocks(blocks: Iterable[Block]) -> str:
    return "\n\n".join(block.text for block in blocks)


def html_blocks(root: etree._Element) -> list[Block]:
    """Split an element into text blocks at every non-inline element and ``<br>``."""
    blocks: list[Block] = []
    parts: list[str] = []  # the text of the block being gathered
    linked: list[str] = []  # the part of it inside links
    bolded: list[str] = []  # the part of it bold or in a heading
    in_cell = False  # some of it is a table cell's own text
    before_link: list[str] = []  # the part of it outside links, while no link has been met
    after_link = False  # text outside links stands after a link in it
    has_links = False

    def flush() -> None:
        nonlocal after_link, in_cell
        if not parts:  # called at both ends of every block element, mostly with nothing gathered
            return
        joined = "".join(parts)
        text = normalize_text(joined)
        if text:
            # Most paragraphs have no link: the character count is only made for those that do.
            link_only = bool(linked) and _visible_chars(joined) == _visible_chars("".join(linked))
            emphasized = bool(bolded) and _visible_chars(joined) == _visible_chars("".join(bolded))
            label = (
                normalize_text("".join(before_link)) if linked and not link_only and not after_link else ""
            )
            blocks.append(Block(text, link_only, emphasized, label, in_cell))
        in_cell = False
        parts.clear()
        linked.clear()
        bolded.clear()
        before_link.clear()
        after_link = False

    def gather(text: str, state: int) -> None:
        nonlocal after_link, in_cell
        parts.append(text)
        if state & _IN_CELL:
            in_cell = True
        if state & _IN_LINK:
            linked.append(text)
        elif not linked:
            before_link.append(text)
        elif text.strip():
            after_link = True
        if state & _IN_BOLD:
            bolded.append(text)

    # Walked with lxml's iterwalk, not recursion: any depth the parser accepts (a hostile page nests
    # thousands of elements). The stack holds, for each open element, whether its text is link text and
    # whether it is bold.
    states = [0]
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = element.tag
        if event != "start" and event != "end":  # a comment or processing instruction: only its tail counts
            if tail := element.tail:
                gather(tail, states[-1])
            continue
        # lxml's HTML parser gives lower-case names; a block is any element neither inline nor <br>, which
        # ends a paragraph here.
        block = tag != "br" and tag not in INLINE_TAGS
        if event == "start":
            state = states[-1]
            if element is not root:
                if tag == "a":
                    has_links = True
                    state |= _IN_LINK
                elif tag in _BOLD_TAGS:
                    state |= _IN_BOLD
                elif block or tag == "br":
                    flush()
                    if block:
                        state = _IN_BOLD if tag in _HEADINGS else _IN_CELL if tag in _CELLS else 0
            states.append(state)
            if text := element.text:
                gather(text, state)
            continue
        states.pop()
        if element is root:
            continue
        if block:
            flush()
        if tail := element.tail:
            gather(tail, states[-1])
    flush()
    if not has_links:
        # Text with no links at all (JSON-LD articleBody, stripped markup) says nothing about links.
        return [Block(block.text) for block in blocks]
    return blocks


def _visible_chars(text: str) -> int:
    return len("".join(text.split()))


def keep_article_blocks(blocks: Iterable[Block], site: Site, *, generic: bool = False) -> list[Block]:
    """The blocks that are the article's own text, in order. In a ``generic`` body (a page of a template no
    site profile knows, of any publisher) bare URLs and tweet text are kept: they are clutter in an ABP body
    but another publisher's article may quote them (the generic body of a real page fell from F1 0.99 to
    0.72 when its list of product links was cut)."""
    rules = _site_rules(site)
    blocks = list(blocks)
    kept: list[Block] = []
    after_marker = False
    for position, block in enumerate(blocks):
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if rules.marker.match(block.text) or _is_read_also_label(block, following, rules):
            after_marker = True
            continue
        if after_marker and _is_related_link(block, rules):
            continue
        after_marker = False
        if not _is_clutter(block, rules, generic):
            kept.append(block)
    return without_widget_edges(kept) if generic else kept


def without_widget_edges(blocks: list[Block]) -> list[Block]:
    """A generic body less the widget lines at its start and end (a reading time, a dateline, "Comments",
    "More on this topic:"), cut by their shape in any language; a body of such lines only is left whole.
    Measured on three sets of real pages (``make bench-realpages``)."""
    if all(_is_widget_line(block.text) for block in blocks):
        return blocks
    start, end = 0, len(blocks)
    while _is_widget_line(blocks[start].text):
        start += 1
    if start > _WIDGET_MAX_RUN:
        start = 0
    while _is_widget_line(blocks[end - 1].text):
        end -= 1
    if len(blocks) - end > _WIDGET_MAX_RUN:
        end = len(blocks)
    return blocks[start:end]


def _is_widget_line(text: str) -> bool:
    return (
        len(text) <= _WIDGET_MAX_CHARS
        and len(text.split()) <= _WIDGET_MAX_WORDS
        and not _ENDS_SENTENCE.search(text)
    )


def shape_rule_labels(root: etree._Element, site: Site) -> list[str]:
    """Labels in a body container removed as read-also by their shape alone, no marker of the site matching
    them: the words to add to the site's ``read_also`` once checked on live pages (``make canary`` prints
    them)."""
    rules = _site_rules(site)
    blocks = _uncluttered_blocks(root, site)
    return [
        block.text
        for block, following in zip(blocks, [*blocks[1:], None], strict=True)
        if not rules.marker.match(block.text) and _is_read_also_label(block, following, rules)
    ]


class _Rules(NamedTuple):
    marker: re.Pattern[str]
    furniture: frozenset[str]
    sentence_ends: tuple[str, ...]
    tags_line: re.Pattern[str]


@functools.cache
def _site_rules(site: Site) -> _Rules:
    """A site's cleaning rules from its profile, built once rather than for every page."""
    marker = re.compile(
        "^(?:" + "|".join(re.escape(m) for m in site.read_also) + ")" + _MARKER_TAIL, re.IGNORECASE
    )
    # Not \b after the label: a word ending in a combining mark (Tamil ், Hindi ें) has no \w at its end.
    labels = "|".join(map(re.escape, site.tags_labels))
    tags = re.compile(r"^(?:" + labels + r")(?=[\s:|\-–—]|$)\s*:?", re.IGNORECASE)
    return _Rules(marker, frozenset(f.casefold() for f in site.all_furniture), site.sentence_ends, tags)


def _repeats_title(text: str, headline: str) -> bool:
    """A block that only restates the (squashed) headline: generic extractors keep the page's h1 as the first
    block."""
    if not headline or len(text) < _TITLE_REPEAT_MIN_CHARS:
        return False
    block = _squash(text)
    # Most of the title, not a paragraph that happens to sit inside a runaway (unclosed) headline.
    return block in headline and len(block) >= 0.6 * len(headline)


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


def _is_read_also_label(block: Block, following: Block | None, rules: _Rules) -> bool:
    text = block.text
    return bool(
        block.emphasized
        and following is not None
        and following.link_only
        and len(text.split()) <= _LABEL_MAX_WORDS
        and (text.endswith(_LABEL_ENDS) or not text.endswith(rules.sentence_ends))
    )


def _is_related_link(block: Block, rules: _Rules) -> bool:
    if block.link_only is not None:
        return block.link_only
    return _reads_like_a_headline(block.text, rules)


def _is_labelled_link(block: Block, rules: _Rules) -> bool:
    """A read-also line by its shape, in any language: a short label ending like one, then a linked headline
    ("Les også: <a>…</a>", "Lesen Sie auch: <a>…</a>")."""
    label = block.label
    headline = block.text[len(label) :].strip()
    return bool(
        label
        and len(label.split()) <= _LABEL_MAX_WORDS
        and label.endswith(_LABEL_ENDS)
        # A headline, not a name, a handle or an address ("See it now: Amazon", "Account: @name").
        and len(headline.split()) >= _LINKED_HEADLINE_MIN_WORDS
        and _reads_like_a_headline(headline, rules)
    )


def _reads_like_a_headline(text: str, rules: _Rules) -> bool:
    return len(text.split()) <= _HEADLINE_MAX_WORDS and not text.endswith(rules.sentence_ends)


def _is_clutter(block: Block, rules: _Rules, generic: bool = False) -> bool:
    text = block.text
    return bool(
        # A paragraph that is only a link and reads like a headline: a related story or a promo (in a generic
        # body, not a link written out as its address: a list of sources or products).
        (
            block.link_only
            and _reads_like_a_headline(text, rules)
            and not (generic and (block.in_cell or _BARE_URL.match(text)))
        )
        or _is_labelled_link(block, rules)
        or text.casefold() in rules.furniture
        or rules.tags_line.match(text)
        or _MARKDOWN_IMAGE.match(text)
        or (not generic and (_BARE_URL.match(text) or _TWEET.search(text)))
    )


def content_hash(title: str | None, summary: str | None, body: str | None) -> str:
    """A fingerprint of what a reader sees: tells "refetched, unchanged" from "updated"."""
    return hashlib.sha256("\x1f".join(s or "" for s in (title, summary, body)).encode()).hexdigest()[:16]
