"""Bare specifiers through tsconfig.json / jsconfig.json `paths` and `baseUrl`
(klint/frontends/tsconfig.py): the nearest config applies, `extends` is followed, comments and
trailing commas are read, and nothing outside the project root is."""

from __future__ import annotations

import pytest

from klint.frontends.javascript_semantics import locate_aliased
from klint.frontends.tsconfig import _json_with_comments
from klint.index import ProjectIndex


def _write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _located(index, root, importer: str, specifier: str):
    found = locate_aliased(index, root / importer, specifier)
    return (found[0].relative_to(root).as_posix(), found[1]) if found is not None else None


def test_json_with_comments_and_trailing_commas():
    text = '{\n  // a comment\n  "a": "//not a comment", /* block\n */ "b": ["", "x,]",],\n  "c": {"d": 1,},\n}\n'
    assert _json_with_comments(text) == {"a": "//not a comment", "b": ["", "x,]"], "c": {"d": 1}}
    assert _json_with_comments("{ not json") is None
    assert _json_with_comments("[1, 2]") is None


def test_paths_and_base_url(tmp_path):
    _write(tmp_path, {
        "tsconfig.json": '{ "compilerOptions": { "baseUrl": "src", "paths": {\n'
                         '  "@/*": ["./*"], "~cfg": ["config/index.js"], "@lib/*": ["missing/*", "lib/*"] } } }',
        "src/lib/klaviyo.ts": "export const a = 1;\n",
        "src/config/index.js": "module.exports = {};\n",
        "src/utils.ts": "export const u = 1;\n",
    })
    index = ProjectIndex(tmp_path)
    assert _located(index, tmp_path, "src/app.ts", "@/lib/klaviyo.send") == ("src/lib/klaviyo.ts", ["send"])
    assert _located(index, tmp_path, "src/app.ts", "~cfg.klaviyo.baseUrl") == ("src/config/index.js", ["klaviyo", "baseUrl"])
    assert _located(index, tmp_path, "src/app.ts", "~cfgx") is None
    assert _located(index, tmp_path, "src/app.ts", "@lib/klaviyo") == ("src/lib/klaviyo.ts", [])  # second target
    assert _located(index, tmp_path, "src/app.ts", "utils.u") == ("src/utils.ts", ["u"])  # through baseUrl
    assert _located(index, tmp_path, "src/app.ts", "react.useState") is None  # a package
    assert index.peeked == {tmp_path / "tsconfig.json"}


def test_paths_without_base_url_are_relative_to_their_config_and_extends_is_followed(tmp_path):
    _write(tmp_path, {
        "tsconfig.base.json": '{ "compilerOptions": { "paths": { "#lib/*": ["./packages/lib/*"] } } }',
        "apps/web/tsconfig.json": '{ "extends": "../../tsconfig.base", "compilerOptions": { "strict": true } }',
        "packages/lib/klaviyo.ts": "export const a = 1;\n",
    })
    index = ProjectIndex(tmp_path)
    assert _located(index, tmp_path, "apps/web/page.tsx", "#lib/klaviyo.a") == ("packages/lib/klaviyo.ts", ["a"])
    assert index.peeked == {tmp_path / "apps/web/tsconfig.json", tmp_path / "tsconfig.base.json"}
    assert _located(index, tmp_path, "other/page.ts", "#lib/klaviyo") is None  # no config above it


def test_the_nearest_config_wins_and_jsconfig_counts(tmp_path):
    _write(tmp_path, {
        "tsconfig.json": '{ "compilerOptions": { "paths": { "@/*": ["./a/*"] } } }',
        "web/jsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./b/*"] } } }',
        "a/x.ts": "export const x = 1;\n",
        "web/b/x.js": "export const x = 2;\n",
    })
    index = ProjectIndex(tmp_path)
    assert _located(index, tmp_path, "web/pages/p.js", "@/x") == ("web/b/x.js", [])
    assert _located(index, tmp_path, "p.ts", "@/x") == ("a/x.ts", [])


