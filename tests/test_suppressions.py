"""Inline suppressions in every comment style, file-level ones, and KL900 for the stale ones."""

from __future__ import annotations

from conftest import LEGACY_KEY


def test_comment_styles(project, klint):
    files = {
        "a.py": f'A = "{LEGACY_KEY}"  # klint: ignore[KL001]\n',
        "b.js": f'const a = "{LEGACY_KEY}"; // klint: ignore[KL001, KL900]\n',
        "c.yaml": f"key: {LEGACY_KEY}  # klint: ignore\n",
        "d.env": f"# klint: ignore-file\nK={LEGACY_KEY}\n",
        "e.py": f'A = "{LEGACY_KEY}"  # klint: ignore[KL005]\n',  # other code: still reported
        "f.py": f'A = "{LEGACY_KEY}"\n# klint: ignore[KL001]\n',  # wrong line: still reported
        "g.py": f'A = "{LEGACY_KEY}  klint: ignore"\n',  # not in a comment
    }
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    result = klint(cwd=project)
    assert sorted(line.split(":")[0] for line in result.out.splitlines() if "KL001" in line) == [
        "e.py", "f.py", "g.py"]
    assert "4 suppressed" in result.out


def test_unused_and_malformed_with_kl900(project, klint):
    (project / "a.py").write_text(
        "x = 1  # klint: ignore[KL001]\n"
        "y = 2  # klint: ignore[KL1]\n"
        "z = 3  # klint: disable\n", encoding="utf-8")
    assert klint(cwd=project).code == 0  # off by default
    result = klint("--extend-select", "KL900", cwd=project)
    lines = [line for line in result.out.splitlines() if "KL900" in line]
    assert [line.split(":")[1] for line in lines] == ["1", "2", "3"]
    assert "unused klint suppression (nothing to silence for KL001)" in lines[0]
    assert "unknown rule code or name 'KL1'" in lines[1]
    assert "unknown directive 'klint: disable'" in lines[2]


def test_suppression_of_disabled_rule_is_not_unused(project, klint):
    (project / "a.py").write_text("x = 1  # klint: ignore[KL001]\n", encoding="utf-8")
    assert klint("--select", "KL900", cwd=project).code == 0
