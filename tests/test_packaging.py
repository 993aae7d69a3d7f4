"""What an install promises: compatible dependency ranges whose lower bounds CI tests, the
Pythons it claims, and install lines (README, pre-commit, action.yml) that all install this
project at this version."""

from __future__ import annotations

import re
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from conftest import ROOT, run_klint
from klint import __version__

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DISTRIBUTION = PYPROJECT["project"]["name"]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LOWEST = dict(line.split("==") for line in (ROOT / ".ci" / "lowest-versions.txt").read_text().splitlines()
              if line and not line.startswith("#"))


def test_runtime_dependencies_are_ranges_whose_lowest_versions_ci_installs():
    requirements = [Requirement(text) for text in PYPROJECT["project"]["dependencies"]]
    assert sorted(r.name for r in requirements) == sorted(LOWEST)
    for requirement in requirements:
        operators = sorted(spec.operator for spec in requirement.specifier)
        assert operators == ["<", ">="], f"{requirement}: want >=lowest,<next major"
        lower = next(spec.version for spec in requirement.specifier if spec.operator == ">=")
        assert LOWEST[requirement.name] == lower, requirement.name


def test_the_declared_pythons_are_the_ones_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert PYPROJECT["project"]["requires-python"] == ">=3.10"
    assert "lowest 3.10 " in ci and "latest 3.13 " in ci
    classifiers = [c.rsplit(" ", 1)[1] for c in PYPROJECT["project"]["classifiers"] if "Python :: 3." in c]
    assert classifiers == ["3.10", "3.11", "3.12", "3.13"]
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains("3.10")
    assert not SpecifierSet(PYPROJECT["project"]["requires-python"]).contains("3.9")


def test_the_distribution_is_not_the_unrelated_klint_on_the_index():
    assert DISTRIBUTION == "klint-klaviyo"
    assert PYPROJECT["project"]["scripts"] == {"klint": "klint.cli:main"}


def _install_targets(text: str) -> list[str]:
    """What each `pip|pipx|uv tool install …` in ``text`` installs (options and -r files left out)."""
    targets = []
    for match in re.finditer(r'(?:pip|pipx|uv tool)"? install ([^\n`&#]*)', text):
        words = [word.strip("\"'") for word in match.group(1).split()]
        targets += [word for index, word in enumerate(words)
                    if not word.startswith("-") and (index == 0 or words[index - 1] not in ("-r", "-c"))]
    return targets


def test_every_install_line_installs_this_project_at_this_version():
    readme = _install_targets(README)
    assert set(readme) == {DISTRIBUTION, f"{DISTRIBUTION}=={__version__}", ".", ".[test]"}
    assert _install_targets((ROOT / "action.yml").read_text(encoding="utf-8")) == ["$GITHUB_ACTION_PATH"]


def test_pre_commit_rev_action_tag_and_version_agree():
    assert re.findall(r"^\s+rev: (\S+)$", README, re.MULTILINE) == [f"v{__version__}"]
    result = run_klint("--version", cwd=ROOT)
    assert (result.code, result.out) == (0, f"klint, version {__version__}\n")


def test_release_steps_are_documented():
    assert "git tag v" in README and "klint/__init__.py" in README
