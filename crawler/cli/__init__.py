"""Command-line entry points: ``python -m crawler.cli.cron``, ``.serve``, ``.canary``."""
