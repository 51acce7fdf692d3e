"""Clean stage: the item's body container becomes its clean ``body`` (rules in ``crawler.cleaning.rules``).

Usage: ``python -m pipelines.clean FILE`` prints ``{"title", "summary", "body"}`` for a text dump of a page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from crawler.cleaning.article import clean_article
from crawler.cleaning.rules import clean_text_dump
from crawler.sites import DEFAULT_SITE, SITES


class CleanPipeline:
    """Turns ``body_node`` into the clean ``body`` (``crawler.cleaning.article.clean_article``)."""

    def process_item(self, item: object) -> object:
        return clean_article(item)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Clean a text dump of a page; print title, summary, body")
    parser.add_argument("file", type=Path)
    parser.add_argument("--site", default=DEFAULT_SITE, choices=sorted(SITES))
    args = parser.parse_args(argv)
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        parser.exit(2, f"pipelines.clean: cannot read {args.file}: {exc}\n")
    try:
        json.dump(clean_text_dump(text, SITES[args.site]), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head`, `| grep -q`): not an error to report. Python's own flush at exit
        # would fail again on the closed pipe, so stdout now points nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