@pytest.mark.parametrize("config", [
    "{ broken", '["not", "an", "object"]', '{ "compilerOptions": "x" }', '{ "compilerOptions": { "paths": [] } }',
    '{ "extends": "../outside.json" }', '{ "compilerOptions": { "paths": { "@/*": "src/*" } } }',
])
def test_a_config_that_maps_nothing_resolves_nothing(config, tmp_path):
    project = tmp_path / "project"
    _write(project, {"tsconfig.json": config, "src/x.ts": "export const x = 1;\n"})
    # would map `@/x` to project/src/x.ts, were a config outside the project read
    (tmp_path / "outside.json").write_text('{ "compilerOptions": { "paths": { "@/*": ["./project/src/*"] } } }',
                                           encoding="utf-8")
    assert _located(ProjectIndex(project), project, "src/app.ts", "@/x") is None


def test_targets_outside_the_project_are_never_read(tmp_path):
    project = tmp_path / "project"
    _write(project, {"tsconfig.json": '{ "compilerOptions": { "paths": { "@ext/*": ["../vendor/*"] } } }'})
    _write(tmp_path, {"vendor/x.ts": "export const x = 1;\n"})
    assert _located(ProjectIndex(project), project, "app.ts", "@ext/x") is None


def test_the_longest_prefix_wins_and_an_exact_pattern_beats_a_wildcard(tmp_path):
    _write(tmp_path, {
        "tsconfig.json": '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "@/lib/*": ["./lib/*"],\n'
                         '  "@/lib/config": ["./settings/config.ts"] } } }',
        "src/lib/x.ts": "export const x = 1;\n", "lib/x.ts": "export const x = 2;\n",
        "src/lib/config.ts": "export const c = 1;\n", "settings/config.ts": "export const c = 2;\n",
        "src/y.ts": "export const y = 1;\n",
    })
    index = ProjectIndex(tmp_path)
    assert _located(index, tmp_path, "app.ts", "@/lib/x.x") == ("lib/x.ts", ["x"])
    assert _located(index, tmp_path, "app.ts", "@/lib/config.c") == ("settings/config.ts", ["c"])
    assert _located(index, tmp_path, "app.ts", "@/y") == ("src/y.ts", [])


@pytest.mark.parametrize("hops, resolves", [(1, True), (5, True), (6, False)])
def test_extends_is_followed_five_configs_deep(hops, resolves, tmp_path):
    files = {"src/x.ts": "export const x = 1;\n",
             f"c{hops}.json": '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }'}
    for hop in range(hops):  # tsconfig.json -> c1.json -> … -> c{hops}.json; every other one names .json
        name = "tsconfig.json" if hop == 0 else f"c{hop}.json"
        files[name] = '{ "extends": "./c%d%s" }' % (hop + 1, ".json" if hop % 2 else "")
    _write(tmp_path, files)
    found = _located(ProjectIndex(tmp_path), tmp_path, "app.ts", "@/x")
    assert found == (("src/x.ts", []) if resolves else None)


def test_an_extends_cycle_ends(tmp_path):
    _write(tmp_path, {"tsconfig.json": '{ "extends": "./a.json", "compilerOptions": { "baseUrl": "." } }',
                      "a.json": '{ "extends": "./tsconfig.json" }', "x.ts": "export const x = 1;\n"})
    assert _located(ProjectIndex(tmp_path), tmp_path, "app.ts", "x") == ("x.ts", [])


def test_base_url_alone_and_targets_that_are_not_lists(tmp_path):
    _write(tmp_path, {"tsconfig.json": '{ "compilerOptions": { "baseUrl": "src", "paths": { "@/*": "x" } } }',
                      "src/x.ts": "export const x = 1;\n", "src/util/y.ts": "export const y = 1;\n"})
    index = ProjectIndex(tmp_path)
    assert _located(index, tmp_path, "app.ts", "util/y") == ("src/util/y.ts", [])
    assert _located(index, tmp_path, "app.ts", "@/x") is None  # `"@/*": "x"` is not a list of targets


