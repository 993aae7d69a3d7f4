"""Applying fixes: `klint --fix`, `--unsafe-fixes`, `--diff` (Ruff's model).

A finding carries at most one Fix: edits applied together, marked safe, unsafe or display-only
(klint/findings.py). Per file, the fixes that may apply and do not overlap are applied together
(edits that are identical, like one `import hmac` two fixes both need, count once); the file is
then linted again and the next round applies what the first had to leave out, for at most
MAX_ROUNDS rounds. Before a round's text is kept it must parse as well as the original did;
if it does not, the round is dropped with a diagnostic and the file keeps the earlier rounds.
A file that did not parse cleanly (or that Python could read only with its tabs expanded, so
columns are off) is never touched.

Writes are atomic (a temporary file in the same folder, then a rename) and keep the file's
mode, its UTF-8 BOM and its line endings (edits write ``\\n``; it becomes the line break of
the line edited). A file that changed on disk since it was read is left alone.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import difflib
import errno
import os
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from klint.config import Settings
from klint.context import FileContext
from klint.discovery import TargetFile
from klint.engine import FileResult, instantiate_rules, lint_text
from klint.files import read_bounded
from klint.findings import (
    Applicability, Diagnostic, DiagnosticKind, Edit, Finding, Fix, RunResult, Severity,
)
from klint.frontends import FrontEndError, code_frontend, frontends_for
from klint.index import ProjectIndex
from klint.rules import ALL_RULES
from klint.source import LINE_BREAK_RE, SourceFile

MAX_ROUNDS = 4
_MANIFEST_RULES = frozenset(rule.code for rule in ALL_RULES if "manifest" in rule.frontends)


def applies(fix: Fix | None, unsafe: bool) -> bool:
    """Would ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) apply this fix?"""
    if fix is None:
        return False
    return fix.applicability is Applicability.SAFE or (unsafe and fix.applicability is Applicability.UNSAFE)


def _offsets(source: SourceFile, edit: Edit) -> tuple[int, int, str]:
    starts = source.line_starts
    span = edit.span
    return (starts[span.start_line - 1] + span.start_col - 1,
            starts[span.end_line - 1] + span.end_col - 1, edit.replacement)


def _conflict(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two different edits touching the same text, or inserting at the same point."""
    return a != b and (a[0] < b[1] and b[0] < a[1] or a[0] == b[0])


def choose(source: SourceFile, findings: list[Finding], unsafe: bool) -> tuple[list[tuple[int, int, str]], list[Finding]]:
    """(the edits to apply this round, the findings they fix): every fix that may apply and
    overlaps none chosen before it, in finding order, so the choice is deterministic."""
    chosen: list[tuple[int, int, str]] = []
    fixed: list[Finding] = []
    for finding in findings:
        if not applies(finding.fix, unsafe):
            continue
        edits = [_offsets(source, edit) for edit in finding.fix.edits]  # type: ignore[union-attr]
        if any(_conflict(edit, other) for edit in edits for other in chosen):
            continue
        chosen.extend(edit for edit in edits if edit not in chosen)
        fixed.append(finding)
    return chosen, fixed


def newline_of(text: str) -> str:
    """The file's line ending: the first one it uses (``\\n`` for a file with none)."""
    match = LINE_BREAK_RE.search(text)
    return match.group() if match else "\n"


def newline_at(text: str, offset: int) -> str:
    """The line ending of the line holding ``offset`` (for the last line, the one before it;
    for a file of one line, ``\n``): in a file with mixed line endings an added line takes
    its neighbours' ending."""
    match = LINE_BREAK_RE.search(text, offset)
    if match is None:
        breaks = LINE_BREAK_RE.findall(text, 0, offset)
        return breaks[-1] if breaks else "\n"
    return match.group()


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement.replace("\n", newline_at(text, start)) + text[end:]
    return text


def parse_problem(target: TargetFile, text: str, kinds: frozenset[str]) -> str | None:
    """Why ``text`` does not parse cleanly as the file it is, or None."""
    try:
        if "code" in kinds:
            source = SourceFile(target.path, target.relpath, text)
            code_frontend(target.relpath)(source)
            for note in source.notes:
                if note.kind in (DiagnosticKind.PARSE_ERROR, DiagnosticKind.PARSE_RECOVERED):
                    return note.message
        if "manifest" in kinds:
            from klint.frontends.manifests import declarations

            declarations(FileContext(target.path, target.relpath, text, _dt.date.today(), kinds))
    except FrontEndError as exc:
        return str(exc)
    return None


@dataclass
class FixedText:
    text: str
    result: FileResult  # what remains: the findings of the final text
    fixed: list[Finding] = field(default_factory=list)
    problem: str | None = None  # why the last round was dropped
    suppressed_before: int = 0


