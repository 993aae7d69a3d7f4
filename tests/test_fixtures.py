"""The bundled example project: klint reports exactly the planted problems, nothing else."""

from __future__ import annotations

import json

from conftest import ROOT

EXPECTED = {
    ("fixtures/node-service/src/sync.ts", 4, "KL001"),
    ("fixtures/python-service/app/settings.py", 6, "KL001"),
}


def test_fixtures_report_exactly_the_planted_problems(klint):
    result = klint("fixtures", "-f", "json", "--as-of", "2026-11-26", cwd=ROOT)
    assert result.code == 1, result.err
    document = json.loads(result.out)
    found = {(f["path"], f["start"]["line"], f["code"]) for f in document["findings"]}
    assert found == EXPECTED
    assert document["diagnostics"] == []
