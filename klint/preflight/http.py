"""A small HTTP GET client for the pre-flight checks: timeouts, bounded retries, no leaks.

Built on ``urllib.request`` (no new dependency), with redirects refused: urllib would carry the
``Authorization`` header to wherever a redirect points. Each request gets up to ``attempts``
tries; 429, 5xx, timeouts and connection errors are retried. A 429's ``Retry-After`` (seconds or
an HTTP date) is honoured but capped at the timeout, so a pre-flight never stalls a deploy; other
retries back off 0.25 s, 0.5 s, … (also capped at the timeout). Every message this module
produces goes through a ``Scrubber``, because exception texts from the HTTP stack can quote
header values.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Mapping

from klint import __version__, klaviyo

USER_AGENT = f"klint-preflight/{__version__}"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 524})
_BACKOFF_BASE_S = 0.25


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
        self._values = sorted(values, key=len, reverse=True)  # whole keys before their bodies

    def __call__(self, text: str) -> str:
        text = klaviyo.redact_keys(text)
        for value in self._values:
            text = text.replace(value, "[redacted]")
        return text


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]  # names lower-cased
    body: bytes
    elapsed_ms: float  # all attempts and waits included
    attempts: int
    waits_s: list[float] = field(default_factory=list)  # each pause before a retry


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
    except (TypeError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Client:
    def __init__(self, timeout: float, scrub: Scrubber, attempts: int = 3,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout = timeout
        self.scrub = scrub
        self.attempts = attempts
        self.sleep = sleep
        self._opener = urllib.request.build_opener(_RefuseRedirects)

    def get(self, url: str, headers: Mapping[str, str]) -> Response:
        """GET ``url``; a Response for any HTTP status, RequestFailed when none came back."""
        started = time.monotonic()
        waits: list[float] = []
        reason = ""
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
            status, response_headers, body = None, {}, b""
            try:
                with self._opener.open(request, timeout=self.timeout) as reply:
                    status, response_headers, body = reply.status, _lower(reply.headers), reply.read()
            except urllib.error.HTTPError as error:  # a 4xx/5xx/3xx is still an answer
                status, response_headers = error.code, _lower(error.headers)
                body = _read_quietly(error)
            except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
                reason = self._describe(error)
            if status is not None and (status not in _RETRY_STATUSES or attempt == self.attempts):
                return Response(status, response_headers, body,
                                (time.monotonic() - started) * 1000, attempt, waits)
            if attempt == self.attempts:
                break
            wait = _BACKOFF_BASE_S * 2 ** (attempt - 1)
            if status == 429:
                wait = retry_after_seconds(response_headers.get("retry-after")) or wait
            wait = min(wait, self.timeout)
            waits.append(wait)
            self.sleep(wait)
        raise RequestFailed(reason, (time.monotonic() - started) * 1000, self.attempts)

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
        return self.scrub(" ".join(text.split()))


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in (headers or {}).items()}


def _read_quietly(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""
