"""A JS/TS file whose text holds nothing a rule reads gets the model of an empty program (the
npm SDK's thousands of generated models); one that imports a project module that does is
modelled in full. Findings are the same with the shortcut off."""

from __future__ import annotations

import pytest

from klint import engine
from klint.config import CliOverrides, load_settings
from klint.frontends.javascript import _MATTER_WORDS, _MATTERS_RE, _matters_by_text, may_matter
from klint.index import ProjectIndex


@pytest.mark.parametrize("text, expected", [
    ("/** Klaviyo API. Contact: developers@klaviyo.com */\nexport class Profile { email?: string; }\n", False),
    ('import axios from "axios";\n', True),
    ('const https = require("https");\n', True),
    ('import { ProfilesApi } from "klaviyo-api";\n', True),
    ('const k = require("node-klaviyo");\n', True),
    ("if (res.status === 429) retry();\n", True),
    ("console.log(x);\n", True),
    ('const body = { phoneNumber: "555" };\n', True),
    ("const key = process.env.NEXT_PUBLIC_KLAVIYO_KEY;\n", True),
    ('const url = `https://a.klaviyo.com/api/v1/${path}`;\n', True),
    ("export const total = (a: number, b: number) => a + b;\n", False),
])
def test_what_makes_a_file_matter(text, expected):
    assert may_matter(text, None, None) is expected


def test_a_file_matters_through_what_it_imports(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "transport.ts").write_text('export const send = (u: string) => fetch(u);\n',
                                                   encoding="utf-8")
    (tmp_path / "lib" / "index.ts").write_text('export { send } from "./transport";\n', encoding="utf-8")
    (tmp_path / "lib" / "math.ts").write_text("export const add = (a: number, b: number) => a + b;\n",
                                              encoding="utf-8")
    index = ProjectIndex(tmp_path)
    route = tmp_path / "route.ts"
    assert may_matter('import { send } from "./lib";\n', index, route) is True
    assert may_matter('import { send } from "../transport";\n', index, tmp_path / "lib" / "deep" / "x.ts") is True
    assert index.peeked == {tmp_path / "lib" / "index.ts", tmp_path / "lib" / "transport.ts"}
    assert may_matter('import { add } from "./lib/math";\n', index, route) is False


def test_the_shortcut_hides_nothing(tmp_path):
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    (tmp_path / "lib.ts").write_text(
        'export function klaviyoPost(path: string, body: object) {\n'
        '  return fetch(`https://a.klaviyo.com/api/${path}`, { method: "POST", body: JSON.stringify(body) });\n}\n',
        encoding="utf-8")
    (tmp_path / "route.ts").write_text('import { klaviyoPost } from "./lib";\n// Klaviyo sync\n'
                                       'export const signup = (p: object) => klaviyoPost("profiles/", p);\n',
                                       encoding="utf-8")
    (tmp_path / "model.ts").write_text("/** Klaviyo profile */\nexport interface Profile { email: string }\n",
                                       encoding="utf-8")
    settings = load_settings(CliOverrides(select=["ALL"], as_of="2026-11-26"), cwd=tmp_path)
    runs = [engine.lint_paths([tmp_path], settings, jobs=1, prefilter=prefilter) for prefilter in (True, False)]
    shown = [sorted((f.path, f.span.start_line, f.code) for f in run.findings) for run in runs]
    assert ("route.ts", 3, "KL006") in shown[0] and shown[0] == shown[1]


