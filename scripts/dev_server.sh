#!/usr/bin/env bash
# `make run`: the development server on 127.0.0.1:8000 and, beside it, the
# background worker (e-mails to the console, bulk certificates), both stopped
# together by Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=1
.venv/bin/python manage.py run_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/python manage.py runserver 127.0.0.1:8000
