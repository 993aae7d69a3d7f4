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
