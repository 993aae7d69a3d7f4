"""Python files LibCST refuses: recovered where safe, otherwise a diagnostic; text checks go on."""

from __future__ import annotations

import json

from conftest import LEGACY_KEY

# CPython runs this (`python -c 'import app'` works): the indentation mixes a space and a tab on
# one line and a tab and spaces on the next, consistently under both tab sizes CPython checks.
# LibCST's tokenizer refuses it.
FLASK_APP = (
    "from flask import Flask\nimport requests\n\napp = Flask(__name__)\n"
    + "".join(f"\n@app.route('/r{i}')\ndef route_{i}():\n    return 'ok {i}'\n" for i in range(60))
    + "\nif app.debug:\n \tif app.testing:\n\t    requests.get('https://a.klaviyo.com/api/lists/')\n"
    + "\nif __name__ == '__main__':\n    app.run()\n"
)


def test_fixture_source_is_valid_cpython_and_rejected_by_libcst():
    import libcst

    compile(FLASK_APP, "app.py", "exec")
    try:
        libcst.parse_module(FLASK_APP)
    except libcst.ParserSyntaxError:
        pass
    else:  # pragma: no cover - LibCST learnt to parse it: the recovery test below loses its point
        raise AssertionError("LibCST parses this now; find another file it refuses")


def test_tab_indented_file_is_recovered_with_line_numbers(project, klint):
    (project / "app.py").write_text(FLASK_APP, encoding="utf-8")
    result = klint("-f", "json", cwd=project)
    document = json.loads(result.out)
    line = FLASK_APP.splitlines().index("\t    requests.get('https://a.klaviyo.com/api/lists/')") + 1
    assert {(f["code"], f["start"]["line"]) for f in document["findings"]} >= {
        ("KL002", line), ("KL003", line), ("KL011", line)}
    [note] = document["diagnostics"]
    assert note["kind"] == "parse-recovered" and note["level"] == "note"


def test_python2_file_is_a_diagnostic_and_text_checks_still_run(project, klint):
    (project / "legacy.py").write_text(
        f'import klaviyo\nKEY = "{LEGACY_KEY}"\nprint "tracking", KEY\n', encoding="utf-8")
    (project / "ok.py").write_text("import klaviyo\n", encoding="utf-8")
    result = klint(cwd=project)
    assert result.code == 1
    codes = sorted((line.split(":")[0], line.split()[1]) for line in result.out.splitlines() if ": KL" in line)
    assert codes == [("legacy.py", "KL001"), ("ok.py", "KL005")]
    assert "legacy.py:3: warning: cannot parse Python (SyntaxError:" in result.err
    assert "only text checks ran [parse-error]" in result.err


def test_parse_error_appears_in_sarif_notifications(project, klint):
    (project / "broken.py").write_text("import klaviyo\ndef f(:\n", encoding="utf-8")
    document = json.loads(klint("-f", "sarif", cwd=project).out)
    [note] = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "parse-error"
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_files_without_klaviyo_are_not_parsed(project, klint, monkeypatch):
    """The pre-filter: a broken file that cannot hold a finding is never handed to LibCST."""
    (project / "unrelated.py").write_text("def f(:\n", encoding="utf-8")
    result = klint(cwd=project)
    assert result.code == 0 and result.err == ""
