"""Rendering article pages in a real browser through scrapy-playwright: opt-in, and as cheap as a page can be.

Nothing here starts a browser: the spider installs these settings only when ``-a render`` asks for it, because
scrapy-playwright's download handler starts its driver as soon as it is installed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy_playwright.page import PageMethod

from crawler.components.browser import CHROMIUM_ARGS, INSTALL_HINT, find_chromium
from crawler.sites import Site

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
# What a page never needs to show its text.
BLOCKED_RESOURCE_TYPES = frozenset({"image", "media", "font", "imageset", "texttrack", "object"})

# Wait (bounded, never failing) for a paragraph in the body container, then open the "read full article"
# expander if there is one and wait until the body grows.
PREPARE_PAGE = """
async ({container, expanders, timeoutMs}) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const deadline = Date.now() + timeoutMs;
  const paragraphs = container.split(",").map((c) => c.trim() + " p").join(", ");
  while (!document.querySelector(paragraphs) && Date.now() < deadline) await sleep(25);
  const expander = document.querySelector(expanders);
  if (!expander) return "no-expander";
  const textLength = () =>
    Array.from(document.querySelectorAll(container)).reduce((n, e) => n + e.innerText.length, 0);
  const before = textLength();
  expander.click();
  while (textLength() <= before && Date.now() < deadline) await sleep(25);
  return textLength() > before ? "expanded" : "expander-timeout";
}
"""


class RenderUnavailable(RuntimeError):
    """Rendering was asked for but no browser can be launched."""


def launch_options() -> dict[str, Any]:
    """Launch options for an installed Chromium, else for Playwright's own browser if it was downloaded."""
    chromium = find_chromium()
    if chromium:
        return {"executable_path": chromium, "headless": True, "args": list(CHROMIUM_ARGS)}
    if _managed_chromium_installed():
        return {"headless": True, "args": list(CHROMIUM_ARGS)}
    raise RenderUnavailable(f"rendering needs Chromium and none was found: {INSTALL_HINT}")


def _managed_chromium_installed() -> bool:
    browsers = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    return any(browsers.glob("chromium*"))


def blocker_for(hosts: list[str]) -> Callable[[Any], bool]:
    """Abort images, media, fonts, and any request to a host not crawled (ads, analytics, social embeds)."""
    crawled = frozenset(hosts)

    def should_abort(request: Any) -> bool:
        if request.resource_type in BLOCKED_RESOURCE_TYPES:
            return True
        return urlsplit(request.url).hostname not in crawled

    return should_abort


def playwright_settings(hosts: list[str], max_pages: int, timeout_s: float) -> dict[str, Any]:
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch_options(),
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        "PLAYWRIGHT_ABORT_REQUEST": blocker_for(hosts),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": int(timeout_s * 1000),
    }


def render_meta(site: Site, timeout_s: float) -> dict[str, Any]:
    """Request meta that renders the page, prepares it, and closes it (scrapy-playwright does, by default)."""
    container = ", ".join(css for _, css in site.template.body)
    arguments = {
        "container": container,
        "expanders": site.template.expanders,
        "timeoutMs": int(timeout_s * 1000),
    }
    return {
        "playwright": True,
        "playwright_page_methods": [PageMethod("evaluate", PREPARE_PAGE, arguments)],
    }
