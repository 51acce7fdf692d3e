# Every target sets up what it needs: `make crawl` and `make test` work on a fresh Debian/Ubuntu machine.
# Installs take the exact versions CI tested from requirements.lock (`make lock` refreshes it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/abplive.db
DEMO_PORT ?= 8765
DEMO_DB ?= data/demo.db
# Extra crawl arguments, e.g. make crawl ARGS="-a sections=news/india -a pages=3"
ARGS ?=
# Sites for make canary: a key, a comma-separated list, or all (crawls take -a site=… in ARGS).
SITES ?= abplive-hi

# Root needs no sudo (CI runs as root); everyone else is asked for their password by apt.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := $(or $(CHROMIUM_PATH),$(shell command -v chromium || command -v chromium-browser || command -v google-chrome))

LOCK := requirements.lock
# The day the local copy of the site (tests/fixtures/site) was captured: `make demo` crawls it as of that day.
DEMO_TODAY = $(shell $(BIN)/python -c 'from tests.clock import CAPTURED_ON; print(CAPTURED_ON)')
# The eight sites' local copies, one port each from DEMO_PORT, in the registry's order (as -a site=all).
DEMO_ORIGINS = $(shell $(BIN)/python -c 'from crawler.sites import SITES; \
	print(",".join(f"http://127.0.0.1:{$(DEMO_PORT) + n}" for n in range(len(SITES))))')
# A year after it: `make test` runs the crawl suites once more with the suite's clock there.
YEAR_AHEAD = $(shell $(BIN)/python -c 'from tests.clock import CAPTURED_ON as d; print(d.replace(year=d.year + 1))')

.PHONY: crawl cron test demo serve backup deploy lint lock check-install check-extras chromium faketime pywb canary bench bench-crawl-profile bench-known bench-render \
	bench-realpages bench-language bench-search-realtext lucene bench-big-sitemap bench-archive bench-backfill bench-export bench-history backfill export clean-venv

# The venv's pip at the locked version: the stock pip of a Python 3.11 venv (23.2) predates PEP 685's
# normalised extra names and warns "lxml does not provide the extra 'html_clean'" (justext asks for it so;
# lxml 6.1 names it html-clean); pip 23.3 and later read it right.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install -q -c $(LOCK) pip

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install -q -c $(LOCK) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/pip install -q -c $(LOCK) -e '.[test]'
	touch $@

$(VENV)/.installed-serve: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/pip install -q -c $(LOCK) -e '.[serve]'
	touch $@

# Refresh the lock: the newest versions pyproject.toml allows, resolved by pip-tools; test, then commit it.
lock:
	$(PYTHON) -m venv build/lock-tools && build/lock-tools/bin/pip install -q pip-tools
	build/lock-tools/bin/pip-compile -q --upgrade --all-extras --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --output-file $(LOCK) pyproject.toml

# The README's plain pip path in a fresh venv: a dependency that drifted fails here, and so does an install
# that warns (its output is kept in build/plain-install.log; pip's notes on a configured package folder this
# machine lacks are the machine's, not the project's).
check-install:
	rm -rf build/plain-install
	$(PYTHON) -m venv build/plain-install
	build/plain-install/bin/python -m pip install -q -c $(LOCK) pip
	build/plain-install/bin/pip install -q -c $(LOCK) -e . 2>&1 | tee build/plain-install.log
	! grep -v "^WARNING: Location .* is ignored" build/plain-install.log | grep -q "WARNING"
	build/plain-install/bin/scrapy list | grep -qx abplive
	build/plain-install/bin/python -m pipelines.clean tests/fixtures/seed/000_95dbf3053e87068b.txt \
		| grep -q '"body": "नई दिल्ली'
	rm -rf build/plain-install

# Each extra (serve, export, cluster, deploy) in a fresh venv of its own, through the lock, its command run
# once on a small archive: no extra can lean on the test extra's packages (scripts/check_extras.py).
check-extras: $(VENV)/.installed
	$(PYTHON) scripts/check_extras.py

# Browser tests use an installed Chromium; `playwright install` cannot download one offline, Debian can.
chromium:
ifeq ($(CHROMIUM),)
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-lohit-deva
endif

# The suite runs once more with the whole process clock a year ahead (Debian's faketime moves it).
faketime:
	@command -v faketime >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime; }

crawl: $(VENV)/.installed
	$(BIN)/scrapy crawl abplive -s SQLITE_PATH=$(DB) $(ARGS)

# What cron runs: locked (exit 75 if another run is active), logged to logs/, non-zero exit on a failed run.
cron: $(VENV)/.installed
	scripts/cron.sh --db $(DB) -- $(ARGS)

