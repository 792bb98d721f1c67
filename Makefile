# IdeaBox: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
PYTEST_ARGS ?= -n 2
export FLASK_APP := ideabox

.PHONY: run test install install-test browser-deps translations migration-reset clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser-deps

## Debian's Chromium drives the browser tests (Playwright cannot download its own here); the emoji font
## lets the screenshots show reactions and emoji in ideas as people's browsers do.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
	  || echo "WARNING: could not install chromium; browser tests will be skipped"; }
	@test -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf || { \
	  echo "Installing Debian's emoji font for the browser screenshots…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji) >/dev/null \
	  || echo "WARNING: could not install fonts-noto-color-emoji; emoji show as boxes in screenshots"; }

# Links in emails, feeds, webhooks and the API point at the port the demo is served on.
run: export BASE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask recompute-suggestions --if-never-run
	@echo ""
	@echo "  IdeaBox is running at http://127.0.0.1:$(PORT)/  (demo accounts: see README.md)"
	@echo ""
	$(BIN)/gunicorn --workers 2 --threads 4 --timeout 120 --bind 127.0.0.1:$(PORT) --access-logfile - wsgi:app

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## After changing strings: extract them (babel.cfg), bring each language's catalog up to date, compile the
## .mo files that are committed beside them. New strings arrive untranslated; tests/test_i18n.py says which.
LOCALES_DIR := ideabox/translations
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --add-location=file \
	  --sort-by-file --project=IdeaBox -o $(LOCALES_DIR)/messages.pot ideabox templates
	$(BIN)/pybabel update -i $(LOCALES_DIR)/messages.pot -d $(LOCALES_DIR) --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALES_DIR) --statistics

## Development only, before the first release: rebuild migrations/versions/0001 from the models.
migration-reset: install
	rm -f migrations/versions/0001_initial_schema.py /tmp/ideabox-migration-reset.db
	DATABASE_URL=sqlite:////tmp/ideabox-migration-reset.db $(BIN)/flask db migrate -m "initial schema" --rev-id 0001
	rm -f /tmp/ideabox-migration-reset.db

clean:
	rm -rf $(VENV) instance .pytest_cache