def test_types_taken_from_a_module_do_not_make_a_file_matter(tmp_path):
    """The npm SDK's 1,900 model classes each import `RequestFile`, a type, from `models.ts`,
    which imports axios: a type carries no value a rule can follow."""
    (tmp_path / "models.ts").write_text(
        'import axios from "axios";\nexport type RequestFile = string | Buffer;\nexport interface Options { a: 1 }\n'
        'export interface send { (u: string): void }\nexport const send = (u: string) => axios.get(u);\n'
        'export function post(u: string) { return axios.post(u); }\n', encoding="utf-8")
    index = ProjectIndex(tmp_path)
    model = tmp_path / "profile.ts"
    for text, expected in [
        ('import { RequestFile } from "./models";\n', False),
        ('import { RequestFile as File, Options } from "./models";\n', False),
        ('import type { post } from "./models";\n', False),
        ('import { type post, type RequestFile } from "./models";\n', False),
        ('import { RequestFile, post } from "./models";\n', True),
        ('import { send } from "./models";\n', True),  # an interface and a value of one name
        ('import models from "./models";\n', True),
        ('import * as models from "./models";\n', True),
        ('export { RequestFile } from "./models";\n', True),
        ('const models = require("./models");\n', True),
    ]:
        index.peeked.clear()
        assert may_matter(text, index, model) is expected, text
        marked = "type {" in text or "{ type" in text  # the import itself says: the module is not read
        assert index.peeked == (set() if marked else {tmp_path / "models.ts"}), text