# The crawl suites: every test that runs `scrapy crawl` or reads the crawl's clock. Those whose articles are
# dated by the site copy's fixed days (revisits, sitemap lastmods) run a year ahead only with the machine's
# clock moved (faketime), their pinned "today" staying the copy's day.
DATED_BY_TODAY := tests/test_end_to_end.py tests/test_robustness.py tests/test_options.py tests/test_cron.py tests/test_reporting.py \
	tests/test_captures.py
# Crawls of the site copy's one day, given as their window's first and last (nothing in them is derived from
# today).
ON_A_FIXED_DAY := tests/test_backup.py tests/test_alerts.py tests/test_scrapyd.py
CRAWL_SUITES := $(DATED_BY_TODAY) $(ON_A_FIXED_DAY) tests/test_history_crawl.py tests/test_incremental.py \
	tests/test_history_archives.py

test: $(VENV)/.installed-test chromium faketime pywb check-install check-extras
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest --durations=20
	ABPLIVE_TEST_TODAY=$(YEAR_AHEAD) $(BIN)/python -m pytest -q $(DATED_BY_TODAY)
	faketime -f '+365d' $(BIN)/python -m pytest -q -p no:cacheprovider -k 'not database_locked' $(CRAWL_SUITES)

# pywb, the real web archive the history crawl's tests read (tests/webarchive.py), in a venv of its own: its
# pinned dependencies are not the crawler's.
PYWB_LOCK := requirements-pywb.lock
pywb: build/pywb/.installed
build/pywb/.installed: $(PYWB_LOCK)
	rm -rf build/pywb
	$(PYTHON) -m venv build/pywb
	build/pywb/bin/pip install -q -r $(PYWB_LOCK)
	touch $@

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole pipeline against the project's local copy of the site: no internet needed.
demo: $(VENV)/.installed
	@mkdir -p $(dir $(DEMO_DB))
	@$(BIN)/python -m tests.localsite --port $(DEMO_PORT) --site all & server=$$!; \
	trap 'kill $$server' EXIT; sleep 2; \
	$(BIN)/scrapy crawl abplive -a site=all -a base_url=$(DEMO_ORIGINS) -a sections=news/india \
		-s ABPLIVE_TODAY=$(DEMO_TODAY) -s SQLITE_PATH=$(DEMO_DB) -s AUTOTHROTTLE_ENABLED=False \
		-s LOG_LEVEL=WARNING && \
	echo && echo "Stored in $(DEMO_DB):" && \
	$(BIN)/sqlite-utils query $(DEMO_DB) "select site, title, word_count from articles order by site" --table && \
	echo && echo "Read and search it: make serve DB=$(DEMO_DB)  (then open http://127.0.0.1:8001: the front page)" && \
	echo "Or from the shell: $(BIN)/sqlite-utils search $(DEMO_DB) articles कांग्रेस"

# A consistent, verified snapshot of the archive (safe while a crawl writes), the newest KEEP (7) kept.
BACKUPS ?= backups
backup: $(VENV)/.installed
	$(BIN)/python -m crawler.cli.backup $(DB) $(BACKUPS) --keep $(or $(KEEP),7)

# Backfill from WARC files, folders or warc.paths listings (PATHS=…) on every core (docs/scaling.md); ARGS adds
# options: ARGS="--since 2025-01-01 --site all", "--executor ray", "--prefix https://data.commoncrawl.org".
$(VENV)/.installed-cluster: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/pip install -q -c $(LOCK) -e '.[cluster]'
	touch $@

backfill: $(VENV)/.installed-cluster
	$(BIN)/python -m crawler.cli.backfill $(PATHS) --db $(DB) $(ARGS)

# The archive as a dataset: Parquet shards with a card in OUT (data/dataset), incremental when run again
# (docs/export.md); ARGS="--drop-duplicates", "--versions".
OUT ?= data/dataset
$(VENV)/.installed-export: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/pip install -q -c $(LOCK) -e '.[export]'
	touch $@

export: $(VENV)/.installed-export
	$(BIN)/python -m crawler.cli.export $(DB) --format parquet --out $(OUT) $(ARGS)

# Deploy to a Scrapyd: scrapy.cfg's [deploy] target (127.0.0.1:6800), or TARGET=name of a [deploy:name] section.
$(VENV)/.installed-deploy: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/pip install -q -c $(LOCK) -e '.[deploy]'
	touch $@

deploy: $(VENV)/.installed-deploy
	$(BIN)/scrapyd-deploy $(TARGET)

