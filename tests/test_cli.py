"""The command line as users drive it: exit codes, formats, selection, config, output files."""

from __future__ import annotations

import json

from conftest import LEGACY_KEY, NEW_KEY


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_tree_exits_0(project, klint):
    write(project, "app.py", "import os\nKEY = os.environ['KLAVIYO_KEY']\n")
    result = klint(cwd=project)
    assert result.code == 0, result.err
    assert "No findings in 2 files." in result.out


def test_findings_exit_1_and_text_format(project, klint):
    write(project, "src/app.py", f'KEY = "{LEGACY_KEY}"\n')
    result = klint("src", cwd=project)
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "src/app.py:1:8: KL001 [hardcoded-private-key] Klaviyo private key pk_3881…55fb is "
        "hard-coded; load it from the environment or a secret manager, and revoke this key")
    assert "Found 1 finding (1 error) in 1 file." in result.out


def test_exit_zero(project, klint):
    write(project, "app.py", f'KEY = "{LEGACY_KEY}"\n')
    assert klint("--exit-zero", cwd=project).code == 0


def test_missing_path_exits_2_but_scans_the_rest(project, klint):
    write(project, "app.py", f'KEY = "{LEGACY_KEY}"\n')
    result = klint("app.py", "nope.py", cwd=project)
    assert result.code == 2
    assert "KL001" in result.out
    assert "nope.py: error: no such file or folder" in result.err


def test_unknown_option_and_selector_exit_2(project, klint):
    assert klint("--frobnicate", cwd=project).code == 2
    result = klint("--select", "KL999", cwd=project)
    assert result.code == 2 and "unknown rule selector 'KL999'" in result.err


def test_select_ignore_extend_select(project, klint):
    write(project, "app.py", f'KEY = "{LEGACY_KEY}"  # klint: ignore[KL001]\nx = 1  # klint: ignore\n')
    assert klint(cwd=project).code == 0
    result = klint("--extend-select", "KL900", cwd=project)
    assert result.code == 1 and "KL900" in result.out and "KL001" not in result.out
    result = klint("--select", "unused-suppression", "--ignore", "KL900", cwd=project)
    assert result.code == 0


def test_statistics(project, klint):
    write(project, "a.py", f'A = "{LEGACY_KEY}"\nB = "{NEW_KEY}"\n')
    result = klint("--statistics", cwd=project)
    assert result.out.splitlines()[0] == "2\tKL001\thardcoded-private-key"
    rows = json.loads(klint("--statistics", "-f", "json", cwd=project).out)["statistics"]
    assert rows == [{"code": "KL001", "name": "hardcoded-private-key", "count": 2}]


def test_output_file_and_quiet(project, klint):
    write(project, "a.py", f'A = "{LEGACY_KEY}"\n')
    result = klint("-q", "-f", "json", "-o", "report.json", cwd=project)
    assert result.code == 1 and result.out == ""
    document = json.loads((project / "report.json").read_text())
    assert document["findings"][0]["code"] == "KL001"
    assert klint("-q", cwd=project).out.count("\n") == 1  # no summary line


def test_json_schema_shape(project, klint):
    write(project, "a.py", f'A = "{LEGACY_KEY}"\n')
    document = json.loads(klint("-f", "json", cwd=project).out)
    finding = document["findings"][0]
    assert set(finding) == {"code", "name", "severity", "message", "path", "start", "end",
                            "fingerprint", "fix"}
    assert finding["start"] == {"line": 1, "column": 6} and finding["end"] == {"line": 1, "column": 43}
    assert document["summary"] == {"files_scanned": 2, "findings": 1, "suppressed": 0,
                                   "by_code": {"KL001": 1}}


def test_github_annotations(project, klint):
    write(project, "a.py", f'A = "{NEW_KEY}"\n')
    line = klint("-f", "github", cwd=project).out.splitlines()[0]
    assert line.startswith("::error file=a.py,line=1,col=6,endLine=1,endColumn=50,"
                           "title=KL001 [hardcoded-private-key]::Klaviyo private key pk_AbC1…e77d ")


def test_no_colour_when_piped_or_no_color(project, klint):
    write(project, "a.py", f'A = "{LEGACY_KEY}"\n')
    assert "\x1b[" not in klint(cwd=project).out
    assert "\x1b[" not in klint(cwd=project, env={"NO_COLOR": "1"}).out


def test_secret_never_printed_in_full(project, klint):
    write(project, "a.py", f'A = "{LEGACY_KEY}"\nB = "{NEW_KEY}"\n')
    write(project, ".env", f"KLAVIYO={LEGACY_KEY}\n")
    # each output with the mark that it reports the keys (the SARIF rule list alone would not)
    marks = {("text",): ": KL001 [", ("text", "--statistics"): "3\tKL001\t", ("json",): '"code": "KL001"',
             ("json", "--statistics"): '"count": 3', ("sarif",): '"ruleId": "KL001"',
             ("github",): "title=KL001 ", ("gitlab",): '"check_name": "KL001"', ("junit",): 'name="KL001 '}
    for (fmt, *extra), mark in marks.items():
        output = klint("-f", fmt, *extra, cwd=project).out
        assert output.count(mark) == (1 if extra else 3), (fmt, extra)
        assert LEGACY_KEY not in output and NEW_KEY not in output
        assert LEGACY_KEY[3:] not in output and NEW_KEY[10:] not in output


def test_rules_and_rule_docs(project, klint):
    listing = klint("rules", cwd=project)
    assert listing.code == 0 and listing.out.startswith("KL001  hardcoded-private-key")
    docs = klint("rule", "KL001", cwd=project)
    assert docs.code == 0
    for heading in ("# hardcoded-private-key (KL001)", "## What it does", "## Why is this bad?",
                    "## Example", "## Use instead", "## Examples: reported"):
        assert heading in docs.out
    assert klint("rule", "hardcoded-private-key", cwd=project).out == docs.out
    assert klint("rule", "KL999", cwd=project).code == 2
    rules = json.loads(klint("rules", "-f", "json", cwd=project).out)
    assert rules[0]["code"] == "KL001" and rules[0]["default_enabled"] is True


def test_explicit_subcommand_and_version(project, klint):
    write(project, "a.py", f'A = "{LEGACY_KEY}"\n')
    assert klint("check", "a.py", cwd=project).code == 1
    assert klint("--version", cwd=project).out.startswith("klint, version ")


def _run_in_terminal(project, env_extra: dict) -> str:
    """Run klint with a real pseudo-terminal as stdout and stderr; return what it wrote."""
    import os
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env.update(env_extra)
    proc = subprocess.Popen([sys.executable, "-m", "klint", "--no-cache"], cwd=project, stdout=terminal,
                            stderr=terminal, env=env)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_unless_no_color(project):
    write(project, "a.py", f'A = "{LEGACY_KEY}"\n')
    assert "\x1b[" in _run_in_terminal(project, {})
    assert "\x1b[" not in _run_in_terminal(project, {"NO_COLOR": "1"})


def test_import_of_the_projects_own_klaviyo_module_is_not_legacy(project, klint):
    write(project, "app/klaviyo.py", "def track(event):\n    return event\n")
    write(project, "app/views.py", "import klaviyo\nfrom klaviyo import track\n")
    write(project, "app/sub/jobs.py", "from klaviyo import track\n")
    write(project, "worker/legacy.py", "import klaviyo\n")
    result = klint("--select", "KL005", "--no-cache", cwd=project)
    assert result.code == 1
    assert [line.split(" ", 1)[0] for line in result.out.splitlines() if "KL005" in line] == [
        "worker/legacy.py:1:8:"]
