"""The fallback's first step: a page's inline runs made paragraphs where the page starts blocks, namespaced
elements unwrapped, so that no word is glued to its neighbour and no sentence split at a link."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from bench.realpages import glued_words, page_words
from bench.realpages import project as fallback_text
from crawler.extraction.blocks import explicit_blocks
from crawler.extraction.fallback import extract_generic, restore_spaces

S1 = "Heart disease <a href='/x'>and</a> cancer still kill more people than anything else, experts said."
S2 = "The report <b>also</b> found that people who <a href='/y'>exercise</a> live longer than others do."
S3 = "Doctors said the findings confirm what they have long <i>suspected</i> about the benefits of activity."
PARTED = f"{S1}<br><br>{S2}<br><br>{S3}"
SHAPES = {
    "a div parted by <br><br>": f"<div class=story>{PARTED}</div>",
    "a div with a paragraph in it": f"<div class=story>{S1}<br><br>{S2}<p>{S3}</p></div>",
    "a div with a byline block": f"<div class=story><div class=meta>By Staff Writer</div>{PARTED}</div>",
    "a table cell": f"<table><tr><td>{PARTED}</td></tr></table>",
    "spans parted by <br><br>": f"<div><span>{S1}</span><br><br><span>{S2}</span><br><br><i>{S3}</i></div>",
    "an article element": f"<article>{PARTED}</article>",
    "a Facebook like button": f"<div><fb:like href='x'></fb:like><g:plusone></g:plusone>{PARTED}</div>",
}  # fmt: skip


def page(inner: str) -> str:
    return (
        "<html><head><title>Heart news</title></head><body>"
        "<div id=nav><a href='/'>Home</a> <a href='/w'>World</a></div>"
        f"<h1>Heart news</h1>{inner}<footer>Copyright 2020 News Corp</footer></body></html>"
    )


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


@pytest.mark.parametrize("inner", SHAPES.values(), ids=SHAPES.keys())
def test_inline_links_and_markup_keep_their_spaces_and_sentences(inner: str) -> None:
    """Each sentence whole in one paragraph, its words spaced as the page spaces them (trafilatura alone made
    "<p>Heart disease</p><p><a>and</a>cancer still…</p>" of most of these)."""
    found = extract_generic("https://example.com/news/heart", page(inner))
    assert found is not None
    paragraphs = [plain(part) for part in re.findall(r"<p>(.*?)</p>", found.body_html)]
    assert paragraphs == [plain(S1), plain(S2), plain(S3)]
    assert glued_words(page_words(page(inner)), found.text) == []


def test_runs_become_paragraphs_only_beside_blocks_of_text_or_parted_by_breaks() -> None:
    """A caption beside a picture, a short label beside a paragraph, a single <br> and a plain paragraph stay
    as the page has them; a long run beside a paragraph becomes one."""
    caption = (
        "<div><p><img src='a.jpg'></p>"
        "<span class=caption>A long caption under the picture of the day, as the page has it.</span></div>"
    )
    label = "<div><strong>Get the news on your phone</strong> <a href='/app'>Join</a><p>Offers.</p></div>"
    line = f"<div>{S1}<br>{S2}</div>"
    for unchanged in (caption, label, line, f"<p>{S1}</p>"):
        assert explicit_blocks(page(unchanged)).count("<p>") == page(unchanged).count("<p>")
    mixed = explicit_blocks(page(f"<div>{S1}<p>{S3}</p></div>"))
    assert '<div><p>Heart disease <a href="/x">and</a> cancer still' in mixed


def test_namespaced_elements_are_unwrapped_with_their_text() -> None:
    """<fb:like>, <g:plusone> and Word's <o:p> (which can hold text) are no element names lxml can give again:
    they are unwrapped, their text kept, and the page no longer crashes the fallback."""
    html = page(
        f"<div><p>{S1}<o:p> Kept words.</o:p></p><fb:like></fb:like><og:meta></og:meta><p>{S3}</p></div>"
    )
    blocks = explicit_blocks(html)
    assert ":" not in "".join(re.findall(r"</?([\w:-]+)", blocks)).replace("http:", "")
    assert "Kept words." in blocks
    found = extract_generic("https://example.com/news/heart", html)
    assert found is not None and "Kept words." in found.text and "suspected" in found.text


def test_spaces_trafilatura_trims_at_links_are_put_back_where_the_page_has_them() -> None:
    """In some lists trafilatura trims the text either side of a link (a real blog's list item came out
    "a big problem.<ref>Google's</ref>fellowship"): the space is put back where the page's text has one
    there, and not where the page writes the words together ("pre<a>fix</a>")."""
    body = etree.fromstring(
        "<body><list><item>Lack of it is a big problem.<ref>Google's</ref>fellowship is great.</item>"
        "<item>Its pre<ref>fix</ref>is <hi>written</hi>together.</item></list>"
        "<p>A (<ref>link</ref>)</p></body>"
    )
    restore_spaces(
        body,
        "Menu Lack of it is a big problem. Google's fellowship is great. "
        "Its prefix is written together. A (link)",
    )
    assert ["".join(item.itertext()) for item in body[0]] == [
        "Lack of it is a big problem. Google's fellowship is great.", "Its prefix is written together.",
    ]  # fmt: skip
    assert etree.tostring(body[0][1], encoding="unicode") == (
        "<item>Its pre<ref>fix</ref> is <hi>written</hi> together.</item>"
    )


def test_a_paragraph_after_an_empty_anchor_stays_the_articles_text() -> None:
    """An index anchor before a paragraph's text (``<a id=…></a>There's…``): trafilatura made the text the
    link's, and the paragraph under a sub-heading was cut as a read-also link (a real book chapter lost a
    fifth of its text). Empty inline elements are removed, their tails kept."""
    html = page(f"<article><p>{S1}</p><h2>Definitions</h2><p><a id='idx'></a>{S2}</p><p>{S3}</p></article>")
    assert "idx" not in explicit_blocks(html)
    text = fallback_text("https://example.com/news/heart", html)
    assert plain(S2) in text and plain(S3) in text