def test_a_table_indexed_by_an_unknown_key_loads_none_of_its_values(tmp_path):
    """`typeMap[type]` over imported classes: the key is unknown, so the table (and the modules
    of its thousand classes) is never evaluated; a known key evaluates the table."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.ts").write_text(f'export const {name.upper()} = "https://a.klaviyo.com/api/{name}/";\n',
                                              encoding="utf-8")
    index = ProjectIndex(tmp_path)
    for key, loaded in [("kind", set()), ('"A"', {"a.ts", "b.ts"})]:
        (tmp_path / "client.ts").write_text(
            'import { A } from "./a";\nimport { B } from "./b";\nconst table: Record<string, string> = { A, B };\n'
            f'export const get = (kind: string) => fetch(table[{key}]);\n', encoding="utf-8")
        index = ProjectIndex(tmp_path)
        model = index.model_for(tmp_path / "client.ts")
        index.used.clear()
        urls = [call.url for call in model.http_calls]
        assert {path.name for path in index.used} == loaded, key
        assert [getattr(url, "text", None) for url in urls] == (["https://a.klaviyo.com/api/a/"] if loaded else [None])


# One text per quick pattern (and per word) in a case the exact search accepts, then near misses.
MATTERING_TEXTS = [f"x = {word.upper()}(u);\n" for word in _MATTER_WORDS] + [
    "x = HTTPS.get(u);\n", "const u = 'x.Klaviyo.io';\n", "if (s === 429) {}\n", "h.Revision = r;\n",
    "b.PhoneNumber = p;\n", "$fetch(u);\n", "'use client';\n", "h['Klaviyo-Signature'];\n", "'x-klaviyo-' + id;\n",
    "u = 'https://A.Klaviyo.com/api/x';\n", "u = 'https://a.klaviyo.com';\n", "k = NEXT_PUBLIC_K;\n",
    "k = VITE_K;\n", "k = PUBLIC_K;\n", "// é\nlog(x);\n",
]
QUIET_TEXTS = [
    "catalog.items();\n", "// see https://developers.klaviyo.com for details\n", "myfetch(u);\n",
    "export class RequestFile {}\n", "const x = 'é';\n", "k = MY_PUBLIC_K;\n", "v = 14290;\n",
]


@pytest.mark.parametrize("text", MATTERING_TEXTS + QUIET_TEXTS)
def test_the_quick_search_answers_as_the_exact_one(text):
    assert _matters_by_text(text) is (_MATTERS_RE.search(text) is not None) is (text in MATTERING_TEXTS)


def test_the_quick_search_answers_as_the_exact_one_on_every_sample():
    from pathlib import Path

    root = Path(__file__).parent.parent
    texts = [path.read_text(encoding="utf-8", errors="replace") for folder in ("tests/samples", "fixtures")
             for path in sorted((root / folder).rglob("*")) if path.suffix in (".js", ".ts", ".tsx", ".mjs", ".vue")]
    assert len(texts) >= 11  # mutmut copies tests/ but not fixtures/
    assert [_matters_by_text(text) for text in texts] == [_MATTERS_RE.search(text) is not None for text in texts]


def test_what_an_import_clause_takes_is_read_name_by_name(tmp_path):
    (tmp_path / "models.ts").write_text('import axios from "axios";\nexport type RequestFile = string;\n'
                                        'export interface Options { a: 1 }\nexport const post = (u: string) => axios.post(u);\n',
                                        encoding="utf-8")
    (tmp_path / "other.ts").write_text('import axios from "axios";\nexport const Options = axios.create();\n',
                                       encoding="utf-8")
    index = ProjectIndex(tmp_path)
    route = tmp_path / "route.ts"
    assert may_matter('import { Options, RequestFile } from "./models";\n', index, route) is False
    assert may_matter('import { Options } from "./other";\n', index, route) is True  # another module's Options
    assert may_matter('import type { Options } from "./models";\nimport { post } from "./models";\n', index, route)


def test_an_import_cycle_of_modules_that_hold_nothing_does_not_matter(tmp_path):
    (tmp_path / "a.ts").write_text('import { b } from "./b";\nexport const a = 1;\n', encoding="utf-8")
    (tmp_path / "b.ts").write_text('import { a } from "./a";\nexport const b = 2;\n', encoding="utf-8")
    (tmp_path / "self.ts").write_text('import { s } from "./self";\nimport { c } from "./c";\nexport const s = 1;\n',
                                      encoding="utf-8")
    (tmp_path / "c.ts").write_text('export const c = (u: string) => fetch(u);\n', encoding="utf-8")
    (tmp_path / "latin1.ts").write_bytes(b"export const x = '\xe9';\n")
    index = ProjectIndex(tmp_path)
    route = tmp_path / "route.ts"
    assert may_matter('import { a } from "./a";\n', index, route) is False
    assert index.peeked == {tmp_path / "a.ts", tmp_path / "b.ts"}
    assert may_matter('import { s } from "./self";\n', index, route) is True  # past its import of itself
    assert may_matter('import { x } from "./latin1";\n', index, route) is False  # unreadable: nothing


@pytest.mark.parametrize("name, dialect", [
    ("a.js", "javascript"), ("a.mjs", "javascript"), ("a.cjs", "javascript"), ("a.jsx", "javascript"),
    ("a.ts", "typescript"), ("a.mts", "typescript"), ("a.cts", "typescript"), ("A.VUE", "typescript"),
    ("a.svelte", "typescript"), ("a.tsx", "tsx"), ("B.TSX", "tsx"),
])
def test_each_extension_has_its_grammar(name, dialect):
    from klint.frontends.javascript import dialect_for

    assert dialect_for(name) == dialect


def test_a_component_keeps_only_its_script_blocks_in_place():
    from klint.frontends.javascript import script_blocks_only

    component = '<template>\n  <p>{{ a }}</p>\n</template>\n<script setup lang="ts">\nconst a = 1;\n</script>\n<style>p{}</style>\n'
    blanked = script_blocks_only(component)
    assert len(blanked) == len(component) and blanked.count("\n") == component.count("\n")
    assert [line.strip() for line in blanked.split("\n")] == ["", "", "", "", "const a = 1;", "", "", ""]
    assert blanked.split("\n")[4] == "const a = 1;" and blanked.split("\n")[3] == " " * len('<script setup lang="ts">')
    assert blanked.replace(" ", "").replace("\n", "") == "consta=1;"


def test_what_a_file_imports_is_read_for_a_word(tmp_path):
    from klint.frontends.javascript import imports_module_mentioning

    (tmp_path / "lib.ts").write_text('export const send = (u: string) => fetch(u); // Klaviyo\n', encoding="utf-8")
    (tmp_path / "math.ts").write_text("export const add = (a: number, b: number) => a + b;\n", encoding="utf-8")
    (tmp_path / "types.ts").write_text("export type Klaviyo = string;\n", encoding="utf-8")
    index = ProjectIndex(tmp_path)
    route = tmp_path / "route.ts"
    assert imports_module_mentioning(index, route, 'import { add } from "./math";\nimport { send } from "./lib";\n',
                                     "klaviyo")
    assert index.peeked == {tmp_path / "math.ts", tmp_path / "lib.ts"}
    index.peeked.clear()
    assert not imports_module_mentioning(index, route, 'import { add } from "./math";\n', "klaviyo")
    assert not imports_module_mentioning(index, route, 'import type { Klaviyo } from "./types";\n', "klaviyo")
    assert index.peeked == {tmp_path / "math.ts"}


@pytest.mark.parametrize("named", ["jobs.py", "jobs.ts"])
def test_a_file_named_alone_reads_what_it_imports(named, tmp_path):
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    (tmp_path / "settings.py").write_text('BASE = "https://a.klaviyo.com/api"\n', encoding="utf-8")
    (tmp_path / "settings.ts").write_text('export const BASE = "https://a.klaviyo.com/api";\n', encoding="utf-8")
    (tmp_path / "jobs.py").write_text("import requests\nfrom settings import BASE\n\n"
                                      "requests.get(f'{BASE}/lists/', timeout=5)\n", encoding="utf-8")
    (tmp_path / "jobs.ts").write_text('import { BASE } from "./settings";\n\n'
                                      "fetch(`${BASE}/lists/`, { signal: AbortSignal.timeout(5000) });\n", encoding="utf-8")
    settings = load_settings(CliOverrides(select=["KL002"], as_of="2026-11-26"), cwd=tmp_path)
    alone = engine.lint_paths([tmp_path / named], settings, jobs=1)
    assert [(f.path, f.span.start_line, f.code) for f in alone.findings] == [(named, 4 if named == "jobs.py" else 3, "KL002")]
    whole = engine.lint_paths([tmp_path], settings, jobs=1)
    assert [f for f in whole.findings if f.path == named] == alone.findings


def test_a_folder_run_follows_an_alias_that_does_not_share_the_modules_name(tmp_path):
    """`@crm` names lib/events.ts: the pre-filter's second pass matches module names, so the
    alias's target's name joins the importer's import words."""
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"paths": {"@crm": ["./lib/events.ts"]}}}',
                                            encoding="utf-8")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "events.ts").write_text(
        "export const send = async (path: string, body: unknown) =>\n"
        "  fetch(`https://a.klaviyo.com/api/${path}`, { method: \"POST\", body: JSON.stringify(body) });\n",
        encoding="utf-8")
    (tmp_path / "x.ts").write_text('import { send } from "@crm";\nexport const go = () => send("profiles/", {});\n',
                                   encoding="utf-8")
    settings = load_settings(CliOverrides(select=["KL006"], as_of="2026-11-26"), cwd=tmp_path)
    for paths in ([tmp_path], [tmp_path / "x.ts"]):
        run = engine.lint_paths(paths, settings, jobs=1)
        assert [(f.path, f.span.start_line, f.code) for f in run.findings] == [("x.ts", 2, "KL006")], paths


