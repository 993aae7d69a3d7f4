"""`klint --add-suppressions [REASON]` through the command line, on a scratch git repository:
each language's comment syntax, merging, reasons, what it refuses, and that re-running adds
nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import LEGACY_KEY

FILES = {
    "app.py": (f'import requests\nKEY = "{LEGACY_KEY}"\n'
               'requests.get("https://a.klaviyo.com/api/lists/", timeout=5)  # klint: ignore[KL002] legacy\n'
               f's = """\n{LEGACY_KEY}\n"""\n'),
    "web/a.ts": f'const k = "{LEGACY_KEY}";   \r\nconst t = `\r\n{LEGACY_KEY}`;\r\n',
    "requirements.txt": "flask==3.1.2\nklaviyo-api>=20\nklaviyo-api>=21 \\\n    --hash=sha256:00\n",
    "pyproject.toml": '[project]\nname = "x"\ndependencies = [\n  "klaviyo-api>=22",\n]\n',
    "package.json": '{"dependencies": {"klaviyo-api": "^23.0.0"}}\n',
}


def _repo(project: Path) -> Path:
    for name, text in FILES.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    for command in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"]):
        subprocess.run(command, cwd=project, check=True, capture_output=True)
    return project


def test_add_suppressions_writes_comments_and_is_idempotent(project, klint):
    repo = _repo(project)
    result = klint("--add-suppressions", "adopted 2026-11", cwd=repo)
    assert result.code == 1  # some findings could not be silenced
    assert result.out == ""
    assert result.err == (
        "klint: app.py:5: warning: no suppression added: a comment here would change the code (inside a "
        "string, or a continued line) [suppression]\n"
        "klint: package.json: warning: no suppression added: this file type has no line comments klint can "
        "add safely; use per-file-ignores [suppression]\n"
        "klint: requirements.txt:3: warning: no suppression added: a comment here would change the code "
        "(inside a string, or a continued line) [suppression]\n"
        "klint: added 6 suppressions in 4 files.\n")
    assert (repo / "app.py").read_text() == (
        f'import requests\nKEY = "{LEGACY_KEY}"  # klint: ignore[KL001] adopted 2026-11\n'
        'requests.get("https://a.klaviyo.com/api/lists/", timeout=5)  # klint: ignore[KL002, KL003] legacy\n'
        f's = """\n{LEGACY_KEY}\n"""\n')
    assert (repo / "web/a.ts").read_bytes() == (
        f'const k = "{LEGACY_KEY}";  // klint: ignore[KL001] adopted 2026-11\r\nconst t = `\r\n'
        f'{LEGACY_KEY}`;  // klint: ignore[KL001] adopted 2026-11\r\n').encode()
    assert (repo / "requirements.txt").read_text() == (
        "flask==3.1.2\nklaviyo-api>=20  # klint: ignore[KL008] adopted 2026-11\n"
        "klaviyo-api>=21 \\\n    --hash=sha256:00\n")
    assert (repo / "pyproject.toml").read_text() == (
        '[project]\nname = "x"\ndependencies = [\n  "klaviyo-api>=22",  # klint: ignore[KL008] adopted 2026-11\n]\n')
    assert (repo / "package.json").read_text() == FILES["package.json"]

    changed = subprocess.run(["git", "diff", "--name-only"], cwd=repo, capture_output=True, text=True).stdout
    again = klint("--add-suppressions", cwd=repo)
    assert again.err.endswith("klint: added 0 suppressions in 0 files.\n")
    assert subprocess.run(["git", "diff", "--name-only"], cwd=repo, capture_output=True,
                          text=True).stdout == changed
    remaining = klint("-q", cwd=repo).out.splitlines()
    assert [line.split(" ")[0:2] for line in remaining] == [
        ["app.py:5:1:", "KL001"], ["package.json:1:19:", "KL008"], ["requirements.txt:3:1:", "KL008"]]


def test_reason_is_optional_and_output_is_redacted(project, klint):
    (project / "k.py").write_text(f'KEY = "{LEGACY_KEY}"\n', encoding="utf-8")
    result = klint("k.py", "--add-suppressions", cwd=project)
    assert (result.code, result.err) == (0, "klint: added 1 suppression in 1 file.\n")
    assert (project / "k.py").read_text() == f'KEY = "{LEGACY_KEY}"  # klint: ignore[KL001]\n'
    assert klint(cwd=project).code == 0


def test_reason_must_be_one_line(project, klint):
    result = klint("--add-suppressions=a\nb", cwd=project)
    assert (result.code, result.err) == (2, "klint: error: --add-suppressions: the reason must be one line of text\n")
