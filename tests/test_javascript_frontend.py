"""JS/TS front end: grammar per extension, syntax errors as diagnostics, bundles skipped."""

from __future__ import annotations

import json


def scan(project, klint, files):
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    document = json.loads(klint("-f", "json", cwd=project).out)
    return ({(f["path"], f["start"]["line"], f["code"]) for f in document["findings"]},
            document["diagnostics"])


CALL = 'fetch("https://a.klaviyo.com/api/lists/", { signal, headers: { revision: "2026-10-15" } });\n'


def test_every_extension_is_parsed_with_its_grammar(project, klint):
    files = {f"src/a{ext}": CALL for ext in (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts")}
    files["src/view.tsx"] = ("export const V = (p: { n: number }) => <div>{p.n}</div>;\n" + CALL)
    files["src/view.jsx"] = "export const V = () => <b/>;\n" + CALL
    found, diagnostics = scan(project, klint, files)
    assert diagnostics == []
    assert {(path, code) for path, _line, code in found} == {(path, "KL002") for path in files}


def test_syntax_error_is_a_diagnostic_and_the_rest_is_checked(project, klint):
    found, diagnostics = scan(project, klint, {
        "broken.ts": 'const x = {;\n' + CALL + 'const k = "pk_3881b23b480384538106a6dffaac0b55fb";\n'})
    assert ("broken.ts", 3, "KL001") in found
    assert ("broken.ts", 2, "KL002") in found
    [diagnostic] = diagnostics
    assert diagnostic["kind"] == "parse-error" and diagnostic["line"] == 1


def test_minified_bundles_and_node_modules_are_skipped(project, klint):
    found, _ = scan(project, klint, {
        "dist/app.js": CALL, "public/app.min.js": CALL, "node_modules/x/index.js": CALL, "src/ok.js": CALL})
    assert {path for path, _line, _code in found} == {"src/ok.js"}


def test_non_klaviyo_javascript_is_not_parsed(project, klint):
    found, diagnostics = scan(project, klint, {"src/util.ts": "export const x = {;\n"})
    assert found == set() and diagnostics == []


def test_vue_and_svelte_script_blocks_keep_their_positions(project, klint):
    found, diagnostics = scan(project, klint, {
        "src/Signup.svelte": "<h1>Café ☕ — join</h1>\n<script>\n  const go = () => " + CALL + "</script>\n<p>{x}</p>\n",
        "src/Join.vue": '<template><p>{{ café }}</p></template>\n<script setup lang="ts">\n' + CALL
                        + "</script>\n<style>.a { color: red }</style>\n",
    })
    assert diagnostics == []
    assert found == {("src/Signup.svelte", 3, "KL002"), ("src/Join.vue", 3, "KL002")}
    document = json.loads(klint("-f", "json", "src/Signup.svelte", cwd=project).out)
    assert document["findings"][0]["start"]["column"] == len("  const go = () => ") + 1
