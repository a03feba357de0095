"""The floor of the stack: the least a request can cost on this machine
under the product's gunicorn settings (gunicorn.conf.py), measured in the
same run as the product (bench/floor.py, `make bench`).

* ``POST /scan/``: what a check-in cannot do without — parse the scanner's
  JSON, one ``INSERT … ON CONFLICT DO NOTHING`` and one ``SELECT`` by token
  on PostgreSQL through psycopg (one autocommit connection per thread),
  answer JSON.
* everything else: a minimal Django project (bench/floor_settings.py), a
  view rendering a small template with a form.

    DJANGO_SETTINGS_MODULE=bench.floor_settings DATABASE_URL=… \
        gunicorn -c gunicorn.conf.py bench.floor_app

Not part of the product."""

import json
import os
import threading

import psycopg
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.floor_settings")
django_application = get_wsgi_application()
DATABASE_URL = os.environ["DATABASE_URL"].split("?", 1)[0]
_local = threading.local()

INSERT = (
    "INSERT INTO bench_floor_scan (client_id, token, session_id, scanned_at) "
    "VALUES (%s, %s, %s, %s) ON CONFLICT (client_id) DO NOTHING"
)
SELECT = "SELECT id, status FROM participants_registration WHERE token = %s"


def _connection() -> psycopg.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        connection = _local.connection = psycopg.connect(
            DATABASE_URL, autocommit=True, prepare_threshold=0
        )
    return connection


def scan(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length))
    token = str(body["token"]).strip().upper()
    connection = _connection()
    connection.execute(INSERT, (body["client_id"], token, int(body["session"]), body["scanned_at"]))
    row = connection.execute(SELECT, (token,)).fetchone()
    answer = json.dumps({"result": "ok" if row else "unknown", "registration": row and row[0]})
    payload = answer.encode()
    start_response(
        "200 OK",
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def application(environ, start_response):
    if environ["PATH_INFO"] == "/scan/" and environ["REQUEST_METHOD"] == "POST":
        return scan(environ, start_response)
    return django_application(environ, start_response)
