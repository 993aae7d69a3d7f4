"""Which files a scan reads: gitignore, default excludes, explicit paths, symlinks."""

from __future__ import annotations

import os

from conftest import LEGACY_KEY

KEY_LINE = f'A = "{LEGACY_KEY}"\n'


def put(root, name, text=KEY_LINE):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def reported_paths(output):
    return sorted({line.split(":")[0] for line in output.splitlines() if "KL001" in line})


def test_gitignore_nested_and_negated(project, klint):
    put(project, ".gitignore", "secrets.env\n*.log\n")
    put(project, "secrets.env")
    put(project, "debug.log")
    put(project, "sub/.gitignore", "!keep.log\n")
    put(project, "sub/keep.log")
    put(project, "sub/other.log")
    put(project, "app.py")
    result = klint(cwd=project)
    assert reported_paths(result.out) == ["app.py", "sub/keep.log"]
    everything = klint("--no-respect-gitignore", cwd=project)
    assert len(reported_paths(everything.out)) == 5


def test_default_excludes(project, klint):
    for name in ("node_modules/pkg/index.js", ".git/config", "venv/lib/x.py", "build/out.py",
                 "dist/app.js", "static/app.min.js", "static/app.js.map", "myenv/lib/y.py"):
        put(project, name)
    put(project, "myenv/pyvenv.cfg", "home = /usr\n")
    put(project, "src/app.js")
    assert reported_paths(klint(cwd=project).out) == ["src/app.js"]


def test_explicit_paths_are_always_scanned(project, klint):
    put(project, "build/gen.py")
    put(project, "static/app.min.js")
    assert reported_paths(klint("build", cwd=project).out) == ["build/gen.py"]
    assert reported_paths(klint("static/app.min.js", cwd=project).out) == ["static/app.min.js"]
    assert klint("--force-exclude", "static/app.min.js", cwd=project).code == 0


def test_output_is_sorted_and_deduplicated(project, klint):
    for name in ("b.py", "a/z.py", "a/b.py", "c.txt"):
        put(project, name)
    result = klint(".", "a", "a/b.py", cwd=project)
    paths = [line.split(":")[0] for line in result.out.splitlines() if "KL001" in line]
    assert paths == ["a/b.py", "a/z.py", "b.py", "c.txt"]


def test_symlinks_are_not_followed_and_broken_ones_reported(project, klint):
    put(project, "real/a.py")
    os.symlink(project / "real", project / "link_dir")
    os.symlink(project / "real" / "a.py", project / "link_file.py")
    os.symlink(project / "nowhere", project / "dangling")
    os.symlink(project / "loop_b", project / "loop_a")
    os.symlink(project / "loop_a", project / "loop_b")
    result = klint(cwd=project)
    assert result.code == 1
    assert reported_paths(result.out) == ["real/a.py"]
    assert "dangling: note: broken symlink; skipped" in result.err
    assert "loop_a: note: symlink loop; skipped" in result.err


def test_fifo_is_skipped_without_blocking(project, klint):
    os.mkfifo(project / "pipe")
    put(project, "a.py")
    assert reported_paths(klint(cwd=project).out) == ["a.py"]


def test_a_gitignore_that_is_a_symlink_is_not_read(project, klint, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "patterns").write_text("*.py\n", encoding="utf-8")
    (project / ".gitignore").symlink_to(outside / "patterns")
    (project / "app.py").write_text('KEY = "pk_3881b23b480384538106a6dffaac0b55fb"\n', encoding="utf-8")
    result = klint("--no-cache", cwd=project)
    assert result.code == 1 and "app.py:1:8: KL001" in result.out
