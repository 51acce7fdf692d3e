"""``make serve``: Datasette over a crawl database with the project's configuration, whatever its file name.

Usage: ``python -m crawler.cli.serve [DB] [--port N] [--host H] [--immutable]``.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from crawler.storage.schema import (
    SCHEMA_VERSION,
    StoreError,
    check_archive,
    open_database,
    read_schema_version,
)

CONFIG = Path(__file__).resolve().parents[2] / "datasette"


def metadata_for(db: Path) -> dict[str, Any]:
    """The project's metadata with its database section keyed by ``db``'s name, as Datasette names it."""
    metadata = yaml.safe_load((CONFIG / "metadata.yml").read_text(encoding="utf-8"))
    metadata["databases"] = {db.stem: metadata["databases"]["abplive"]}
    return metadata


def archive_datasette(db: Path) -> Any:
    """An in-process Datasette over ``db`` with the project's configuration (what ``make serve`` starts):
    metadata, templates and the plugin whose search functions the canned queries call."""
    from datasette.app import Datasette  # the serve extra

    return Datasette(
        [str(db)],
        metadata=metadata_for(db),
        template_dir=str(CONFIG / "templates"),
        plugins_dir=str(CONFIG / "plugins"),
        settings={"suggest_facets": False, "max_returned_rows": 10000},
    )


def datasette_command(db: Path, metadata_file: Path, host: str, port: int, immutable: bool) -> list[str]:
    # -i (immutable) is faster and safe for a finished archive; a live crawl needs the normal mode.
    database = ["-i", str(db)] if immutable else [str(db)]
    return [
        sys.executable, "-m", "datasette", "serve", *database,
        "--metadata", str(metadata_file),
        "--static", f"assets:{CONFIG / 'static'}",
        # The reading pages: front page, article view, search results, trends (docs/datasette.md).
        "--template-dir", str(CONFIG / "templates"),
        "--plugins-dir", str(CONFIG / "plugins"),
        # Facet suggestions run a query per column on every table page: 1.9 of its 2.1 s at 20,000 articles
        # (make bench-archive). The facets the metadata names stay; more can be picked from a column's menu.
        "--setting", "suggest_facets", "off",
        # Articles per day over years of archive is one row a day: all of them, not the first 1,000.
        "--setting", "max_returned_rows", "10000",
        "--host", host, "--port", str(port),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a crawl database with Datasette")
    parser.add_argument("db", nargs="?", default="data/abplive.db", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--immutable", action="store_true", help="finished archive: open with -i")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.exit(2, f"serve: no database at {args.db}; run `make crawl` (or `make demo`) first\n")
    try:
        check_archive(args.db)  # another application's database is refused, untouched
        if not args.immutable:
            # An archive made by an older version gets the current columns and indexes first.
            open_database(args.db).close()
        elif (found := read_schema_version(args.db)) < SCHEMA_VERSION:
            print(
                f"serve: {args.db} has schema version {found}, older than this crawler's {SCHEMA_VERSION}: "
                "served as it is, without what later versions added (the author list needs version 4); "
                "serve it once without --immutable to upgrade it",
                file=sys.stderr,
            )
    except StoreError as exc:
        parser.exit(2, f"serve: {exc}\n")
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="datasette-metadata-") as metadata_file:
        json.dump(metadata_for(args.db), metadata_file, ensure_ascii=False)
        metadata_file.flush()
        command = datasette_command(args.db, Path(metadata_file.name), args.host, args.port, args.immutable)
        return run_forwarding_signals(command)


def run_forwarding_signals(command: list[str]) -> int:
    """Run ``command`` until it ends; SIGTERM, SIGINT and SIGHUP are passed on to it, so stopping this
    launcher stops the server too (and the metadata file is removed), never leaving it orphaned."""
    child = subprocess.Popen(command)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda received, _frame: child.send_signal(received))
    returncode = child.wait()
    return 0 if returncode in (-signal.SIGTERM, -signal.SIGINT) else returncode


if __name__ == "__main__":
    raise SystemExit(main())
