"""A fake GitHub API on 127.0.0.1 for tests/act/run.sh: GraphQL viewer, issue comments, contents.

Usage: fake_github.py PORT_FILE LOG_FILE TOKEN. Listens on a free port, writes it to PORT_FILE,
and appends one line per request (`METHOD /path`) to LOG_FILE; every request must carry the
token. Comments are kept in memory; files are never found (the base has no answers file); the
pull request's files are the answers files it adds (what `ci` compares the evidence with).
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_FILE, LOG_FILE, TOKEN = sys.argv[1:4]
COMMENTS = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        with open(LOG_FILE, "a", encoding="utf-8") as log:
            log.write(f"{self.command} {self.path}\n")
        if self.headers.get("authorization") != f"Bearer {TOKEN}":
            return self.answer(401, {"message": "Bad credentials"})
        path = self.path.split("?")[0]
        parts = path.strip("/").split("/")
        if path.endswith("/graphql"):
            return self.answer(200, {"data": {"viewer": {"login": "github-actions"}}})
        if len(parts) == 6 and parts[3] == "issues" and parts[5] == "comments":
            if self.command == "GET":
                return self.answer(200, COMMENTS)
            if self.command == "POST":
                comment = {
                    "id": 1000 + len(COMMENTS),
                    "body": json.loads(body)["body"],
                    "user": {"login": "github-actions[bot]", "type": "Bot"},
                }
                COMMENTS.append(comment)
                return self.answer(201, comment)
        if len(parts) == 6 and parts[3] == "pulls" and parts[5] == "files":
            files = ["llmops-maturity.yaml", "invalid.yaml"]
            return self.answer(200, [{"filename": f, "status": "added"} for f in files])
        return self.answer(404, {"message": "Not Found"})

    do_GET = do_POST = do_PATCH = do_DELETE = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w", encoding="utf-8") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