# Datasette on the crawl database with the project's metadata; IMMUTABLE=1 for a finished archive (-i).
serve: $(VENV)/.installed-serve
	$(BIN)/python -m crawler.cli.serve $(DB) --port $(or $(PORT),8001) $(if $(IMMUTABLE),--immutable)

# After a drift alarm: which selectors still match the newest live articles of SITES (ARGS="--count 10").
canary: $(VENV)/.installed
	$(BIN)/python -m crawler.cli.canary --site $(SITES) $(ARGS)

# Benchmarks (not tests). The main one: crawl throughput and memory against bare Scrapy, extraction speed and
# quality against trafilatura, store throughput (N=2000,20000 by default; make bench N=500 for a quick run).
BENCH_PAGES := 2000,20000
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run --pages $(or $(N),$(BENCH_PAGES))

# Where the crawl's time goes beside the bare spider's: both under cProfile, own time by component.
bench-crawl-profile: $(VENV)/.installed-test
	$(BIN)/python -m bench.crawl_profile --pages $(or $(N),2000)

# The known-URL check at 1,000,000 stored rows.
bench-known: $(VENV)/.installed
	$(BIN)/python -m bench.known_urls --rows $(or $(ROWS),1000000)

# The generic fallback on real pages from other publishers (../shared/realpages), beside trafilatura; with
# AEB= a checkout of github.com/zytedata/article-extraction-benchmark, on its 181 pages too; READABILITY= a
# checkout of github.com/mozilla/readability, on its 94 test pages saved from real sites too.
bench-realpages: $(VENV)/.installed
	$(BIN)/python -m bench.realpages $(if $(AEB),--aeb $(AEB)) $(if $(READABILITY),--readability $(READABILITY))

# The export's language check on real sentences (../shared/realtext: Hindi PUD, Marathi UFAL) of 1, 3 and 8
# sentences an article, on its own site, the other Devanagari language's and the English one; and on the golden
# pages.
bench-language: $(VENV)/.installed-test
	$(BIN)/python -m bench.language

# Search on real sentences (../shared/realtext) by part of speech, beside Lucene's Hindi analyzer (Debian's
# liblucene8-java and a JDK, installed by make lucene); MISSES=20 lists what each row misses and finds wrongly;
# BN= a checkout of github.com/UniversalDependencies/UD_Bengali-BRU adds Bengali, beside Lucene's Bengali analyzer.
bench-search-realtext: $(VENV)/.installed-test lucene
	$(BIN)/python -m bench.search_realtext --json bench/results/search_realtext.json $(if $(MISSES),--misses $(MISSES)) $(if $(BN),--bengali $(BN))

lucene:
	@test -e /usr/share/java/lucene-analyzers-common-8.7.0.jar && command -v javac >/dev/null || { \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblucene8-java default-jdk-headless; }

# The archive at ROWS (1,000,000) articles: store rate, then every Datasette page a reader clicks.
bench-archive: $(VENV)/.installed-serve
	$(BIN)/python -m bench.archive --rows $(or $(ROWS),1000000)

# The backfill against FastWARC's and warcio's raw scans of CC-NEWS-like files of RESPONSES (20,000) responses.
# A history crawl from a local pywb holding CAPTURES (5,000) captures against replaying their WARC file.
bench-history: $(VENV)/.installed-test pywb
	$(BIN)/python -m bench.history --captures $(or $(CAPTURES),5000)

bench-backfill: $(VENV)/.installed-test
	$(BIN)/python -m bench.backfill --responses $(or $(RESPONSES),20000)

# The Parquet export against plain SQL and pyarrow writing the same rows into the same shards, on an archive of
# every shape (SHAPES=network,one-site,four-sites; ROWS=1000000 each, built where missing), or ARCHIVE= one.
bench-export: $(VENV)/.installed-test $(VENV)/.installed-serve
	$(BIN)/python -m bench.export $(if $(ARCHIVE),--db $(ARCHIVE)) $(if $(SHAPES),--shapes $(SHAPES)) \
		$(if $(ROWS),--rows $(ROWS))

# Peak memory of a crawl whose one sitemap lists URLS (200,000) articles.
bench-big-sitemap: $(VENV)/.installed
	$(BIN)/python -m bench.big_sitemap --urls $(or $(URLS),200000)

# The cost of a rendered page against a plain fetch (needs Chromium, like the tests).
bench-render: $(VENV)/.installed-test chromium
	$(BIN)/python -m bench.render_cost --pages $(or $(N),60)

clean-venv:
	rm -rf $(VENV)
