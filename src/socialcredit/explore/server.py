"""The explorer's web server: the standard library's, on 127.0.0.1 only, serving one page, its
script and style sheet (shipped in `static/`, nothing fetched from elsewhere) and a small JSON
interface:

- `GET /api/levers`: the levers, with their units, ranges and starting values;
- `POST /api/evaluate` `{"setting": {path: value}}`: the setting's figures (`explore.figures`);
- `POST /api/story` `{"setting": …, "kind": …}`: one life story of a citizen of that kind;
- `POST /api/save` `{"setting": …, "name": …}`: the setting's rulebook (and world) written to the
  save folder as YAML, and their paths.

A setting that cannot run is answered with status 422 and `{"error": message}`; a malformed
request with 400; anything else that goes wrong with 500, and the connection is closed. The
server listens on the loopback address alone, and answers only requests addressed to it by that
address (`Host`), and, for a POST, sent as JSON from its own page (`Content-Type`, `Origin`): a
web page elsewhere that the same browser opens can neither read the explorer's answers (DNS
rebinding) nor make it run or write anything (a cross-site form or `fetch`). It reads and writes
nothing but the lab's own documents and files named by the user in the save folder.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from socialcredit.explore.session import Explorer, SettingError

HOST = "127.0.0.1"
STATIC = {
    "/": ("explore.html", "text/html; charset=utf-8"),
    "/explore.js": ("explore.js", "text/javascript; charset=utf-8"),
    "/explore.css": ("explore.css", "text/css; charset=utf-8"),
}
NAME = re.compile(r"[a-z][a-z0-9_-]{0,63}")
RESERVED = {"none", "default", "classic", "court-defaulters"}
"""The shipped policies' names, which a saved rulebook does not take."""
MAX_BODY = 1 << 20


def _static(name: str) -> bytes:
    return resources.files("socialcredit.explore").joinpath("static", name).read_bytes()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, explorer: Explorer, save_to: Path, port: int = 0) -> None:
        super().__init__((HOST, port), Handler)
        self.explorer = explorer
        self.save_to = save_to

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the command's own lines, not one per request."""

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, document: Any) -> None:
        self._send(status, json.dumps(document).encode("utf-8"), "application/json")

    def _refuse(self, status: int, why: str) -> None:
        self.close_connection = True  # what is left of the request is never read
        self._json(status, {"error": why})

    def _addressed_to_us(self, post: bool) -> bool:
        """Whether the request names this server by its loopback address and, for a POST, comes
        from its own page as JSON; otherwise it is answered 403 and False."""
        port = self.server.server_address[1]
        ours = {f"127.0.0.1:{port}", f"localhost:{port}"}
        origin = self.headers.get("Origin")
        kind = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if self.headers.get("Host", "") not in ours:
            self._refuse(HTTPStatus.FORBIDDEN, f"this explorer answers 127.0.0.1:{port} only")
        elif post and origin is not None and origin not in {f"http://{h}" for h in ours}:
            self._refuse(HTTPStatus.FORBIDDEN, "this explorer answers its own page only")
        elif post and kind != "application/json":
            self._refuse(HTTPStatus.FORBIDDEN, "a request to the explorer is JSON")
        else:
            return True
        return False

    def do_GET(self) -> None:
        if not self._addressed_to_us(post=False):
            return
        path = self.path.split("?", 1)[0]
        if path in STATIC:
            name, kind = STATIC[path]
            self._send(HTTPStatus.OK, _static(name), kind)
        elif path == "/api/levers":
            explorer = self.server.explorer
            town = explorer.town
            self._json(
                HTTPStatus.OK,
                {
                    "policy": explorer.start.name,
                    "scenario": explorer.scenario_data.get("name"),
                    "citizens": town.citizens,
                    "days": town.days,
                    "seeds": list(town.seeds),
                    "levers": explorer.lever_documents(),
                },
            )
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": f"no {path} here"})

    def _body(self) -> dict[str, Any] | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._refuse(HTTPStatus.BAD_REQUEST, "a JSON body of at most 1 MiB")
            return None
        try:
            body = json.loads(self.rfile.read(length))
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            self._refuse(HTTPStatus.BAD_REQUEST, "the body is not JSON")
            return None
        if not isinstance(body, dict) or not isinstance(body.get("setting", {}), dict):
            self._refuse(HTTPStatus.BAD_REQUEST, 'give {"setting": {path: value}}')
            return None
        return body

    def do_POST(self) -> None:
        if not self._addressed_to_us(post=True):
            return
        body = self._body()
        if body is None:
            return
        try:
            self._answer(body)
        except (SettingError, ValueError) as exc:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(exc)})
        except Exception as exc:  # the page must hear of any failure, not wait for it
            self._refuse(HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(exc).__name__}: {exc}")

    def _answer(self, body: dict[str, Any]) -> None:
        setting = body.get("setting", {})
        explorer = self.server.explorer
        if self.path == "/api/evaluate":
            self._json(HTTPStatus.OK, explorer.evaluate(setting))
        elif self.path == "/api/story":
            self._json(HTTPStatus.OK, explorer.story(setting, str(body.get("kind", ""))))
        elif self.path == "/api/save":
            name = str(body.get("name", ""))
            if not NAME.fullmatch(name) or name in RESERVED:
                raise SettingError(
                    "a rulebook's name is a lower-case letter, then letters, digits, - or _, "
                    "and not a shipped policy's"
                )
            paths = explorer.save(setting, self.server.save_to, name)
            self._json(HTTPStatus.OK, {"written": [str(p) for p in paths]})
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": f"no {self.path} here"})
