from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEGACY_KEY = "pk_3881b23b480384538106a6dffaac0b55fb"
NEW_KEY = "pk_AbC12x_25f72fa726ea194a51f2b59f07fbd4e77d"


@dataclass
class Completed:
    code: int
    out: str
    err: str


def run_klint(*args: str, cwd: Path, env: dict | None = None) -> Completed:
    """Run the real command line in a child process, as a user or CI would."""
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    environment.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "klint", *args], cwd=cwd, capture_output=True,
                          text=True, env=environment, timeout=120)
    return Completed(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def klint():
    return run_klint


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder with its own (empty) klint config, isolated from this repo's."""
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    return tmp_path


def cli_runner():
    """click's CliRunner with stdout and stderr apart on every supported click (8.1 mixed them
    unless told; 8.2 removed the option and always keeps them apart)."""
    from click.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()
