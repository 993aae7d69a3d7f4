"""The README's promises: its two set-up commands, and a catalog entry for every rule."""

from __future__ import annotations

import re

from conftest import ROOT
from klint.rules import ALL_RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r'^TEST_COMMAND="(.*)"$', ci, re.MULTILINE).group(1)
    assert f"```sh\n{command}\n```" in README


def test_readme_demo_runs_klint_on_the_fixtures():
    assert "pip install . && klint fixtures/" in README


def test_every_rule_is_in_the_catalog():
    for rule in ALL_RULES:
        assert f"| {rule.code} | {rule.name} |" in README, rule.code
