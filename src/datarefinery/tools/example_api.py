"""The example API behind ``recipes/tool_use.yaml``: a small library catalogue over SQLite.

Its OpenAPI 3.0 document is ``examples/tools/library_api.yaml``. The service is the
standard library's threaded HTTP server bound to loopback, one in-memory SQLite database
per server (seeded with the same books and members each start), so a run or a test gets a
real HTTP API with real state and real error responses, and nothing outside the machine
is contacted::

    GET    /books?q=&author=&genre=&available=&limit=   search        200 | 400 bad limit
    GET    /books/{book_id}                             one book      200 | 404
    POST   /books          {title, author, year, isbn, genre?, copies?}   201 | 409 isbn taken | 422
    PATCH  /books/{book_id} {title?, year?, genre?, copies?}              200 | 404 | 422
    POST   /loans          {book_id, member_id}          201 | 404 | 409 no copy free
    GET    /members/{member_id}/loans                    200 | 404
    DELETE /loans/{loan_id}                              200 | 404

Every body is JSON; an error is ``{"error": <sentence>, "status": <code>}``.
``latency_s`` delays every answer (for timeout tests).

State per example (not part of the OpenAPI document, so never a tool): the server keeps
the seeded database as a snapshot. ``POST /_state/{key}`` restores a database of its own
for ``key`` from that snapshot (creating it), ``DELETE /_state/{key}`` drops it, and a
request carrying the header ``X-State-Key: <key>`` reads and writes that database; a
request without the header uses the server's shared one. :func:`reset_state` is the hook
the tool-use executor calls before every attempt of an example (first pass and each
repair), so that an attempt never sees what an earlier attempt of the same example — or
another example running beside it — lent, created or changed. At most ``max_states``
keyed databases are kept (the least recently reset is dropped first).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, quote, unquote, urlsplit

from datarefinery.errors import RefineryError

_BOOKS = [
    ("Pride and Prejudice", "Jane Austen", 1813, "9780000000011", "novel", 3),
    ("Emma", "Jane Austen", 1815, "9780000000028", "novel", 1),
    ("Moby-Dick", "Herman Melville", 1851, "9780000000035", "novel", 2),
    ("The Origin of Species", "Charles Darwin", 1859, "9780000000042", "science", 2),
    ("Great Expectations", "Charles Dickens", 1861, "9780000000059", "novel", 0),
    ("Crime and Punishment", "Fyodor Dostoevsky", 1866, "9780000000066", "novel", 1),
    ("Middlemarch", "George Eliot", 1871, "9780000000073", "novel", 2),
    ("The Adventures of Sherlock Holmes", "Arthur Conan Doyle", 1892, "9780000000080", "mystery", 4),
    ("The Time Machine", "H. G. Wells", 1895, "9780000000097", "science fiction", 2),
    ("The War of the Worlds", "H. G. Wells", 1898, "9780000000103", "science fiction", 1),
    ("Relativity: The Special and General Theory", "Albert Einstein", 1916, "9780000000110", "science", 1),
    ("The Souls of Black Folk", "W. E. B. Du Bois", 1903, "9780000000127", "essays", 2),
]
_MEMBERS = [("Ada Lovelace",), ("Alan Turing",), ("Grace Hopper",)]
_SCHEMA = """
create table books (id integer primary key, title text not null, author text not null, year integer not null,
                    isbn text not null unique, genre text not null default 'other', copies integer not null default 1);
create table members (id integer primary key, name text not null);
create table loans (id integer primary key, book_id integer not null, member_id integer not null,
                    due_date text not null, returned integer not null default 0);
