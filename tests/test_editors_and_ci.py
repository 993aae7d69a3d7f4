"""Editors and other CI systems: stdin, colour, suppressions by name, a mistyped subcommand, the
top-level help, and what SARIF tells GitHub (category, the 25,000-result cap)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import LEGACY_KEY, ROOT

KEY_LINE = f'KEY = "{LEGACY_KEY}"\n'
FINDING = ("KL001 [hardcoded-private-key] Klaviyo private key pk_3881…55fb is hard-coded; load it from "
           "the environment or a secret manager, and revoke this key")


def stdin_klint(args: list[str], text: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klint", *args], input=text, cwd=cwd, capture_output=True,
                          text=True, timeout=120, env=env)


def test_stdin_is_linted_as_the_named_file(project):
    (project / "klint.toml").write_text('[per-file-ignores]\n"tests/**" = ["KL001"]\n', encoding="utf-8")
    (project / "src").mkdir()
    named = stdin_klint(["--stdin-filename", "src/app.py", "-"], KEY_LINE, project)
    assert (named.returncode, named.stdout) == (1, f"src/app.py:1:8: {FINDING}\nFound 1 finding (1 error) in 1 file.\n")
    ignored = stdin_klint(["--stdin-filename", "tests/test_app.py", "-"], KEY_LINE, project)
    assert (ignored.returncode, ignored.stdout) == (0, "No findings in 1 file.\n")


def test_stdin_front_end_is_chosen_by_the_name(project):
    code = 'import requests\nrequests.post("https://a.klaviyo.com/api/events/", json={}, timeout=5)\n'
    as_python = stdin_klint(["-q", "--stdin-filename", "app.py", "-"], code, project)
    as_text = stdin_klint(["-q", "--stdin-filename", "notes.txt", "-"], code, project)
    assert "KL002" in as_python.stdout and as_text.stdout == ""


def test_stdin_respects_force_exclude(project):
    (project / "klint.toml").write_text('extend-exclude = ["legacy/"]\n', encoding="utf-8")
    result = stdin_klint(["--force-exclude", "--stdin-filename", "legacy/a.py", "-"], KEY_LINE, project)
    assert (result.returncode, result.stdout) == (0, "No findings in 0 files.\n")


def test_stdin_needs_both_the_dash_and_the_name(project, klint):
    for args in (["--stdin-filename", "a.py"], ["-"], ["--stdin-filename", "a.py", "-", "b.py"]):
        result = klint(*args, cwd=project)
        assert (result.code, result.err) == (
            2, "klint: error: read standard input with `-` and --stdin-filename PATH, and no other paths\n")


def _colour_env(**values: str) -> dict:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(values)
    return env


def test_colour_choices(project, klint):
    (project / "a.py").write_text(KEY_LINE, encoding="utf-8")
    bold = "\x1b[1ma.py:1:8:\x1b[0m"
    assert klint("--no-cache", "--color", "always", cwd=project).out.startswith(bold)
    assert klint("--no-cache", "--color", "never", cwd=project, env=_colour_env(FORCE_COLOR="1")).out.startswith("a.py")
    assert klint("--no-cache", cwd=project, env=_colour_env(FORCE_COLOR="1")).out.startswith(bold)
    assert klint("--no-cache", cwd=project, env=_colour_env(FORCE_COLOR="")).out.startswith("a.py")
    # NO_COLOR counts only when non-empty; --color always beats it
    assert klint("--no-cache", "--color", "always", cwd=project, env=_colour_env(NO_COLOR="1")).out.startswith(bold)


def test_colour_rules_in_process(monkeypatch):
    from klint.cli import _use_colour

    class Terminal:
        @staticmethod
        def isatty() -> bool:
            return True

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "")
    assert _use_colour("auto", Terminal) is True  # empty NO_COLOR: unset
    monkeypatch.setenv("NO_COLOR", "1")
    assert _use_colour("auto", Terminal) is False
    assert _use_colour("always", Terminal) is True


def test_suppressions_take_rule_names(project, klint):
    (project / "a.py").write_text(f'KEY = "{LEGACY_KEY}"  # klint: ignore[hardcoded-private-key]\n'
                                  f'OTHER = "{LEGACY_KEY}"  # klint: ignore[Hardcoded-Private-Key, kl015]\n'
                                  f'X = 1  # klint: ignore[no-such-rule]\n', encoding="utf-8")
    result = klint("--no-cache", "--extend-select", "KL900", cwd=project)
    assert (result.code, result.out) == (1, "\n".join([
        "a.py:2:50: KL900 [unused-suppression] unused klint suppression (nothing to silence for KL015)",
        "a.py:3:8: KL900 [unused-suppression] malformed klint suppression: unknown rule code or name "
        "'no-such-rule'",
        "Found 2 findings (2 warnings) in 2 files. 2 suppressed.",
    ]) + "\n")


def test_a_mistyped_subcommand_is_named(project, klint):
    result = klint("rul", "KL001", cwd=project)
    assert (result.code, result.out) == (2, "")
    assert result.err == "Error: 'rul' is neither a file nor a folder; did you mean `klint rule`?\n"
    (project / "rul").write_text("x = 1\n", encoding="utf-8")  # a real path is a path
    assert klint("rul", cwd=project).code == 0
    assert klint("src", cwd=project).code == 2  # not close to any subcommand: a missing path


def test_top_level_help_shows_whole_descriptions(project, klint):
    result = klint("--help", cwd=project)
    commands = result.out.split("Commands:\n", 1)[1]
    assert result.code == 0 and "..." not in commands
    assert "  rule       Print a rule's documentation (by code or name).\n" in result.out


def _sarif(project: Path, klint, *args: str) -> dict:
    result = klint("--no-cache", "-f", "sarif", *args, cwd=project)
    assert result.code == 1, result.err
    return json.loads(result.out)


def test_sarif_category_is_left_to_the_upload_unless_given(project, klint):
    (project / "a.py").write_text(KEY_LINE, encoding="utf-8")
    assert "automationDetails" not in _sarif(project, klint)["runs"][0]
    assert _sarif(project, klint, "--sarif-category", "svc-a")["runs"][0]["automationDetails"] == {"id": "svc-a/"}
    wrong = klint("--sarif-category", "x", cwd=project)
    assert (wrong.code, wrong.err) == (2, "klint: error: --sarif-category works with the sarif format only\n")


def test_sarif_keeps_the_most_severe_25000_results():
    from klint.findings import Finding, RunResult, Severity, Span
    from klint.reporters.sarif import render_sarif
    from klint.rules import ALL_RULES

    findings = [Finding("a.py", Span(line, 1, line, 2), "KL009", "phone-not-e164", "m", Severity.WARNING)
                for line in range(1, 10_001)]
    findings += [Finding("b.py", Span(line, 1, line, 2), "KL001", "hardcoded-private-key", "m", Severity.ERROR)
                 for line in range(1, 20_001)]
    run = json.loads(render_sarif(RunResult(findings, [], 2, []), ALL_RULES, ROOT))["runs"][0]
    levels = [result["level"] for result in run["results"]]
    assert (len(levels), levels.count("error"), levels.count("warning")) == (25_000, 20_000, 5_000)
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.py"
    assert run["invocations"][0]["toolExecutionNotifications"][-1] == {
        "level": "warning", "descriptor": {"id": "results-truncated"},
        "message": {"text": "the SARIF report holds the 25,000 most severe of 30,000 findings: GitHub code "
                            "scanning accepts at most 25,000 results per run, so 5,000 were left out "
                            "(other formats list them all)"}}


def test_sarif_over_the_cap_says_so_on_stderr(project, klint):
    (project / "keys.py").write_text(KEY_LINE * 25_001, encoding="utf-8")
    result = klint("--no-cache", "-f", "sarif", "-o", "out.sarif", cwd=project)
    assert result.code == 1
    assert result.err == ("klint: warning: the SARIF report holds the 25,000 most severe of 25,001 findings: "
                          "GitHub code scanning accepts at most 25,000 results per run, so 1 were left out "
                          "(other formats list them all)\n")


def test_new_surfaces_never_echo_a_key(project, klint):
    named = f"{LEGACY_KEY}.py"
    (project / named).write_text(KEY_LINE, encoding="utf-8")
    outputs = [
        klint("-f", "sarif", "--sarif-category", LEGACY_KEY, cwd=project),
        klint("--show-files", cwd=project),
        klint("--show-settings", named, cwd=project),
        klint("-f", "gitlab", cwd=project),
        klint("-f", "junit", cwd=project),
    ]
    piped = stdin_klint(["--stdin-filename", named, "-"], KEY_LINE, project)
    texts = [result.out + result.err for result in outputs] + [piped.stdout + piped.stderr]
    assert all("pk_3881…55fb" in text for text in texts)
    assert not any(LEGACY_KEY in text or LEGACY_KEY[3:] in text for text in texts)
