"""Hostile code shapes and line models, through the CLI: every file gets a verdict, no file
takes the run down, and every rule places a finding on the same line."""

from __future__ import annotations

import json
import time

from conftest import LEGACY_KEY

RAW_CALL = 'import requests\nrequests.get("https://a.klaviyo.com/api/lists/")  # klaviyo\n'


def _json(result):
    return json.loads(result.out)


def _scan(project, klint, *args):
    result = klint("--no-cache", "-f", "json", "--select", "ALL", *args, cwd=project)
    return result, _json(result)


def test_deep_parentheses_never_reach_libcst(project, klint):
    # CPython refuses 1,500 nested parentheses; LibCST's native parser would crash the process.
    (project / "deep.py").write_text(f"KEY = '{LEGACY_KEY}'  # klaviyo\nx = " + "(" * 1500 + "1" + ")" * 1500 + "\n"
                                     "requests.get(x)\n")
    (project / "ok.py").write_text(RAW_CALL)
    result, report = _scan(project, klint)
    assert result.code == 1, result.err
    assert [(d["path"], d["kind"], d["line"], d["message"]) for d in report["diagnostics"]] == [
        ("deep.py", "parse-error", 2,
         "cannot parse Python (SyntaxError: too many nested parentheses); only text checks ran")]
    assert sorted((f["path"], f["code"]) for f in report["findings"]) == [
        ("deep.py", "KL001"), ("ok.py", "KL002"), ("ok.py", "KL003"), ("ok.py", "KL011")]


def test_a_file_where_nothing_can_matter_is_not_parsed(project, klint):
    """Naming Klaviyo beside a key, but no call, URL, header or log a rule's code analysis reads:
    only the text checks run, as for a file the pre-filter skips, and its syntax is not judged."""
    (project / "deep.py").write_text(f"KEY = '{LEGACY_KEY}'  # klaviyo\nx = " + "(" * 1500 + "1" + ")" * 1500 + "\n")
    (project / "broken.ts").write_text(f"// klaviyo\nconst KEY = '{LEGACY_KEY}';\nexport const f = (;\n")
    result, report = _scan(project, klint)
    assert result.code == 1, result.err
    assert report["diagnostics"] == []
    assert sorted((f["path"], f["code"], f["start"]["line"]) for f in report["findings"]) == [
        ("broken.ts", "KL001", 2), ("deep.py", "KL001", 1)]


def test_long_operator_chain_is_over_the_nesting_budget(project, klint):
    chain = " + ".join(f"'{index}'" for index in range(8000))
    (project / "chain.py").write_text(f"import requests  # klaviyo\nURL = {chain}\n")
    (project / "ok.py").write_text(RAW_CALL)
    started = time.monotonic()
    result, report = _scan(project, klint)
    assert time.monotonic() - started < 30
    assert result.code == 1
    assert [(d["path"], d["kind"], d["message"]) for d in report["diagnostics"]] == [
        ("chain.py", "parse-error", "Python file has expressions nested more than 100 levels deep, "
                                    "over the analysis budget; only text checks ran")]
    assert [(f["path"], f["code"]) for f in report["findings"]] == [
        ("ok.py", "KL002"), ("ok.py", "KL003"), ("ok.py", "KL011")]


def test_huge_list_is_over_the_node_budget(project, klint):
    items = ", ".join("1" for _ in range(160_000))
    (project / "data.py").write_text(f"# klaviyo\nimport requests\nDATA = [{items}]\n")
    result, report = _scan(project, klint)
    assert result.code == 0
    assert [(d["path"], d["message"]) for d in report["diagnostics"]] == [
        ("data.py", "Python file has more than 150,000 syntax nodes, over the analysis budget; "
                    "only text checks ran")]


def test_code_over_the_byte_budget_gets_text_checks_only(project, klint):
    filler = "# klaviyo padding line\n" * (2 * 1024 * 1024 // 23 + 10)
    (project / "big.py").write_text(f"KEY = '{LEGACY_KEY}'\n{RAW_CALL}{filler}")
    (project / "big.js").write_text(f"const k = '{LEGACY_KEY}';\nfetch('https://a.klaviyo.com/api/lists/');\n{filler}".replace("#", "//"))
    result, report = _scan(project, klint)
    assert [(d["path"], d["message"]) for d in report["diagnostics"]] == [
        ("big.js", "JS/TS file over the 2 MiB analysis budget; only text checks ran"),
        ("big.py", "Python file over the 2 MiB analysis budget; only text checks ran")]
    assert sorted((f["path"], f["code"], f["start"]["line"]) for f in report["findings"]) == [
        ("big.js", "KL001", 1), ("big.py", "KL001", 1)]


def test_one_diagnostic_per_file_whatever_the_number_of_rules(project, klint):
    (project / "broken.py").write_text("import requests  # klaviyo revision hmac\ndef f(:\n")
    result, report = _scan(project, klint)
    assert [(d["path"], d["kind"], d["line"]) for d in report["diagnostics"]] == [
        ("broken.py", "parse-error", 2)]


def test_cr_only_line_endings_give_every_rule_the_same_lines(project, klint):
    text = f'import requests\r# klaviyo\rKEY = "{LEGACY_KEY}"\rrequests.get("https://a.klaviyo.com/api/lists/", headers={{"revision": "2026-10-15"}})\r'
    (project / "mac.py").write_bytes(text.encode())
    result, report = _scan(project, klint)
    assert sorted((f["code"], f["start"]["line"], f["start"]["column"]) for f in report["findings"]) == [
        ("KL001", 3, 8), ("KL002", 4, 1), ("KL011", 4, 1)]


def _doubling(python: bool, levels: int) -> str:
    """Strings that double at every level: 2**levels copies of the first one if expanded."""
    lines = []
    for level in range(1, levels + 1):
        previous = f"a{level - 1}"
        if python:
            lines.append(f'a{level} = f"{{{previous}}}{{{previous}}}{{{previous}}}{{{previous}}}"')
        else:
            lines.append(f"const a{level} = `${{{previous}}}${{{previous}}}${{{previous}}}${{{previous}}}`;")
    return "\n".join(lines)


def test_strings_that_double_at_every_level_are_bounded(project, klint):
    (project / "blowup.py").write_text(
        'import requests\na0 = "https://a.klaviyo.com/api/lists/"\n' + _doubling(True, 12)
        + "\nrequests.get(a12, timeout=5)\n")
    (project / "blowup.ts").write_text(
        'const a0 = "https://a.klaviyo.com/api/lists/";\n' + _doubling(False, 12)
        + '\nfetch(a12, { signal });\n')
    started = time.monotonic()
    result, report = _scan(project, klint)
    assert time.monotonic() - started < 20
    assert len(result.out) < 20_000
    assert sorted((f["path"], f["code"], f["start"]["line"]) for f in report["findings"]) == [
        ("blowup.py", "KL002", 15), ("blowup.py", "KL003", 15),
        ("blowup.ts", "KL002", 14), ("blowup.ts", "KL003", 14)]
    assert max(len(f["message"]) for f in report["findings"]) < 300
