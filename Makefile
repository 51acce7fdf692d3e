# Every target sets up what it needs: `make crawl` and `make test` work on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/abplive.db
DEMO_PORT ?= 8765
# Extra crawl arguments, e.g. make crawl ARGS="-a sections=news/india -a pages=3"
ARGS ?=

.PHONY: crawl test demo lint clean-venv

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

crawl: $(VENV)/.installed
	$(BIN)/scrapy crawl abplive -s SQLITE_PATH=$(DB) $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole pipeline against the project's local copy of the site: no internet needed.
demo: $(VENV)/.installed
	@mkdir -p data
	@$(BIN)/python -m tests.localsite --port $(DEMO_PORT) & server=$$!; \
	trap 'kill $$server' EXIT; sleep 1; \
	$(BIN)/scrapy crawl abplive -a base_url=http://127.0.0.1:$(DEMO_PORT) -a sections=news/india \
		-a since=2020-01-01 -s SQLITE_PATH=data/demo.db -s AUTOTHROTTLE_ENABLED=False -s LOG_LEVEL=WARNING && \
	echo && echo "Stored in data/demo.db:" && \
	$(BIN)/sqlite-utils query data/demo.db "select url, title, word_count from articles" --table && \
	echo && echo "Browse it: $(BIN)/sqlite-utils query data/demo.db \"select title, body from articles\"" && \
	echo "Search it: $(BIN)/sqlite-utils search data/demo.db articles कांग्रेस"

clean-venv:
	rm -rf $(VENV)
