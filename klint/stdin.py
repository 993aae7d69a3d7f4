"""`klint --stdin-filename PATH -`: lint standard input as if it were the file at PATH (its
config, per-file-ignores and front end, and the project modules it imports, read from disk),
which is what editor integrations call."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from klint.discovery import TargetFile, display_path
from klint.engine import importers_of_klaviyo_modules, instantiate_rules, lint_file
from klint.files import MAX_FILE_BYTES
from klint.findings import Diagnostic, DiagnosticKind, RunResult, Severity
from klint.index import ProjectIndex
from klint.settings_tree import SettingsTree


def lint_stdin(path: Path, tree: SettingsTree, force_exclude: bool) -> RunResult:
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    relpath = display_path(path, tree.base.root)
    settings = tree.for_file(path)
    if force_exclude and settings.exclude.match_path(settings.local(relpath)):
        return RunResult([], [], 0, [])
    if len(data) > MAX_FILE_BYTES:
        note = Diagnostic(relpath, DiagnosticKind.TOO_LARGE,
                          f"skipped: standard input is over the {MAX_FILE_BYTES // 2**20} MiB limit",
                          Severity.NOTE)
        return RunResult([], [note], 1, [])
    target = TargetFile(Path(os.path.abspath(path)), relpath, named=True)
    rules, project = instantiate_rules(settings), ProjectIndex(settings.root)
    result = lint_file(target, settings, rules, data=data, project=project)
    if importers_of_klaviyo_modules([(target, None)], [result]):  # a named file: what it imports, from disk
        result = lint_file(target, settings, rules, data=data, project=project, context_by_import=True)
    return RunResult(sorted(result.findings, key=lambda f: f.sort_key),
                     sorted(result.diagnostics, key=lambda d: d.sort_key), 1, [], result.suppressed)
