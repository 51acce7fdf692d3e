"""What a backfill reads: WARC files, folders of them, and Common Crawl ``warc.paths(.gz)`` listings (their
relative entries resolved against the listing's folder or a prefix), local, http(s) or s3 — in date order."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

WARC_SUFFIXES = (".warc.gz", ".warc")
# CC-NEWS-20250301100000-00001.warc.gz: the capture time is in the name, the only date before reading it.
_TIMESTAMP = re.compile(r"(\d{14})")


class InputError(ValueError):
    """A path that names nothing readable as a list of WARC files."""


def warc_inputs(paths: list[str], prefix: str | None = None) -> list[str]:
    """Every WARC file the paths name, in date order (by the timestamp in the name, then the name)."""
    found: list[str] = []
    for path in paths:
        if _is_listing(path):
            found += _listing(path, prefix)
        elif "://" not in path and Path(path).is_dir():
            found += [str(p) for p in sorted(Path(path).iterdir()) if p.name.endswith(WARC_SUFFIXES)]
        else:
            found.append(path)
    return sorted(dict.fromkeys(found), key=_date_order)


def _is_listing(path: str) -> bool:
    return path.rstrip("/").rsplit("/", 1)[-1] in ("warc.paths", "warc.paths.gz")


def _listing(path: str, prefix: str | None) -> list[str]:
    local = Path(path)
    try:
        data = local.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the listing ({exc.strerror})") from None
    text = (gzip.decompress(data) if path.endswith(".gz") else data).decode("utf-8")
    base = prefix.rstrip("/") if prefix else str(local.parent)
    return [
        entry if "://" in entry or entry.startswith("/") else f"{base}/{entry}"
        for entry in (line.strip() for line in text.splitlines())
        if entry
    ]


def _date_order(path: str) -> tuple[bool, str, str]:
    """By the timestamp in the name; a file whose name has none after every dated one."""
    name = path.rsplit("/", 1)[-1]
    stamp = _TIMESTAMP.search(name)
    return (stamp is None, stamp.group(1) if stamp else "", name)
