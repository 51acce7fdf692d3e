"""Sitemap responses read with Scrapy's public sitemap tools: the XML body (gunzipped), then a ``Sitemap``."""

from __future__ import annotations

import lxml.etree
from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap


class SitemapTooLarge(Exception):
    """A gzip sitemap larger than its size limit once decompressed."""


def sitemap_body(response: Response) -> bytes | None:
    """The XML of a sitemap response, gunzipped when it is a gzip file; None when it cannot be a sitemap.

    A ``.xml.gz`` served with ``Content-Encoding: gzip`` arrives already decompressed by Scrapy's
    HttpCompressionMiddleware: it is XML then, not gzip.
    """
    if gzip_magic_number(response):
        limit = response.meta.get("download_maxsize", 0)
        try:
            return gunzip(response.body, max_size=limit)
        except ValueError:  # Scrapy's "decompressed past max_size"
            raise SitemapTooLarge(f"over {limit} bytes once decompressed") from None
        except (OSError, EOFError):
            return None  # a broken gzip file
    if isinstance(response, XmlResponse) or response.url.endswith((".xml", ".xml.gz")):
        return response.body
    return None


def read_sitemap(body: bytes) -> Sitemap | None:
    """Scrapy's streaming ``Sitemap`` over ``body``; None when the body is no XML at all."""
    try:
        return Sitemap(body)
    except (lxml.etree.LxmlError, StopIteration):
        return None
