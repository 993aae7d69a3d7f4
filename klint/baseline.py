"""Baselines: start from today's findings and report only new ones.

`klint --write-baseline FILE` records the current findings; `klint --baseline FILE` hides the
findings the baseline records. A finding is matched by its fingerprint (klint/engine.py): a
hash of the rule, the path, the start line's text with whitespace normalised and keys redacted,
and which occurrence of that (rule, text) in the file it is. Line numbers play no part, so
edits above a finding do not bring it back; occurrences are counted, so a second copy of a
baselined problem in the same file is reported (Bandit's baseline hides it: PyCQA/bandit#466).
The baseline holds fingerprints, rule codes and paths only: no source text, hence no key.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from klint.findings import Diagnostic, DiagnosticKind, Finding, RunResult, Severity
from klint.fixes import write_atomically

FORMAT = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a klint baseline."""


@dataclass(frozen=True, order=True)
class Entry:
    path: str
    code: str
    fingerprint: str


def write_baseline(path: Path, findings: list[Finding]) -> int:
    """Record ``findings``; the number of entries written."""
    entries = sorted(Entry(f.path, f.code, f.fingerprint) for f in findings)
    document = {"klint_baseline": FORMAT,
                "findings": [{"path": e.path, "code": e.code, "fingerprint": e.fingerprint} for e in entries]}
    write_atomically(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return len(entries)


def read_baseline(path: Path) -> list[Entry]:
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BaselineError(f"baseline {path} is not valid JSON") from exc
    if not isinstance(document, dict) or document.get("klint_baseline") != FORMAT \
            or not isinstance(document.get("findings"), list):
        raise BaselineError(f"{path} is not a klint baseline (format {FORMAT})")
    try:
        return [Entry(str(item["path"]), str(item["code"]), str(item["fingerprint"]))
                for item in document["findings"]]
    except (TypeError, KeyError) as exc:
        raise BaselineError(f"baseline {path} has a malformed entry") from exc


def apply_baseline(run: RunResult, entries: list[Entry]) -> tuple[RunResult, list[Entry]]:
    """(the run without the baselined findings, the entries no finding matched)."""
    remaining = Counter(entry.fingerprint for entry in entries)
    kept = []
    for finding in run.findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
        else:
            kept.append(finding)
    unmatched = []
    for entry in sorted(entries):
        if remaining[entry.fingerprint] > 0:
            remaining[entry.fingerprint] -= 1
            unmatched.append(entry)
    return replace(run, findings=kept), unmatched


def stale_notes(unmatched: list[Entry], scanned: set[str], enabled) -> list[Diagnostic]:
    """Baseline entries whose finding is gone, among the files this run scanned and the rules
    it ran (``enabled(path)`` gives the codes enabled for a path)."""
    return [Diagnostic(entry.path, DiagnosticKind.BASELINE,
                       f"stale baseline entry: {entry.code} is no longer found here "
                       f"(fingerprint {entry.fingerprint[:12]})", Severity.WARNING)
            for entry in unmatched if entry.path in scanned and entry.code in enabled(entry.path)]
