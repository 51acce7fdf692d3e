"""A page's blocks made explicit before the generic extractor reads it, so that a paragraph starts only where
the page starts a block.

Pages of the 2010s (and older ABP templates) often write an article as text, links and inline markup straight
in a ``<div>`` or ``<td>``, paragraphs parted by ``<br><br>``, sometimes beside block children. trafilatura
reads such a container child by child: the text before an inline link is lost or becomes a paragraph of its
own, and the link's text is glued to the word after it ("Heart diseaseand / cancerstill"). Here each run of
inline content in a container that also holds blocks, or that parts its paragraphs with two or more ``<br>``,
becomes a ``<p>`` of its own: the run's words, spaces and inline markup kept as they are.

Namespaced elements (``<fb:like>``, ``<g:plusone>``, ``<o:p>``) are unwrapped, their text kept: lxml reads
them, but their names are not names an element can be given again, and trafilatura reads a container holding
one as blocks. Empty inline elements (index anchors, icons) are removed, their tails kept (``_unwrap_empty``).
"""

from __future__ import annotations

from lxml import etree

from crawler.markup.htmltree import INLINE_TAGS, drop_element, parse_document

# Elements that stay inside a line of text, a line break and a picture among them; any other element
# (unknown ones too) is a block.
INLINE = INLINE_TAGS | frozenset("acronym big br data img label rp rt ruby".split())
# Beside blocks, a run of fewer characters is no paragraph (the fallback's measure of one: fallback.py).
PARAGRAPH_CHARS = 80
_LOOSE = "inline-run"  # a run left unwrapped: its marker is stripped, its content kept in place
# Elements whose text a page does not show.
_HIDDEN = frozenset("script style noscript template".split())
# Elements whose inline runs become paragraphs: the ones that hold an article's flow of text.
CONTAINERS = frozenset(
    "article aside blockquote body center dd details div fieldset figure footer form header li main section "
    "td th".split()
)


def explicit_blocks(html: str | bytes) -> str:
    """The page with its namespaced elements unwrapped and every inline run of a mixed container (or of one
    parted by ``<br><br>``) in a ``<p>`` of its own."""
    return etree.tostring(explicit_blocks_tree(parse_document(html)), encoding="unicode", method="html")


def explicit_blocks_tree(root: etree._Element) -> etree._Element:
    """``explicit_blocks`` on a parsed page, in place."""
    prefixed = {element.tag for element in root.iter() if isinstance(element.tag, str) and ":" in element.tag}
    if prefixed:
        etree.strip_tags(root, *prefixed)
    for element in [e for e in root.iter(*INLINE_TAGS) if len(e) == 0 and not _has_text(e.text)]:
        _unwrap_empty(element)
    for container in list(root.iter(*CONTAINERS)):
        if _mixed(container):
            _runs_as_paragraphs(container)
    return root


def _unwrap_empty(element: etree._Element) -> None:
    """An empty inline element (an index anchor ``<a id=…></a>``, an icon's ``<i>``) removed, the space in it
    and the text after it kept: trafilatura makes the text after an empty element that element's own, and a
    paragraph after an anchor became link text, then cut as a related link."""
    element.tail = (element.text or "") + (element.tail or "")
    drop_element(element)


def visible_text(root: etree._Element) -> str:
    """The text a page shows, as it runs (inline markup adds no space, "<a>Park</a>," is "Park,"), its white
    space made single spaces: what a body's spacing is checked against."""
    body = root.find("body")
    parts: list[str] = []
    hidden = 0  # depth inside a script, a style or the like
    walk = etree.iterwalk(body if body is not None else root, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        if event in ("comment", "pi"):
            if not hidden and element.tail:
                parts.append(element.tail)
            continue
        unseen = element.tag in _HIDDEN
        if event == "start":
            hidden += unseen
            if not hidden and element.text:
                parts.append(element.text)
        else:
            hidden -= unseen
            if not hidden and element.tail:
                parts.append(element.tail)
    return " ".join("".join(parts).split())


def _is_block(node: etree._Element) -> bool:
    return isinstance(node.tag, str) and node.tag not in INLINE


def _has_text(text: str | None) -> bool:
    return bool(text and text.strip())


def _mixed(container: etree._Element) -> bool:
    """Whether ``container`` holds inline text beside blocks of text, or text parted by ``<br><br>``."""
    children = list(container)
    inline_text = _has_text(container.text) or any(
        (child.tag in INLINE and _has_text("".join(child.itertext()))) or _has_text(child.tail)
        for child in children
    )
    if not inline_text:
        return False
    # Blocks with no text (a picture, an embed) make a media box, whose loose text is a caption.
    return any(_is_block(child) and _has_text("".join(child.itertext())) for child in children) or any(
        map(_parts, children)
    )


def _reads_as_paragraph(run: etree._Element) -> bool:
    """Whether a run beside blocks reads as a paragraph: long enough, and some of its text the container's.
    A short run (a caption, a widget's label) or one whose text all lies inside its elements (schema.org
    microdata spans, a hidden copy of the headline) is left as the page has it."""
    own_text = _has_text(run.text) or any(_has_text(child.tail) for child in run)
    return own_text and len(" ".join("".join(run.itertext()).split())) >= PARAGRAPH_CHARS


def _parts(node: etree._Element) -> bool:
    """Whether ``node`` is a ``<br>`` followed by another with only white space between: a paragraph break."""
    following = node.getnext()
    return _is_break(node) and following is not None and following.tag == "br"


def _is_break(node: etree._Element | None) -> bool:
    """A ``<br>`` with nothing but white space after it."""
    return node is not None and node.tag == "br" and not _has_text(node.tail)


def _runs_as_paragraphs(container: etree._Element) -> None:
    children = list(container)
    parted = any(map(_parts, children))
    leading, container.text = container.text, None
    for child in children:
        container.remove(child)  # its tail goes with it
    paragraph = etree.Element("p")
    paragraph.text = leading

    def close() -> None:
        nonlocal paragraph
        if _has_text(paragraph.text) or len(paragraph):
            if not parted and not _reads_as_paragraph(paragraph):
                paragraph.tag = _LOOSE
            container.append(paragraph)
        paragraph = etree.Element("p")

    position = 0
    while position < len(children):
        child = children[position]
        if _is_block(child):
            close()
            paragraph.text, child.tail = child.tail, None
            container.append(child)
        elif _is_break(child) and position + 1 < len(children) and children[position + 1].tag == "br":
            # Two or more <br> in a row part paragraphs: the text after the last one starts a new one.
            while (
                position + 1 < len(children)
                and _is_break(children[position])
                and children[position + 1].tag == "br"
            ):
                position += 1
            close()
            paragraph.text = children[position].tail
        else:
            paragraph.append(child)
        position += 1
    close()
    etree.strip_tags(container, _LOOSE)
