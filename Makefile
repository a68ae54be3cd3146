# Entry points for people: `make run`, `make test` and `make lint`. All create .venv on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Exact versions with hashes for CPython 3.11 on Linux x86_64, glibc >= 2.34 (the CI machine),
# every extra included; `make lock` regenerates it (CONTRIBUTING.md).
LOCK := requirements.lock
UV ?= uv

.PHONY: run test lint bench dist clean lock screenshots translations

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if $(BIN)/python -c 'import sys, platform; sys.exit(not (sys.version_info[:2] == (3, 11) and sys.platform == "linux" and platform.machine() == "x86_64"))'; then \
		$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK) && \
		$(BIN)/python -m pip install --quiet --no-deps -e . ; \
	else \
		echo "$(LOCK) is for CPython 3.11 on Linux x86_64: installing unpinned from pyproject.toml" >&2 && \
		$(BIN)/python -m pip install --quiet -e '.[test,dist,lint]' ; \
	fi
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py

# Every test on desk vaults; then the service tests marked both_backends once more, each on
# a fresh team database of a private PostgreSQL cluster (skipped without the server binaries).
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	QT_QPA_PLATFORM=offscreen REFERRAL_DESK_TEST_BACKEND=postgresql $(BIN)/python -m pytest -q tests/core

# The same checks as .pre-commit-config.yaml and CI: lint, formatting, types (settings in
# pyproject.toml). The lint tools come with the lockfile (every extra is in it).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Tests save their pictures to a temporary folder; this refreshes docs/screenshots on
# purpose: the make_*screenshots scripts and the tests that take pictures.
SHOT_TESTS := tests/ui/make_screenshots.py tests/ui/make_desk_screenshots.py tests/ui/make_statistics_screenshots.py \
	tests/ui tests/core/test_consent_forms.py tests/core/test_consent_declarations.py tests/core/test_referral_sheet.py
screenshots: $(STAMP)
	REFERRAL_DESK_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q $(SHOT_TESTS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# A self-contained one-folder bundle for counsellors (docs/packaging.md).
dist: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/referral-desk.spec

# Core texts (gettext, Babel): extract the German source texts, merge them into the English
# catalogue and compile it. Translate new entries in the .po (empty msgstr) and run it again.
POT := referral_desk/locale/referral_desk.pot
translations: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --no-default-keywords -k N_:1c,2 -k NP_:1c,2,3 \
		--sort-by-file --project "Referral Desk" -o $(POT) referral_desk
	$(BIN)/pybabel -q update -i $(POT) -d referral_desk/locale -D referral_desk -l en --no-fuzzy-matching
	$(BIN)/pybabel -q compile -d referral_desk/locale -D referral_desk -l en --statistics

# The lockfile from pyproject.toml, with hashes, for the CI platform (needs uv:
# `pipx install uv` or `python -m pip install uv`). Run after changing dependencies.
lock:
	$(UV) pip compile pyproject.toml --all-extras --generate-hashes \
		--python-version 3.11 --python-platform x86_64-manylinux_2_34 \
		--custom-compile-command "make lock" --index-url https://pypi.org/simple -o $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist
