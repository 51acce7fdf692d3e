"""A finished crawl in a few lines a person reads, and its verdict: the one path for ``scrapy crawl``'s
closing summary and cron's exit status (``crawler.cli.cron``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from crawler import stats as keys
from crawler.reporting.words import counted

OK = 0
RUN_FAILED = 1
STARTUP_FAILED = 2
ALREADY_RUNNING = 75  # EX_TEMPFAIL: try again later

_REASONS = {
    "dns": "DNS lookup failed for {host}",
    "connection": "{host} refused or dropped the connection",
    "timeout": "{host} did not answer in time",
}
OFFLINE_HINT = "no network? `make demo` crawls the local copies"


@dataclass(frozen=True)
class Verdict:
    status: int
    message: str


def failure_phrase(host: str, reason: str) -> str:
    """``dns`` for a host as a person says it: "DNS lookup failed for www.abplive.com"."""
    if reason.startswith("http_"):
        return f"{host} answered HTTP {reason.removeprefix('http_')}"
    return _REASONS.get(reason, f"{host} failed ({reason})").format(host=host)


def unreachable(stats: dict[str, Any]) -> str | None:
    """One line when no site answered at all (no response received), saying why; None otherwise."""
    if stats.get("response_received_count"):
        return None
    failures = keys.family(stats, keys.FIRST_FAILURE)
    if not failures:
        return None
    why = "; ".join(failure_phrase(host, reason) for host, reason in sorted(failures.items()))
    hint = f" — {OFFLINE_HINT}" if set(failures.values()) <= {"dns", "connection", "timeout"} else ""
    return f"no site answered: {why}{hint}"


def judge(returncode: int, crawl: dict[str, Any] | None) -> Verdict:
    """What a finished run means, from the process's exit code and its ``crawls`` row: cron's exit status."""
    if crawl is None or returncode not in (OK, RUN_FAILED):
        return Verdict(STARTUP_FAILED, f"the crawl did not start (exit status {returncode})")
    stats = json.loads(crawl["stats"] or "{}")
    sites = json.loads(crawl.get("sites") or "{}")
    summary = (
        f"{crawl['pages_fetched']} pages fetched, {crawl['articles_new']} new, "
        f"{crawl['articles_updated']} updated, "
        f"{crawl['articles_unchanged']} unchanged, {crawl['articles_dropped']} dropped, "
        f"{crawl['skipped_known']} already known, {crawl['errors']} errors"
    )
    if len(sites) > 1:
        summary += "; per site: " + ", ".join(
            f"{site} {counts['articles_new']} new/{counts['articles_updated']} updated/"
            f"{counts['articles_dropped']} dropped/{counts['fetch_failures']} failed"
            for site, counts in sorted(sites.items())
        )
    stopped = stats.get(keys.STORE_STOPPED)
    if stopped:
        return Verdict(
            RUN_FAILED,
            f"{stopped.replace('_', ' ')}: the database could not be written and the crawl stopped; mend it "
            f"and run again (what was not stored is fetched again): {summary}",
        )
    if crawl["finish_reason"] != "finished":
        return Verdict(RUN_FAILED, f"the crawl ended early ({crawl['finish_reason']}): {summary}")
    nothing = unreachable(stats)
    if nothing:
        return Verdict(RUN_FAILED, nothing)
    if crawl["errors"]:
        return Verdict(RUN_FAILED, f"errors were logged: {summary}")
    if not crawl["pages_fetched"] and stats.get(keys.ARCHIVE_NAME):
        # A history crawl that found every capture read already (or none in its window) has done its job.
        newest = stats.get(keys.ARCHIVE_NEWEST_READ)
        found = f"nothing new since {newest}" if newest else "no capture of the sites in the window"
        return Verdict(OK, f"{found} in {stats[keys.ARCHIVE_NAME]}: {summary}")
    if not crawl["pages_fetched"]:
        return Verdict(RUN_FAILED, f"nothing could be fetched: {summary}")
    if stats.get(keys.SITEMAPS_PARSED) and not stats.get(keys.SITEMAP_ARTICLE_URLS):
        return Verdict(RUN_FAILED, f"the sitemaps were read but listed no article: {summary}")
    if crawl.get("drift_alarm"):
        drifted = ", ".join(sorted(site for site, counts in sites.items() if counts.get("drift_alarm")))
        return Verdict(
            RUN_FAILED,
            f"the site layout may have changed on {drifted or 'a site'} "
            f"(see the log; run make canary SITES={drifted}): {summary}",
        )
    return Verdict(OK, summary)


def closing_summary(crawl: dict[str, Any], database: str) -> list[str]:
    """A few lines after Scrapy's own: articles per site, pages failed by reason, where the archive is and how
    to browse it, and the verdict. When no site answered, the one line that says why, and the verdict."""
    stats = json.loads(crawl["stats"] or "{}")
    verdict = judge(OK, crawl)
    nothing = unreachable(stats)
    if nothing:
        return [f"abplive: {nothing}"]
    lines = [
        f"abplive: {'finished' if verdict.status == OK else 'finished with problems'}: {verdict.message}"
    ]
    sites = json.loads(crawl.get("sites") or "{}")
    width = max((len(site) for site in sites), default=0)
    for site, counts in sorted(sites.items()):
        removed = counts.get("articles_removed", 0)
        lines.append(
            f"  {site:<{width}}  {counts['articles_new']} new, {counts['articles_updated']} updated, "
            f"{counts['articles_unchanged']} unchanged, {removed} removed, "
            f"{counts['articles_dropped']} dropped, {counts['fetch_failures']} failed"
        )
    failed = keys.family(stats, keys.FAILED) | {
        f"{reason} (discovery)": count for reason, count in keys.family(stats, keys.DISCOVERY_FAILED).items()
    }
    if failed:
        lines.append(
            "  pages failed: " + ", ".join(f"{count} {reason}" for reason, count in sorted(failed.items()))
        )
    lines += history_lines(stats)
    lines.append(f"  archive: {database} — browse it with `make serve DB={database}`")
    return lines


def history_lines(stats: dict[str, Any]) -> list[str]:
    """A history crawl's captures per site host: listed by the index, identical (not fetched), fetched,
    dropped, refused."""
    hosts: dict[str, dict[str, int]] = {}
    for name, value in keys.family(stats, keys.ARCHIVE).items():
        host, _, count = name.partition("/")
        if count and isinstance(value, int):
            measure = "dropped" if count.startswith("dropped/") else count
            hosts.setdefault(host, {}).setdefault(measure, 0)
            hosts[host][measure] += value
    foreign = {host: counts.pop("not_abp") for host, counts in hosts.items() if "not_abp" in counts}
    return [
        f"  {counted(count, 'capture')} of {host}: not an ABP host, not read — see docs/history.md"
        for host, count in sorted(foreign.items())
    ] + [
        f"  captures of {host}: {counts.get('listed', 0)} listed, {counts.get('identical', 0)} identical "
        f"(not fetched), {counts.get('fetched', 0)} fetched, {counts.get('dropped', 0)} not a page, "
        f"{counts.get('refused', 0)} refused"
        for host, counts in sorted(hosts.items())
        if counts
    ]
