"""Pre-flight reports: text, json, sarif and github, from the list of CheckResults.

Latencies are rounded here, so every format shows the same numbers. The CLI passes every
rendered report through the Scrubber before it is written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from klint import HOMEPAGE, __version__
from klint.preflight.checks import CheckResult, Status
from klint.reporters.github import _escape_data, _escape_property
from klint.reporters.sarif import SARIF_SCHEMA

# What each check verifies: the SARIF rule descriptions and `klint preflight --help`'s source.
CHECK_DESCRIPTIONS = {
    "status": "Klaviyo's public status page reports all systems operational.",
    "auth": "The private key authenticates (GET /api/accounts/) with the revision the code sends.",
    "revision": "The revision the code sends is neither retired nor deprecated (KL004's policy).",
    "scopes": "The key holds every scope named with --require-scope (read scopes probed by GETs).",
    "ratelimit": "The RateLimit-* headers of a cheap GET show headroom above the threshold.",
    "latency": "The P95 time of the auth call over --tries tries is under the threshold.",
    "sdk-python": "The installed Python klaviyo-api matches the manifest pins and sends a live revision.",
    "sdk-node": "The installed Node klaviyo-api matches the manifest pins and sends a live revision.",
}


def _latency(result: CheckResult) -> int | None:
    return None if result.latency_ms is None else round(result.latency_ms)


def _counts(results: list[CheckResult]) -> dict[str, int]:
    return {status.value: sum(r.status is status for r in results) for status in Status}


def render_text(results: list[CheckResult], passed: bool, heading: str) -> str:
    lines = [heading]
    for result in results:
        latency = _latency(result)
        shown = "-" if latency is None else f"{latency} ms"
        lines.append(f"{result.status.value:<8} {result.name:<11} {shown:>8}  {result.reason}")
    counts = _counts(results)
    words = {"failure": "failed", "warning": "with a warning", "ok": "passed", "skipped": "skipped"}
    summary = ", ".join(f"{counts[status]} {word}" for status, word in words.items() if counts[status])
    lines.append(f"Pre-flight {'passed' if passed else 'failed'}: {summary}.")
    return "\n".join(lines) + "\n"


def render_json(results: list[CheckResult], passed: bool, heading: str) -> str:
    document = {
        "schema_version": 1,
        "tool": {"name": "klint", "version": __version__},
        "target": heading,
        "checks": [{"name": r.name, "status": r.status.value, "latency_ms": _latency(r),
                    "reason": r.reason, "place": r.place, "details": r.details} for r in results],
        "summary": {"passed": passed, **_counts(results)},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_GITHUB_COMMAND = {Status.FAILURE: "error", Status.WARNING: "warning"}


def render_github(results: list[CheckResult], passed: bool, heading: str) -> str:
    lines = []
    for result in results:
        command = _GITHUB_COMMAND.get(result.status)
        if command is None:
            continue
        where = ""
        if result.place:
            path, line = result.place.rsplit(":", 1)
            where = f"file={_escape_property(path)},line={line},"
        title = _escape_property(f"klint preflight/{result.name}")
        lines.append(f"::{command} {where}title={title}::{_escape_data(result.reason)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _sarif_location(place: str) -> dict:
    path, line = place.rsplit(":", 1)
    return {"physicalLocation": {"artifactLocation": {"uri": quote(path), "uriBaseId": "%SRCROOT%"},
                                 "region": {"startLine": int(line)}}}


def render_sarif(results: list[CheckResult], passed: bool, heading: str, root: Path,
                 anchor: str | None) -> str:
    """SARIF 2.1.0. GitHub code scanning rejects a result without a location, so a check that
    is about no file of the project (status, auth, …) is anchored at ``anchor`` (the klint
    config file, line 1) when there is one."""
    names = list(CHECK_DESCRIPTIONS)
    rules = [{
        "id": f"preflight/{name}",
        "name": f"preflight-{name}",
        "shortDescription": {"text": CHECK_DESCRIPTIONS[name]},
        "fullDescription": {"text": CHECK_DESCRIPTIONS[name]},
        "help": {"text": CHECK_DESCRIPTIONS[name],
                 "markdown": f"{CHECK_DESCRIPTIONS[name]} See {HOMEPAGE}#pre-flight-before-a-deploy."},
        "helpUri": f"{HOMEPAGE}#pre-flight-before-a-deploy",
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["klaviyo", "preflight"], "precision": "very-high",
                       "problem.severity": "error"},
    } for name in names]
    sarif_results = []
    for result in results:
        if result.status not in (Status.FAILURE, Status.WARNING):
            continue
        place = result.place or (f"{anchor}:1" if anchor else None)
        entry = {
            "ruleId": f"preflight/{result.name}",
            "ruleIndex": names.index(result.name),
            "level": "error" if result.status is Status.FAILURE else "warning",
            "message": {"text": result.reason},
            "partialFingerprints": {
                "klintPreflight/v1": hashlib.sha256(f"preflight/{result.name}".encode()).hexdigest()[:32]},
        }
        if place:
            entry["locations"] = [_sarif_location(place)]
        sarif_results.append(entry)
    root_uri = root.resolve().as_uri().rstrip("/") + "/"
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "klint",
                "fullName": "klint: Klaviyo API integration linter",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOMEPAGE,
                "rules": rules,
            }},
            # Its own category: uploading the pre-flight must not close the scan's alerts.
            "automationDetails": {"id": "klint-preflight/"},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "invocations": [{"executionSuccessful": True}],
            "results": sarif_results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(output_format: str, results: list[CheckResult], passed: bool, heading: str,
           root: Path, anchor: str | None) -> str:
    if output_format == "sarif":
        return render_sarif(results, passed, heading, root, anchor)
    renderer = {"text": render_text, "json": render_json, "github": render_github}[output_format]
    return renderer(results, passed, heading)
