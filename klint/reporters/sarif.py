"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).

Follows GitHub's "SARIF support for code scanning": every rule carries short and full
descriptions, help text and Markdown, a default level, tags, precision and problem.severity (or
security-severity for security rules); results use URIs relative to %SRCROOT%, full regions, and
partialFingerprints.primaryLocationLineHash computed from redacted text.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from klint import HOMEPAGE, __version__
from klint.findings import RunResult, Severity, shown
from klint.reporters.json_report import json_lines_array
from klint.rules import Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "recommendation"}
_MAX_DESCRIPTION = 1024
# GitHub code scanning refuses a run with more results than this.
MAX_RESULTS = 25_000
_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


def _first_paragraph(markdown: str) -> str:
    """The "What it does" paragraph, as plain text, for fullDescription."""
    body = re.sub(r"^## What it does\s*\n", "", markdown.strip())
    paragraph = body.split("\n\n", 1)[0]
    text = " ".join(paragraph.split()).replace("`", "")
    return text[: _MAX_DESCRIPTION - 1] + "…" if len(text) > _MAX_DESCRIPTION else text


def _plain(markdown: str) -> str:
    return re.sub(r"^#+ ", "", markdown.replace("`", ""), flags=re.MULTILINE)


def rule_page_url(rule: type[Rule]) -> str:
    """The rule's page, generated from its docs (docs/rules/KL001.md; klint/rule_docs.py)."""
    return f"{HOMEPAGE}/blob/main/docs/rules/{rule.code}.md"


def truncation_notice(run: RunResult) -> str | None:
    """What the SARIF leaves out to stay within GitHub's limit, or None."""
    total = len(run.findings)
    if total <= MAX_RESULTS:
        return None
    return (f"the SARIF report holds the {MAX_RESULTS:,} most severe of {total:,} findings: "
            f"GitHub code scanning accepts at most {MAX_RESULTS:,} results per run, so "
            f"{total - MAX_RESULTS:,} were left out (other formats list them all)")


def _kept(run: RunResult) -> list:
    """The findings the SARIF carries: all, or the most severe MAX_RESULTS in output order."""
    if len(run.findings) <= MAX_RESULTS:
        return run.findings
    ranked = sorted(range(len(run.findings)), key=lambda i: (_SEVERITY_RANK[run.findings[i].severity], i))
    return [run.findings[i] for i in sorted(ranked[:MAX_RESULTS])]


def rule_descriptor(rule: type[Rule]) -> dict:
    docs = rule.documentation()
    properties: dict = {
        "tags": sorted({"klaviyo", *rule.tags}),
        "precision": rule.precision,
        "problem.severity": _PROBLEM_SEVERITY[rule.severity],
    }
    if rule.security_severity:
        properties["security-severity"] = rule.security_severity
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _first_paragraph(docs)},
        "help": {"text": _plain(docs), "markdown": docs},
        "helpUri": rule_page_url(rule),
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": properties,
    }


def _artifact(path: str, root: Path) -> dict:
    """A percent-encoded URI relative to %SRCROOT%, or an absolute `file:` URI for a file outside
    the root (a `../` URI would climb out of the base, which consumers reject or misplace)."""
    if path.startswith("/") or path == ".." or path.startswith("../"):
        return {"uri": Path(os.path.normpath(os.path.join(os.path.abspath(root), path))).as_uri()}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def _root_uri(root: Path) -> str:
    uri = Path(shown(str(root.resolve()))).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _splice(text: str, marker: str, items: list[dict]) -> str:
    """Put ``items`` where json.dumps wrote ``marker``, one compact item per line."""
    token = json.dumps(marker)
    at = text.index(token)
    line = text[text.rindex("\n", 0, at) + 1:at]
    indent = line[:len(line) - len(line.lstrip(" "))]
    return text[:at] + json_lines_array(items, indent) + text[at + len(token):]


def render_sarif(run: RunResult, rules: Sequence[type[Rule]], root: Path,
                 category: str | None = None) -> str:
    """``category`` becomes automationDetails.id; without one the field is left out, so the
    upload action's `category:` input is what names the analysis."""
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    results = []
    for finding in _kept(run):
        span = finding.span
        fingerprints = {"klintFingerprint/v1": finding.fingerprint}
        if finding.line_hash:
            fingerprints["primaryLocationLineHash"] = finding.line_hash
        results.append({
            "ruleId": finding.code,
            "ruleIndex": rule_index[finding.code],
            "level": finding.severity.value,
            "message": {"text": finding.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": _artifact(finding.path, root),
                    "region": {
                        "startLine": span.start_line,
                        "startColumn": span.start_col,
                        "endLine": span.end_line,
                        "endColumn": span.end_col,
                    },
                }
            }],
            "partialFingerprints": fingerprints,
            **({"fixes": [sarif_fix(finding, root)]} if finding.fix else {}),
        })
    notifications = [
        {
            "level": "error" if d.level is Severity.ERROR else d.level.value,
            "message": {"text": f"{d.path}: {d.message}"},
            "descriptor": {"id": d.kind.value},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": _artifact(d.path, root),
                    **({"region": {"startLine": d.line}} if d.line else {}),
                }
            }],
        }
        for d in run.diagnostics
    ]
    notice = truncation_notice(run)
    if notice:
        notifications.append({"level": "warning", "message": {"text": notice},
                              "descriptor": {"id": "results-truncated"}})
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "klint",
                    "fullName": "klint: Klaviyo API integration linter",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": HOMEPAGE,
                    "rules": [rule_descriptor(rule) for rule in rules],
                }
            },
            **({"automationDetails": {"id": category if category.endswith("/") else category + "/"}}
               if category else {}),
            "originalUriBaseIds": {"%SRCROOT%": {"uri": _root_uri(root)}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": not run.failed,
                "toolExecutionNotifications": "\0notifications",
            }],
            "results": "\0results",
        }],
    }
    # Results can number hundreds of thousands: the indented frame, then one compact line each,
    # keeps SARIF within a small multiple of the text output's time and size.
    text = json.dumps(document, indent=2, ensure_ascii=False)
    text = _splice(text, "\0notifications", notifications)
    return _splice(text, "\0results", results) + "\n"


def sarif_fix(finding, root: Path) -> dict:
    """A finding's fix as a SARIF `fix`: each edit a replacement of a deleted region by
    inserted content (an empty region for an insertion); `properties.applicability` says
    whether `klint --fix` applies it (safe), needs `--unsafe-fixes`, or only suggests it."""
    fix = finding.fix
    return {
        "description": {"text": fix.description},
        "artifactChanges": [{
            "artifactLocation": _artifact(finding.path, root),
            "replacements": [{
                "deletedRegion": {"startLine": edit.span.start_line, "startColumn": edit.span.start_col,
                                  "endLine": edit.span.end_line, "endColumn": edit.span.end_col},
                "insertedContent": {"text": edit.replacement},
            } for edit in fix.edits],
        }],
        "properties": {"applicability": fix.applicability.value},
    }
