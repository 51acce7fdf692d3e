"""Benchmark: peak memory of a crawl whose one sitemap lists 200,000 new articles.

    python -m bench.big_sitemap [--urls 200000] [--stop-after 3000]      (make bench-big-sitemap)

robots.txt names one urlset with every article; the crawl stops after ``--stop-after`` stored articles
(``CLOSESPIDER_ITEMCOUNT``): the peak comes from reading the sitemap and queueing what it lists, not from the
pages fetched. Writes ``bench/results/big_sitemap.json``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench.run import DAY, NETWORK, REPO, BenchSite, run_measured
from tests import sitegen
from tests.crawlrun import crawl_command


class BigSitemapSite(BenchSite):
    """The benchmark site with every article in one sitemap, the only one robots.txt names."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        sitemap = sitegen.daily_sitemap(self.origin, range(1, count + 1), DAY.isoformat())
        self.serve("/big-sitemap.xml", sitemap, "application/xml")
        self.serve(
            "/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {self.origin}/big-sitemap.xml\n", "text/plain"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=200_000)
    parser.add_argument("--stop-after", type=int, default=3_000)
    args = parser.parse_args()
    with BigSitemapSite(args.urls) as site, tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "big.db"
        command = crawl_command(
            "-a", f"base_url={site.origin}", "-s", f"ABPLIVE_TODAY={DAY}", "-s", f"SQLITE_PATH={db}",
            "-s", f"CLOSESPIDER_ITEMCOUNT={args.stop_after}", "-s", "LOG_LEVEL=INFO", *NETWORK,
        )  # fmt: skip
        seconds, peak_rss = run_measured(command, REPO)
    result = {"sitemap_urls": args.urls, "stopped_after": args.stop_after, "peak_rss_mb": round(peak_rss, 1),
              "seconds": round(seconds, 1)}  # fmt: skip
    print(f"crawl of a {args.urls:,}-URL sitemap, stopped after {args.stop_after:,} articles: "
          f"peak RSS {peak_rss:.0f} MB in {seconds:.0f} s")  # fmt: skip
    out = REPO / "bench" / "results" / "big_sitemap.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
