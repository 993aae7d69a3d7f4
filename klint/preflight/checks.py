"""The pre-flight checks: one function each, run in a fixed order, each returning a CheckResult.

``scopes``, ``ratelimit`` and ``latency`` use the key the ``auth`` check verified, so they are
skipped when ``auth`` is skipped or fails. ``revision`` and the two SDK checks need no network.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable

from klint import klaviyo
from klint.findings import Severity
from klint.preflight.http import Client, RequestFailed, Response, Scrubber
from klint.preflight.options import SCOPE_PROBES, PreflightOptions
from klint.preflight.project import (
    InstalledLookupFailed, Project, RevisionChoice, installed_node_sdk, installed_python_sdk,
    list_places,
)
from klint.rules.kl004_retired_revision import revision_message
from klint.rules.kl016_sdk_sends_retired_revision import sdk_revision_message

ACCOUNTS_PATH = "/api/accounts/"
RATELIMIT_PATH = "/api/profiles/?page[size]=1"
_CONTROL_OR_SPACE_RE = re.compile(r"[\s\x00-\x1f\x7f]")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # ESC included: no terminal escapes from a server


class Status(Enum):
    OK = "ok"
    WARNING = "warning"
    FAILURE = "failure"
    SKIPPED = "skipped"


_WORST_FIRST = (Status.FAILURE, Status.WARNING, Status.OK, Status.SKIPPED)


@dataclass
class CheckResult:
    name: str
    status: Status
    latency_ms: float | None  # None: no network call
    reason: str
    details: dict[str, Any] = field(default_factory=dict)
    place: str | None = None  # "path:line" in the project the result is about, if any


@dataclass
class Preflight:
    """Everything the checks share."""

    options: PreflightOptions
    project: Project
    revision: RevisionChoice
    as_of: _dt.date
    client: Client
    key: str | None
    auth_response: Response | None = None  # the verified auth call, reused by `latency`

    def klaviyo_get(self, path: str) -> Response:
        return self.client.get(self.options.api_base + path, {
            "Authorization": f"Klaviyo-API-Key {self.key}",
            "revision": self.revision.revision,
            "Accept": "application/vnd.api+json",
        })


def _attempts(count: int) -> str:
    return f"{count} attempt{'s' if count != 1 else ''}"


def _first_place(source: str) -> str | None:
    match = re.search(r"([^\s(,]+:\d+)", source)
    return match.group(1) if match else None


# --- status -----------------------------------------------------------------------------------

def check_status(run: Preflight) -> CheckResult:
    try:
        response = run.client.get(run.options.status_url, {"Accept": "application/json"})
    except RequestFailed as failed:
        return CheckResult("status", Status.WARNING, failed.elapsed_ms,
                           f"status page unreachable: {failed.reason} ({_attempts(failed.attempts)})")
    if response.status != 200:
        return CheckResult("status", Status.WARNING, response.elapsed_ms,
                           f"status page answered HTTP {response.status}")
    try:
        status = json.loads(response.body)["status"]
        indicator, description = _one_line(status["indicator"]), _one_line(status["description"])
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: [[[[…
        return CheckResult("status", Status.WARNING, response.elapsed_ms,
                           "status page answered something other than Statuspage JSON")
    details = {"indicator": run.client.scrub(indicator), "description": run.client.scrub(description)}
    text = run.client.scrub(f"{indicator}: {description}")[:200]
    return CheckResult("status", Status.OK if indicator == "none" else Status.WARNING,
                       response.elapsed_ms, text, details)


def _one_line(value: Any, limit: int = 200) -> str:
    """Text from a server as one printable line of at most ``limit`` characters."""
    return " ".join(_CONTROL_RE.sub(" ", str(value)).split())[:limit]


# --- auth and revision --------------------------------------------------------------------------

def check_auth(run: Preflight) -> CheckResult:
    env = run.options.key_env
    if not run.key:
        return CheckResult("auth", Status.FAILURE, None, f"environment variable {env} is not set")
    if _CONTROL_OR_SPACE_RE.search(run.key):
        return CheckResult("auth", Status.FAILURE, None,
                           f"the value of {env} holds whitespace or control characters")
    revision = run.revision.revision
    try:
        response = run.klaviyo_get(ACCOUNTS_PATH)
    except RequestFailed as failed:
        return CheckResult("auth", Status.FAILURE, failed.elapsed_ms,
                           f"{failed.reason} ({_attempts(failed.attempts)})")
    details = {"http_status": response.status, "revision": revision, "attempts": response.attempts,
               "waits_s": [round(wait, 2) for wait in response.waits_s]}
    if response.status == 200:
        run.auth_response = response
        return CheckResult("auth", Status.OK, response.elapsed_ms,
                           f"the key authenticates with revision {revision}", details)
    if response.status in (401, 403):
        reason = f"HTTP {response.status}: key revoked or lacks the accounts:read scope"
        return CheckResult("auth", Status.FAILURE, response.elapsed_ms, reason, details)
    if response.status == 429:
        run.auth_response = response
        return CheckResult("auth", Status.WARNING, response.elapsed_ms,
                           f"HTTP 429 after {_attempts(response.attempts)}: rate limited, degraded",
                           details)
    if response.status >= 500:
        return CheckResult("auth", Status.FAILURE, response.elapsed_ms,
                           f"HTTP {response.status} after {_attempts(response.attempts)}", details)
    detail = _error_detail(response.body)
    reason = f"unexpected HTTP {response.status}" + (f": {run.client.scrub(detail)}" if detail else "")
    return CheckResult("auth", Status.FAILURE, response.elapsed_ms, reason, details)


def _error_detail(body: bytes) -> str:
    """The first JSON:API error's detail (e.g. an invalid revision), one line, at most 200 chars."""
    try:
        error = json.loads(body)["errors"][0]
        text = error.get("detail") or error.get("title") or ""
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError):
        return ""
    return _one_line(text)


