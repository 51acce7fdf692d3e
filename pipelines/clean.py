"""Clean stage: from a body container (or a text dump of a page) keep only the article's own text.

The rules work on *blocks* (paragraphs, sub-headings, list items), so one rule set serves HTML and text dumps:
- clutter elements (images, embeds, widgets, ad slots) are removed before the HTML is split into blocks;
- a block that starts with a "read also" marker is dropped, with the related links that follow it;
- furniture labels, ``Tags:`` lists, bare URLs, tweet text and markdown images are dropped;
- everything else is kept in order, normalised, joined by a blank line.

Usage: ``python -m pipelines.clean FILE`` prints ``{"title", "summary", "body"}`` for a text dump.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from itemadapter import ItemAdapter
from lxml import etree
from parsel import Selector

from crawler.sites import DEFAULT_SITE, SITES, Site
from crawler.text import normalize_text

# Elements that stay inside a paragraph; every other element (and <br>) ends one.
_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code del dfn em font i ins kbd mark nobr q s samp small span strike strong "
    "sub sup time tt u var wbr".split()
)
_MARKDOWN_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TWEET = re.compile(r"pic\.twitter\.com/|—\s*.+\(@\w+\)\s+\w+\s+\d{1,2},\s+\d{4}$")
_TAGS_LINE = re.compile(r"^tags\b\s*:?", re.IGNORECASE)
_MARKER_TAIL = r"\s*[:\-–—|]?\s*"
# A related headline in a text dump (its link is gone): short, and not ending like a sentence.
_HEADLINE_MAX_WORDS = 25
_SENTENCE_END = (".", "।", "|", "॥", '."', ".”", "।”")


@dataclass(frozen=True)
class Block:
    text: str
    # True when every visible character is link text; None when unknown (text dumps carry no links).
    link_only: bool | None = None


def clean_body_html(body_html: str | None, site: Site) -> str:
    """The article's own text from its body container's HTML: paragraphs joined by ``\\n\\n``."""
    if not body_html:
        return ""
    sel = Selector(text=body_html)
    sel.css(site.template.clutter).drop()
    return join_blocks(keep_article_blocks(html_blocks(sel.root), site))


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
    parts: list[tuple[str, bool]] = []

    def flush() -> None:
        text = normalize_text("".join(part for part, _ in parts))
        if text:
            visible = sum(_visible_chars(part) for part, _ in parts)
            linked = sum(_visible_chars(part) for part, in_link in parts if in_link)
            blocks.append(Block(text, link_only=linked == visible))
        parts.clear()

    def walk(element: etree._Element, in_link: bool) -> None:
        if element.text:
            parts.append((element.text, in_link))
        for child in element:
            if isinstance(child.tag, str):
                tag = child.tag.lower()
                if tag == "br":
                    flush()
                elif tag in _INLINE_TAGS:
                    walk(child, in_link or tag == "a")
                else:
                    flush()
                    walk(child, False)
                    flush()
            if child.tail:
                parts.append((child.tail, in_link))

    walk(root, False)
    flush()
    if root.find(".//a") is None:
        # Text with no links at all (JSON-LD articleBody, stripped markup) says nothing about links.
        return [Block(block.text) for block in blocks]
    return blocks


def _visible_chars(text: str) -> int:
    return len("".join(text.split()))


def keep_article_blocks(blocks: Iterable[Block], site: Site) -> list[Block]:
    """The blocks that are the article's own text, in order."""
    marker = re.compile(
        "^(?:" + "|".join(re.escape(m) for m in site.read_also) + ")" + _MARKER_TAIL, re.IGNORECASE
    )
    furniture = {f.casefold() for f in site.all_furniture}
    kept: list[Block] = []
    after_marker = False
    for block in blocks:
        if marker.match(block.text):
            after_marker = True
            continue
        if after_marker and _is_related_link(block):
            continue
        after_marker = False
        if not _is_clutter(block.text, furniture):
            kept.append(block)
    return kept


def _is_related_link(block: Block) -> bool:
    if block.link_only is not None:
        return block.link_only
    return len(block.text.split()) <= _HEADLINE_MAX_WORDS and not block.text.endswith(_SENTENCE_END)


def _is_clutter(text: str, furniture: set[str]) -> bool:
    return bool(
        text.casefold() in furniture
        or _TAGS_LINE.match(text)
        or _BARE_URL.match(text)
        or _MARKDOWN_IMAGE.match(text)
        or _TWEET.search(text)
    )


def content_hash(title: str | None, summary: str | None, body: str | None) -> str:
    """A fingerprint of what a reader sees: tells "refetched, unchanged" from "updated"."""
    return hashlib.sha256("\x1f".join(s or "" for s in (title, summary, body)).encode()).hexdigest()[:16]


class CleanPipeline:
    """Turns ``body_html`` into the clean ``body`` (and its word count and content hash)."""

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        site = SITES[adapter["site"]]
        body = clean_body_html(adapter.get("body_html"), site)
        adapter["body"] = body
        adapter["body_html"] = None
        adapter["word_count"] = len(body.split())
        adapter["content_hash"] = content_hash(adapter.get("title"), adapter.get("summary"), body)
        return item


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Clean a text dump of a page; print title, summary, body")
    parser.add_argument("file", type=Path)
    parser.add_argument("--site", default=DEFAULT_SITE, choices=sorted(SITES))
    args = parser.parse_args(argv)
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        parser.exit(2, f"pipelines.clean: cannot read {args.file}: {exc}\n")
    json.dump(clean_text_dump(text, SITES[args.site]), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
