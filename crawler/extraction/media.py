"""Photo galleries and video pages: their text, no media. Pure code over a parsed page.

A gallery's body is the caption of every photo in order: from JSON-LD (an ``ImageGallery``'s
``associatedMedia`` or ``image`` items: ``caption``, else ``description``, else ``name``), else the page's
``figcaption`` elements. A video's body is its description: the JSON-LD ``VideoObject``'s, else the
page's description block (``.video_content``), else the standfirst. ABP's gallery and video JSON-LD types
are not confirmed (``../shared/abplive-markup.md``); the figure captions are the fallback the canary checks.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from crawler.extraction.jsonld import jsonld_objects, jsonld_strings
from crawler.extraction.selectors import compiled
from crawler.markup.text import normalize_text

GALLERY_TYPES = {"ImageGallery", "MediaGallery"}
_FIGCAPTIONS = compiled("figure figcaption, .photo-caption, .gallery-caption")
# The description block of a video page (ABP's older video template).
_VIDEO_TEXT = compiled(".video_content p")


def gallery_captions(root: etree._Element) -> tuple[str, list[str]]:
    """(where they were read: ``jsonld`` or ``figures``, the captions in order); ``("", [])`` if none."""
    for obj in jsonld_objects(root):
        if GALLERY_TYPES & set(_types(obj)):
            media = obj.get("associatedMedia") or obj.get("image") or []
            captions = [_caption(item) for item in (media if isinstance(media, list) else [media])]
            captions = [caption for caption in captions if caption]
            if captions:
                return "jsonld", captions
    captions = [normalize_text(" ".join(node.itertext())) for node in _FIGCAPTIONS(root)]
    captions = list(dict.fromkeys(caption for caption in captions if caption))
    return ("figures", captions) if captions else ("", [])


def video_description(root: etree._Element) -> tuple[str, str | None, str | None]:
    """(where it was read: ``jsonld`` or ``page``, the description, the JSON-LD ``uploadDate``);
    ``("", None, upload date)`` when the page has no description of its own."""
    uploaded = None
    for obj in jsonld_objects(root):
        if "VideoObject" in _types(obj):
            uploaded = next(iter(jsonld_strings(obj.get("uploadDate"))), None)
            text = normalize_text(" ".join(jsonld_strings(obj.get("description"))))
            if text:
                return "jsonld", text, uploaded
    blocks = [normalize_text(" ".join(node.itertext())) for node in _VIDEO_TEXT(root)]
    text = "\n\n".join(block for block in blocks if block)
    return ("page", text, uploaded) if text else ("", None, uploaded)


def _types(obj: dict[str, Any]) -> list[Any]:
    types = obj.get("@type")
    return types if isinstance(types, list) else [types]


def _caption(item: Any) -> str:
    if isinstance(item, str):
        return ""
    if not isinstance(item, dict):
        return ""
    for key in ("caption", "description", "name"):
        text = normalize_text(" ".join(jsonld_strings(item.get(key))))
        if text:
            return text
    return ""