def check_revision(run: Preflight) -> CheckResult:
    choice = run.revision
    verdict = klaviyo.revision_status(choice.revision, run.as_of)
    judged = revision_message(verdict, run.as_of)
    if judged is None:
        reason, status = f"revision {choice.revision} is stable until {verdict.deprecated_on}", Status.OK
    else:
        reason = judged[0]
        status = Status.FAILURE if judged[1] is Severity.ERROR else Status.WARNING
    reason += f"; from {choice.source}"
    if choice.others:
        reason += f"; also sent: {'; '.join(choice.others)}"
    details = {"revision": choice.revision, "verdict": verdict.status.value,
               "source": choice.source, "others": list(choice.others)}
    return CheckResult("revision", status, None, reason, details, _first_place(choice.source))


# --- scopes, rate limit, latency ----------------------------------------------------------------

def check_scopes(run: Preflight) -> CheckResult:
    scopes = run.options.require_scopes
    if not scopes:
        return CheckResult("scopes", Status.SKIPPED, None, "no --require-scope given")
    granted: dict[str, str] = {}  # resource -> "granted" | "missing" | "unknown (…)"
    started_ms = 0.0
    for resource in sorted({scope.split(":")[0] for scope in scopes}):
        try:
            response = run.klaviyo_get(SCOPE_PROBES[resource])
        except RequestFailed as failed:
            started_ms += failed.elapsed_ms
            granted[resource] = f"unknown ({failed.reason})"
            continue
        started_ms += response.elapsed_ms
        granted[resource] = {200: "granted", 403: "missing"}.get(
            response.status, f"unknown (HTTP {response.status})")
    missing, unverified, notes = [], [], []
    for scope in sorted(scopes):
        resource, access = scope.split(":")
        answer = granted[resource]
        if answer == "missing":
            missing.append(scope)
        elif answer != "granted":
            unverified.append(f"{scope} {answer}")
        elif access == "write":
            # Klaviyo grants per scope no, read or full access, so read is the most a GET shows.
            notes.append(f"{scope} cannot be verified without a write ({resource}:read granted)")
    status = Status.FAILURE if missing else Status.WARNING if unverified or notes else Status.OK
    parts = ([f"missing: {', '.join(missing)}"] if missing else []) + unverified + notes
    reason = "; ".join(parts) if parts else f"granted: {', '.join(sorted(scopes))}"
    return CheckResult("scopes", status, started_ms, reason, {"probed": granted})