def _project_settings(root, files: dict[str, str], select: list[str], host: str = "https://a.klaviyo.com"):
    """Write a project of ``files`` (URLs pointed at ``host``) and its settings for ``select``."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text.replace("https://a.klaviyo.com", host), encoding="utf-8")
    (root / "klint.toml").write_text("", encoding="utf-8")
    return load_settings(CliOverrides(select=select, as_of="2026-11-26"), cwd=root)


KL006_MESSAGE = "POST /api/profiles/ only creates and fails for an existing profile; POST /api/profile-import/ upserts"


def _pinned(run) -> list[tuple]:
    """A run's findings as Fixit pins them: path, start and end, code, severity, message."""
    return [(f.path, f.span.start_line, f.span.start_col, f.span.end_line, f.span.end_col, f.code,
             f.severity.value, f.message) for f in run.findings]


HUBS = {  # a package's __init__.py / index.ts re-exports what names Klaviyo; the importer never does
    "app/__init__.py": "",
    "app/services/__init__.py": "from .conf import BASE\n",
    "app/services/conf.py": 'BASE = "https://a.klaviyo.com/api/v2/"\n',
    "app/views.py": "import requests\nfrom app.services import BASE\n\nrequests.get(BASE + 'lists', timeout=5)\n",
    "lib/index.ts": 'export * from "./events";\n',
    "lib/events.ts": "export const send = async (path: string, body: unknown) =>\n"
                     "  fetch(`https://a.klaviyo.com/api/${path}`, { method: \"POST\", body: JSON.stringify(body) });\n",
    "routes/x.ts": 'import { send } from "../lib/index";\nexport const go = () => send("profiles/", {});\n',
}


