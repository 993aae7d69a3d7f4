"""Bad input never stops a run: it becomes a diagnostic and the scan goes on."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from conftest import LEGACY_KEY
from klint.config import ScopedExcludes, Settings
from klint.discovery import TargetFile
from klint.engine import MAX_FILE_BYTES, lint_file, lint_text
from klint.findings import DiagnosticKind
from klint.rules.base import Rule
from klint.rules.kl001_hardcoded_private_key import HardcodedPrivateKey

KEY_LINE = f'A = "{LEGACY_KEY}"\n'


def test_binary_nonutf8_huge_empty_files(project, klint):
    (project / "blob.dat").write_bytes(b"\x00\x01" + LEGACY_KEY.encode() + b"\x00")
    (project / "latin1.py").write_bytes("# caf\xe9\n".encode("latin-1") + KEY_LINE.encode())
    (project / "huge.txt").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    (project / "empty.py").write_bytes(b"")
    (project / "image.png").write_bytes(b"\x89PNG" + LEGACY_KEY.encode())
    (project / "ok.py").write_text(KEY_LINE, encoding="utf-8")
    result = klint(cwd=project)
    assert result.code == 1
    # the Latin-1 file still has its key found, on the right line
    assert [line.split(":")[:2] for line in result.out.splitlines() if "KL001" in line] == [
        ["latin1.py", "2"], ["ok.py", "1"]]
    assert "blob.dat: note: skipped: binary file" in result.err
    assert "latin1.py: note: not valid UTF-8" in result.err
    assert "huge.txt: note: skipped: 10.0 MiB is over the 10 MiB limit" in result.err
    assert "image.png" not in result.err  # binary by extension: never read


def test_diagnostics_reach_sarif_notifications(project, klint):
    (project / "blob.dat").write_bytes(b"\x00\x01")
    (project / "ok.py").write_text(KEY_LINE, encoding="utf-8")
    document = json.loads(klint("-f", "sarif", cwd=project).out)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "binary"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "blob.dat"


def _settings(codes) -> Settings:
    return Settings(root=Path("."), select=frozenset(codes), exclude=ScopedExcludes([]))


def test_unreadable_file_is_a_diagnostic(tmp_path):
    """A path that cannot be read as a file (root reads anything, but not a folder as a file)."""
    target_path = tmp_path / "locked.py"
    target_path.mkdir()
    result = lint_file(TargetFile(target_path, "locked.py"), _settings({"KL001"}), [HardcodedPrivateKey()])
    assert result.findings == []
    [diagnostic] = result.diagnostics
    assert diagnostic.kind is DiagnosticKind.UNREADABLE
    assert diagnostic.message == "cannot read file: Is a directory"


class _Exploding(Rule):
    """A rule with a bug."""

    code, name, summary, frontends = "KL001", "exploding", "Breaks.", ("text",)
    severity = HardcodedPrivateKey.severity

    def check(self, ctx):
        raise ZeroDivisionError("boom")


def test_rule_crash_is_a_diagnostic_and_other_rules_still_run():
    target = TargetFile(Path("a.py"), "a.py")
    result = lint_text(target, KEY_LINE, _settings({"KL001"}), [_Exploding(), HardcodedPrivateKey()],
                       _dt.date(2026, 11, 26))
    assert [finding.code for finding in result.findings] == ["KL001"]
    [diagnostic] = result.diagnostics
    assert diagnostic.kind is DiagnosticKind.RULE_CRASH
    assert "KL001 (exploding): ZeroDivisionError: boom" in diagnostic.message
