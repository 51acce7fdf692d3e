"""Scrapy settings for abplive-crawler. Every project setting can be overridden with ``-s NAME=value``."""

BOT_NAME = "abplive-crawler"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` reports a crawl that cannot start (a bad argument, an unusable database) in one line.
COMMANDS_MODULE = "crawler.cli.commands"

# Polite by default: the site's robots.txt, an honest user agent, adaptive delays, retries.
ROBOTSTXT_OBEY = True
USER_AGENT = "abplive-crawler/0.1 (+https://github.com/abplive-crawler/abplive-crawler; news archive)"
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Room for every site of a -a site=all run at its own per-host limit (8 x 4); each host stays as polite.
CONCURRENT_REQUESTS = 32
RETRY_ENABLED = True
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 30
# A retried 429/503's Retry-After holds its host's download slot, up to this many seconds.
RETRY_AFTER_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    # A replay (-a warc=) answers its requests from the WARC files and refuses every other.
    "crawler.components.replay.ReplayMiddleware": 10,
    # The crawl never leaves its origin (scheme, host and port), redirects and sitemap entries included.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.components.offsite.SameOriginMiddleware": 50,
    # An article redirected to a listing or the home page is a takedown, recorded, not followed.
    "crawler.components.takedowns.TakedownRedirectMiddleware": 650,
    # A history crawl (-a archive=) fetches its archive's captures (judged here, after retries), nothing else.
    "crawler.components.archive.ArchiveMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.components.middlewares.RetryAfterMiddleware": 550,
}
# History from web archives (-a archive=ia|cc|URL, docs/history.md): the public archives' addresses; requests
# at a time to an archive's host (its own slot, whatever the sites' limits), and how many refusals in a row
# (429/503 still, after Retry-After was waited out and the retries spent) end the run.
ABPLIVE_WAYBACK_CDX = "https://web.archive.org/cdx/search/cdx"
ABPLIVE_WAYBACK_REPLAY = "https://web.archive.org/web"
ABPLIVE_CC_INDEX = "https://index.commoncrawl.org/"
ABPLIVE_CC_DATA = "https://data.commoncrawl.org"
ABPLIVE_ARCHIVE_CONCURRENCY = 2
ABPLIVE_ARCHIVE_MAX_REFUSALS = 5
# Articles the archive already holds unchanged are not requested again (ABPLIVE_INCREMENTAL).
SPIDER_MIDDLEWARES = {"crawler.components.known.KnownArticlesMiddleware": 100}
# An article page is ~50 KB: one past DOWNLOAD_MAXSIZE is not an article, its download is cancelled and
# counted (abplive/failed/too_large). Sitemaps may be up to 50 MB (the protocol's limit): they get their own.
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
ABPLIVE_SITEMAP_MAXSIZE = 64 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
# Item pipelines are the bottleneck, not the network: fewer items in flight per response is faster here.
CONCURRENT_ITEMS = 10

ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.store.SQLiteStorePipeline": 300,
}

# Where articles are stored (the folder is created), and how many go into one transaction.
SQLITE_PATH = "data/abplive.db"
# Each commit writes out every page its batch touched (22 indexes over articles and the full-text index):
# into a 1,000,000-article archive the store ran at 0.60-0.69 of plain SQL inserts (batches of 5,000) in
# batches of 100 and 0.72-0.87 in batches of 1,000; 2,000 were no better (make bench-archive,
# docs/benchmarks.md). A batch is ~15 MB of items; a run killed before its next commit loses no page: the next
# run fetches what was not stored.
SQLITE_BATCH_SIZE = 1000
# Seconds a write waits for another writer's lock before failing (the batch is kept and retried).
SQLITE_TIMEOUT = 30.0

# Without -a since=…, only articles published in the last ABPLIVE_SINCE_DAYS days are crawled.
ABPLIVE_SINCE_DAYS = 2
# The day that window (and a backfill without -a until) is counted from, as YYYY-MM-DD. Empty: today on the
# site's clock (IST). Pin it to replay a past day's crawl, or to test against a site copy of a given day.
ABPLIVE_TODAY = ""
# Skip articles the database already has unless their sitemap lastmod is newer (-a refresh=1 overrides).
ABPLIVE_INCREMENTAL = True
# Stealth edits: each run also fetches stored articles that passed one of these points (hours after their
# publication) since their last fetch, at most REVISIT_MAX a run, with If-None-Match / If-Modified-Since.
ABPLIVE_REVISIT_HOURS = [1, 24, 168]
ABPLIVE_REVISIT_MAX = 200
# Live blogs still live (coverage not ended, not "HIGHLIGHTS", an entry added or edited within the last day)
# are fetched again by each run this long or more after their last fetch, conditionally, at most
# REVISIT_MAX of them; schedule cron at least this often on big news days.
ABPLIVE_LIVEBLOG_REVISIT_MINUTES = 15

# Browser rendering (-a render=auto|all; the default "none" starts no browser): in auto mode, article URLs
# matching these regexes are always rendered; at most RENDER_MAX_PAGES pages are open at once; a page gets
# RENDER_TIMEOUT seconds to load, show its body and open its "read full article" expander.
ABPLIVE_RENDER_URL_PATTERNS: list[str] = []
ABPLIVE_RENDER_MAX_PAGES = 2
ABPLIVE_RENDER_TIMEOUT = 10.0

# Template-drift alarm: when more than this share of a run's article pages (and at least MIN_ARTICLES of
# them) needed the generic fallback or yielded no body, the crawl logs a WARNING and cron reports a failure.
ABPLIVE_DRIFT_THRESHOLD = 0.2
ABPLIVE_DRIFT_MIN_ARTICLES = 5

# One row per run in the database's `crawls` table; CRAWL_ID names the row (default: a fresh id).
# Captures: with ABPLIVE_WARC_DIR set, every download is kept as fetched in WARC files (docs/captures.md).
EXTENSIONS = {
    # One crawl writes a database at a time (cron's lock file): a second one ends at once, saying why.
    "crawler.components.dblock.DatabaseLock": 100,
    "crawler.components.runlog.CrawlRunLog": 500,
    "crawler.components.capture.CaptureExtension": 510,
    "spidermon.contrib.scrapy.extensions.Spidermon": 520,
    # A few closing lines a person reads after Scrapy's own; no traceback for a network that fails.
    "crawler.components.summary.CrawlSummary": 530,
    # Progress on a terminal (one refreshed line), and a line a minute in the log of a backfill or replay.
    "crawler.components.progress.CrawlProgress": 540,
}
ABPLIVE_SUMMARY = True
ABPLIVE_PROGRESS = True
# Alerts (docs/alerts.md): Spidermon judges every crawl at close; notifications only when configured.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("crawler.monitoring.monitors.CrawlHealthSuite",)
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
# A JSON POST to this URL when a monitor fails (empty: none). Slack, Telegram, e-mail: Spidermon's settings.
ABPLIVE_ALERT_WEBHOOK_URL = ""
# More than this share of article requests failing (and at least MIN_FAILURES) is an alert.
ABPLIVE_ALERT_MAX_FAILURE_SHARE = 0.1
ABPLIVE_ALERT_MIN_FAILURES = 5
# Less than this share of a site's article pages with a title, a body or a publication time is an alert,
# judged on a site with at least MIN_FIELD_PAGES of them: at 90 %, fewer than 20 pages let one odd page (a
# story that is only a video) decide.
ABPLIVE_ALERT_MIN_FIELD_COVERAGE = 0.9
ABPLIVE_ALERT_MIN_FIELD_PAGES = 20
CRAWL_ID = None
ABPLIVE_DB_LOCK = True
ABPLIVE_WARC_DIR = ""
# A WARC file is closed and a new one started once it passes this size (Heritrix's and CC-NEWS's 1 GB).
ABPLIVE_WARC_MAX_BYTES = 1_000_000_000

# Unattended runs open no ports: no telnet console, no remote-control server that runs code sent to it.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
LOG_FORMATTER = "crawler.components.logformatter.LogFormatter"
