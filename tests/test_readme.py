"""The README's promises: its two set-up commands, its config and suppression examples, and a
catalog entry for every rule."""

from __future__ import annotations

import re

from conftest import LEGACY_KEY, ROOT, run_klint
from klint.rules import ALL_RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r'^TEST_COMMAND="(.*)"$', ci, re.MULTILINE).group(1)
    assert f"```sh\n{command}\n```" in README


def test_readme_demo_runs_klint_on_the_fixtures():
    demo = re.search(r"^python3 -m venv \.venv && \. \.venv/bin/activate && pip install \. && (klint .*)$",
                     README, re.MULTILINE).group(1)
    assert demo == "klint fixtures/ --exit-zero"
    result = run_klint(*demo.split()[1:], "--no-cache", cwd=ROOT)
    assert result.code == 0, result.err
    assert re.search(r"^Found \d+ findings \(", result.out.splitlines()[-1])
    assert "fixtures/" in result.out


def test_readme_suppression_examples_are_clean_under_the_readme_config(tmp_path):
    config = re.search(r"```toml\n(\[tool\.klint\]\n.*?)```", README, re.DOTALL).group(1)
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    section = README.split("## Suppressing a finding", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r"```(python|js)\n(.*?)```", section, re.DOTALL)
    assert [language for language, _ in examples] == ["python", "js"]
    for language, code in examples:
        (tmp_path / f"example.{'py' if language == 'python' else 'js'}").write_text(
            code.replace("pk_…", LEGACY_KEY), encoding="utf-8")
    result = run_klint("--no-cache", "--as-of", "2026-11-26", cwd=tmp_path)
    assert (result.code, result.out) == (0, "No findings in 3 files. 2 suppressed.\n"), result.out


def test_every_rule_is_in_the_catalog():
    for rule in ALL_RULES:
        assert f"| {rule.code} | {rule.name} |" in README, rule.code
