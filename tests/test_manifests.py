"""Manifest formats: every unpinned or legacy declaration found at its line, no pinned one reported."""

from __future__ import annotations

import json
import textwrap


def scan(project, klint, files: dict[str, str], *extra: str):
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    result = klint("-f", "json", "--as-of", "2026-11-26", *extra, cwd=project)
    document = json.loads(result.out)
    return ({(f["path"], f["start"]["line"], f["code"]) for f in document["findings"]},
            document["diagnostics"])


def test_requirements_files_with_options_markers_continuations_and_includes(project, klint):
    found, diagnostics = scan(project, klint, {
        "requirements.txt": """
            # production
            -i https://pypi.org/simple
            -r base.txt
            -c pins/constraints.txt
            flask==3.1.2 \\
                --hash=sha256:0123
            Klaviyo_API[async] >= 22 ; python_version >= "3.9"  # floating
            """,
        "base.txt": "requests==2.32.5\nklaviyo-api~=25.0\n",
        "pins/constraints.txt": "klaviyo-api==25.0.0\n",
        "dev.in": "-e git+https://github.com/klaviyo/klaviyo-api-python@main#egg=klaviyo-api\n",
        "ci.in": "git+https://github.com/klaviyo/klaviyo-api-python@5b7e9f0c1d2a#egg=klaviyo_api\n",
        "MANIFEST.in": "include klaviyo-api\n",
    })
    assert diagnostics == []
    assert found == {
        ("requirements.txt", 7, "KL008"),
        ("base.txt", 2, "KL008"),  # pulled in by -r, though not named like a requirements file
        ("dev.in", 1, "KL008"),  # a branch is not a pin
    }


def test_pyproject_every_table(project, klint):
    found, diagnostics = scan(project, klint, {"pyproject.toml": """
        [project]
        name = "svc"
        dependencies = ["klaviyo-api==25.0.0", "flask"]

        [project.optional-dependencies]
        sync = [
            "klaviyo-api>=22",
        ]

        [dependency-groups]
        test = ["pytest", {include-group = "lint"}, "klaviyo-api"]
        lint = ["ruff"]

        [tool.poetry.dependencies]
        python = "^3.11"
        "klaviyo-api" = "~25.0"

        [tool.poetry.group.dev.dependencies]
        klaviyo-api = "25.0.0"

        [tool.poetry.group.legacy.dependencies.klaviyo-sdk]
        version = "1.0.9"

        [tool.pdm.dev-dependencies]
        dev = ["klaviyo-api==16.0.0"]
        """})
    assert diagnostics == []
    assert found == {
        ("pyproject.toml", 7, "KL008"),
        ("pyproject.toml", 11, "KL008"),
        ("pyproject.toml", 16, "KL008"),
        ("pyproject.toml", 21, "KL005"),  # the table header of the legacy package
        ("pyproject.toml", 25, "KL016"),  # pinned, but to a version that sends a retired revision
    }


def test_pipfile_setup_cfg_setup_py_environment(project, klint):
    found, diagnostics = scan(project, klint, {
        "Pipfile": """
            [packages]
            klaviyo-api = {version = "==25.0.0"}
            [dev-packages]
            klaviyo-api = {git = "https://github.com/klaviyo/klaviyo-api-python.git", ref = "main"}
            """,
        "setup.cfg": """
            [metadata]
            name = svc
            [options]
            install_requires =
                klaviyo-api==24.0.0
            [options.extras_require]
            sync =
                klaviyo-api>=24
            """,
        "setup.py": """
            from setuptools import setup

            REQUIREMENTS = ["requests==2.32.5", "klaviyo-api>=24"]
            setup(name="svc", install_requires=REQUIREMENTS, extras_require={"old": ["klaviyo==3.1.7"]})
            """,
        "environment.yml": """
            name: svc
            dependencies:
              - python=3.11
              - klaviyo-api   # a conda entry: not a PyPI declaration
              - pip:
                  - klaviyo-api==25.0.0
                  - klaviyo-api
            """,
    })
    assert diagnostics == []
    assert found == {
        ("Pipfile", 4, "KL008"),
        ("setup.cfg", 8, "KL008"),
        ("setup.py", 3, "KL008"),
        ("setup.py", 4, "KL005"),
        ("environment.yml", 7, "KL008"),
    }


def test_package_json_sections_aliases_duplicates(project, klint):
    found, diagnostics = scan(project, klint, {
        "a/package.json": """
            {
              "name": "a",
              "dependencies": {"klaviyo-api": "^22.0.0", "klaviyo-api": "23.0.0"},
              "peerDependencies": {
                "klaviyo-api": ">=21 <24"
              },
              "optionalDependencies": {"klaviyo-api": "23.x"},
              "devDependencies": {
                "kl": "npm:klaviyo-api@~23.0.0",
                "klaviyo-node": "1.0.8"
              }
            }
            """,
        "b/package.json": """
            {"dependencies": {
              "klaviyo-api": "github:klaviyo/klaviyo-api-node",
              "axios": "^1.7.9"
            }}
            """,
        "c/package.json": '{"dependencies": {"klaviyo-api": "=20.0.0", "other": "github:x/y#4f9c2e1"}}',
    })
    assert diagnostics == []
    assert found == {
        ("a/package.json", 5, "KL008"),
        ("a/package.json", 7, "KL008"),
        ("a/package.json", 9, "KL008"),  # the npm: alias still installs klaviyo-api
        ("a/package.json", 10, "KL005"),
        ("b/package.json", 2, "KL008"),  # a GitHub default branch
        ("c/package.json", 1, "KL016"),  # Node 20.0.0 sends 2025-10-15: deprecated (a warning)
    }


def test_broken_manifests_are_diagnostics_and_the_scan_goes_on(project, klint):
    found, diagnostics = scan(project, klint, {
        "pyproject.toml": '[project]\ndependencies = ["klaviyo-api>=1"\n',
        "package.json": '{"dependencies": {"klaviyo-api": "^23.0.0",}}',
        "setup.cfg": "[options\ninstall_requires = klaviyo-api\n",
        "requirements.txt": "klaviyo-api>=20\n",
    })
    assert found == {("requirements.txt", 1, "KL008")}
    messages = {d["path"]: (d["kind"], d["message"]) for d in diagnostics}
    assert messages["pyproject.toml"][0] == "parse-error" and "invalid TOML" in messages["pyproject.toml"][1]
    assert messages["package.json"][0] == "parse-error" and "invalid JSON" in messages["package.json"][1]
    assert messages["setup.cfg"][0] == "parse-error" and "invalid setup.cfg" in messages["setup.cfg"][1]
