"""Cleaning: a body container's HTML (or a page's text dump) to the article's own paragraphs."""
