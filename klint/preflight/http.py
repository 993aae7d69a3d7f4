"""A small HTTP GET client for the pre-flight checks: timeouts, bounded retries, no leaks.

Built on ``urllib.request`` (no new dependency), with redirects refused: urllib would carry the
``Authorization`` header to wherever a redirect points. Each request gets up to ``attempts``
tries; 429, 5xx, timeouts and connection errors are retried. A 429's ``Retry-After`` (seconds or
an HTTP date) is honoured but capped at the timeout, so a pre-flight never stalls a deploy; other
retries back off 0.25 s, 0.5 s, … (also capped at the timeout). Every message this module
produces goes through a ``Scrubber``, because exception texts from the HTTP stack can quote
header values.

The timeout bounds a whole attempt (name lookup, connect, TLS, headers and body), not each
socket operation: a server trickling a byte at a time would otherwise hold the deploy forever.
The attempt runs in a daemon thread; when the time is up its sockets are shut down and the
attempt counts as a timeout. A body is read up to ``MAX_BODY_BYTES`` and the rest dropped.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Mapping

from klint import __version__, klaviyo
from klint.reporters.github import _escape_data

USER_AGENT = f"klint-preflight/{__version__}"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 524})
_BACKOFF_BASE_S = 0.25
MAX_BODY_BYTES = 1024 * 1024  # a status page or a JSON:API error is a few kB


class Scrubber:
    """Removes secrets from text: every key-shaped string, and the exact values it was given."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        values = set()
        for secret in secrets:
            if secret:
                values.add(secret)
                body = secret.rsplit("_", 1)[-1]  # the 34-hex body of a pk_ key
                if len(body) >= 16:
                    values.add(body)
        for value in list(values):
            # as the report formats may escape it: JSON strings (both ASCII modes) and GitHub
            # workflow commands. Scrubbing the finished report must catch those forms too.
            values.update({json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1],
                           _escape_data(value)})
        self._values = sorted(values, key=len, reverse=True)  # whole keys before their bodies

    def __call__(self, text: str) -> str:
        text = klaviyo.redact_keys(text)
        for value in self._values:
            text = text.replace(value, "[redacted]")
        return text

    def deep(self, value):
        """``value`` with every string in it (dict keys too, lists, tuples) scrubbed."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self.deep(k): self.deep(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.deep(item) for item in value)
        return value


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]  # names lower-cased
    body: bytes
    elapsed_ms: float  # all attempts and waits included
    attempts: int
    waits_s: list[float] = field(default_factory=list)  # each pause before a retry
    last_attempt_ms: float = 0.0  # the attempt that answered alone: the call's latency


class RequestFailed(Exception):
    """No HTTP response after every attempt (timeout, refused, DNS, TLS); the text is scrubbed."""

    def __init__(self, reason: str, elapsed_ms: float, attempts: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.elapsed_ms = elapsed_ms
        self.attempts = attempts


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None  # the 3xx itself becomes the response


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds to wait: delta-seconds or an HTTP date; None when unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):  # year 99999999999 overflows
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class _AttemptExpired(Exception):
    """The attempt's deadline passed before it finished."""


class _Sockets:
    """The sockets one attempt opened, so that they can be shut down when its time is up."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self.expired = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.append(sock)
            if self.expired:
                _shutdown(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._open:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    try:  # the plain socket's shutdown, also for an SSLSocket: wakes up a blocked read
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _watched(base: type, sockets: _Sockets) -> type:
    """``base`` (an http.client connection class) reporting each socket it creates."""

    class Watched(base):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            create = self._create_connection

            def create_and_watch(*a, **kw):
                sock = create(*a, **kw)
                sockets.add(sock)
                return sock

            self._create_connection = create_and_watch

    return Watched


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, sockets: _Sockets) -> None:
        super().__init__()
        self._sockets = sockets

    def http_open(self, req):  # noqa: D102
        return self.do_open(_watched(http.client.HTTPConnection, self._sockets), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, sockets: _Sockets) -> None:
        super().__init__()
        self._sockets = sockets

    def https_open(self, req):  # noqa: D102
        return self.do_open(_watched(http.client.HTTPSConnection, self._sockets), req,
                            context=self._context)


class Client:
    def __init__(self, timeout: float, scrub: Scrubber, attempts: int = 3,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout = timeout
        self.scrub = scrub
        self.attempts = attempts
        self.sleep = sleep

    def get(self, url: str, headers: Mapping[str, str]) -> Response:
        """GET ``url``; a Response for any HTTP status, RequestFailed when none came back."""
        started = time.monotonic()
        waits: list[float] = []
        reason = ""
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
            status, response_headers, body = None, {}, b""
            attempt_started = time.monotonic()
            try:
                status, response_headers, body = self._attempt(request)
            except _AttemptExpired:
                reason = f"no response within {self.timeout:g} s"
            except Exception as error:  # noqa: BLE001 - any failure of the HTTP stack is a failed try
                reason = self._describe(error)
            if status is not None and (status not in _RETRY_STATUSES or attempt == self.attempts):
                now = time.monotonic()
                return Response(status, response_headers, body, (now - started) * 1000, attempt,
                                waits, (now - attempt_started) * 1000)
            if attempt == self.attempts:
                break
            wait = _BACKOFF_BASE_S * 2 ** (attempt - 1)
            if status == 429:
                wait = retry_after_seconds(response_headers.get("retry-after")) or wait
            wait = min(wait, self.timeout)
            waits.append(wait)
            self.sleep(wait)
        raise RequestFailed(reason, (time.monotonic() - started) * 1000, self.attempts)

    def _attempt(self, request: urllib.request.Request) -> tuple[int, dict[str, str], bytes]:
        """One try, all of it within ``timeout`` seconds: (status, headers, body) or raises."""
        sockets = _Sockets()
        outcome: dict[str, object] = {}

        def work() -> None:
            try:
                outcome["value"] = self._fetch(request, sockets)
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = error

        worker = threading.Thread(target=work, name="klint-preflight-http", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            sockets.expire()  # the worker wakes up and ends; nobody waits for it
            raise _AttemptExpired
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome["value"]  # type: ignore[return-value]

    def _fetch(self, request: urllib.request.Request, sockets: _Sockets):
        opener = urllib.request.build_opener(_RefuseRedirects, _HTTPHandler(sockets),
                                             _HTTPSHandler(sockets))
        try:
            with opener.open(request, timeout=self.timeout) as reply:
                return reply.status, _lower(reply.headers), reply.read(MAX_BODY_BYTES)
        except urllib.error.HTTPError as error:  # a 4xx/5xx/3xx is still an answer
            return error.code, _lower(error.headers), _read_quietly(error)

    def _describe(self, error: BaseException) -> str:
        """A one-line, scrubbed cause. The URL and headers are never part of it."""
        cause = error.reason if isinstance(error, urllib.error.URLError) else error
        if isinstance(cause, (socket.timeout, TimeoutError)) or "timed out" in str(cause):
            return f"no response within {self.timeout:g} s"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "host name not found"
        if isinstance(error, ValueError):
            # http.client rejects bad header values and quotes them: never pass that text on.
            return "the request could not be built (a header value holds a forbidden character)"
        text = str(getattr(cause, "strerror", None) or cause) or type(cause).__name__
        return self.scrub(" ".join(text.split()))[:200]


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in (headers or {}).items()}


def _read_quietly(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read(MAX_BODY_BYTES)
    except (OSError, http.client.HTTPException):
        return b""
