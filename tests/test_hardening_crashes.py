"""Hostile input ends in a one-line error (exit 2) or a per-file note, never a traceback or exit 1;
and stays fast: no quadratic manifest locators, no backtracking globs, no costly SARIF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import LEGACY_KEY

KEY_LINE = f'A = "{LEGACY_KEY}"\n'
HINT = "this is a bug in klint, please report it at https://github.com/klint-dev/klint/issues"


def test_bad_gitignore_and_exclude_lines(project, klint):
    (project / ".gitignore").write_text("!\n\\\nfoo\\\n[\n", encoding="utf-8")
    (project / "a.py").write_text(KEY_LINE, encoding="utf-8")
    assert klint(cwd=project).code == 1
    for args in (("--exclude", "!"), ("--exclude", "\\"), ("--extend-exclude", "a[")):
        result = klint(*args, cwd=project)
        assert (result.code, result.err) == (1, ""), args
    (project / "klint.toml").write_text('exclude = ["!", "\\\\"]\n[per-file-ignores]\n"\\\\" = ["KL001"]\n',
                                        encoding="utf-8")
    assert klint(cwd=project).code == 1


def test_backtracking_glob_is_fast(project, klint):
    (project / ("a" * 70)).write_text(KEY_LINE, encoding="utf-8")
    (project / ".gitignore").write_text("*a*a*a*a*a*a*a*ab\n", encoding="utf-8")
    started = time.monotonic()
    result = klint("--no-cache", "--extend-exclude", "*a*a*a*a*a*a*a*a*ab", cwd=project)
    assert result.code == 1 and time.monotonic() - started < 5


def test_deeply_nested_config_files(project, klint, tmp_path):
    deep = "a = " + "[" * 100_000 + "\n# klaviyo\n"
    (project / "klint.toml").write_text(deep, encoding="utf-8")
    result = klint(cwd=project)
    assert (result.code, result.err) == (
        2, f"klint: error: invalid TOML in config file {project}/klint.toml: nested too deeply\n")
    (project / "klint.toml").unlink()
    (project / "pyproject.toml").write_text(deep, encoding="utf-8")  # not a config: a broken manifest
    sub = project / "sub"
    sub.mkdir()
    assert klint(cwd=sub).code == 0  # the search upwards skips it
    manifest = klint("pyproject.toml", cwd=project)
    assert manifest.code == 0
    assert manifest.err == "klint: pyproject.toml: warning: invalid TOML: nested too deeply [parse-error]\n"
    (project / "package.json").write_text('{"dependencies": ' + "[" * 100_000 + "klaviyo", encoding="utf-8")
    package = klint("package.json", cwd=project)
    assert package.err == "klint: package.json: warning: invalid JSON: nested too deeply [parse-error]\n"


def test_config_whose_tool_is_not_a_table(project, klint):
    (project / "pyproject.toml").write_text("tool = 1\n", encoding="utf-8")
    result = klint("--config", "pyproject.toml", cwd=project)
    assert (result.code, result.err) == (2, f"klint: error: {project}/pyproject.toml: [tool] must be a table\n")


def test_non_utf8_file_name_with_a_finding_and_a_note(project):
    for name, data in ((b"caf\xe9.py", KEY_LINE.encode()), (b"bl\xffb.dat", b"\0")):
        with open(os.path.join(os.fsencode(project), name), "wb") as stream:
            stream.write(data)
    for fmt in ("text", "json", "sarif", "github"):
        result = subprocess.run([sys.executable, "-m", "klint", "-f", fmt], cwd=project, capture_output=True)
        assert result.returncode == 1, result.stderr
        assert b"xe9.py" in result.stdout  # the byte shown as an escape (JSON doubles its backslash)
    assert b"bl\\xffb.dat: note: skipped: binary file" in subprocess.run(
        [sys.executable, "-m", "klint"], cwd=project, capture_output=True).stderr


def test_full_disk_and_closed_pipe(project):
    (project / "a.py").write_text(KEY_LINE * 20_000, encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "klint"], cwd=project, stdout=full,
                                stderr=subprocess.PIPE, text=True)
    assert (result.returncode, result.stderr) == (
        2, "klint: error: cannot write the report: No space left on device\n")
    reader, writer = os.pipe()
    os.close(reader)  # the reader left before klint wrote a byte (`klint | head`)
    process = subprocess.run([sys.executable, "-m", "klint"], cwd=project, stdout=writer,
                             stderr=subprocess.PIPE, text=True)
    os.close(writer)
    assert (process.returncode, process.stderr) == (141, "")


def test_internal_error_exits_2_in_one_line(project):
    """A real process whose engine is broken on purpose: the one way to reach this path."""
    code = ("import klint.cli; klint.cli.lint_paths = lambda *a, **k: 1 / 0; klint.cli.main()")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("klint: internal error: ZeroDivisionError: division by zero")
    assert result.stderr.endswith(f"; {HINT}\n")


@pytest.mark.parametrize("args, code", [(("--nope",), 2), (("rule",), 2), (("--version",), 0),
                                        (("-j", "-1"), 2), (("-f", "sarif", "--statistics"), 2)])
def test_every_entry_point_uses_klint_exit_codes(project, args, code):
    console = Path(sys.executable).parent / "klint"
    for command in ([sys.executable, "-m", "klint"], [str(console)]):
        result = subprocess.run([*command, *args], cwd=project, capture_output=True, text=True)
        assert result.returncode == code, (command, args, result.stderr)
        assert "Traceback" not in result.stderr
    if args[-1] == "--statistics":
        assert result.stderr == "klint: error: --statistics works with the text and json formats, not sarif\n"


def test_quadratic_manifests_are_linear(project, klint):
    deps = "".join(f'  "pkg{i}>=1.0",\n' for i in range(10_000))
    (project / "pyproject.toml").write_text(f'[project]\nname = "x"\ndependencies = [\n{deps}  "klaviyo-api>=1",\n]\n',
                                            encoding="utf-8")
    (project / "cfg").mkdir()
    items = "".join(f"    pkg{i}>=1.0\n" for i in range(20_000))
    (project / "cfg" / "setup.cfg").write_text(f"[options]\ninstall_requires =\n{items}    klaviyo-api>=1\n",
                                               encoding="utf-8")
    started = time.monotonic()
    result = klint("--no-cache", "-q", "pyproject.toml", "cfg/setup.cfg", cwd=project)
    assert time.monotonic() - started < 8
    assert [line.split(" ")[0] for line in result.out.splitlines()] == ["cfg/setup.cfg:20003:5:",
                                                                         "pyproject.toml:10004:4:"]


def test_sarif_costs_a_small_multiple_of_text(project, klint):
    import random

    rng = random.Random(5)
    lines = [f'KEY{i} = "pk_{"".join(rng.choice("0123456789abcdef") for _ in range(34))}"  # x\n'
             for i in range(40_000)]
    (project / "keys.py").write_text("".join(lines), encoding="utf-8")
    timings = {}
    for fmt in ("text", "sarif"):
        started = time.monotonic()
        result = klint("--no-cache", "-f", fmt, "-o", f"out.{fmt}", "keys.py", cwd=project)
        timings[fmt] = time.monotonic() - started
        assert result.code == 1
    sizes = {fmt: (project / f"out.{fmt}").stat().st_size for fmt in timings}
    assert timings["sarif"] < 3 * timings["text"] + 1, timings
    assert sizes["sarif"] < 4 * sizes["text"], sizes
    # GitHub's cap: the most severe 25,000 (here all are errors: the first 25,000)
    assert len(json.loads((project / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]) == 25_000


def test_control_characters_in_names_are_escaped(project, klint):
    (project / "a.py\nfake.py:1:1: KL001 forged").write_text(KEY_LINE, encoding="utf-8")
    (project / "b\x1b[31m.py").write_text(KEY_LINE, encoding="utf-8")
    text = klint("-q", cwd=project).out
    assert text.splitlines() == [
        "a.py\\nfake.py:1:1: KL001 forged:1:6: KL001 [hardcoded-private-key] Klaviyo private key "
        "pk_3881…55fb is hard-coded; load it from the environment or a secret manager, and revoke this key",
        "b\\x1b[31m.py:1:6: KL001 [hardcoded-private-key] Klaviyo private key pk_3881…55fb is hard-coded; "
        "load it from the environment or a secret manager, and revoke this key"]
    github = klint("-f", "github", cwd=project).out
    assert len(github.splitlines()) == 2 and "\x1b" not in github and "file=a.py%0Afake.py%3A1%3A1" in github


def test_sarif_uses_absolute_uris_outside_the_root(project, klint, tmp_path_factory):
    other = tmp_path_factory.mktemp("other")
    (other / "x.py").write_text(KEY_LINE, encoding="utf-8")
    document = json.loads(klint("-f", "sarif", str(other / "x.py"), cwd=project).out)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (other / "x.py").as_uri()}


def test_cr_only_line_endings_share_one_line_model(project, klint):
    (project / "a.py").write_text(f'import requests\rx = 1\ry = 2\rrequests.get("https://a.klaviyo.com/api/{LEGACY_KEY}/")\r',
                                  encoding="utf-8", newline="")
    lines = {line.split(" ")[1]: line.split(" ")[0] for line in klint("-q", cwd=project).out.splitlines()}
    assert lines["KL001"].split(":")[1] == lines["KL002"].split(":")[1] == "4"


def test_glob_matcher_agrees_with_pathspec():
    """klint.globs replaced pathspec; on random patterns and paths the answers are the same
    (except where the module docstring says git and pathspec differ)."""
    import random
    import warnings

    import pathspec

    from klint.globs import GitIgnore

    rng = random.Random(11)
    compared = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pathspec's own "possible nested set" regex warnings
        for _ in range(3000):
            lines = ["".join(rng.choice("ab/*?.![]\\ #") for _ in range(rng.randint(1, 9)))
                     for _ in range(rng.randint(1, 3))]
            if any(line.lstrip("!").strip("/ ") == "" or "[!" in line or "[^" in line
                   or line.rstrip(" ").endswith("*/") for line in lines):
                continue
            try:
                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            except Exception:  # noqa: BLE001 - pathspec raises on lines git ignores
                continue
            mine = GitIgnore(lines)
            for _ in range(5):
                path = "/".join("".join(rng.choice("ab.[]* #!\\") for _ in range(rng.randint(1, 4)))
                                for _ in range(rng.randint(1, 4))) + rng.choice(["", "/"])
                if path.startswith((".", " ")) or "/." in path:
                    continue  # pathspec normalises these; klint's paths are normalised already
                assert spec.check_file(path).include == mine.check(path), (lines, path)
                compared += 1
    assert compared > 5000
