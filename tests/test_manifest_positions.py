"""Manifests read by real parsers (tree-sitter JSON, TOML and YAML): every form of a declaration
is found, at the exact place it is written, so a suppression on that line works."""

from __future__ import annotations

import json
import textwrap


def findings(project, klint, name: str, text: str, *extra: str) -> list[tuple[str, int, int, int, str]]:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    result = klint("--no-cache", "-f", "json", "--as-of", "2026-11-26", *extra, name, cwd=project)
    document = json.loads(result.out)
    assert document["diagnostics"] == []
    return [(f["code"], f["start"]["line"], f["start"]["column"], f["end"]["column"], f["message"].split(":")[0])
            for f in document["findings"]]


COMMENTED = """
    [project]
    name = "svc"
    dependencies = [
        # "klaviyo-api>=1",
        "klaviyo-api>=20",{suppression}
    ]
    """


def test_a_commented_out_line_is_not_the_declaration(project, klint):
    found = findings(project, klint, "pyproject.toml", COMMENTED.format(suppression=""))
    assert [(code, line, start, end) for code, line, start, end, _ in found] == [("KL008", 5, 6, 21)]


def test_a_suppression_on_the_real_line_silences_it(project, klint):
    text = COMMENTED.format(suppression="  # klint: ignore[KL008]")
    assert findings(project, klint, "pyproject.toml", text, "--extend-select", "KL900") == []


def test_poetry_inline_table_and_dotted_keys(project, klint):
    found = findings(project, klint, "pyproject.toml", """
        [tool.poetry]
        name = "svc"
        dependencies = { python = "^3.11", klaviyo-api = "^20.0.0" }

        [tool.poetry.group.dev]
        dependencies.klaviyo-api = "^20.0.0"
        """)
    assert [(code, line, start, end) for code, line, start, end, _ in found] == [
        ("KL008", 3, 36, 59), ("KL008", 6, 1, 37)]


def test_quoted_and_escaped_toml_keys_and_multiline_arrays(project, klint):
    found = findings(project, klint, "pyproject.toml", '''
        [tool.poetry.dependencies]
        "klaviyo\\u002dapi" = { version = "~20.0" }

        [project]
        dependencies = ["""klaviyo-api>=20"""]
        ''')
    assert [(code, line, start) for code, line, start, _, _ in found] == [("KL008", 2, 1), ("KL008", 5, 20)]


def test_conda_flow_and_block_pip_lists(project, klint):
    found = findings(project, klint, "environment.yml", """
        name: svc
        dependencies:
          - python=3.11
          - {pip: [klaviyo-api>=20, "requests==2.32.5"]}
          - pip:
              - 'klaviyo-api'   # unpinned
        """)
    assert [(code, line, start, end) for code, line, start, end, _ in found] == [
        ("KL008", 4, 12, 27), ("KL008", 6, 10, 21)]


def test_package_json_columns_count_code_points(project, klint):
    found = findings(project, klint, "package.json",
                     '{"description": "ünïcødé", "dependencies": {"klaviyo-api": "^22.0.0"}}\n')
    assert [(code, line, start, end) for code, line, start, end, _ in found] == [("KL008", 1, 45, 69)]


def test_broken_yaml_is_a_diagnostic(project, klint):
    (project / "environment.yml").write_text("dependencies:\n  - pip: [klaviyo-api\n", encoding="utf-8")
    document = json.loads(klint("--no-cache", "-f", "json", cwd=project).out)
    assert [(d["path"], d["kind"], d["line"]) for d in document["diagnostics"]] == [
        ("environment.yml", "parse-error", 1)]
    assert document["diagnostics"][0]["message"] == "invalid YAML (line 1)"


def test_the_grammars_load_on_the_lowest_tree_sitter():
    """tree-sitter 0.23 (the lowest allowed) reads grammar ABI 14 at most."""
    import tree_sitter
    import tree_sitter_javascript
    import tree_sitter_json
    import tree_sitter_toml
    import tree_sitter_typescript
    import tree_sitter_yaml

    for language in (tree_sitter_javascript.language(), tree_sitter_json.language(), tree_sitter_toml.language(),
                     tree_sitter_yaml.language(), tree_sitter_typescript.language_typescript()):
        wrapped = tree_sitter.Language(language)
        assert (getattr(wrapped, "abi_version", None) or wrapped.version) <= 14