def test_an_exact_pattern_beats_a_longer_wildcard(tmp_path):
    _write(tmp_path, {"tsconfig.json": '{ "compilerOptions": { "paths": { "cfg": ["./a.ts"], "cfg.*": ["./b/*"] } } }',
                      "a.ts": "export const x = 1;\n", "b/x.ts": "export const x = 2;\n"})
    assert _located(ProjectIndex(tmp_path), tmp_path, "app.ts", "cfg.x") == ("a.ts", ["x"])


def test_nothing_is_read_through_a_symlinked_folder(tmp_path):
    """The walk never follows a link; module resolution must not either, for a folder on the way."""
    outside, project = tmp_path / "outside", tmp_path / "project"
    _write(outside, {"events.ts": "export const x = 1;\n", "base.json": '{ "compilerOptions": { "baseUrl": "." } }',
                     "settings.py": "BASE = 1\n"})
    _write(project, {"tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }',
                     "other/tsconfig.json": '{ "extends": "./cfg/base.json" }', "app/__init__.py": ""})
    (project / "lib").symlink_to(outside, target_is_directory=True)
    (project / "other" / "cfg").symlink_to(outside, target_is_directory=True)
    (project / "app" / "ext").symlink_to(outside, target_is_directory=True)
    index = ProjectIndex(project)
    assert _located(index, project, "routes/x.ts", "@/lib/events.x") is None
    assert _located(index, project, "other/x.ts", "events.x") is None  # the extended config is not read
    from klint.frontends.python_semantics import locate_python_module

    assert locate_python_module(index, project / "app" / "views.py", "app.ext.settings.BASE") == (
        project / "app" / "__init__.py", ["ext", "settings", "BASE"])


@pytest.mark.parametrize("config", [
    '{"x": ' + "[" * 1000 + "]" * 1000 + "}",  # nesting past the recursion limit
    '{ "compilerOptions": { "baseUrl": "./src\\u0000" } }',
    '{ "compilerOptions": { "paths": { "@/*": ["./src\\u0000/*"] } } }',
    '{ "extends": "./base\\u0000.json" }',
    "/*a" * 5000,  # never closed
])
def test_a_hostile_config_maps_nothing_and_crashes_nothing(config, tmp_path):
    _write(tmp_path, {"tsconfig.json": config, "src/x.ts": "export const x = 1;\n"})
    assert _located(ProjectIndex(tmp_path), tmp_path, "app.ts", "@/x") is None


def test_a_nul_in_an_import_is_no_module(tmp_path):
    from klint.frontends.javascript_semantics import locate_relative

    assert locate_relative(ProjectIndex(tmp_path), tmp_path / "a.ts", "./ev\x00ents") is None


def test_a_js_extension_names_the_typescript_source(tmp_path):
    """NodeNext: TypeScript imports `./b.js` for `b.ts`."""
    from klint.frontends.javascript_semantics import locate_relative

    _write(tmp_path, {"b.ts": "export const B = 1;\n", "c.mts": "export const C = 1;\n", "d.js": "exports.D = 1;\n",
                      "tsconfig.json": '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }'})
    index = ProjectIndex(tmp_path)
    assert locate_relative(index, tmp_path / "a.ts", "./b.js.B") == (tmp_path / "b.ts", ["B"])
    assert locate_relative(index, tmp_path / "a.ts", "./c.mjs.C") == (tmp_path / "c.mts", ["C"])
    assert locate_relative(index, tmp_path / "a.ts", "./d.js.D") == (tmp_path / "d.js", ["D"])  # the file itself first
    assert _located(index, tmp_path, "a.ts", "@/b.js.B") == ("b.ts", ["B"])
