"""Configuration files: discovery, keys, validation errors that name the key."""

from __future__ import annotations

from conftest import LEGACY_KEY


def test_pyproject_tool_klint_is_found_from_a_subfolder(tmp_path, klint):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.klint]\nignore = ["KL001"]\n', encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text(f'A = "{LEGACY_KEY}"\n', encoding="utf-8")
    assert klint(".", cwd=tmp_path / "src").code == 0
    assert klint(".", "--select", "KL001", cwd=tmp_path / "src").code == 1  # CLI wins


def test_klint_toml_per_file_ignores_and_excludes(tmp_path, klint):
    (tmp_path / "klint.toml").write_text(
        'extend-exclude = ["generated/"]\n[per-file-ignores]\n"tests/**" = ["KL001"]\n',
        encoding="utf-8")
    for name in ("tests/test_a.py", "generated/keys.py", "app/a.py"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'A = "{LEGACY_KEY}"\n', encoding="utf-8")
    result = klint(cwd=tmp_path)
    assert result.code == 1
    assert [line.split(":")[0] for line in result.out.splitlines()[:-1]] == ["app/a.py"]


def test_unknown_key_names_the_key(tmp_path, klint):
    (tmp_path / "pyproject.toml").write_text('[tool.klint]\nselct = ["KL001"]\n', encoding="utf-8")
    result = klint(cwd=tmp_path)
    assert result.code == 2
    assert "unknown configuration key tool.klint.selct" in result.err


def test_bad_values_name_the_key(tmp_path, klint):
    cases = {
        'select = "KL001"': "select: expected a list of strings",
        'as-of = "yesterday"': "as-of: expected a date",
        'ignore = ["KL77"]': "ignore: unknown rule selector 'KL77'",
        'respect-gitignore = "yes"': "respect-gitignore: expected true or false",
        '[per-file-ignores]\n"x" = "KL001"': "per-file-ignores.x: expected a list of strings",
    }
    for text, message in cases.items():
        (tmp_path / "klint.toml").write_text(text + "\n", encoding="utf-8")
        result = klint(cwd=tmp_path)
        assert result.code == 2, text
        assert message in result.err, (text, result.err)


def test_broken_toml_config_is_exit_2(tmp_path, klint):
    (tmp_path / "klint.toml").write_text("select = [\n", encoding="utf-8")
    result = klint(cwd=tmp_path)
    assert result.code == 2 and "invalid TOML in config file" in result.err


def test_explicit_config_file(tmp_path, klint):
    (tmp_path / "custom.toml").write_text('ignore = ["KL001"]\n', encoding="utf-8")
    (tmp_path / "a.py").write_text(f'A = "{LEGACY_KEY}"\n', encoding="utf-8")
    assert klint("--config", "custom.toml", cwd=tmp_path).code == 0
    assert klint("--config", "missing.toml", cwd=tmp_path).code == 2


def test_as_of_accepts_toml_dates(tmp_path):
    from klint.config import CliOverrides, load_settings

    (tmp_path / "klint.toml").write_text("as-of = 2025-06-01\n", encoding="utf-8")
    settings = load_settings(CliOverrides(), cwd=tmp_path)
    assert settings.as_of.isoformat() == "2025-06-01"
    assert load_settings(CliOverrides(as_of="2024-01-02"), cwd=tmp_path).as_of.isoformat() == "2024-01-02"


def test_exclude_matcher_fast_path_agrees_with_pathspec():
    import pathspec

    from klint.config import DEFAULT_EXCLUDE, ExcludeMatcher

    patterns = [*DEFAULT_EXCLUDE, "generated/", "docs/*.md", "/top.py", "**/fixtures/*.json", "tmp"]
    fast, reference = ExcludeMatcher(patterns), pathspec.GitIgnoreSpec.from_lines(patterns)
    for path, is_dir in [("src/app.py", False), ("node_modules", True), ("a/node_modules", True),
                         ("node_modules", False), ("x/app.min.js", False), ("klint.egg-info", True),
                         ("klint.egg-info", False), ("generated", True), ("docs/a.md", False),
                         ("sub/docs/a.md", False), ("top.py", False), ("a/top.py", False),
                         ("a/fixtures/x.json", False), ("tmp", False), ("tmp", True), ("a.map", False)]:
        expected = reference.match_file(path + "/" if is_dir else path)
        assert fast.match(path, is_dir) == expected, (path, is_dir)
    negated = ExcludeMatcher(["*.log", "!keep.log"])
    assert negated.match("a.log", False) and not negated.match("keep.log", False)
