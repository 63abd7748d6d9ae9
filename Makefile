# Two commands for a newcomer: `make run` serves the demo portal, `make test` runs the suite.
# Both create the virtual environment from uv.lock first; nothing else needs installing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint format messages

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: uv.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv sync --frozen --inexact --python $(BIN)/python
	touch $@

setup: $(VENV)/.synced

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: setup
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv
