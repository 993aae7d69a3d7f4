"""Regressions from an adversarial review of `--fix` (issue 12): fixes that would have broken
code at run time, and writes that would have changed more than the file's text."""

from __future__ import annotations

import json
import os
import stat

import pytest

from test_fixes import fix_example, write

# --- KL014: `hmac` / `crypto` must mean the module everywhere the rewrite puts them ----------

HMAC_SHADOWED = {
    "a local variable": ("import hashlib\nfrom hmac import new\n# Klaviyo-Signature\n"
                         "def check(request, secret, body):\n"
                         "    hmac = request.headers['Klaviyo-Signature']\n"
                         "    expected = new(secret, body, hashlib.sha256).hexdigest()\n"
                         "    return expected == hmac\n"),
    "another module as hmac": ("import hashlib\nfrom hmac import new\nfrom Crypto.Hash import HMAC as hmac\n"
                               "# Klaviyo-Signature\nok = new(k, b, hashlib.sha256).hexdigest() == sig\n"),
    "a parameter": ("import hashlib\nfrom hmac import new\n# Klaviyo-Signature\n"
                    "def f(hmac):\n    return new(k, b, hashlib.sha256).hexdigest() == sig\n"),
    "assigned later in the function": ("import hashlib\nfrom hmac import new\n# Klaviyo-Signature\n"
                                       "def g():\n    ok = sig == new(k, b, hashlib.sha256).hexdigest()\n"
                                       "    hmac = 1\n"),
}


@pytest.mark.parametrize("code", HMAC_SHADOWED.values(), ids=HMAC_SHADOWED.keys())
def test_no_compare_digest_where_hmac_is_something_else(code):
    fixed = fix_example(code, "hook.py", select=frozenset({"KL014"}))
    assert [f.code for f in fixed.result.findings] == ["KL014"]
    assert fixed.result.findings[0].fix is None
    assert fixed.text == code


def test_compare_digest_still_fixes_with_hmac_imported_under_another_name():
    code = ('"""Doc."""\nfrom __future__ import annotations\nimport hashlib, hmac as h\n# Klaviyo-Signature\n'
            "ok = h.new(k, b, hashlib.sha256).hexdigest() != sig\n")
    assert fix_example(code, "hook.py", select=frozenset({"KL014"})).text == (
        '"""Doc."""\nfrom __future__ import annotations\nimport hmac\nimport hashlib, hmac as h\n'
        "# Klaviyo-Signature\nok = not hmac.compare_digest(h.new(k, b, hashlib.sha256).hexdigest(), sig)\n")


_JS_HEAD = 'const crypto = require("crypto");\n// klaviyo webhook\nfunction check(sig) {\n' \
           '  const expected = crypto.createHmac("sha256", secret).update(body).digest("hex");\n'
CRYPTO_SHADOWED = {
    "a parameter": ('import crypto from "crypto";\nimport { createHmac } from "node:crypto";\n'
                    "// klaviyo webhook\nfunction check(crypto, sig) {\n"
                    '  const expected = createHmac("sha256", secret).update(body).digest("hex");\n'
                    "  return expected.length === sig.length && expected === sig;\n}\n"),
    "webcrypto in a block": (_JS_HEAD + "  { let crypto = globalThis.crypto;\n"
                             "    return sig.length === expected.length && sig !== expected; }\n}\n"),
}


@pytest.mark.parametrize("code", CRYPTO_SHADOWED.values(), ids=CRYPTO_SHADOWED.keys())
def test_no_timing_safe_equal_where_crypto_is_something_else(code):
    fixed = fix_example(code, "hook.js", select=frozenset({"KL014"}))
    assert [f.code for f in fixed.result.findings] == ["KL014"]
    assert fixed.result.findings[0].fix is None
    assert fixed.text == code


def test_timing_safe_equal_still_fixes_with_crypto_required():
    code = _JS_HEAD + "  return expected.length === sig.length && expected === sig;\n}\n"
    assert fix_example(code, "hook.js", select=frozenset({"KL014"})).text == code.replace(
        "&& expected === sig", "&& crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(sig))")


# --- writes: owner, read-only files, hard links --------------------------------------------

