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
        ("app/jobs.py", 8, 12, "KL002"), ("app/jobs.py", 8, 12, "KL003"),  # `from app import settings`
        ("app/klaviyo_http.py", 8, 12, "KL002"),  # the helper's raw call, once
        ("app/views.py", 10, 12, "KL002"), ("app/views.py", 10, 12, "KL003"),  # app.settings constant
        ("app/views.py", 14, 12, "KL002"), ("app/views.py", 14, 12, "KL003"),  # pydantic settings default
        ("app/views.py", 18, 12, "KL006"),  # klaviyo_post("profiles/", …) from another module
        ("app/views.py", 22, 12, "KL002"), ("app/views.py", 22, 12, "KL003"),  # DJANGO_SETTINGS_MODULE
    ],
    "node_app": [
        ("src/lib/events.ts", 4, 3, "KL002"),  # an exported arrow function's raw call
        ("src/lib/klaviyo.ts", 4, 10, "KL002"),
        ("src/routes/signup.ts", 7, 9, "KL006"),  # klaviyoFetch("profiles/", …) from lib/klaviyo.ts
        ("src/routes/signup.ts", 8, 9, "KL002"), ("src/routes/signup.ts", 8, 9, "KL003"),  # named import
        ("src/routes/signup.ts", 9, 10, "KL002"), ("src/routes/signup.ts", 9, 10, "KL003"),  # re-export
        ("src/routes/subscribe.ts", 5, 10, "KL006"),  # send("profiles/", …) through tsconfig's `@/*`
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


@pytest.mark.parametrize("name, named", [
    ("node_app", "src/routes/subscribe.ts"),  # names no Klaviyo itself: `@/lib/events` does
    ("python_app", "app/jobs.py"),
])
def test_a_named_file_that_never_names_klaviyo_reads_the_modules_it_imports(name, named, klint, tmp_path):
    """pre-commit passes only the staged files: the modules they import are read from disk."""
    project = _project(tmp_path, name)
    assert _findings(klint, project, "--no-cache", named) == [
        finding for finding in EXPECTED[name] if finding[0] == named]
    assert _findings(klint, _project(tmp_path / "other", name, "https://api.example.com"), "--no-cache", named) == []


def test_editing_an_imported_module_rechecks_its_importers(klint, tmp_path):
    project = _project(tmp_path, "python_app")
    assert _findings(klint, project) == EXPECTED["python_app"]
    settings = project / "app" / "settings.py"
    settings.write_text(settings.read_text().replace("https://a.klaviyo.com", "https://api.example.com"))
    assert _findings(klint, project) == [
        finding for finding in EXPECTED["python_app"] if finding[1:3] != (10, 12)
        and finding[0] not in ("app/klaviyo_http.py", "app/jobs.py") and finding[1] != 18]


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


def _tree(tmp_path, files):
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_an_imported_revision_is_reported_where_it_is_used(klint, tmp_path):
    # Its literal is in config.ts: the use in client.ts is reported at client.ts's own node
    # (never at config.ts's offsets), and gets no fix.
    project = _tree(tmp_path, {
        "config.ts": '// config\n// more\n// lines\nexport const REVISION = "2024-02-15";\n'
                     'export const API = "https://a.klaviyo.com/api";\n',
        "client.ts": 'import { REVISION, API } from "./config";\nimport axios from "axios";\n'
                     'export async function lists(key: string) {\n  return axios.get(`${API}/lists/`, {\n'
                     '    headers: { Authorization: `Klaviyo-API-Key ${key}`, revision: REVISION },\n'
                     '    timeout: 5000,\n  });\n}\n'})
    result = klint("-f", "json", "--as-of", "2026-11-26", "--no-cache", cwd=project)
    document = json.loads(result.out)
    assert [(f["path"], f["start"]["line"], f["start"]["column"], f["end"]["column"], f["code"], f["fix"])
            for f in document["findings"]] == [
        ("client.ts", 4, 10, 5, "KL002", None),
        ("client.ts", 5, 67, 75, "KL004", None),
        ("config.ts", 4, 25, 37, "KL004", document["findings"][2]["fix"])]
    assert document["findings"][2]["fix"] is not None and document["diagnostics"] == []


def test_an_imported_base_concatenated_with_a_path_is_judged_without_a_crash(klint, tmp_path):
    project = _tree(tmp_path, {
        "consts.py": 'BASE = "https://a.klaviyo.com"\n',
        "main.py": 'import requests  # klaviyo\nfrom consts import BASE\n\ndef f():\n'
                   '    return requests.post(BASE + "/api/profiles/", json={}, timeout=5)\n'})
    assert _findings(klint, project, "--no-cache") == [
        ("main.py", 5, 12, "KL002"), ("main.py", 5, 12, "KL003"), ("main.py", 5, 12, "KL006")]


def test_import_cycles_through_aliases_end_without_a_crash(klint, tmp_path):
    project = _tree(tmp_path, {
        "a.py": "from b import B as A\n",
        "b.py": "from a import A as B\nimport requests  # klaviyo\nrequests.get(B)\n",
        "a.js": 'export { B as A } from "./b";\n',
        "b.js": 'import { A as B } from "./a"; export { B }; fetch(B); // klaviyo\n'})
    result = klint("-f", "json", "--no-cache", cwd=project)
    assert (result.code, json.loads(result.out)["findings"], json.loads(result.out)["diagnostics"]) == (0, [], [])


def test_a_file_that_never_names_klaviyo_is_read_for_the_module_it_imports(klint, tmp_path):
    # client.py never says "klaviyo"; its base URL and revision come from a module that does
    project = _tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/config.py": 'BASE = "https://a.klaviyo.com/api"; REV = "2023-02-22"\n',
        "pkg/client.py": 'import requests\nfrom . import config\n\ndef f1():\n'
                         '    return requests.post(config.BASE + "/profiles/", json={}, headers={"revision": config.REV}, timeout=5)\n',
        "pkg/plain.py": 'import requests\nfrom . import other\n\ndef g():\n    return requests.get("https://x.example.com")\n',
        "pkg/other.py": "X = 1\n",
        "web/api.js": 'const { API } = require("./settings");\nfetch(API + "/lists/", { signal });\n',
        "web/settings.js": 'module.exports = { API: "https://a.klaviyo.com/api" }; // Klaviyo\n'})
    expected = [("pkg/client.py", 5, 12, "KL002"), ("pkg/client.py", 5, 12, "KL006"),
                ("pkg/client.py", 5, 84, "KL004"), ("web/api.js", 2, 1, "KL002"), ("web/api.js", 2, 1, "KL003")]
    assert _findings(klint, project) == expected
    assert _findings(klint, project) == expected  # from the cache
    config = project / "pkg" / "config.py"
    config.write_text(config.read_text().replace("https://a.klaviyo.com", "https://api.example.com"))
    assert _findings(klint, project) == expected[3:]  # the importer is re-checked, and silent


@pytest.mark.parametrize("name, named", [("node_app", "src/routes/subscribe.ts"), ("python_app", "app/jobs.py")])
def test_standard_input_reads_the_modules_the_file_imports(name, named, tmp_path):
    """Editors lint the buffer as `--stdin-filename PATH -`: its imports are read from disk."""
    import subprocess
    import sys

    project = _project(tmp_path, name)
    proc = subprocess.run([sys.executable, "-m", "klint", "-f", "json", "--as-of", "2026-11-26", "--stdin-filename",
                           named, "-"], cwd=project, input=(project / named).read_text(), capture_output=True,
                          text=True, timeout=120)
    document = json.loads(proc.stdout)
    assert [(f["path"], f["start"]["line"], f["start"]["column"], f["code"]) for f in document["findings"]] == [
        finding for finding in EXPECTED[name] if finding[0] == named]
