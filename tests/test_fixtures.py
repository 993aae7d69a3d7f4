"""The bundled example project: klint reports exactly the planted problems, nothing else."""

from __future__ import annotations

import json

from conftest import ROOT

EXPECTED = {
    ("fixtures/node-service/.env.example", 3, "KL017"),
    ("fixtures/node-service/package.json", 7, "KL008"),
    ("fixtures/node-service/package.json", 10, "KL005"),
    ("fixtures/node-service/src/sync.ts", 4, "KL001"),
    ("fixtures/node-service/src/sync.ts", 9, "KL006"),
    ("fixtures/node-service/src/sync.ts", 10, "KL010"),
    ("fixtures/node-service/src/sync.ts", 15, "KL007"),
    ("fixtures/node-service/src/sync.ts", 29, "KL002"),
    ("fixtures/node-service/src/sync.ts", 29, "KL011"),
    ("fixtures/node-service/src/sync.ts", 30, "KL004"),
    ("fixtures/node-service/src/sync.ts", 36, "KL002"),
    ("fixtures/node-service/src/sync.ts", 42, "KL020"),
    ("fixtures/python-service/app/klaviyo_sync.py", 7, "KL012"),
    ("fixtures/python-service/app/klaviyo_sync.py", 16, "KL009"),
    ("fixtures/python-service/app/klaviyo_sync.py", 17, "KL010"),
    ("fixtures/python-service/app/klaviyo_sync.py", 22, "KL006"),
    ("fixtures/python-service/app/klaviyo_sync.py", 26, "KL007"),
    ("fixtures/python-service/app/klaviyo_sync.py", 55, "KL022"),
    ("fixtures/python-service/app/klaviyo_sync.py", 60, "KL019"),
    ("fixtures/python-service/app/raw_client.py", 20, "KL002"),
    ("fixtures/python-service/app/raw_client.py", 20, "KL003"),
    ("fixtures/python-service/app/raw_client.py", 20, "KL011"),
    ("fixtures/python-service/app/raw_client.py", 24, "KL004"),
    ("fixtures/python-service/app/raw_client.py", 25, "KL002"),
    ("fixtures/python-service/app/raw_client.py", 30, "KL002"),
    ("fixtures/python-service/app/raw_client.py", 30, "KL005"),
    ("fixtures/python-service/app/raw_client.py", 34, "KL002"),
    ("fixtures/python-service/app/raw_client.py", 34, "KL013"),
    ("fixtures/python-service/app/raw_client.py", 34, "KL005"),
    ("fixtures/python-service/app/raw_client.py", 38, "KL002"),
    ("fixtures/python-service/app/raw_client.py", 39, "KL015"),
    ("fixtures/python-service/app/raw_client.py", 39, "KL004"),
    ("fixtures/python-service/app/raw_client.py", 44, "KL014"),
    ("fixtures/python-service/app/raw_client.py", 56, "KL002"),
    ("fixtures/python-service/app/raw_client.py", 57, "KL021"),
    ("fixtures/python-service/app/raw_client.py", 59, "KL002"),
    ("fixtures/python-service/app/webhooks.py", 14, "KL018"),
    ("fixtures/python-service/app/settings.py", 6, "KL001"),
    ("fixtures/python-service/app/settings.py", 10, "KL004"),
    ("fixtures/python-service/pyproject.toml", 6, "KL016"),
    ("fixtures/python-service/requirements-legacy.txt", 2, "KL005"),
    ("fixtures/python-service/requirements.txt", 3, "KL008"),
}


def test_fixtures_report_exactly_the_planted_problems(klint):
    result = klint("fixtures", "-f", "json", "--as-of", "2026-11-26", "--no-cache", cwd=ROOT)
    assert result.code == 1, result.err
    document = json.loads(result.out)
    found = {(f["path"], f["start"]["line"], f["code"]) for f in document["findings"]}
    assert found == EXPECTED
    assert document["diagnostics"] == []


def test_fixture_findings_in_full(klint):
    """Every finding pinned: path, line, column, end, code, severity and the whole message."""
    result = klint("fixtures", "-f", "json", "--as-of", "2026-11-26", "--no-cache", cwd=ROOT)
    found = [[f["path"], f["start"]["line"], f["start"]["column"], f["end"]["line"], f["end"]["column"],
              f["code"], f["severity"], f["message"]] for f in json.loads(result.out)["findings"]]
    assert found == json.loads((ROOT / "tests" / "expected" / "fixtures.json").read_text(encoding="utf-8"))