def _leading_int(value: str | None) -> int | None:
    """`700` or `700, 75;w=1` (IETF draft lists) -> 700."""
    match = re.match(r"\s*(\d+)", value or "")
    return int(match.group(1)) if match else None


def check_ratelimit(run: Preflight) -> CheckResult:
    try:
        response = run.klaviyo_get(RATELIMIT_PATH)
    except RequestFailed as failed:
        return CheckResult("ratelimit", Status.WARNING, failed.elapsed_ms,
                           f"could not measure: {failed.reason} ({_attempts(failed.attempts)})")
    if response.status == 429:
        return CheckResult("ratelimit", Status.WARNING, response.elapsed_ms,
                           "HTTP 429: no headroom left right now")
    if response.status != 200:
        return CheckResult("ratelimit", Status.WARNING, response.elapsed_ms,
                           f"could not measure: HTTP {response.status} from {RATELIMIT_PATH}")
    limit = _leading_int(response.headers.get("ratelimit-limit"))
    remaining = _leading_int(response.headers.get("ratelimit-remaining"))
    reset = _leading_int(response.headers.get("ratelimit-reset"))
    if limit is None or remaining is None or limit == 0:
        return CheckResult("ratelimit", Status.WARNING, response.elapsed_ms,
                           "no RateLimit-Limit/RateLimit-Remaining headers in the response")
    percent = 100 * remaining / limit
    reason = f"{remaining} of {limit} requests left ({percent:.0f}%)"
    if reset is not None:
        reason += f", resets in {reset} s"
    details = {"limit": limit, "remaining": remaining, "reset_s": reset}
    threshold = run.options.min_headroom
    if percent < threshold:
        return CheckResult("ratelimit", Status.WARNING, response.elapsed_ms,
                           f"{reason}: below the {threshold:g}% threshold", details)
    return CheckResult("ratelimit", Status.OK, response.elapsed_ms, reason, details)


def _p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def check_latency(run: Preflight) -> CheckResult:
    assert run.auth_response is not None  # run only after a verified auth call
    # Each sample is the answering attempt alone: retry back-offs and Retry-After waits are
    # rate limiting, not latency (and auth's are reported by auth).
    samples = [run.auth_response.last_attempt_ms]
    problems = []
    for attempt in range(2, run.options.tries + 1):
        try:
            response = run.klaviyo_get(ACCOUNTS_PATH)
        except RequestFailed as failed:
            samples.append(failed.elapsed_ms)
            problems.append(f"try {attempt}: {failed.reason}")
            continue
        samples.append(response.last_attempt_ms)
        if response.status != 200:
            problems.append(f"try {attempt}: HTTP {response.status}")
    p95 = _p95(samples)
    threshold_ms = run.options.latency_threshold * 1000
    reason = f"P95 {_duration(p95)} over {len(samples)} tr{'ies' if len(samples) != 1 else 'y'}"
    details = {"samples_ms": [round(s, 1) for s in samples], "p95_ms": round(p95, 1),
               "threshold_ms": threshold_ms}
    status = Status.OK
    if p95 > threshold_ms:
        reason += f", above the {run.options.latency_threshold:g} s threshold"
        status = Status.WARNING
    if problems:
        reason += f"; {'; '.join(problems)}"
        status = Status.WARNING
    return CheckResult("latency", status, p95, reason, details)


def _duration(ms: float) -> str:
    return f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


# --- installed SDKs ------------------------------------------------------------------------------