"""


STATE_HEADER = "X-State-Key"


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


class StateResetError(RefineryError):
    """The example API did not restore an example's state (the server is down, or answered
    an error); names the URL and what came back."""


def _book(row: sqlite3.Row, db: sqlite3.Connection) -> dict[str, Any]:
    out = db.execute("select count(*) from loans where book_id = ? and returned = 0", (row["id"],)).fetchone()[0]
    return {"id": row["id"], "title": row["title"], "author": row["author"], "year": row["year"],
            "isbn": row["isbn"], "genre": row["genre"], "copies": row["copies"],
            "available": row["copies"] - out}


def _int(value: Any, name: str, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ApiError(422, f"{name} must be an integer")
    try:
        n = int(value)
    except ValueError:
        raise ApiError(422, f"{name} must be an integer, got {value!r}") from None
    if (low is not None and n < low) or (high is not None and n > high):
        raise ApiError(400 if name == "limit" else 422, f"{name} must be between {low} and {high}, got {n}")
    return n


def _text(body: dict[str, Any], name: str, required: bool) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(422, f"{name} is required")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ApiError(422, f"{name} must be a non-empty string")
    return value.strip()


class Catalogue:
    """The API's logic over SQLite (thread-safe by one lock): the seeded snapshot, the
    shared database, and one database per state key (see the module docstring)."""

    def __init__(self, max_states: int = 512) -> None:
        self.snapshot = self._seeded()
        self.db = self._copy()
        self.states: OrderedDict[str, sqlite3.Connection] = OrderedDict()
        self.max_states = max_states
        self.lock = threading.Lock()

    @staticmethod
    def _seeded() -> sqlite3.Connection:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.executescript(_SCHEMA)
        db.executemany("insert into books (title, author, year, isbn, genre, copies) values (?,?,?,?,?,?)", _BOOKS)
        db.executemany("insert into members (name) values (?)", _MEMBERS)
        db.execute("insert into loans (book_id, member_id, due_date) values (2, 1, '2026-12-01')")
        db.commit()
        return db

    def _copy(self) -> sqlite3.Connection:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.row_factory = sqlite3.Row
        self.snapshot.backup(db)  # sqlite3's online backup: a page-for-page copy of the snapshot
        return db

    def reset(self, key: str) -> None:
        """Give ``key`` a database restored from the snapshot (replacing any it had)."""
        with self.lock:
            old = self.states.pop(key, None)
            if old is not None:
                old.close()
            self.states[key] = self._copy()
            while len(self.states) > self.max_states:
                self.states.popitem(last=False)[1].close()

    def drop(self, key: str) -> bool:
        """Forget ``key``'s database; ``False`` when it had none."""
        with self.lock:
            old = self.states.pop(key, None)
            if old is not None:
                old.close()
            return old is not None

    def handle(self, method: str, path: str, query: dict[str, str], body: dict[str, Any],
               state: str | None = None) -> tuple[int, Any]:
        """``(status, JSON body)`` for one request, against ``state``'s database (the
        shared one when ``None``).

        Raises:
            ApiError: a 4xx answer (the status and message); 404 for a state key that was
                never reset.
        """
        path = path.rstrip("/") or "/"
        m = re.fullmatch(r"/_state/([^/]+)", path)
        if m and method in ("POST", "DELETE"):
            key = unquote(m.group(1))
            if method == "POST":
                self.reset(key)
                return 200, {"state": key, "reset": True}
            if not self.drop(key):
                raise ApiError(404, f"no state {key!r}")
            return 200, {"state": key, "dropped": True}
        with self.lock:
            if state is None:
                db = self.db
            else:
                db = self.states.get(state)
                if db is None:
                    raise ApiError(404, f"no state {state!r}: POST /_state/{{key}} first")
            return self._route(db, method, path, query, body)

    def _route(self, db: sqlite3.Connection, method: str, path: str, q: dict[str, str],
               body: dict[str, Any]) -> tuple[int, Any]:
        if path == "/books" and method == "GET":
            limit = _int(q.get("limit", "10"), "limit", 1, 50)
            sql, args = "select * from books where 1=1", []
            for key, column in (("q", "title"), ("author", "author"), ("genre", "genre")):
                if q.get(key):
                    sql += f" and lower({column}) like ?"
                    args.append(f"%{q[key].lower()}%")
            books = [_book(r, db) for r in db.execute(sql + " order by id", args)]
            if q.get("available") in ("true", "1"):
                books = [b for b in books if b["available"] > 0]
            return 200, {"count": len(books[:limit]), "books": books[:limit]}
        if path == "/books" and method == "POST":
            title, author = _text(body, "title", True), _text(body, "author", True)
            isbn = _text(body, "isbn", True)
            year = _int(body.get("year"), "year", -3000, 2100) if "year" in body else None
            if year is None:
                raise ApiError(422, "year is required")
            copies = _int(body.get("copies", 1), "copies", 0, 100)
            genre = _text(body, "genre", False) or "other"
            if db.execute("select 1 from books where isbn = ?", (isbn,)).fetchone():
                raise ApiError(409, f"a book with isbn {isbn} already exists")
            cur = db.execute("insert into books (title, author, year, isbn, genre, copies) values (?,?,?,?,?,?)",
                             (title, author, year, isbn, genre, copies))
            db.commit()
            return 201, _book(db.execute("select * from books where id = ?", (cur.lastrowid,)).fetchone(), db)
        m = re.fullmatch(r"/books/([^/]+)", path)
        if m and method in ("GET", "PATCH"):
            book_id = _int(m.group(1), "book_id")
            row = db.execute("select * from books where id = ?", (book_id,)).fetchone()
            if row is None:
                raise ApiError(404, f"book {book_id} not found")
            if method == "GET":
                return 200, _book(row, db)
            changes: dict[str, Any] = {}
            for name in ("title", "genre"):
                if name in body:
                    changes[name] = _text(body, name, True)
            if "year" in body:
                changes["year"] = _int(body["year"], "year", -3000, 2100)
            if "copies" in body:
                changes["copies"] = _int(body["copies"], "copies", 0, 100)
            if not changes:
                raise ApiError(422, "give at least one of title, year, genre, copies")
            db.execute(f"update books set {', '.join(f'{k} = ?' for k in changes)} where id = ?",
                       (*changes.values(), book_id))
            db.commit()
            return 200, _book(db.execute("select * from books where id = ?", (book_id,)).fetchone(), db)
        if path == "/loans" and method == "POST":
            book_id = _int(body.get("book_id"), "book_id")
            member_id = _int(body.get("member_id"), "member_id")
            row = db.execute("select * from books where id = ?", (book_id,)).fetchone()
            if row is None:
                raise ApiError(404, f"book {book_id} not found")
            if db.execute("select 1 from members where id = ?", (member_id,)).fetchone() is None:
                raise ApiError(404, f"member {member_id} not found")
            if _book(row, db)["available"] <= 0:
                raise ApiError(409, f"no copy of {row['title']!r} is available")
            cur = db.execute("insert into loans (book_id, member_id, due_date) values (?, ?, '2026-12-15')",
                             (book_id, member_id))
            db.commit()
            return 201, {"id": cur.lastrowid, "book_id": book_id, "member_id": member_id, "title": row["title"],
                         "due_date": "2026-12-15"}
        m = re.fullmatch(r"/members/([^/]+)/loans", path)
        if m and method == "GET":
            member_id = _int(m.group(1), "member_id")
            member = db.execute("select * from members where id = ?", (member_id,)).fetchone()
            if member is None:
                raise ApiError(404, f"member {member_id} not found")
            loans = [{"id": r["id"], "book_id": r["book_id"], "title": r["title"], "due_date": r["due_date"]}
                     for r in db.execute("select loans.*, books.title from loans join books on books.id = book_id "
                                         "where member_id = ? and returned = 0 order by loans.id", (member_id,))]
            return 200, {"member": {"id": member["id"], "name": member["name"]}, "loans": loans}
        m = re.fullmatch(r"/loans/([^/]+)", path)
        if m and method == "DELETE":
            loan_id = _int(m.group(1), "loan_id")
            if db.execute("update loans set returned = 1 where id = ? and returned = 0", (loan_id,)).rowcount == 0:
                raise ApiError(404, f"open loan {loan_id} not found")
            db.commit()
            return 200, {"id": loan_id, "returned": True}
        raise ApiError(404 if method in ("GET", "POST", "PATCH", "DELETE") else 405, f"no route {method} {path}")


