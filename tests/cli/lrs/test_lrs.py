#!/usr/bin/env python3
"""A learning record store for the tests, on 127.0.0.1 only: the statements resource of xAPI 1.0.3.

It checks the X-Experience-API-Version header (400 without it) and HTTP Basic authentication (401),
validates every statement against tests/results/xapi/xapi-statements.schema.json (400 naming the
statement), answers 409 for an id it holds with other content, and stores the rest: POST answers
200 with the ids, PUT ?statementId= answers 204. --fail-first N answers the first N requests 503.
--stall-post N holds the Nth POST without storing it or answering (a send to stop mid-way);
"repeats" counts statements sent again that it held already.
GET /test/stats (no authentication) gives the counts the tests check. The port it listens on is
written to --port-file once it listens; it stops by itself after --lifetime seconds.

Usage: test_lrs.py --port-file F --schema S --user U --password P [--fail-first N]
                   [--cert C --key K] [--seed-conflict ID] [--stall-post N] [--lifetime SECONDS]
"""
import argparse
import base64
import json
import os
import re
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jsonschema

URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--fail-first", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--seed-conflict", action="append", default=[],
                    help="hold this statement id already, with other content")
    ap.add_argument("--stall-post", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=120)
    args = ap.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    # The "uri" format is checked here, whatever packages jsonschema finds for it.
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(lambda v: not isinstance(v, str) or bool(URI.match(v)))
    validator = jsonschema.Draft7Validator(schema, format_checker=checker)

    expected_auth = "Basic " + base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
    lock = threading.Lock()
    stalled = threading.Event()
    state = {"requests": 0, "posts": 0, "puts": 0, "rejected": 0, "conflicts": 0, "failed": 0, "repeats": 0,
             "statements": {i: {"seeded": True} for i in args.seed_conflict}}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            sys.stderr.write("test_lrs: " + (fmt % a) + "\n")

        def answer(self, status, body=None):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("X-Experience-API-Version", "1.0.3")
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if urlparse(self.path).path == "/test/stats":
                with lock:
                    stats = {k: v for k, v in state.items() if k != "statements"}
                    stats["stored"] = sum(1 for s in state["statements"].values() if "seeded" not in s)
                self.answer(200, stats)
            else:
                self.answer(404, {"message": "not found"})

        def checked_body(self):
            """The request's JSON, or None after answering why not."""
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            with lock:
                state["requests"] += 1
                failing = state["requests"] <= args.fail_first
                if failing:
                    state["failed"] += 1
            if failing:
                self.answer(503, {"message": "service unavailable (on purpose)"})
                return None
            if self.headers.get("X-Experience-API-Version") != "1.0.3":
                self.answer(400, {"message": "X-Experience-API-Version 1.0.3 is required"})
                return None
            if self.headers.get("Authorization") != expected_auth:
                self.answer(401, {"message": "unauthorized"})
                return None
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                self.answer(400, {"message": "Content-Type must be application/json"})
                return None
            try:
                return json.loads(raw)
            except ValueError as e:
                self.answer(400, {"message": f"not JSON: {e}"})
                return None

        def store(self, statements):
            """Validates and stores; the status to answer and its body."""
            for s in statements:
                errors = sorted(validator.iter_errors([s]), key=lambda e: list(e.path))
                if errors:
                    state["rejected"] += 1
                    where = "/".join(str(p) for p in list(errors[0].path)[1:])
                    return 400, {"message": f"statement {s.get('id')} is invalid at {where}: "
                                            f"{errors[0].message}"}
            with lock:
                for s in statements:
                    held = state["statements"].get(s["id"])
                    if held is not None and held != s:
                        state["conflicts"] += 1
                        return 409, {"message": f"statement {s['id']} exists with other content"}
                for s in statements:
                    if s["id"] in state["statements"]:
                        state["repeats"] += 1
                    state["statements"][s["id"]] = s
            return 200, [s["id"] for s in statements]

        def do_POST(self):
            if not urlparse(self.path).path.endswith("/statements"):
                self.answer(404, {"message": "not found"})
                return
            body = self.checked_body()
            if body is None:
                return
            with lock:
                state["posts"] += 1
                stall = state["posts"] == args.stall_post
            if stall:
                stalled.wait(args.lifetime)
                return
            statements = body if isinstance(body, list) else [body]
            status, answer = self.store(statements)
            self.answer(status, answer)

        def do_PUT(self):
            url = urlparse(self.path)
            ids = parse_qs(url.query).get("statementId", [])
            if not url.path.endswith("/statements") or len(ids) != 1:
                self.answer(400, {"message": "PUT needs ?statementId="})
                return
            body = self.checked_body()
            if body is None:
                return
            with lock:
                state["puts"] += 1
            if not isinstance(body, dict) or body.get("id", ids[0]) != ids[0]:
                self.answer(400, {"message": "the statement's id is not statementId"})
                return
            status, answer = self.store([body])
            self.answer(204 if status == 200 else status, None if status == 200 else answer)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Timer(args.lifetime, server.shutdown).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)
    server.serve_forever()
    os._exit(0)


if __name__ == "__main__":
    main()
