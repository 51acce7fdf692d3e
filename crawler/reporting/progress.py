"""Progress of long work, one way everywhere: on a terminal one refreshed line (tqdm); otherwise a plain line
every ``interval`` seconds and at the end, in the same words (tqdm's own meter), to the given logger (a
crawl's log) or, without one, to the stream."""

from __future__ import annotations

import logging
import os
import sys
from time import monotonic
from types import TracebackType
from typing import IO, Any

from tqdm import tqdm


class Progress:
    """``description``: what is being done; ``total``: how much there is (None: unknown); ``unit``: of what.
    ``update(n, **counts)`` moves it on and shows ``counts`` beside it (articles stored, …)."""

    def __init__(
        self,
        description: str,
        total: float | None = None,
        unit: str = "it",
        *,
        unit_scale: bool = False,
        stream: IO[str] | None = None,
        interval: float = 30.0,
        log: logging.Logger | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        # tqdm's scaling writes a small count as "14.0/14.0": it scales only what reaches thousands.
        unit_scale = unit_scale and (total is None or total >= 1000)
        self.description, self.total, self.unit, self.unit_scale = description, total, unit, unit_scale
        self.interval = interval
        self.log = log
        self.done: float = 0
        self.counts: dict[str, Any] = {}
        self.started = self.logged = monotonic()
        self.bar: tqdm | None = None
        if _is_terminal(self.stream):
            # A terminal that reports no size (a bare pseudo-terminal) is taken as 100 by 24: tqdm would draw
            # nothing in 0 rows.
            size = {} if os.get_terminal_size(self.stream.fileno()).columns else {"ncols": 100, "nrows": 24}
            self.bar = tqdm(
                total=total, desc=description, unit=unit, unit_scale=unit_scale, file=self.stream,
                mininterval=0.5, dynamic_ncols=not size, leave=True, **size,
            )  # fmt: skip

    def update(self, n: float = 1, **counts: Any) -> None:
        self.done += n
        self.counts.update(counts)
        if self.bar is not None:
            if counts:
                self.bar.set_postfix(self.counts, refresh=False)
            self.bar.update(n)
        elif monotonic() - self.logged >= self.interval:
            self.logged = monotonic()
            self._say(self.line())

    def set(self, done: float, **counts: Any) -> None:
        """Move to ``done`` (work measured from outside: a counter read)."""
        self.update(done - self.done, **counts)

    def line(self) -> str:
        """The progress as one line of text: done of total, rate, time left, counts (a log's bar in ASCII)."""
        postfix = ", ".join(f"{name}={value}" for name, value in self.counts.items()) or None
        return tqdm.format_meter(
            self.done, self.total, monotonic() - self.started, prefix=self.description, unit=self.unit,
            unit_scale=self.unit_scale, postfix=postfix, ascii=True,
        )  # fmt: skip

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        else:
            self._say(self.line())

    def _say(self, line: str) -> None:
        if self.log is None:
            print(line, file=self.stream, flush=True)
        else:
            self.log.info("%s", line)

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty() and os.get_terminal_size(stream.fileno()) is not None
    except (AttributeError, ValueError, OSError):
        return False
