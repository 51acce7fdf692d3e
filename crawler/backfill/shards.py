"""A stage-1 task's output: one gzip'd JSON Lines shard a WARC file, written whole or not at all.

Its first line says what was read (the file, its size, its records, the counts by outcome, or why it
failed); then one line a stored row (``row``), dropped page (``drop``) or capture to index (``capture``). The
ABP records themselves are copied, as they were, into a small WARC file beside it, so captures are never
lost.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# A work folder: the shards, the copied ABP records, datatrove's logs and task markers.
SHARDS = "shards"
WARCS = "warc"
LOGS = "logs"


@dataclass
class FileReport:
    """What stage 1 found in one WARC file."""

    file: str
    size: int = 0
    records: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # stored, dropped/<reason>, skipped/<kind> …
    error: str | None = None  # the file could not be read (missing, not a WARC …)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def shard_path(work_dir: Path, rank: int) -> Path:
    return work_dir / SHARDS / f"{rank:05d}.jsonl.gz"


def warc_path(work_dir: Path, rank: int) -> Path:
    return work_dir / WARCS / f"{rank:05d}.warc.gz"


def write_shard(path: Path, report: FileReport, lines: list[tuple[str, dict[str, Any]]]) -> None:
    """The shard, under a temporary name until it is whole (a task killed mid-way leaves no shard)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=5) as out:
        out.write(json.dumps(asdict(report), ensure_ascii=False) + "\n")
        for kind, value in lines:
            out.write(json.dumps({kind: value}, ensure_ascii=False) + "\n")
    os.replace(partial, path)


def read_shard(path: Path) -> tuple[FileReport, list[tuple[str, dict[str, Any]]]]:
    """The shard's report, and its lines as (kind, value): one file's ABP pages, a few MB."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        report = FileReport(**json.loads(stream.readline()))
        lines = [next(iter(json.loads(line).items())) for line in stream]
    return report, lines


def finished_shards(work_dir: Path) -> list[Path]:
    """The shards written so far, in task order."""
    folder = work_dir / SHARDS
    return sorted(folder.glob("*.jsonl.gz")) if folder.is_dir() else []
