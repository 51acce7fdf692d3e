"""Text helpers for the archive's pages: highlighted search passages, paragraphs, tags."""

from __future__ import annotations

import json

from markupsafe import Markup, escape

# The canned search query marks a match «like this» (readable in its JSON and CSV too).
MATCH_OPEN, MATCH_CLOSE = "«", "»"


def highlight(snippet: str | None) -> Markup:
    """A search passage as HTML: escaped, each «match» in ``<mark>``."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(MATCH_OPEN, "<mark>").replace(MATCH_CLOSE, "</mark>"))


def paragraphs(body: str | None) -> list[str]:
    """A stored body's paragraphs (the store joins them with a blank line)."""
    return [paragraph for paragraph in (body or "").split("\n\n") if paragraph.strip()]


def tag_list(tags: str | None) -> list[str]:
    """The ``tags`` column (a JSON array) as a list; anything else as no tags."""
    try:
        value = json.loads(tags or "[]")
    except ValueError:
        return []
    return [str(tag) for tag in value] if isinstance(value, list) else []


def section_label(section: str | None) -> str:
    """A section as a reader reads it, one way whatever the page gave: its name ("India", "Sports") as it is,
    a URL path by its last part ("news/delhi-ncr" → "Delhi NCR", "photo-gallery/entertainment" →
    "Entertainment"; a short part is taken for an abbreviation)."""
    if not section:
        return ""
    if "/" not in section and "-" not in section and not section.islower():
        return section
    words = section.strip("/").rsplit("/", 1)[-1].split("-")
    return " ".join(word.upper() if len(word) <= 3 else word.capitalize() for word in words if word)
