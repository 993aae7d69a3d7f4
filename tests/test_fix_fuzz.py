"""Fuzz-style: `klint --fix --unsafe-fixes` over hundreds of mutated inputs (every rule example,
the samples, the fixtures; with CRLF and CR line endings, BOMs, non-ASCII text, tabs, duplicated,
swapped, deleted and truncated lines). No file may be left unparseable, truncated, with other
line endings or without its BOM, and a file that did not parse must be left byte for byte."""

from __future__ import annotations

import difflib
import random
import re
from pathlib import Path

from conftest import ROOT
from klint.discovery import TargetFile
from klint.fixes import parse_problem
from klint.frontends import frontends_for
from klint.rules import ALL_RULES
from klint.source import LINE_BREAK_RE

CASES = 320
_BOM = "\ufeff"


def _seeds() -> list[tuple[str, str]]:
    seeds = [(example.filename, example.code) for rule in ALL_RULES for example in rule.INVALID
             if example.fixed is not None or rule.code in ("KL003", "KL011", "KL014", "KL015")]
    for path in sorted((ROOT / "tests" / "samples").iterdir()) + sorted((ROOT / "fixtures").rglob("*")):
        if path.is_file() and frontends_for(path.name) & {"code", "manifest"}:
            seeds.append((path.name, path.read_text(encoding="utf-8")))
    return seeds


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        choice = rng.randrange(8)
        index = rng.randrange(len(lines))
        if choice == 0:
            lines.insert(index, lines[index])  # a second copy
        elif choice == 1 and len(lines) > 2:
            del lines[index]
        elif choice == 2:
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif choice == 3:
            lines[index] += rng.choice(["  ", "\t", " # é ünïcode ✓", " // ✓ 日本"])
        elif choice == 4:
            lines.insert(index, rng.choice(["", "# ✓ comment", "// ✓ comment", "x = 'é'"]))
        elif choice == 5:
            lines[index] = re.sub(r"^( +)", lambda m: "\t" * (len(m.group(1)) // 4) + " " * (len(m.group(1)) % 4),
                                  lines[index])
        elif choice == 6:
            cut = rng.randrange(len(text) + 1)
            return text[:cut]  # truncated input: must stay as it is if it no longer parses
        else:
            lines[index] = lines[index].replace("'", '"') if rng.random() < 0.5 else lines[index]
    text = "\n".join(lines)
    ending = rng.choice(["\n", "\n", "\r\n", "\r"])
    text = text.replace("\n", ending)
    return (_BOM if rng.random() < 0.2 else "") + text


def _breaks(text: str) -> set[str]:
    return set(LINE_BREAK_RE.findall(text))


def test_fix_never_breaks_a_file(tmp_path, klint):
    rng = random.Random(20261126)
    seeds = _seeds()
    cases: list[tuple[Path, bytes]] = []
    for number in range(CASES):
        filename, code = seeds[number % len(seeds)]
        folder = tmp_path / f"case{number:03d}"
        folder.mkdir()
        path = folder / filename
        data = _mutate(code, rng).encode("utf-8")
        path.write_bytes(data)
        cases.append((path, data))
    (tmp_path / "klint.toml").write_text("")
    result = klint("--fix", "--unsafe-fixes", "--no-cache", "--as-of", "2026-11-26", "-q", cwd=tmp_path)
    assert result.code in (0, 1), result.err
    changed = 0
    for path, before in cases:
        after = path.read_bytes()
        relpath = path.relative_to(tmp_path).as_posix()
        target = TargetFile(path, relpath)
        kinds = frontends_for(path.name)
        old_text = before.decode("utf-8").removeprefix(_BOM)
        if after == before:
            continue
        changed += 1
        assert parse_problem(target, old_text, kinds) is None, f"{relpath}: a file that did not parse was written"
        assert after.startswith(_BOM.encode()) == before.startswith(_BOM.encode()), relpath
        new_text = after.decode("utf-8").removeprefix(_BOM)
        assert parse_problem(target, new_text, kinds) is None, f"{relpath} no longer parses:\n{new_text}"
        assert _breaks(new_text) <= (_breaks(old_text) or {"\n"}), f"{relpath}: line endings changed"
        old_lines, new_lines = LINE_BREAK_RE.split(old_text), LINE_BREAK_RE.split(new_text)
        for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
            assert tag == "equal" or i2 - i1 <= 3, f"{relpath}: lines {i1 + 1}-{i2} went missing"
    assert changed >= CASES // 3  # the mutations leave most inputs fixable
