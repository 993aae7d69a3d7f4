"""Pre-commit and monorepos: --force-exclude judges whole paths, each file gets its nearest
config (with `extend`), git's ignore rules apply above the walked folder, and --show-settings /
--show-files say what a run would do."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import LEGACY_KEY

KEY_LINE = f'KEY = "{LEGACY_KEY}"\n'


def write(root: Path, relpath: str, text: str) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("named", ["svc/app/settings.py", "build/k.py", "dist/x/k.py",
                                   "node_modules/foo/k.py", "./svc/app/settings.py"])
def test_force_exclude_judges_every_folder_of_a_named_file(project, klint, named):
    (project / "klint.toml").write_text('extend-exclude = ["svc/"]\n', encoding="utf-8")
    write(project, named, KEY_LINE)
    write(project, "kept.py", KEY_LINE)
    result = klint("--force-exclude", named, "kept.py", cwd=project)
    assert (result.code, result.out.splitlines()[0]) == (1, "kept.py:1:8: KL001 [hardcoded-private-key] "
                                                        + result.out.splitlines()[0].split("] ", 1)[1])
    assert named.lstrip("./") not in result.out
    assert "Found 1 finding (1 error) in 1 file." in result.out


def test_without_force_exclude_a_named_file_is_scanned(project, klint):
    (project / "klint.toml").write_text('extend-exclude = ["svc/"]\n', encoding="utf-8")
    write(project, "svc/app/settings.py", KEY_LINE)
    result = klint("svc/app/settings.py", cwd=project)
    assert result.code == 1 and result.out.startswith("svc/app/settings.py:1:8: KL001")


def _git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)


def _monorepo(root: Path) -> None:
    """A root pyproject and a service with its own klint.toml that extends it."""
    (root / "klint.toml").unlink()
    write(root, "pyproject.toml", '[tool.klint]\nextend-exclude = ["legacy/"]\nextend-select = ["KL900"]\n'
                                  '\n[tool.klint.per-file-ignores]\n"services/a/tests/**" = ["KL001"]\n')
    write(root, "services/b/klint.toml", 'extend = "../../pyproject.toml"\nignore = ["KL011"]\n'
                                         'extend-exclude = ["gen/"]\n[per-file-ignores]\n'
                                         '"tests/**" = ["hardcoded-private-key"]\n')
    for relpath in ("services/a/app.py", "services/a/tests/t.py", "services/b/app.py",
                    "services/b/tests/t.py", "services/b/gen/g.py", "legacy/old.py"):
        write(root, relpath, KEY_LINE)


def test_each_file_gets_its_nearest_config(project, klint):
    _monorepo(project)
    result = klint("--no-cache", "-q", cwd=project)
    assert result.code == 1
    assert [line.split(":")[0] for line in result.out.splitlines()] == ["services/a/app.py", "services/b/app.py"]
    # from inside the service: the same config, paths relative to the root it sits under
    inner = klint("--no-cache", "-q", ".", cwd=project / "services" / "b")
    assert [line.split(":")[0] for line in inner.out.splitlines()] == ["app.py"]


def test_config_option_still_overrides_every_nearer_config(project, klint):
    _monorepo(project)
    result = klint("--no-cache", "-q", "--config", "pyproject.toml", cwd=project)
    assert [line.split(":")[0] for line in result.out.splitlines()] == [
        "services/a/app.py", "services/b/app.py", "services/b/gen/g.py", "services/b/tests/t.py"]


def test_show_settings_names_every_source(project, klint):
    _monorepo(project)
    result = klint("--show-settings", "services/b/tests/t.py", "--as-of", "2026-11-26", cwd=project)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[:2] == ["settings for services/b/tests/t.py", "config: services/b/klint.toml <- pyproject.toml"]
    assert lines[4] == ("  from default; pyproject.toml: extend-select KL900; "
                        "services/b/klint.toml: ignore KL011")
    assert '  pyproject.toml: "legacy/"' in lines and '  services/b/klint.toml: "gen/"' in lines
    assert lines[-5:] == [
        "per-file-ignores: (services/b/klint.toml)",
        '  "tests/**": KL001',
        "as-of: 2026-11-26 (command line)",
        "respect-gitignore: true (default)",
        "rules for this file: KL002, KL003, KL004, KL005, KL006, KL007, KL008, KL009, KL010, KL012, "
        "KL013, KL014, KL015, KL016, KL017, KL018, KL019, KL020, KL021, KL022, KL900",
    ]


def test_show_files_says_what_is_scanned_and_why_the_rest_is_not(project, klint):
    _monorepo(project)
    _git_init(project)
    (project / ".git" / "info" / "exclude").write_text("secret.py\n", encoding="utf-8")
    write(project, "services/a/secret.py", KEY_LINE)
    write(project, "logo.png", "")
    result = klint("--show-files", cwd=project)
    assert (result.code, result.out) == (0, "\n".join([
        "pyproject.toml",
        "services/a/app.py",
        "services/a/tests/t.py",
        "services/b/app.py  [services/b/klint.toml]",
        "services/b/klint.toml  [services/b/klint.toml]",
        "services/b/tests/t.py  [services/b/klint.toml]",
        'skipped .git/: excluded by ".git/" from default',
        'skipped legacy/: excluded by "legacy/" from pyproject.toml',
        "skipped logo.png: binary by its extension",
        "skipped services/a/secret.py: ignored by git (.git/info/exclude)",
        'skipped services/b/gen/: excluded by "gen/" from services/b/klint.toml',
    ]) + "\n")


def test_gitignore_files_above_a_named_folder_apply_inside_a_repository(project, klint):
    _git_init(project)
    write(project, ".gitignore", "generated/\n")
    write(project, "app/generated/keys.py", KEY_LINE)
    write(project, "app/main.py", KEY_LINE)
    result = klint("--no-cache", "-q", "app", cwd=project)
    assert [line.split(":")[0] for line in result.out.splitlines()] == ["app/main.py"]
    assert klint("--no-cache", "-q", "--no-respect-gitignore", "app", cwd=project).out.count("KL001") == 2


def test_gitignore_above_a_repository_does_not_apply(project, klint):
    write(project, ".gitignore", "*.py\n")
    _git_init(project / "repo")
    write(project, "repo/main.py", KEY_LINE)
    assert klint("--no-cache", "-q", "repo", cwd=project).out.startswith("repo/main.py:1:8: KL001")


def test_extend_cycle_and_missing_target_are_config_errors(project, klint):
    (project / "klint.toml").write_text('extend = "other.toml"\n', encoding="utf-8")
    write(project, "other.toml", 'extend = "klint.toml"\n')
    write(project, "a.py", "x = 1\n")
    cycle = klint(cwd=project)
    assert (cycle.code, cycle.err) == (2, "klint: error: klint.toml: `extend` makes a cycle through "
                                          "klint.toml -> other.toml -> klint.toml\n")
    (project / "klint.toml").write_text('extend = "nope.toml"\n', encoding="utf-8")
    missing = klint(cwd=project)
    assert (missing.code, missing.err) == (2, "klint: error: klint.toml: extend: config file not found: nope.toml\n")


def test_a_broken_nearer_config_stops_the_run(project, klint):
    write(project, "svc/klint.toml", 'selct = ["KL001"]\n')
    write(project, "svc/a.py", KEY_LINE)
    result = klint(cwd=project)
    assert result.code == 2 and result.err.startswith("klint: error: ")
    assert "unknown configuration key selct" in result.err
