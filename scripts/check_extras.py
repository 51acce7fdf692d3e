"""Each extra installs and runs alone: a fresh venv per extra (``serve``, ``export``, ``cluster``,
``deploy``), the base and that extra only, through the lock, then its command once on a small archive. A
dependency a command imports but its extra lacks fails here (the test extra, which brings in every one,
cannot hide it: the export extra lacked numpy until 2026-12-07).

    python3 scripts/check_extras.py [EXTRA ...]      (make check-extras; make test runs it)

The small archive: a CC-NEWS-like WARC file (``tests.ccnews``) replayed by the project's own venv
(``scrapy crawl abplive -a warc=``). Everything is made under ``build/extras/``; exit status 1 if any extra
fails, with what it printed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "build" / "extras"
LOCK = REPO / "requirements.lock"
PROJECT_PYTHON = REPO / ".venv" / "bin" / "python"


def run(command: list[str | Path], **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=REPO, capture_output=True, text=True, timeout=900, **options
    )  # type: ignore[call-overload]


def small_archive() -> tuple[Path, Path]:
    """A WARC file of a few ABP pages and the archive its replay stores."""
    warc, db = WORK / "ccnews.warc.gz", WORK / "small.db"
    script = f"import pathlib, tests.ccnews as cc; cc.write_ccnews(pathlib.Path('{warc}'), 60, 0.2)"
    made = run([PROJECT_PYTHON, "-c", script])
    replay = run([PROJECT_PYTHON, "-m", "scrapy", "crawl", "abplive", "-a", f"warc={warc}", "-a", "site=all",
                  "-s", f"SQLITE_PATH={db}", "-s", "LOG_LEVEL=ERROR"])  # fmt: skip
    if made.returncode or replay.returncode:
        raise SystemExit(f"check-extras: the small archive could not be made:\n{made.stderr}{replay.stderr}")
    return warc, db


def venv_with(extra: str) -> Path:
    """A fresh venv holding the base and ``extra``, through the lock; its python."""
    folder = WORK / f"venv-{extra}"
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    for step in (["pip"], ["-e", f".[{extra}]"]):
        installed = run([python, "-m", "pip", "install", "-q", "-c", LOCK, *step])
        if installed.returncode:
            raise RuntimeError(f"pip install {' '.join(step)} failed:\n{installed.stderr[-3000:]}")
    return python


def check_export(python: Path, warc: Path, db: Path) -> None:
    out = WORK / "dataset"
    shutil.rmtree(out, ignore_errors=True)
    done = run(
        [python, "-m", "crawler.cli.export", db, "--format", "parquet", "--out", out, "--workers", "2"]
    )
    if done.returncode or not list(out.glob("data/*/*.parquet")):
        raise RuntimeError(f"export failed:\n{done.stderr[-3000:]}")


def check_cluster(python: Path, warc: Path, db: Path) -> None:
    fresh = WORK / "backfilled.db"
    fresh.unlink(missing_ok=True)
    shutil.rmtree(WORK / "backfilled.db.backfill", ignore_errors=True)
    done = run([python, "-m", "crawler.cli.backfill", warc, "--db", fresh, "--site", "all", "--workers", "1"])
    if done.returncode or "articles: none stored" in done.stdout:
        raise RuntimeError(f"backfill failed:\n{done.stdout}{done.stderr[-3000:]}")


def check_serve(python: Path, warc: Path, db: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [str(python), "-m", "crawler.cli.serve", str(db), "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline, page = time.monotonic() + 60, ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    page = answer.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        if 'name="q"' not in page:
            raise RuntimeError(f"the reader did not answer with its front page:\n{page[:500]}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def check_deploy(python: Path, warc: Path, db: Path) -> None:
    egg = WORK / "abplive.egg"
    egg.unlink(missing_ok=True)
    done = run([python.parent / "scrapyd-deploy", "--build-egg", egg])
    if done.returncode or not egg.is_file():
        raise RuntimeError(f"scrapyd-deploy --build-egg failed:\n{done.stderr[-3000:]}")


CHECKS: dict[str, Callable[[Path, Path, Path], None]] = {
    "serve": check_serve, "export": check_export, "cluster": check_cluster, "deploy": check_deploy,
}  # fmt: skip


def main(extras: list[str]) -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    warc, db = small_archive()
    failed = 0
    for extra in extras or list(CHECKS):
        started = time.monotonic()
        try:
            CHECKS[extra](venv_with(extra), warc, db)
        except (RuntimeError, subprocess.SubprocessError) as exc:
            failed += 1
            print(f"check-extras: {extra}: FAILED: {exc}", file=sys.stderr)
            continue
        print(f"check-extras: {extra}: installs alone and runs ({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
