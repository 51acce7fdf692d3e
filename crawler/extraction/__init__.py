"""Extraction: pure functions over ``(url, html)`` and a site profile, no network, no Scrapy."""
