"""The engine: read each file once, hand it to the rules that can apply, collect findings.

Per file: read bytes (binary, too-large, unreadable and non-UTF-8 files become diagnostics),
pick front ends by file name, pre-filter rules by cheap substring triggers so that a file that
cannot hold a finding is never parsed, run rules (a crash in one rule on one file becomes a
diagnostic), apply suppressions, and fingerprint what remains. Output order is deterministic.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import stat
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from klint import klaviyo
from klint.cache import ResultCache, content_key, entry_key, settings_key
from klint.config import Settings
from klint.context import FileContext, Report
from klint.discovery import TargetFile, discover, display_path
from klint.files import MAX_FILE_BYTES, read_bounded
from klint.findings import Diagnostic, DiagnosticKind, Finding, RunResult, Severity
from klint.fingerprint import line_hashes
from klint.frontends import (
    FrontEndError, frontends_for, imported_module_words, imports_module_mentioning, manifest_kind, module_words,
    referenced_requirement_files,
)
from klint.index import ProjectIndex
from klint.rules import ALL_RULES, Rule
from klint.source import split_lines
from klint.rules.kl900_unused_suppression import UnusedSuppression
from klint.suppressions import apply_suppressions

if TYPE_CHECKING:
    from klint.settings_tree import SettingsTree

_BINARY_SNIFF_BYTES = 8192
KNOWN_CODES = frozenset(rule.code for rule in ALL_RULES)


@dataclass
class FileResult:
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressed: int = 0
    dependencies: list[str] = field(default_factory=list)  # other project files its results used
    # For the project-wide pre-filter: does this code file name Klaviyo; if not, the (hashed)
    # words of the modules it imports; and was it linted because one of those does.
    mentions_klaviyo: bool = False
    imports: list[str] = field(default_factory=list)
    context_by_import: bool = False


def _read_bytes(target: TargetFile, result: FileResult) -> bytes | None:
    """The file's bytes; None (with a diagnostic) when it is too large, unreadable or binary."""
    def diagnose(kind: DiagnosticKind, message: str, level: Severity = Severity.WARNING) -> None:
        result.diagnostics.append(Diagnostic(target.relpath, kind, message, level))

    try:
        with open(target.path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # one read, no separate stat
            if len(data) > MAX_FILE_BYTES:
                size = os.fstat(stream.fileno()).st_size
                diagnose(DiagnosticKind.TOO_LARGE,
                         f"skipped: {size / 2**20:.1f} MiB is over the {MAX_FILE_BYTES // 2**20} MiB limit",
                         Severity.NOTE)
                return None
    except OSError as exc:
        diagnose(DiagnosticKind.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
        return None
    if b"\0" in data[:_BINARY_SNIFF_BYTES]:
        diagnose(DiagnosticKind.BINARY, "skipped: binary file (contains NUL bytes)", Severity.NOTE)
        return None
    return data


def _decode(target: TargetFile, data: bytes, result: FileResult) -> tuple[str, bool]:
    """The text and whether it decoded as UTF-8."""
    try:
        return data.decode("utf-8-sig"), True
    except UnicodeDecodeError as exc:
        # Keys are ASCII, so a Latin-1 reading still finds them; parsers would mis-read it.
        result.diagnostics.append(Diagnostic(
            target.relpath, DiagnosticKind.DECODE,
            f"not valid UTF-8 (byte {exc.start}); scanned as Latin-1 text only", Severity.NOTE))
        return data.decode("latin-1"), False


def _fingerprints(ctx: FileContext, findings: list[Finding], with_line_hashes: bool) -> list[Finding]:
    """Fill in fingerprints from redacted line text, so none of them derives from a key."""
    redacted = klaviyo.redact_keys(ctx.text)
    hashes = line_hashes(redacted, {f.span.start_line for f in findings}) if with_line_hashes else {}
    redacted_lines = split_lines(redacted)
    occurrences: dict[tuple[str, str], int] = {}
    stamped = []
    for finding in sorted(findings, key=lambda f: f.sort_key):
        line = finding.span.start_line
        content = " ".join(redacted_lines[line - 1].split()) if line <= len(redacted_lines) else ""
        occurrence = occurrences[(finding.code, content)] = occurrences.get((finding.code, content), 0) + 1
        digest = hashlib.sha256(
            f"{finding.code}\0{finding.path}\0{content}\0{occurrence}".encode()
        ).hexdigest()[:32]
        stamped.append(replace(finding, fingerprint=digest, line_hash=hashes.get(line, "")))
    return stamped


def lint_text(
    target: TargetFile,
    text: str,
    settings: Settings,
    rules: Sequence[Rule],
    as_of: _dt.date,
    parseable: bool = True,
    kinds: frozenset[str] | None = None,
    prefilter: bool = True,
    probe: "TokenProbe | None" = None,
    project: ProjectIndex | None = None,
) -> FileResult:
    """Run ``rules`` over one file's text (also the entry point for rule examples).

    ``parseable`` is False for text that did not decode as UTF-8: only text rules see it.
    ``prefilter`` False hands every file to every rule (to prove the pre-filter hides nothing).
    ``probe`` is the file's TokenProbe when the caller already built one from its bytes.
    ``project`` gives the code front ends the project's other modules (None: this file alone).
    """
    result = FileResult()
    if not parseable:
        kinds = frozenset({"text"})
    elif kinds is None:
        kinds = frontends_for(target.relpath)
    enabled = settings.codes_for(target.relpath)
    ctx = FileContext(target.path, target.relpath, text, as_of, kinds)
    ctx.project = project
    # Off: every statement is read, to prove slicing hides nothing; setup.py's reader needs all.
    ctx.slice_code = prefilter and "manifest" not in kinds
    probe = probe or TokenProbe(text.encode("utf-8", "surrogatepass"), prefilter)
    usable = set(kinds)
    reports: list[Finding] = []
    for rule in applicable_rules(rules, enabled, kinds, probe):
        if usable.isdisjoint(rule.frontends):  # a front end that failed on this file
            continue
        try:
            for report in rule.check(ctx):
                reports.append(_to_finding(ctx, rule, report))
        except FrontEndError as exc:
            usable.discard(exc.frontend)
            kind = DiagnosticKind.RULE_CRASH if exc.internal else DiagnosticKind.PARSE_ERROR
            result.diagnostics.append(Diagnostic(target.relpath, kind, str(exc), Severity.WARNING, exc.line))
        except Exception as exc:  # noqa: BLE001 - one rule's bug must not stop the run
            result.diagnostics.append(Diagnostic(
                target.relpath, DiagnosticKind.RULE_CRASH,
                f"internal error in rule {rule.code} ({rule.name}): {type(exc).__name__}: {exc}"))
    result.diagnostics.extend(ctx.notes)

    if reports or UnusedSuppression.code in enabled:
        reports, result.suppressed = apply_suppressions(ctx.relpath, text, reports, enabled, KNOWN_CODES)
    result.findings = _fingerprints(ctx, reports, settings.line_hashes) if reports else []
    return result


def _to_finding(ctx: FileContext, rule: Rule, report: Report) -> Finding:
    return Finding(ctx.relpath, report.span, rule.code, rule.name, report.message,
                   report.severity or rule.severity, fix=report.fix)


class TokenProbe:
    """Answers "could this rule report anything here?" from the words the file holds, searching
    for each word, and judging each distinct (context, triggers) pair, at most once per file."""

    def __init__(self, data: bytes, prefilter: bool, context_by_import: bool = False) -> None:
        self.lowered = data.lower()
        self.prefilter = prefilter
        self.context_by_import = context_by_import  # a module it imports names Klaviyo
        self.known: dict[bytes, bool] = {}
        self.judged: dict[tuple, bool] = {}

    def __call__(self, token: bytes) -> bool:
        found = self.known.get(token)
        if found is None:
            found = self.known[token] = token in self.lowered
        return found

    def _any(self, tokens: tuple[bytes, ...]) -> bool:
        return not tokens or any(self(token) for token in tokens)

    def admits(self, rule: type[Rule]) -> bool:
        key = (rule.context, rule.triggers)
        verdict = self.judged.get(key)
        if verdict is None:
            verdict = self.judged[key] = (self.context_by_import or self._any(rule.context)) and (
                not self.prefilter or self._any(rule.triggers))
        return verdict


def applicable_rules(rules: Sequence[Rule], enabled: frozenset[str], kinds: frozenset[str],
                     probe: TokenProbe) -> list[Rule]:
    """The pre-filter, the one place it is applied: the enabled rules that read one of the
    file's front ends and whose words the file holds."""
    return [rule for rule in rules
            if rule.code in enabled and not kinds.isdisjoint(rule.frontends) and probe.admits(type(rule))]


def lint_file(target: TargetFile, settings: Settings, rules: Sequence[Rule],
              kinds: frozenset[str] | None = None, prefilter: bool = True,
              project: ProjectIndex | None = None, data: bytes | None = None,
              context_by_import: bool = False) -> FileResult:
    """Lint one file (its bytes are ``data`` when given: standard input). Bytes no rule's
    trigger appears in are never decoded, let alone parsed. With a ``project`` index, values
    imported from its other modules are resolved, and the files read for that are recorded as
    the result's dependencies."""
    result = FileResult()
    data = _read_bytes(target, result) if data is None else data
    if data is None:
        return result
    kinds = kinds or frontends_for(target.relpath)
    enabled = settings.codes_for(target.relpath)
    # A file linted for what it imports may hold none of a rule's words itself (its URL, its
    # revision come from the other module): every rule reads it.
    probe = TokenProbe(data, prefilter and not context_by_import, context_by_import)
    if "code" in kinds:
        result.mentions_klaviyo = probe(b"klaviyo")
        if not result.mentions_klaviyo and not context_by_import:
            # hashed as the cache hashes paths: it never stores a name that could be a secret
            result.imports = sorted(map(entry_key, imported_module_words(target.relpath, data, project, target.path)))
            if project is not None and result.imports and _is_package_hub(target.relpath):
                # A package's `__init__.py` / `index.ts` that re-exports a module naming Klaviyo
                # passes it on to its importers: it counts as naming Klaviyo for the second pass.
                project.start_file()
                if imports_module_mentioning(target.relpath, target.path, data.decode("utf-8", "replace"),
                                             project, "klaviyo"):
                    result.mentions_klaviyo, result.imports = True, []
                result.dependencies = sorted(project.relpath(path) for path in project.peeked)
    if not applicable_rules(rules, enabled, kinds, probe) and not (
            UnusedSuppression.code in enabled and probe(b"klint")):
        return result
    text, parseable = _decode(target, data, result)
    if project is not None:
        project.start_file()
        if context_by_import and not imports_module_mentioning(target.relpath, target.path, text, project, "klaviyo"):
            # Its import only shares a module's name (`settings`): nothing Klaviyo reaches it.
            result.dependencies = sorted(project.relpath(path) for path in project.peeked)
            result.context_by_import = True
            return result
    linted = lint_text(target, text, settings, rules, settings.as_of, parseable, kinds, prefilter, probe,
                       project)
    linted.diagnostics[:0] = result.diagnostics
    linted.mentions_klaviyo, linted.imports = result.mentions_klaviyo, result.imports
    linted.context_by_import = context_by_import
    if project is not None:
        own = os.path.abspath(target.path)
        linted.dependencies = sorted({project.relpath(path) for path in project.used | project.peeked
                                      if str(path) != own} | set(result.dependencies))
    return linted


def _include_problem(path: str, root: str) -> str | None:
    """Why a -r / -c target may not be read: klint reads only regular files inside the project,
    reached without a symlink (as the walk does); "missing" for one that is not there."""
    if os.path.commonpath([path, root]) != root:
        return "outside the project"
    current = root
    for part in os.path.relpath(path, root).split(os.sep):
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return "missing"
        if stat.S_ISLNK(mode):
            return "a symlink"
    return None if stat.S_ISREG(mode) else "not a regular file"


def _requirement_includes(files: list[TargetFile], settings: Settings) -> tuple[set[str], list[Diagnostic]]:
    """Files that requirements files pull in with -r / -c: manifests whatever their names.

    Ones the walk did not reach (outside the named folders) are added to ``files``; includes
    that leave the project or pass through a symlink are refused with a note.
    """
    pulled_in: set[str] = set()
    notes: list[Diagnostic] = []
    queue = [t for t in files if "manifest" in frontends_for(t.relpath) and manifest_kind(t.path.name) == "requirements"]
    known = {os.path.abspath(target.path): target for target in files} if queue else {}
    root = os.path.abspath(settings.root)
    while queue:
        target = queue.pop()
        try:
            text = read_bounded(target.path).decode("utf-8", "replace")
        except OSError:
            continue  # linting the file reports why it cannot be read
        for reference in referenced_requirement_files(text):
            path = os.path.normpath(os.path.join(os.path.abspath(target.path.parent), reference))
            problem = _include_problem(path, root)
            if problem == "missing":
                continue
            if problem:
                notes.append(Diagnostic(target.relpath, DiagnosticKind.INCLUDE,
                                        f"included file {reference}: {problem}; not read", Severity.NOTE))
                continue
            included = known.get(path)
            if included is None:
                included = TargetFile(Path(path), display_path(Path(path), settings.root), target.settings)
                known[path] = included
                files.append(included)
            if included.relpath not in pulled_in:
                pulled_in.add(included.relpath)
                queue.append(included)
    return pulled_in, notes


def instantiate_rules(settings: Settings, nearer_configs: bool = False) -> list[Rule]:
    """The rules a run needs: every rule when files may have nearer configs selecting others."""
    return [rule() for rule in ALL_RULES if nearer_configs or rule.code in settings.select]


_POOL_THRESHOLD = 200  # a run of fewer files than this stays in one process
# By default a run starts in this process and measures itself: once this much time has gone on
# linting, if the files left would take longer than _POOL_WORTH_SECONDS at the pace so far, the
# rest goes to a pool of one worker per CPU. A worker costs ~0.2 s to start and most files of a
# large repository are never parsed, so the count of files (or of bytes) does not tell.
_SERIAL_SECONDS = 0.75
_POOL_WORTH_SECONDS = 1.5
_worker: dict = {}


def _start_worker(settings: Settings, prefilter: bool, nearer_configs: bool = False) -> None:
    project = ProjectIndex(settings.root)
    project.slice_code = prefilter
    _worker.update(settings=settings, rules=instantiate_rules(settings, nearer_configs), prefilter=prefilter,
                   project=project)


def _work(item: tuple[TargetFile, frozenset[str] | None]) -> FileResult:
    target, kinds = item
    return lint_file(target, target.settings or _worker["settings"], _worker["rules"], kinds,
                     _worker["prefilter"], _worker["project"])


def _run(items: list, settings: Settings, jobs: int, prefilter: bool) -> Iterator[FileResult]:
    """Lint ``items`` in order: in this process, or in a pool (``jobs`` > 1, or by default when the
    work measured so far says the rest is worth one)."""
    nearer_configs = any(target.settings is not None for target, _ in items)
    workers = jobs or os.cpu_count() or 1
    done = 0
    if not jobs and workers > 1 and len(items) >= _POOL_THRESHOLD:
        _start_worker(settings, prefilter, nearer_configs)
        started = time.perf_counter()
        while done < len(items):
            yield _work(items[done])
            done += 1
            elapsed = time.perf_counter() - started
            if elapsed > _SERIAL_SECONDS and elapsed / done * (len(items) - done) > _POOL_WORTH_SECONDS:
                break
    if workers <= 1 or len(items) < _POOL_THRESHOLD or done == len(items):
        if not done:
            _start_worker(settings, prefilter, nearer_configs)
        yield from map(_work, items[done:])
        return
    yield from _pooled(items[done:], settings, prefilter, nearer_configs, workers)


def _pooled(items: list, settings: Settings, prefilter: bool, nearer_configs: bool, workers: int) -> Iterator[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(settings, prefilter, nearer_configs)) as pool:
        yield from pool.map(_work, items, chunksize=chunk)  # map keeps the input order


def lint_paths(
    paths: list[Path],
    settings: Settings,
    force_exclude: bool = False,
    jobs: int = 0,
    cache_dir: Path | None = None,
    cache_named: bool = False,
    progress: Callable[[int, int], None] | None = None,
    prefilter: bool = True,
    tree: "SettingsTree | None" = None,
) -> RunResult:
    """Discover, lint (from the cache where the content is unchanged), and collect in order.
    With ``tree``, files under a nearer config are linted with its settings."""
    found = discover(paths, settings, force_exclude, tree)
    pulled_in, include_notes = _requirement_includes(found.files, settings)
    items = [(target, frontends_for(target.relpath) | {"manifest"} if target.relpath in pulled_in else None)
             for target in found.files]
    cache = ResultCache(cache_dir, settings, cache_named) if cache_dir is not None else None
    dependency_keys = _DependencyKeys(settings.root, found.files)
    results: list[FileResult | None] = [None] * len(items)
    keys: list[str | None] = [None] * len(items)
    stamps: list[list | None] = [None] * len(items)
    pending: list[int] = []
    for index, (target, kinds) in enumerate(items):
        if cache is not None:
            stamps[index], keys[index] = _cache_key(target, kinds, cache)
            hit = cache.get(target.relpath, keys[index], dependency_keys.by_entry_key) if keys[index] else None
            if hit is not None:
                results[index] = FileResult(**hit)
                cache.restamp(target.relpath, stamps[index])
                continue
        pending.append(index)
    done = len(items) - len(pending)
    for index, result in zip(pending, _run([items[i] for i in pending], settings, jobs, prefilter)):
        results[index] = result
        if cache is not None and keys[index]:
            cache.put(items[index][0].relpath, keys[index], stamps[index], result,
                      {dependency: dependency_keys(dependency) for dependency in result.dependencies})
        done += 1
        if progress is not None:
            progress(done, len(items))
    second = importers_of_klaviyo_modules(items, results)
    if second:  # a file that never names Klaviyo but imports a module that does
        _start_worker(settings, prefilter, any(target.settings is not None for target, _ in items))
    for index in second:
        target, kinds = items[index]
        result = lint_file(target, target.settings or settings, _worker["rules"], kinds, prefilter,
                           _worker["project"], context_by_import=True)
        results[index] = result
        if cache is not None and keys[index]:
            cache.put(target.relpath, keys[index], stamps[index], result,
                      {dependency: dependency_keys(dependency) for dependency in result.dependencies})
    if cache is not None:
        cache.save()

    findings = [finding for result in results if result for finding in result.findings]
    diagnostics = list(found.diagnostics) + include_notes + (cache.notes if cache else []) + [
        d for result in results if result for d in result.diagnostics]
    for missing in found.missing:
        diagnostics.append(Diagnostic(missing, DiagnosticKind.MISSING_PATH,
                                      "no such file or folder", Severity.ERROR))
    return RunResult(
        findings=sorted(findings, key=lambda f: f.sort_key),
        diagnostics=sorted(diagnostics, key=lambda d: d.sort_key),
        files_scanned=len(found.files),
        missing_paths=found.missing,
        suppressed=sum(result.suppressed for result in results if result),
    )


def importers_of_klaviyo_modules(items: list, results: list) -> list[int]:
    """Code files that never name Klaviyo, were not yet linted for it, and import a module of
    the project that does (by the module's name): the pre-filter's second pass. A file named on
    the command line (pre-commit passes only the staged ones) may import modules the run does
    not hold: if it imports anything, the second pass reads what it imports from disk."""
    klaviyo_modules = {entry_key(word) for (target, _kinds), result in zip(items, results)
                       if result is not None and result.mentions_klaviyo for word in module_words(target.relpath)}
    return [index for index, ((target, _kinds), result) in enumerate(zip(items, results))
            if result is not None and not result.context_by_import and result.imports and (
                target.named or klaviyo_modules.intersection(result.imports))]


def _is_package_hub(relpath: str) -> bool:
    return relpath.rsplit("/", 1)[-1].split(".", 1)[0] in ("__init__", "index")


class _DependencyKeys:
    """The content key of a project file another file's results depend on, read once per run;
    by path, or by the hashed path the cache knows it as (unknown paths never match)."""

    def __init__(self, root: Path, files: list[TargetFile]) -> None:
        self.root = root
        self.keys: dict[str, str] = {}
        self.by_entry = {entry_key(target.relpath): target.relpath for target in files}

    def __call__(self, relpath: str) -> str:
        key = self.keys.get(relpath)
        if key is None:
            try:
                data = read_bounded(self.root / relpath, MAX_FILE_BYTES)
            except OSError:
                data = None
            key = self.keys[relpath] = content_key(data, None) if data is not None else "missing"
        return key

    def by_entry_key(self, hashed: str) -> str:
        relpath = self.by_entry.get(hashed)
        return self(relpath) if relpath is not None else "not scanned"


# Timestamps coarser than this (FAT: 2 s) can hide an edit made in the same tick as our read.
_RACY_NS = 2_000_000_000


def _cache_key(target: TargetFile, kinds: frozenset[str] | None,
               cache: ResultCache) -> tuple[list | None, str | None]:
    """(stamp, content key) of a file; (None, None) when it is not cached.

    An unchanged stamp (size, mtime, ctime, inode) reuses the recorded key without reading the
    file, as git and Ruff do; a changed one means reading and hashing it, so a touched but
    unchanged file still hits. ctime cannot be set back, so restoring the mtime after an edit
    does not fool it. Like git's "racily clean" entries, a file changed within the timestamp
    granularity of now gets no stamp at all: a same-size edit in the same tick would keep it.
    """
    try:
        status = target.path.stat()
        if status.st_size > MAX_FILE_BYTES:
            return None, None
        # A file under a nearer config: that config's settings are part of its key.
        own = settings_key(target.settings) if target.settings is not None else ""
        stamp: list | None = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino,
                              *sorted(kinds or ()), own]
        key = cache.unchanged(target.relpath, stamp) or content_key(target.path.read_bytes(), kinds) + own
        if max(status.st_mtime_ns, status.st_ctime_ns) >= time.time_ns() - _RACY_NS:
            stamp = None
        return stamp, key
    except OSError:
        return None, None