RAW = 'import requests\nrequests.get("https://a.klaviyo.com/api/lists/", headers={"Authorization": K})\n'
FIXED = ('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", '
         'headers={"Authorization": K, "revision": "2026-10-15"}, timeout=10)\n')


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_fix_keeps_the_owner_and_group(project, klint):
    path = write(project, "app.py", RAW)
    os.chown(path, 1234, 2345)
    os.chmod(path, 0o4750)
    klint("--fix", "--no-cache", cwd=project)
    info = path.stat()
    assert (path.read_text(), info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (FIXED, 1234, 2345, 0o4750)


def test_read_only_file_is_not_rewritten(project, klint):
    path = write(project, "app.py", RAW)
    os.chmod(path, 0o444)
    result = klint("--fix", "--no-cache", "-q", cwd=project)
    assert path.read_text() == RAW
    assert "klint: app.py: error: fixes not written: the file is read-only [fix]\n" in result.err
    assert result.code == 1


def test_hard_linked_file_is_not_split_from_its_links(project, klint):
    path = write(project, "app.py", RAW)
    os.link(path, project / "copy.txt")
    result = klint("--fix", "--no-cache", "-q", cwd=project)
    assert path.read_text() == RAW and (project / "copy.txt").read_text() == RAW
    assert path.stat().st_ino == (project / "copy.txt").stat().st_ino
    assert ("klint: app.py: error: fixes not written: the file has other hard links, which would keep "
            "the old text [fix]\n") in result.err


# --- mixed line endings: an added line takes the ending of the line it is added to ---------

def test_added_lines_take_the_ending_of_their_own_line(project, klint):
    code = ('import requests\r\nrequests.get(\n    "https://a.klaviyo.com/api/lists/",\n'
            '    headers={"Authorization": K},\n)\n')
    path = write(project, "app.py", code)
    klint("--fix", "--no-cache", cwd=project)
    assert path.read_bytes() == (b'import requests\r\nrequests.get(\n    "https://a.klaviyo.com/api/lists/",\n'
                                 b'    headers={"Authorization": K, "revision": "2026-10-15"},\n'
                                 b'    timeout=10,\n)\n')


# --- values from another module: no edit at their offsets, and --fix keeps their findings ---

SHARED_JS = ('// padding padding padding padding padding padding padding padding padding padding padding\n'
             '// padding padding padding padding padding padding padding padding padding padding padding\n'
             'export const AUTH = "Bearer " + process.env.KLAVIYO_PRIVATE_KEY;\n'
             'export const HEADERS = { Authorization: "Klaviyo-API-Key " + process.env.K };\n')
APP_JS = ('import { AUTH, HEADERS } from "./shared.js";\n'
          'await fetch("https://a.klaviyo.com/api/lists/", { headers: { Authorization: AUTH, '
          'revision: "2026-10-15" }, signal });\n'
          'await fetch("https://a.klaviyo.com/api/lists/", { headers: HEADERS, signal });\n')


def test_no_fix_edits_a_file_at_the_offsets_of_another(project, klint):
    write(project, "shared.js", SHARED_JS)
    write(project, "app.js", APP_JS)
    document = json.loads(klint("-f", "json", "--no-cache", "--select", "KL003,KL015", cwd=project).out)
    assert [(f["path"], f["start"]["line"], f["code"], f["fix"]) for f in document["findings"]] == [
        ("app.js", 2, "KL015", None), ("app.js", 3, "KL003", None)]
    result = klint("--fix", "--unsafe-fixes", "--no-cache", "--select", "KL003,KL015", cwd=project)
    assert (project / "app.js").read_text() == APP_JS and (project / "shared.js").read_text() == SHARED_JS
    assert result.code == 1


SHARED_PY = 'import os\nURL = "https://a.klaviyo.com/api/profiles/"\nHEADERS = {"Authorization": "k"}\n'
APP_PY = ('import requests\nfrom shared import URL, HEADERS\n'
          'requests.post(URL, headers={"Authorization": "k", "revision": "2026-10-15"}, json={}, timeout=5)\n'
          'requests.get("https://a.klaviyo.com/api/lists/", headers=HEADERS)\n')


def test_fix_reports_what_remains_with_other_modules_resolved(project, klint):
    write(project, "shared.py", SHARED_PY)
    path = write(project, "app.py", APP_PY)
    result = klint("--fix", "--unsafe-fixes", "--no-cache", "--select", "KL003,KL006,KL011", cwd=project)
    assert path.read_text() == APP_PY.replace("headers=HEADERS)", "headers=HEADERS, timeout=10)")
    assert (project / "shared.py").read_text() == SHARED_PY
    assert result.out == (
        "app.py:3:1: KL006 [create-instead-of-upsert] POST /api/profiles/ only creates and fails for an "
        "existing profile; POST /api/profile-import/ upserts\n"
        "app.py:4:1: KL003 [missing-revision-header] request to /api/lists/ has no 'revision' header; "
        "Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")\n"
        "Found 2 findings (1 error, 1 warning) in 3 files.\n")
    assert result.code == 1 and "rule-crash" not in result.err
