"""The first thing a newcomer runs after the set-up: ``make demo``, the whole pipeline against the project's
local copy of the eight sites. Its output is read as a person reads it: no FAIL, no traceback, no warning."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

from tests.crawlrun import REPO


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive ports free on 127.0.0.1 (the demo serves a site on each)."""
    for first in range(20000, 60000, 97):
        sockets = []
        try:
            for port in range(first, first + count):
                listener = socket.socket()
                sockets.append(listener)
                listener.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for listener in sockets:
                listener.close()
    raise RuntimeError("no free ports")


def test_the_first_demo_reads_cleanly_and_names_the_front_page(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = subprocess.run(
        ["make", "--no-print-directory", "demo", f"DEMO_DB={db}", f"DEMO_PORT={free_ports(8)}"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    for noise in ("FAIL", "Traceback", "ERROR", "WARNING"):
        assert noise not in output, output[-3000:]
    assert "abplive: finished:" in output and f"Stored in {db}:" in output
    assert "http://127.0.0.1:8001: the front page" in output