def _handler(catalogue: Catalogue, latency_s: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _serve(self) -> None:
            if latency_s:
                time.sleep(latency_s)
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw.strip() else {}
                if not isinstance(body, dict):
                    raise ApiError(422, "the request body must be a JSON object")
                status, payload = catalogue.handle(self.command, url.path, query, body,
                                                   self.headers.get(STATE_HEADER))
            except ValueError:
                status, payload = 400, {"error": "the request body is not JSON", "status": 400}
            except ApiError as exc:
                status, payload = exc.status, {"error": str(exc), "status": exc.status}
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout): nothing to answer
                self.close_connection = True

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

    return Handler


@dataclass
class RunningApi:
    """A started example API: its base ``url`` (``http://127.0.0.1:<port>``) and ``close()``."""

    url: str
    server: ThreadingHTTPServer
    thread: threading.Thread

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_example_api(port: int = 0, latency_s: float = 0.0) -> RunningApi:
    """Start the library API on ``127.0.0.1:port`` (0: a free port) in a daemon thread,
    with a freshly seeded database; ``latency_s`` seconds are added to every answer."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(Catalogue(), latency_s))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="example-api", daemon=True)
    thread.start()
    return RunningApi(f"http://127.0.0.1:{server.server_address[1]}", server, thread)


_SHARED: RunningApi | None = None
_SHARED_LOCK = threading.Lock()


def shared_example_api() -> RunningApi:
    """The process's one example API, started on first use (a recipe run's calls go here)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = start_example_api()
        return _SHARED


def reset_state(key: str, base_url: str | None, timeout: float = 10.0) -> dict[str, str]:
    """The state hook of ``recipes/tool_use.yaml`` (``data.reset``; the default with
    ``server: example``): restore ``key``'s database on the example API at ``base_url``
    from its seeded snapshot, and return the header that sends an example's calls to it.

    Raises:
        StateResetError: no ``base_url``, the server is unreachable, or it answered an error.
    """
    if not base_url:
        raise StateResetError(f"state reset for {key!r}: no base_url to reset")
    url = f"{base_url.rstrip('/')}/_state/{quote(key, safe='')}"
    request = urllib.request.Request(url, data=b"", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            resp.read()
    except (urllib.error.URLError, OSError) as exc:
        raise StateResetError(f"state reset for {key!r}: POST {url} failed: {exc}") from None
    return {STATE_HEADER: key}
