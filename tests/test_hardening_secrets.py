"""No full private key in any output, note, error, or cache file, wherever the key sits."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from conftest import LEGACY_KEY, cli_runner
from klint.cli import main

KEY = LEGACY_KEY
REDACTED = "pk_3881…55fb"
RUNS = [("-f", "text"), ("-f", "json"), ("-f", "sarif"), ("-f", "github"), ("-q",),
        ("--statistics",), ("-f", "json", "--statistics"), ("-f", "sarif", "-o", "report.out")]


def secrets_of(key: str) -> tuple[str, str]:
    """The key and its 34-hex body: neither may appear anywhere."""
    return key, key[-34:]


def cache_text(project: Path) -> str:
    return "".join(path.read_text(encoding="utf-8", errors="replace")
                   for path in sorted((project / ".klint_cache").rglob("*")) if path.is_file())


def assert_hidden(text: str, keys) -> None:
    for key in keys:
        for secret in secrets_of(key):
            assert secret not in text, f"{secret} leaked"


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_key_in_messages_paths_and_notes_is_redacted_everywhere(project, klint):
    """Item 1, 2, 3, 5: messages quoting values, paths, parse-error notes, notebooks, .env."""
    write(project, f"{KEY}/requirements.txt", f"klaviyo-api @ git+https://{KEY}@github.com/k/k@main\n")
    write(project, "package.json", f'{{"dependencies": {{"klaviyo-api": "github:k/k#{KEY}"}}}}\n')
    write(project, "Pipfile", f'[packages]\nklaviyo-api = {{git = "https://x", ref = "{KEY}"}}\n')
    write(project, "app.py", "import requests\n"
                             f'requests.get("https://a.klaviyo.com/api/{KEY}/x/", headers={{"revision": "{KEY}"}})\n')
    write(project, "web.js", f'fetch("https://a.klaviyo.com/api/{KEY}/x/", {{headers: {{revision: "{KEY}"}}}});\n')
    write(project, "profile.py", 'from klaviyo_api import KlaviyoAPI\nclient = KlaviyoAPI("x")\n'
                                 'client.Profiles.create_or_update_profile({"data": {"attributes": '
                                 f'{{"phone_number": "{KEY}"}}}}}})\n')
    write(project, "pyproject.toml", f'# klaviyo\n[project]\n[{KEY}]\n[{KEY}]\n')
    write(project, "sync.ipynb", json.dumps({"cells": [{"source": [f'k = "{KEY}"']}]}))
    write(project, ".env", f"KLAVIYO=x{KEY}y\n")
    write(project, f"empty_{KEY}.txt", "nothing here\n")
    text = klint("-f", "text", cwd=project)
    assert text.code == 1
    assert (f"{REDACTED}/requirements.txt:1:1: KL008 [unpinned-sdk] klaviyo-api is not pinned to an exact "
            f"version (git+https://{REDACTED}@github.com/k/k@main)") in text.out
    assert f"(github:k/k#{REDACTED})" in text.out and f"(git {REDACTED})" in text.out
    assert f"a.klaviyo.com/api/{REDACTED}/x/" in text.out
    assert (f"klint: pyproject.toml:4: warning: invalid TOML: Cannot declare ('{REDACTED}',) twice "
            "(at line 4, column 39) [parse-error]") in text.err
    for args in RUNS:
        result = klint(*args, cwd=project)
        assert result.code == 1, (args, result.err)
        assert_hidden(result.out + result.err, [KEY])
    assert_hidden((project / "report.out").read_text(encoding="utf-8"), [KEY])
    cached = cache_text(project)
    assert cached and REDACTED.replace("…", "\\u2026") in cached  # JSON escapes the ellipsis
    assert_hidden(cached, [KEY])
    # entries are keyed by a hash of the path: a file without findings leaves no name behind
    assert "empty_" not in cached


@pytest.mark.parametrize("config, message", [
    (f'as-of = "{KEY}"', f"as-of: expected a date like 2026-11-26, got '{REDACTED}'"),
    (f'select = ["{KEY}"]', f"select: unknown rule selector '{REDACTED}' (see `klint rules`)"),
    (f'exclude = "{KEY}"', f"exclude: expected a list of strings, got '{REDACTED}'"),
    (f'respect-gitignore = "{KEY}"', f"respect-gitignore: expected true or false, got '{REDACTED}'"),
    (f'[per-file-ignores]\n"x" = ["{KEY}"]', f"per-file-ignores.x: unknown rule selector '{REDACTED}' (see `klint rules`)"),
    (f'"{KEY}" = 1', "{root}/klint.toml: unknown configuration key " + REDACTED + " (known keys: as-of, "
     "exclude, extend, extend-exclude, extend-select, ignore, per-file-ignores, preflight, respect-gitignore, select)"),
    (f'[{KEY}]\n[{KEY}]', "invalid TOML in config file {root}/klint.toml: Cannot declare ('" + REDACTED
     + "',) twice (at line 2, column 39)"),
])
def test_config_errors_never_echo_a_key(project, klint, config, message):
    """Item 4: every config error that echoes a value or a key name."""
    (project / "klint.toml").write_text(config + "\n", encoding="utf-8")
    result = klint(cwd=project)
    assert result.code == 2
    assert result.err == "klint: error: " + message.replace("{root}", str(project)) + "\n"


def test_command_line_values_and_usage_errors_never_echo_a_key(project, klint):
    assert klint("--as-of", KEY, cwd=project).err == (
        f"klint: error: --as-of: expected a date like 2026-11-26, got '{REDACTED}'\n")
    usage = klint("-f", KEY, cwd=project)
    assert usage.code == 2 and usage.err.endswith(
        f"Error: Invalid value for '-f' / '--format': '{REDACTED}' is not one of 'text', 'json', "
        "'sarif', 'github', 'gitlab', 'junit'.\n")
    missing = klint(f"{KEY}.py", "-f", "sarif", cwd=project)
    assert missing.code == 2 and f"{REDACTED}.py" in missing.out
    assert_hidden(missing.out + missing.err, [KEY])
    nested = project / KEY
    nested.mkdir()
    (nested / "klint.toml").write_text("", encoding="utf-8")
    (nested / "a.py").write_text(f'A = "{KEY}"\n', encoding="utf-8")
    sarif = klint("-f", "sarif", cwd=nested)  # the project root itself is named like a key
    assert sarif.code == 1 and "%E2%80%A6" in sarif.out
    assert_hidden(sarif.out + sarif.err, [KEY])


# --- fuzz: random keys in random places, every output format, and the cache -------------------

_HEX = "0123456789abcdef"
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _random_key(rng: random.Random) -> str:
    body = "".join(rng.choice(_HEX) for _ in range(34))
    if rng.random() < 0.3:
        return "pk_" + "".join(rng.choice(_ALNUM) for _ in range(6)) + "_" + body
    return "pk_" + body


def _wrap(rng: random.Random, key: str) -> str:
    """The key alone or inside longer text, as URLs, refs and file names hold it."""
    return rng.choice(["{}", "x{}", "{}00", "_{}_", "https://{}@github.com/k", "#{}", "v{}x"]).format(key)


_PLACES = [
    lambda k: (f"{k}.py", f'import klaviyo_api\nA = "{k}"\n'),
    lambda k: (f"{k}/app.py", "import requests\nrequests.get('https://a.klaviyo.com/api/x/')\n"),
    lambda k: (f"d/{k}.txt", "no finding\n"),
    lambda k: ("src/s{n}.py", f"import requests\nrequests.post('https://a.klaviyo.com/api/{k}/', "
                              f"headers={{'revision': '{k}'}})\n"),
    lambda k: ("src/c{n}.py", f"# klaviyo note: {k}\n"),
    lambda k: ("src/p{n}.py", "from klaviyo_api import KlaviyoAPI\nc = KlaviyoAPI('x')\n"
                              f"c.Profiles.create_or_update_profile({{'phone_number': '{k}'}})\n"),
    lambda k: ("web/w{n}.ts", f"fetch(`https://a.klaviyo.com/api/{k}/x/`, {{headers: {{revision: '{k}'}}}});\n"),
    lambda k: ("r{n}/requirements.txt", f"klaviyo-api @ git+https://{k}@github.com/k/k@main\n"),
    lambda k: ("y{n}/pyproject.toml", f'[project]\nname = "x"\ndependencies = ["klaviyo-api @ git+https://{k}@h/k@main"]\n'
                                      f'[{k}]\n[{k}]\n'),
    lambda k: ("j{n}/package.json", f'{{"dependencies": {{"klaviyo-api": "github:k/k#{k}"}}}}\n'),
    lambda k: ("f{n}/Pipfile", f'[packages]\nklaviyo-api = {{git = "https://x", ref = "{k}"}}\n'),
    lambda k: ("e{n}/.env", f"KLAVIYO_PRIVATE_KEY={k}\n"),
    lambda k: ("n{n}.ipynb", json.dumps({"cells": [{"source": [f"key = '{k}'"]}]})),
]

_CONFIGS = [
    lambda k: f'as-of = "{k}"', lambda k: f'select = ["{k}"]', lambda k: f'ignore = ["{k}"]',
    lambda k: f'respect-gitignore = "{k}"', lambda k: f'"{k}" = 1', lambda k: f'exclude = "{k}"',
    lambda k: f'[per-file-ignores]\n"{k}/**" = ["{k}"]', lambda k: f'[{k}]\n[{k}]',
]


def _invoke(root: Path, args: list[str]) -> str:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = cli_runner().invoke(main, args)
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1, 2), result.output
    return result.output + result.stderr


def test_fuzz_planted_keys_never_reach_any_output_or_the_cache(tmp_path):
    rng = random.Random(20261126)
    planted = 0
    for round_number in range(6):
        root = tmp_path / f"round{round_number}"
        root.mkdir()
        (root / "klint.toml").write_text(f"extend-exclude = [\"{_random_key(rng)}\"]\n", encoding="utf-8")
        keys = []
        for n in range(45):
            key = _random_key(rng)
            keys.append(key)
            name, text = rng.choice(_PLACES)(_wrap(rng, key) if rng.random() < 0.5 else key)
            write(root, name.format(n=n), text)
        planted += len(keys)
        outputs = [_invoke(root, [*args, "--exit-zero"]) for args in RUNS]
        outputs.append((root / "report.out").read_text(encoding="utf-8"))
        outputs.append(cache_text(root))
        assert REDACTED[:3] in outputs[0]  # keys were found (and shown redacted)
        assert_hidden("\n".join(outputs), keys)
        for config in rng.sample(_CONFIGS, 3):  # keys in config values: errors, exit 2
            key = _random_key(rng)
            (root / "klint.toml").write_text(config(key) + "\n", encoding="utf-8")
            assert_hidden(_invoke(root, ["-f", rng.choice(["text", "json", "sarif", "github"])]), [key])
            planted += 1
    assert planted >= 250
