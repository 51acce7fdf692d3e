"""Finding an installed Chromium: the one browser the project renders and tests with."""

from __future__ import annotations

import os
import shutil

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = "install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH"
# Headless flags for a machine without a display or outside network access (root needs --no-sandbox).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium() -> str | None:
    """``CHROMIUM_PATH`` if set, else the first of chromium / chromium-browser / google-chrome on PATH."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)