def test_a_re_export_hub_passes_an_import_on_in_every_mode(tmp_path):
    settings = _project_settings(tmp_path, HUBS, ["KL002", "KL005", "KL006"])
    importers = [
        ("app/views.py", 4, 1, 4, 40, "KL002", "warning", "raw requests request to a.klaviyo.com/api/v2/lists; use "
         "the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        ("app/views.py", 4, 1, 4, 40, "KL005", "error", "/api/v2/lists is a retired Klaviyo v1/v2 endpoint (410 Gone "
         "since July 2024); use the current API (e.g. POST /api/events/, /api/profile-import/)"),
        ("routes/x.ts", 2, 25, 2, 46, "KL006", "warning", KL006_MESSAGE)]
    assert _pinned(engine.lint_paths([tmp_path], settings, jobs=1)) == [
        ("app/services/conf.py", 1, 8, 1, 39, "KL005", "error", "/api/v2/ is a retired Klaviyo v1/v2 endpoint (410 Gone "
         "since July 2024); use the current API (e.g. POST /api/events/, /api/profile-import/)"),
        *importers[:2],
        ("lib/events.ts", 2, 3, 2, 93, "KL002", "warning", "raw fetch request to a.klaviyo.com/api/…; use the "
         "klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        importers[2]]
    alone = engine.lint_paths([tmp_path / "app" / "views.py", tmp_path / "routes" / "x.ts"], settings, jobs=1)
    assert _pinned(alone) == importers


MODULE_HELPERS = {  # helpers reached as a module's attribute, and helpers that call helpers
    "app/__init__.py": "",
    "app/klaviyo_http.py": "import requests\n\ndef send(path, body):\n"
                           "    return requests.post(f'https://a.klaviyo.com/api/{path}', json=body, timeout=5,\n"
                           "                         headers={'revision': '2026-10-15'})\n\n"
                           "def post(path, body):\n    return send(path, body)\n",
    "app/views.py": "from app import klaviyo_http\nimport app.klaviyo_http as kh\nfrom app.klaviyo_http import post\n\n"
                    "def a(p):\n    return klaviyo_http.send('profiles/', p)\n\ndef b(p):\n    return kh.post('profiles/', p)\n\n"
                    "def c(p):\n    return post('profiles/', p)\n",
    "lib/events.ts": "export const send = async (path: string, body: unknown) =>\n"
                     "  fetch(`https://a.klaviyo.com/api/${path}`, { method: \"POST\", body: JSON.stringify(body) });\n"
                     "export async function post(path: string, body: unknown) { return send(path, body); }\n",
    "lib/def.ts": 'import { send } from "./events";\nexport default { send }; // the Klaviyo helpers as one object\n',
    "local.ts": "const klaviyo = {\n  post: (path: string, body: unknown) =>\n"
                "    fetch(`https://a.klaviyo.com/api/${path}`, { method: \"POST\", body: JSON.stringify(body) }),\n"
                '};\nexport const go = () => klaviyo.post("profiles/", {});\n',
    "routes.ts": 'import * as ev from "./lib/events";\nimport { post } from "./lib/events";\n'
                 'export const a = () => ev.send("profiles/", {});\nexport const b = () => ev.post("profiles/", {});\n'
                 'export const c = () => post("profiles/", {});\nimport helpers from "./lib/def";\n'
                 'export const d = () => helpers.send("profiles/", {});\n',
}


@pytest.mark.parametrize("host", ["https://a.klaviyo.com", "https://api.example.com"])
def test_helpers_called_as_module_attributes_and_through_other_helpers(host, tmp_path):
    settings = _project_settings(tmp_path, MODULE_HELPERS, ["KL006"], host)
    run = engine.lint_paths([tmp_path], settings, jobs=1)
    expected = [(path, line, start, line, end, "KL006", "warning", KL006_MESSAGE) for path, line, start, end in [
        ("app/views.py", 6, 12, 45), ("app/views.py", 9, 12, 35), ("app/views.py", 12, 12, 32),
        ("local.ts", 5, 25, 54),  # a helper held by an object of the same module
        ("routes.ts", 3, 24, 48), ("routes.ts", 4, 24, 48), ("routes.ts", 5, 24, 45),
        ("routes.ts", 7, 24, 53)]]  # the last: an object's function, `export default { send }`
    assert _pinned(run) == (expected if "klaviyo" in host else [])


DEEP_HELPERS = {  # an imported helper three calls away from its raw call; an SDK call and a loop through one
    "app/__init__.py": "",
    "app/k.py": "import requests\nfrom klaviyo_api import KlaviyoAPI\n\nclient = KlaviyoAPI('x')\n\n"
                "def send(path, body):\n    return requests.post(f'https://a.klaviyo.com/api/{path}', json=body, timeout=5,\n"
                "                         headers={'revision': '2026-10-15'})\n\n"
                "def level2(path, body):\n    return send(path, body)\n\n"
                "def level3(path, body):\n    return level2(path, body)\n\n"
                "def level4(path, body):\n    return level3(path, body)\n\n"
                "def level5(path, body):\n    return level4(path, body)\n\n"
                "def track(body):\n    return client.Events.create_event(body)\n",
    "app/views.py": "from app import k\n\n"
                    "def a(p):\n    return k.level3('profiles/', p)\n\n"
                    "def b(p):\n    return k.level4('profiles/', p)\n\n"
                    "def c(name):\n    return k.track({'data': {'type': 'event', 'attributes': {'properties': {},\n"
                    "        'metric': {'data': {'type': 'metric', 'attributes': {'name': name}}}}}})\n\n"
                    "def d(people):\n    for p in people:\n        k.send('profiles/', p)\n\n"
                    "def e(p):\n    return k.level5('profiles/', p)\n",
}


def test_imported_helpers_are_followed_three_levels_for_http_sdk_and_loops(tmp_path):
    settings = _project_settings(tmp_path, DEEP_HELPERS, ["KL006", "KL007", "KL019"])
    run = engine.lint_paths([tmp_path], settings, jobs=1)
    assert _pinned(run) == [
        ("app/views.py", 4, 12, 4, 36, "KL006", "warning", KL006_MESSAGE),  # level3 → level2 → send
        ("app/views.py", 7, 12, 7, 36, "KL006", "warning", KL006_MESSAGE),  # level4: three calls in the module, the bound
        ("app/views.py", 10, 12, 11, 81, "KL007", "warning", "event has no unique_id: a retried request can record it "
         "twice; set attributes.unique_id (e.g. the order id)"),  # the SDK event built at the call site
        ("app/views.py", 15, 9, 15, 31, "KL006", "warning", KL006_MESSAGE),  # one profile per item of a loop
        ("app/views.py", 15, 9, 15, 31, "KL019", "warning", "POST /api/profiles/ writes one item per loop iteration and "
         "meets Klaviyo's rate limits quickly; use Bulk Import Profiles (up to 10,000 profiles per job)")]
    # level5 (line 18) is four calls inside the module: past MAX_HELPER_DEPTH, not followed
