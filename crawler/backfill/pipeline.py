"""Stage 1 on datatrove: one task a WARC file, run by datatrove's executors — ``local`` (a process pool on
this machine's cores), ``ray`` (a Ray cluster: ``RAY_ADDRESS``, or a local Ray) or ``slurm`` (a job array).
datatrove's completion markers make a relaunch with the same work folder redo no finished task."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from datatrove.executor.base import PipelineExecutor
from datatrove.pipeline.base import PipelineStep

from crawler.backfill.scan import scan_file, selection
from crawler.backfill.shards import LOGS

EXECUTORS = ("local", "ray", "slurm")


class ScanWarcFiles(PipelineStep):
    """Task ``rank`` reads file ``rank`` of ``files`` into its shard (``crawler.backfill.scan``)."""

    name = "ABP pages of WARC files"
    type = "abplive"

    def __init__(self, files: list[str], arguments: dict[str, str], today: date, work_dir: str) -> None:
        super().__init__()
        self.files, self.arguments, self.today, self.work_dir = files, arguments, today, work_dir

    def run(self, data: Any = None, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        report = scan_file(self.files[rank], selection(self.arguments, self.today), Path(self.work_dir), rank)
        self.stat_update("records", value=report.records)
        self.stat_update("bytes", value=report.size)
        for name, count in report.counts.items():
            self.stat_update(name, value=count)
        yield from data or ()


def executor(
    kind: str,
    step: ScanWarcFiles,
    workers: int,
    work_dir: Path,
    slurm: dict[str, Any] | None = None,
    local: dict[str, int] | None = None,
) -> PipelineExecutor:
    """The datatrove executor of ``kind`` over one task a file; ``local``: datatrove's ``local_tasks`` and
    ``local_rank_offset``, this machine's tasks when several share the work folder without a scheduler."""
    tasks, logs = len(step.files), str(work_dir / LOGS)
    if kind == "local":
        from datatrove.executor.local import LocalPipelineExecutor

        # fork, not datatrove's default forkserver: a worker starts with the driver's imports (Scrapy, the
        # extractor: ~1.5 s each). Two files on two cores ran at 1.56x one with forkserver, 1.84x with fork
        # (make bench-backfill). A worker touches none of the driver's state: a WARC file in, a shard out.
        return LocalPipelineExecutor(
            [step], tasks=tasks, workers=min(workers, tasks), logging_dir=logs, start_method="fork",
            **(local or {}),
        )  # fmt: skip
    if kind == "ray":
        import ray
        from datatrove.executor.ray import RayPipelineExecutor

        if not ray.is_initialized():
            # RAY_ADDRESS names a running cluster; without it Ray starts one on this machine.
            ray.init(address=os.environ.get("RAY_ADDRESS") or None, num_cpus=None, log_to_driver=False)
        return RayPipelineExecutor([step], tasks=tasks, workers=workers, logging_dir=logs)
    if kind == "slurm":
        from datatrove.executor.slurm import SlurmPipelineExecutor

        options = dict(slurm or {})
        return SlurmPipelineExecutor(
            [step], tasks=tasks, workers=workers, logging_dir=logs, job_name="abplive-backfill",
            time=options.pop("time", "24:00:00"), partition=options.pop("partition", "normal"),
            venv_path=options.pop("venv_path", None), **options,
        )  # fmt: skip
    raise ValueError(f"--executor {kind}: expected one of {', '.join(EXECUTORS)}")


def forget_completion(work_dir: Path, rank: int) -> None:
    """A task whose file could not be read is done again by the next run (the file may be there then)."""
    (work_dir / LOGS / "completions" / f"{rank:05d}").unlink(missing_ok=True)
