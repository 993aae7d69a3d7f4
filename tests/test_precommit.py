"""The pre-commit hook, run for real with `pre-commit try-repo` against a scratch git repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LEGACY_KEY, ROOT

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(not Path(PRE_COMMIT).exists() or not (ROOT / ".git").exists(),
                    reason="needs pre-commit (pip install '.[test]') and klint as a git checkout")
def test_try_repo_fails_on_a_committed_key_then_passes(tmp_path):
    repo = tmp_path / "service"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ci@example.invalid")
    _git(repo, "config", "user.name", "ci")
    (repo / "sync.py").write_text(f'KLAVIYO_KEY = "{LEGACY_KEY}"\n', encoding="utf-8")
    (repo / "README.md").write_text("Stripe key for the demo: pk_live_51Habc\n", encoding="utf-8")
    # excluded folders, the config's and the defaults: --force-exclude judges the whole path
    (repo / "pyproject.toml").write_text('[tool.klint]\nextend-exclude = ["svc/"]\n', encoding="utf-8")
    for excluded in ("svc/app/settings.py", "build/k.py", "dist/x/k.py"):
        (repo / excluded).parent.mkdir(parents=True, exist_ok=True)
        (repo / excluded).write_text(f'KEY = "{LEGACY_KEY}"\n', encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "add sync")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def try_repo() -> subprocess.CompletedProcess:
        return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "klint", "--all-files"],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "sync.py:1:16: KL001 [hardcoded-private-key]" in failed.stdout
    assert LEGACY_KEY not in failed.stdout
    assert "README.md" not in failed.stdout  # a Stripe publishable key is not reported
    assert "KL001" in failed.stdout and failed.stdout.count("KL001") == 1, failed.stdout

    (repo / "sync.py").write_text('import os\nKLAVIYO_KEY = os.environ["KLAVIYO_KEY"]\n',
                                  encoding="utf-8")
    _git(repo, "commit", "-qam", "read the key from the environment")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "klint" in passed.stdout and "Passed" in passed.stdout