def _check_sdk(run: Preflight, name: str, ecosystem: str, where: str,
               lookup: Callable[[], str | None]) -> CheckResult:
    pins = [pin for pin in run.project.pins if pin.ecosystem == ecosystem]
    try:
        installed = lookup()
    except InstalledLookupFailed as failed:
        return CheckResult(name, Status.FAILURE, None, run.client.scrub(str(failed)))
    details: dict[str, Any] = {"installed": installed, "where": where,
                               "pins": [{"place": p.place, "spec": p.spec} for p in pins]}
    place = pins[0].place if pins else None
    if installed is None:
        if not pins:
            return CheckResult(name, Status.SKIPPED, None,
                               f"klaviyo-api is neither declared nor installed in {where}", details)
        return CheckResult(name, Status.FAILURE, None,
                           f"klaviyo-api is declared ({list_places([p.place for p in pins])}) but not "
                           f"installed in {where}", details, place)
    problems: list[tuple[Status, str]] = []
    for pin in pins:
        if pin.version is None:
            problems.append((Status.WARNING, f"{pin.place} does not pin an exact version "
                                             f"({pin.spec or 'no version'}; KL008)"))
        elif pin.version != installed:
            problems.append((Status.FAILURE, f"installed {installed} differs from the pin "
                                             f"{pin.version} in {pin.place}"))
    judged = sdk_revision_message(ecosystem, installed, run.as_of)
    if judged is not None:
        problems.append((Status.FAILURE if judged[1] is Severity.ERROR else Status.WARNING, judged[0]))
    revision = klaviyo.sdk_revision(ecosystem, installed)
    details["sends_revision"] = revision
    if not problems:
        pinned = f", as pinned in {list_places([p.place for p in pins])}" if pins else ", declared in no manifest"
        sends = f"; sends revision {revision}" if revision else ""
        return CheckResult(name, Status.OK, None,
                           f"klaviyo-api {installed} installed in {where}{pinned}{sends}", details, place)
    status = min((s for s, _ in problems), key=_WORST_FIRST.index)
    return CheckResult(name, status, None, "; ".join(text for _, text in problems), details, place)


def check_sdk_python(run: Preflight) -> CheckResult:
    python = run.options.python
    return _check_sdk(run, "sdk-python", "pypi", python,
                      lambda: installed_python_sdk(python, run.options.timeout, (run.options.key_env,)))


def check_sdk_node(run: Preflight) -> CheckResult:
    return _check_sdk(run, "sdk-node", "npm", "node_modules",
                      lambda: installed_node_sdk(run.project.root))


# --- running them ---------------------------------------------------------------------------------

_NEEDS_AUTH = ("scopes", "ratelimit", "latency")
_CHECKS: dict[str, Callable[[Preflight], CheckResult]] = {
    "status": check_status, "auth": check_auth, "revision": check_revision,
    "scopes": check_scopes, "ratelimit": check_ratelimit, "latency": check_latency,
    "sdk-python": check_sdk_python, "sdk-node": check_sdk_node,
}


def run_checks(run: Preflight) -> list[CheckResult]:
    results: list[CheckResult] = []
    auth: CheckResult | None = None
    for name, check in _CHECKS.items():
        if name in run.options.skip:
            results.append(CheckResult(name, Status.SKIPPED, None, "skipped (--skip)"))
            continue
        if name in _NEEDS_AUTH and (auth is None or auth.status is Status.FAILURE
                                    or run.auth_response is None):
            why = "the auth check is skipped" if auth is None else "the auth check failed"
            results.append(CheckResult(name, Status.SKIPPED, None, f"skipped: {why}"))
            continue
        result = check(run)
        if name == "auth":
            auth = result
        results.append(result)
    return results


def verdict(results: list[CheckResult], strict: bool) -> bool:
    """True when the pre-flight passes: no failure, and no warning under ``strict``."""
    statuses = {result.status for result in results}
    return Status.FAILURE not in statuses and not (strict and Status.WARNING in statuses)


def read_key(options: PreflightOptions) -> str | None:
    value = os.environ.get(options.key_env, "")
    return value.strip() or None
