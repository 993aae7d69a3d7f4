"""Inline suppressions: `# klint: ignore[KL001]`, `// klint: ignore`, `klint: ignore-file`.

The directive must follow a comment marker (`#`, `//`, `/*`, `<!--`, `;`, `--`) so that a string
that merely mentions it does not silence anything. Rules are a comma list of codes or names
(`KL001`, `hardcoded-private-key`), as `--select` takes them; none means all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from klint.findings import Finding, Span
from klint.source import split_lines

_DIRECTIVE_RE = re.compile(
    r"(?:#|//|/\*|<!--|;|--)[ \t]*klint[ \t]*:[ \t]*(?P<word>[A-Za-z-]+)(?P<codes>\[[^\]\n]*\]?)?"
)
_CODE_RE = re.compile(r"^[A-Z]{2}\d{3}$")


@dataclass
class Suppression:
    line: int
    start_col: int
    end_col: int
    codes: frozenset[str] | None  # None: every code
    file_level: bool
    used_codes: set[str] = field(default_factory=set)

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


@dataclass(frozen=True)
class MalformedSuppression:
    line: int
    start_col: int
    end_col: int
    reason: str


@dataclass
class Suppressions:
    by_line: dict[int, list[Suppression]]
    file_level: list[Suppression]
    malformed: list[MalformedSuppression]

    def find(self, code: str, line: int) -> Suppression | None:
        for suppression in (*self.file_level, *self.by_line.get(line, ())):
            if suppression.covers(code):
                return suppression
        return None

    def all(self) -> list[Suppression]:
        return [*self.file_level, *(s for line in sorted(self.by_line) for s in self.by_line[line])]


def _rule_code(item: str, known_codes: frozenset[str]) -> str | None:
    """A code (any case) or a rule name, as its code; None when it names no rule."""
    from klint.rules import ALL_RULES

    if _CODE_RE.match(item.upper()):
        return item.upper() if item.upper() in known_codes else None
    return next((rule.code for rule in ALL_RULES if rule.name == item.lower() and rule.code in known_codes), None)


def parse_suppressions(text: str, known_codes: frozenset[str]) -> Suppressions:
    by_line: dict[int, list[Suppression]] = {}
    file_level: list[Suppression] = []
    malformed: list[MalformedSuppression] = []
    if "klint" not in text:
        return Suppressions(by_line, file_level, malformed)
    for number, line in enumerate(split_lines(text), start=1):
        if "klint" not in line:
            continue
        for match in _DIRECTIVE_RE.finditer(line):
            start, end = match.start() + 1, match.end() + 1
            word = match.group("word").lower()
            raw_codes = match.group("codes")
            if word not in ("ignore", "ignore-file"):
                malformed.append(MalformedSuppression(
                    number, start, end, f"unknown directive 'klint: {match.group('word')}' "
                    "(use 'klint: ignore[CODE]' or 'klint: ignore-file')"))
                continue
            codes: frozenset[str] | None = None
            if raw_codes is not None:
                if not raw_codes.endswith("]"):
                    malformed.append(MalformedSuppression(number, start, end, "unclosed '['"))
                    continue
                items = [item.strip() for item in raw_codes[1:-1].split(",") if item.strip()]
                resolved = [_rule_code(item, known_codes) for item in items]
                bad = [item for item, code in zip(items, resolved) if code is None]
                if bad or not items:
                    reason = f"unknown rule code or name {bad[0]!r}" if bad else "empty code list"
                    malformed.append(MalformedSuppression(number, start, end, reason))
                    continue
                codes = frozenset(resolved)
            suppression = Suppression(number, start, end, codes, word == "ignore-file")
            if suppression.file_level:
                file_level.append(suppression)
            else:
                by_line.setdefault(number, []).append(suppression)
    return Suppressions(by_line, file_level, malformed)


def apply_suppressions(relpath: str, text: str, findings: list[Finding], enabled: frozenset[str],
                       known_codes: frozenset[str]) -> tuple[list[Finding], int]:
    """(the findings no suppression silences, how many were silenced); with KL900 enabled the
    unused and malformed suppressions are reported as findings of their own."""
    from klint.rules.kl900_unused_suppression import UnusedSuppression

    suppressions = parse_suppressions(text, known_codes)
    kept: list[Finding] = []
    silenced = 0
    for finding in findings:
        suppression = suppressions.find(finding.code, finding.span.start_line)
        if suppression is None:
            kept.append(finding)
        else:
            suppression.used_codes.add(finding.code)
            silenced += 1
    if UnusedSuppression.code in enabled:
        kept.extend(_suppression_findings(relpath, suppressions, enabled, UnusedSuppression))
    return kept, silenced


def _suppression_findings(relpath: str, suppressions: Suppressions, enabled: frozenset[str],
                          rule) -> Iterable[Finding]:
    for bad in suppressions.malformed:
        yield Finding(relpath, Span(bad.line, bad.start_col, bad.line, bad.end_col), rule.code,
                      rule.name, f"malformed klint suppression: {bad.reason}", rule.severity)
    for suppression in suppressions.all():
        if suppression.codes is None:
            unused = [] if suppression.used_codes else ["all rules"]
        else:
            unused = sorted((suppression.codes & enabled) - suppression.used_codes)
        if unused:
            yield Finding(
                relpath,
                Span(suppression.line, suppression.start_col, suppression.line, suppression.end_col),
                rule.code, rule.name,
                f"unused klint suppression (nothing to silence for {', '.join(unused)})",
                rule.severity,
            )
