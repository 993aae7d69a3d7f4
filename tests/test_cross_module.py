"""Values, classes and helpers from other modules of the project (issue: one semantic model):
`from app.settings import BASE`, a pydantic settings object, Django's settings, a helper in
another file; `import { X } from "../constants"`, `require("../config").klaviyo.baseUrl`,
re-exports, a shared `lib/klaviyo.ts` fetch helper. Only files under the project root are read."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT

PROJECTS = ROOT / "tests" / "samples" / "projects"

EXPECTED = {
    "python_app": [
        ("app/klaviyo_http.py", 8, 12, "KL002"),  # the helper's raw call, once
        ("app/views.py", 10, 12, "KL002"), ("app/views.py", 10, 12, "KL003"),  # app.settings constant
        ("app/views.py", 14, 12, "KL002"), ("app/views.py", 14, 12, "KL003"),  # pydantic settings default
        ("app/views.py", 18, 12, "KL006"),  # klaviyo_post("profiles/", …) from another module
        ("app/views.py", 22, 12, "KL002"), ("app/views.py", 22, 12, "KL003"),  # DJANGO_SETTINGS_MODULE
    ],
    "node_app": [
        ("src/lib/klaviyo.ts", 4, 10, "KL002"),
        ("src/routes/signup.ts", 7, 9, "KL006"),  # klaviyoFetch("profiles/", …) from lib/klaviyo.ts
        ("src/routes/signup.ts", 8, 9, "KL002"), ("src/routes/signup.ts", 8, 9, "KL003"),  # named import
        ("src/routes/signup.ts", 9, 10, "KL002"), ("src/routes/signup.ts", 9, 10, "KL003"),  # re-export
        ("src/routes/worker.js", 5, 10, "KL002"), ("src/routes/worker.js", 5, 10, "KL003"),  # require(…).a.b
    ],
}


def _project(tmp_path, name, host=None):
    target = tmp_path / name
    shutil.copytree(PROJECTS / name, target)
    (target / "klint.toml").write_text("", encoding="utf-8")
    if host is not None:
        for path in target.rglob("*.*"):
            path.write_text(path.read_text().replace("https://a.klaviyo.com", host))
    return target


def _findings(klint, project, *args):
    result = klint("-f", "json", "--as-of", "2026-11-26", *args, cwd=project)
    document = json.loads(result.out)
    assert document["diagnostics"] == [], document["diagnostics"]
    return [(f["path"], f["start"]["line"], f["start"]["column"], f["code"]) for f in document["findings"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_imports_resolve_across_the_project(name, klint, tmp_path):
    assert _findings(klint, _project(tmp_path, name), "--no-cache") == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_same_project_pointed_at_another_host_is_silent(name, klint, tmp_path):
    assert _findings(klint, _project(tmp_path, name, "https://api.example.com"), "--no-cache") == []


def test_a_named_file_still_reads_the_modules_it_imports(klint, tmp_path):
    project = _project(tmp_path, "node_app")
    assert _findings(klint, project, "--no-cache", "src/routes/signup.ts") == [
        finding for finding in EXPECTED["node_app"] if finding[0] == "src/routes/signup.ts"]


def test_editing_an_imported_module_rechecks_its_importers(klint, tmp_path):
    project = _project(tmp_path, "python_app")
    assert _findings(klint, project) == EXPECTED["python_app"]
    settings = project / "app" / "settings.py"
    settings.write_text(settings.read_text().replace("https://a.klaviyo.com", "https://api.example.com"))
    assert _findings(klint, project) == [
        finding for finding in EXPECTED["python_app"] if finding[1:3] != (10, 12)
        and finding[0] != "app/klaviyo_http.py" and finding[1] != 18]


def test_parallel_and_serial_runs_agree(klint, tmp_path):
    project = _project(tmp_path, "python_app")
    for index in range(220):  # enough files for the process pool
        (project / "pad" / f"m{index}.py").parent.mkdir(exist_ok=True)
        (project / "pad" / f"m{index}.py").write_text(
            f"from app.settings import KLAVIYO_BASE_URL\nimport requests\n"
            f"requests.get(KLAVIYO_BASE_URL + '/x{index}/', timeout=1)\n")
    serial = klint("-f", "json", "--no-cache", "-j", "1", cwd=project)
    parallel = klint("-f", "json", "--no-cache", "-j", "2", cwd=project)
    assert json.loads(serial.out)["findings"] == json.loads(parallel.out)["findings"]
    assert len(json.loads(serial.out)["findings"]) == len(EXPECTED["python_app"]) + 2 * 220