def fix_text(target: TargetFile, text: str, kinds: frozenset[str], settings: Settings, rules,
             unsafe: bool, project: ProjectIndex | None = None) -> FixedText:
    """Lint, fix and lint again, round after round, until nothing changes. With ``project``,
    values imported from the project's other modules are resolved, as in the lint itself."""
    result = lint_text(target, text, settings, rules, settings.as_of, kinds=kinds, project=project)
    outcome = FixedText(text, result, suppressed_before=result.suppressed)
    if not any(applies(finding.fix, unsafe) for finding in result.findings) or \
            parse_problem(target, text, kinds) is not None:
        return outcome
    for _round in range(MAX_ROUNDS):
        edits, fixed = choose(SourceFile(target.path, target.relpath, outcome.text), outcome.result.findings, unsafe)
        if not edits:
            break
        candidate = apply_edits(outcome.text, edits)
        if candidate == outcome.text:
            break
        problem = parse_problem(target, candidate, kinds)
        if problem is not None:
            outcome.problem = problem
            break
        outcome.text = candidate
        outcome.fixed.extend(fixed)
        outcome.result = lint_text(target, candidate, settings, rules, settings.as_of, kinds=kinds,
                                   project=project)
    return outcome


def write_atomically(path: Path, data: bytes) -> None:
    """Replace (or create) the file at ``path`` with ``data`` in one step: a temporary file
    beside it with the same mode, renamed over it. A reader sees the old file or the new one,
    never half of either.

    An existing file keeps its owner and group; one nobody may write (no write bit), or with
    other hard links (the rename would leave them holding the old text), is left alone with an
    OSError, as is one whose owner cannot be kept."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = stat.S_IMODE(info.st_mode)
        if not mode & 0o222:
            raise PermissionError(errno.EACCES, "the file is read-only")
        if info.st_nlink > 1:
            raise OSError(errno.EMLINK, "the file has other hard links, which would keep the old text")
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".klint")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if info is not None and hasattr(os, "chown") and (info.st_uid, info.st_gid) != (
                os.stat(temporary).st_uid, os.stat(temporary).st_gid):
            try:
                os.chown(temporary, info.st_uid, info.st_gid)
            except OSError as exc:
                raise OSError(errno.EPERM, "cannot keep the file's owner") from exc
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def unified_diff(relpath: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(LINE_BREAK_RE.split(before), LINE_BREAK_RE.split(after),
                                 f"a/{relpath}", f"b/{relpath}", lineterm="")
    return "\n".join(lines) + "\n"


@dataclass
class FixOutcome:
    run: RunResult  # the findings that remain
    fixed: dict[str, Counter] = field(default_factory=dict)  # path -> (code, name) -> count
    diffs: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(sum(counts.values()) for counts in self.fixed.values())


def fix_run(run: RunResult, settings: Settings, unsafe: bool, write: bool) -> FixOutcome:
    """Fix every file of ``run`` with a fix that may apply; write them (``write``) or only
    diff them. The run's findings for those files become what remains after fixing."""
    by_path: dict[str, list[Finding]] = {}
    for finding in run.findings:
        by_path.setdefault(finding.path, []).append(finding)
    rules = instantiate_rules(settings)
    outcome = FixOutcome(run)
    diagnostics = list(run.diagnostics)
    suppressed = run.suppressed
    for relpath, found in list(by_path.items()):
        if not any(applies(finding.fix, unsafe) for finding in found):
            continue
        path = Path(os.path.join(settings.root, relpath))
        target = TargetFile(path, relpath)
        kinds = frontends_for(relpath) | (
            {"manifest"} if any(finding.code in _MANIFEST_RULES for finding in found) else set())
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue  # a symlink or a special file: never written through
            data = read_bounded(path)
            text = data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the lint already said why it cannot be read or decoded
        # A fresh index per file: it reads the files fixed before this one as they are now.
        fixed = fix_text(target, text, kinds, settings, rules, unsafe, ProjectIndex(settings.root))
        if fixed.problem is not None:
            diagnostics.append(Diagnostic(relpath, DiagnosticKind.FIX,
                                          f"fix not applied: the fixed file would not parse ({fixed.problem})"))
        if fixed.text == text:
            continue
        if write:
            bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
            try:
                if read_bounded(path) != data:
                    raise OSError("the file changed while klint was fixing it")
                write_atomically(path, bom + fixed.text.encode("utf-8", "surrogatepass"))
            except OSError as exc:
                diagnostics.append(Diagnostic(relpath, DiagnosticKind.FIX,
                                              f"fixes not written: {exc.strerror or exc}", Severity.ERROR))
                continue
        else:
            outcome.diffs.append(unified_diff(relpath, text, fixed.text))
        suppressed += fixed.result.suppressed - fixed.suppressed_before
        by_path[relpath] = fixed.result.findings
        outcome.fixed[relpath] = Counter((finding.code, finding.name) for finding in fixed.fixed)
    findings = [finding for found in by_path.values() for finding in found]
    outcome.run = replace(run, findings=sorted(findings, key=lambda f: f.sort_key),
                          diagnostics=sorted(diagnostics, key=lambda d: d.sort_key), suppressed=suppressed)
    return outcome
