"""Scrapy plumbing: middlewares, the run-log extension, the log formatter, rendering, failure reasons."""
