#!/usr/bin/env bash
# What the crontab line calls: one locked, logged crawl with the project's virtualenv, from the repo root.
# Arguments go to crawler.cli.cron (e.g. --db data/abplive.db -- -a sections=news/india).
set -u
cd "$(dirname "$0")/.." || exit 2
exec .venv/bin/python -m crawler.cli.cron "$@"
