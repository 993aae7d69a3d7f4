"""`klint preflight` against a scripted mock of Klaviyo on loopback: no other network at all."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import LEGACY_KEY, NEW_KEY, cli_runner
from klint.cli import main
from klint.preflight.http import retry_after_seconds
from preflight_mock import ACCOUNTS, OPERATIONAL, RATE_HEADERS, MockKlaviyo, Reply
from test_sarif import MULTITOOL, SCHEMA, needs_multitool

KEY = LEGACY_KEY
KEY_BODY = KEY[3:]
AS_OF = "2026-11-26"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@pytest.fixture(scope="module")
def server():
    mock = MockKlaviyo()
    yield mock
    mock.close()


@pytest.fixture
def klaviyo(server, monkeypatch):
    """The mock, every endpoint healthy again; proxies off so requests stay on loopback."""
    server.reset()
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return server


def fake_python(folder: Path, output: str = "25.0.0", status: int = 0) -> str:
    """An 'interpreter' that answers the version probe with ``output``."""
    script = folder / f"fake-python-{abs(hash((output, status)))}"
    script.write_text(f"#!/bin/sh\necho '{output}'\nexit {status}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def app(project: Path, monkeypatch) -> Path:
    """A project whose code sends revision 2026-10-15 and pins klaviyo-api 25.0.0."""
    (project / "src").mkdir()
    (project / "src" / "client.py").write_text(
        'import requests  # talks to klaviyo\n'
        'HEADERS = {"Authorization": "Klaviyo-API-Key x", "revision": "2026-10-15"}\n',
        encoding="utf-8")
    (project / "requirements.txt").write_text("klaviyo-api==25.0.0\n", encoding="utf-8")
    monkeypatch.chdir(project)
    return project


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def preflight(project: Path, base: str, *args: str, key: str | None = KEY, python: str | None = None,
              env: dict | None = None):
    environment = {"KLAVIYO_PRIVATE_KEY": key, **(env or {})}
    argv = ["preflight", "--api-base", base, "--status-url", base + "/status.json",
            "--timeout", "0.3", "--as-of", AS_OF,
            "--python", python or fake_python(project), *args]
    return cli_runner().invoke(main, argv, env=environment, catch_exceptions=False)


def checks(result) -> dict[str, dict]:
    document = json.loads(result.stdout)
    return {check["name"]: check for check in document["checks"]}


def summary(result) -> dict[str, tuple[str, str]]:
    return {name: (check["status"], check["reason"]) for name, check in checks(result).items()}


def assert_no_key(result) -> None:
    text = result.stdout + result.stderr
    for secret in (KEY, KEY_BODY, NEW_KEY, NEW_KEY[-34:]):
        assert secret not in text


# --- the happy path ------------------------------------------------------------------------------

def test_all_checks_pass(app, klaviyo):
    result = preflight(app, klaviyo.url, "-f", "json")
    assert result.exit_code == 0, result.output
    assert summary(result) == {
        "status": ("ok", "none: All Systems Operational"),
        "auth": ("ok", "the key authenticates with revision 2026-10-15"),
        "revision": ("ok", "revision 2026-10-15 is stable until 2027-10-15; from the code "
                           "(src/client.py:2)"),
        "scopes": ("skipped", "no --require-scope given"),
        "ratelimit": ("ok", "698 of 700 requests left (100%), resets in 42 s"),
        "latency": ("ok", "P95 " + checks(result)["latency"]["reason"].split("P95 ")[1]),
        "sdk-python": ("ok", f"klaviyo-api 25.0.0 installed in {fake_python(app)}, as pinned in "
                             "requirements.txt:1; sends revision 2026-10-15"),
        "sdk-node": ("skipped", "klaviyo-api is neither declared nor installed in node_modules"),
    }
    assert checks(result)["latency"]["reason"].endswith(" over 3 tries")
    assert json.loads(result.stdout)["summary"] == {
        "passed": True, "ok": 6, "warning": 0, "failure": 0, "skipped": 2}
    auth = klaviyo.seen("/api/accounts/")
    assert len(auth) == 3  # one auth call plus two more latency tries
    assert auth[0].headers["authorization"] == f"Klaviyo-API-Key {KEY}"
    assert auth[0].headers["revision"] == "2026-10-15"
    assert auth[0].headers["accept"] == "application/vnd.api+json"
    assert auth[0].headers["user-agent"].startswith("klint-preflight/")
    assert "authorization" not in klaviyo.seen("/status.json")[0].headers
    assert_no_key(result)


def test_text_report(app, klaviyo):
    result = preflight(app, klaviyo.url)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"klint preflight: {klaviyo.url}, revision 2026-10-15"
    assert [line.split()[:2] for line in lines[1:-1]] == [
        ["ok", "status"], ["ok", "auth"], ["ok", "revision"], ["skipped", "scopes"],
        ["ok", "ratelimit"], ["ok", "latency"], ["ok", "sdk-python"], ["skipped", "sdk-node"]]
    assert lines[2].split()[2:4][1] == "ms" and lines[3].split()[2] == "-"
    assert lines[-1] == "Pre-flight passed: 6 passed, 2 skipped."
    assert result.stderr == ""


# --- auth ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_fails(app, klaviyo, status):
    klaviyo.on("/api/accounts/", Reply(status, {"errors": [{"detail": "bad key"}]}))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert result.exit_code == 1
    report = summary(result)
    assert report["auth"] == ("failure", f"HTTP {status}: key revoked or lacks the accounts:read scope")
    for name in ("ratelimit", "latency"):
        assert report[name] == ("skipped", "skipped: the auth check failed")
    assert len(klaviyo.seen("/api/accounts/")) == 1  # a 4xx is not retried
    assert_no_key(result)


def test_missing_key_fails_without_a_request(app, klaviyo):
    result = preflight(app, klaviyo.url, "-f", "json", key="")
    assert result.exit_code == 1
    assert summary(result)["auth"] == ("failure", "environment variable KLAVIYO_PRIVATE_KEY is not set")
    assert klaviyo.seen("/api/accounts/") == []


def test_key_with_control_characters_is_refused_unsent(app, klaviyo):
    result = preflight(app, klaviyo.url, "-f", "json", key=KEY[:10] + "\r\n" + KEY[10:])
    assert summary(result)["auth"] == (
        "failure", "the value of KLAVIYO_PRIVATE_KEY holds whitespace or control characters")
    assert klaviyo.seen("/api/accounts/") == []
    assert KEY[:10] not in result.stdout and KEY[12:] not in result.stdout


def test_429_honours_retry_after_then_passes(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(429, headers={"Retry-After": "1"}), Reply(body=ACCOUNTS))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert result.exit_code == 0
    assert checks(result)["auth"]["details"]["attempts"] == 2
    assert checks(result)["auth"]["details"]["waits_s"] == [0.3]
    first, second = klaviyo.seen("/api/accounts/")[:2]
    # Retry-After: 1 is capped at the 0.3 s timeout, so a pre-flight never stalls a deploy.
    assert 0.25 <= second.at - first.at < 0.9


def test_429_throughout_is_a_warning(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(429, headers={"Retry-After": "0"}))
    result = preflight(app, klaviyo.url, "-f", "json", "--skip", "latency")
    assert result.exit_code == 0  # warnings alone pass...
    assert summary(result)["auth"] == ("warning", "HTTP 429 after 3 attempts: rate limited, degraded")
    assert len(klaviyo.seen("/api/accounts/")) == 3
    strict = preflight(app, klaviyo.url, "-f", "json", "--skip", "latency", "--strict")
    assert strict.exit_code == 1  # ...unless --strict


def test_retry_after_forms():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Thu, 26 Nov 2026 10:00:30 GMT", now=1795687200.0) == 30.0
    assert retry_after_seconds("Thu, 26 Nov 2026 09:00:00 GMT", now=1795687200.0) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_500_then_200_passes(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(500), Reply(body=ACCOUNTS))
    result = preflight(app, klaviyo.url, "-f", "json", "--tries", "1")
    assert result.exit_code == 0
    assert summary(result)["auth"] == ("ok", "the key authenticates with revision 2026-10-15")
    assert checks(result)["auth"]["details"]["attempts"] == 2


def test_500_throughout_fails_after_retries(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(503))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert result.exit_code == 1
    assert summary(result)["auth"] == ("failure", "HTTP 503 after 3 attempts")
    assert len(klaviyo.seen("/api/accounts/")) == 3


def test_hang_past_the_timeout_fails(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(body=ACCOUNTS, delay=1.0))
    started = time.monotonic()
    result = preflight(app, klaviyo.url, "-f", "json")
    assert time.monotonic() - started < 4
    assert result.exit_code == 1
    assert summary(result)["auth"] == ("failure", "no response within 0.3 s (3 attempts)")
    assert_no_key(result)


def test_connection_refused_fails(app, klaviyo):
    base = closed_port_url()
    result = preflight(app, base, "-f", "json")
    assert result.exit_code == 1
    report = summary(result)
    assert report["auth"] == ("failure", "connection refused (3 attempts)")
    assert report["status"] == ("warning", "status page unreachable: connection refused (3 attempts)")
    assert_no_key(result)


def test_unexpected_status_quotes_the_error_detail_scrubbed(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(400, {"errors": [
        {"detail": f"revision 2026-10-16 is invalid for key {KEY}"}]}))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert summary(result)["auth"] == (
        "failure", f"unexpected HTTP 400: revision 2026-10-16 is invalid for key {KEY[:7]}…{KEY[-4:]}")
    assert_no_key(result)


# --- status, rate limit, latency, scopes --------------------------------------------------------

def test_status_page_incident_is_a_warning(app, klaviyo):
    klaviyo.on("/status.json", Reply(body={"status": {"indicator": "major",
                                                      "description": "Partial System Outage"}}))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert result.exit_code == 0
    assert summary(result)["status"] == ("warning", "major: Partial System Outage")
    assert checks(result)["status"]["details"] == {"indicator": "major",
                                                   "description": "Partial System Outage"}


def test_status_page_garbage_is_a_warning(app, klaviyo):
    klaviyo.on("/status.json", Reply(body=b"<html>maintenance</html>"))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert summary(result)["status"] == ("warning", "status page answered something other than "
                                                    "Statuspage JSON")


def test_missing_rate_limit_headers_warn(app, klaviyo):
    klaviyo.on("/api/profiles/?page[size]=1", Reply(body={"data": []}))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert result.exit_code == 0
    assert summary(result)["ratelimit"] == (
        "warning", "no RateLimit-Limit/RateLimit-Remaining headers in the response")


def test_low_headroom_warns(app, klaviyo):
    klaviyo.on("/api/profiles/?page[size]=1", Reply(body={"data": []}, headers={
        "RateLimit-Limit": "700, 75;w=1", "RateLimit-Remaining": "20", "RateLimit-Reset": "9"}))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert summary(result)["ratelimit"] == (
        "warning", "20 of 700 requests left (3%), resets in 9 s: below the 10% threshold")
    assert checks(result)["ratelimit"]["details"] == {"limit": 700, "remaining": 20, "reset_s": 9}
    lenient = preflight(app, klaviyo.url, "-f", "json", "--min-headroom", "2")
    assert summary(lenient)["ratelimit"][0] == "ok"


def test_slow_auth_calls_warn_on_latency(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(body=ACCOUNTS, delay=0.05))
    result = preflight(app, klaviyo.url, "-f", "json", "--tries", "4", "--latency-threshold", "0.01")
    assert result.exit_code == 0
    status, reason = summary(result)["latency"]
    assert status == "warning" and reason.endswith(" over 4 tries, above the 0.01 s threshold")
    assert len(klaviyo.seen("/api/accounts/")) == 4
    assert min(checks(result)["latency"]["details"]["samples_ms"]) >= 50


def test_required_scopes(app, klaviyo):
    klaviyo.on("/api/lists/", Reply(body={"data": []}))
    klaviyo.on("/api/events/", Reply(403, {"errors": [{"detail": "missing scope"}]}))
    result = preflight(app, klaviyo.url, "-f", "json", "--require-scope", "profiles:read,lists:write",
                       "--require-scope", "events:read")
    assert result.exit_code == 1
    assert summary(result)["scopes"] == (
        "failure", "missing: events:read; lists:write cannot be verified without a write "
                   "(lists:read granted)")
    assert checks(result)["scopes"]["details"]["probed"] == {
        "events": "missing", "lists": "granted", "profiles": "granted"}
    granted = preflight(app, klaviyo.url, "-f", "json", "--require-scope", "profiles:read")
    assert summary(granted)["scopes"] == ("ok", "granted: profiles:read")


def test_unknown_scope_is_a_usage_error(app, klaviyo):
    result = preflight(app, klaviyo.url, "--require-scope", "profile:read")
    assert result.exit_code == 2
    assert result.stderr.startswith("klint: error: --require-scope: expected scopes like")
    assert klaviyo.requests == []


# --- skipping, offline --------------------------------------------------------------------------

def test_offline_run_checks_only_the_project(app, klaviyo):
    result = preflight(app, klaviyo.url, "-f", "json", "--skip", "status,auth,ratelimit")
    assert result.exit_code == 0
    assert klaviyo.requests == []
    assert {name: status for name, (status, _) in summary(result).items()} == {
        "status": "skipped", "auth": "skipped", "revision": "ok", "scopes": "skipped",
        "ratelimit": "skipped", "latency": "skipped", "sdk-python": "ok", "sdk-node": "skipped"}
    assert summary(result)["latency"] == ("skipped", "skipped: the auth check is skipped")


def test_unknown_check_is_a_usage_error(app, klaviyo):
    result = preflight(app, klaviyo.url, "--skip", "statuss")
    assert result.exit_code == 2
    assert result.stderr == ("klint: error: --skip: unknown check (known: status, auth, revision, "
                             "scopes, ratelimit, latency, sdk-python, sdk-node)\n")


# --- revision -----------------------------------------------------------------------------------

def test_retired_revision_in_code_is_a_failure_and_is_what_auth_sends(app, klaviyo):
    (app / "src" / "legacy.js").write_text(
        'const klaviyo = {headers: {revision: "2024-10-15"}};\n'
        'fetch(u, {headers: {"revision": "2024-10-15"}});  // klaviyo\n', encoding="utf-8")
    result = preflight(app, klaviyo.url, "-f", "json")
    assert result.exit_code == 1
    assert summary(result)["revision"] == (
        "failure", "revision 2024-10-15 was retired on 2026-10-15 (as of 2026-11-26); move to a "
                   "current revision such as 2026-10-15; from the code (src/legacy.js:1, "
                   "src/legacy.js:2); also sent: 2026-10-15 (src/client.py:2)")
    assert klaviyo.seen("/api/accounts/")[0].headers["revision"] == "2024-10-15"
    assert checks(result)["revision"]["place"] == "src/legacy.js:1"


def test_revision_literal_shapes(app, klaviyo):
    (app / "src" / "client.py").write_text(
        "# klaviyo\n"
        "client.api_client.default_headers['revision'] = '2026-07-15'\n"
        "KlaviyoAPI._REVISION = '2026-07-15'\n"
        "session.headers.update({'Revision': '2026-07-15'})\n"
        "doc = {'revision': 42}\n", encoding="utf-8")
    result = preflight(app, klaviyo.url, "-f", "json", "--skip", "status,auth")
    assert summary(result)["revision"] == (
        "ok", "revision 2026-07-15 is stable until 2027-07-15; from the code (src/client.py:2, "
              "src/client.py:3, src/client.py:4)")


def test_revision_falls_back_to_the_pinned_sdk_then_the_newest(app, klaviyo):
    (app / "src" / "client.py").unlink()
    (app / "requirements.txt").write_text("klaviyo-api==20.0.0\n", encoding="utf-8")
    result = preflight(app, klaviyo.url, "-f", "json", "--skip", "status,auth")
    assert summary(result)["revision"] == (
        "warning", "revision 2025-07-15 is deprecated and retires on 2027-07-15; plan the move to "
                   "2026-10-15; from the SDK: klaviyo-api 20.0.0 pinned in requirements.txt:1")
    (app / "requirements.txt").unlink()
    result = preflight(app, klaviyo.url, "-f", "json", "--skip", "status,auth")
    assert summary(result)["revision"] == (
        "ok", "revision 2026-10-15 is stable until 2027-10-15; from the newest published revision "
              "(none found in the project)")


def test_revision_option_overrides_the_code(app, klaviyo):
    result = preflight(app, klaviyo.url, "-f", "json", "--revision", "2026-04-15")
    assert summary(result)["revision"][1] == ("revision 2026-04-15 is stable until 2027-04-15; "
                                              "from --revision")
    assert klaviyo.seen("/api/accounts/")[0].headers["revision"] == "2026-04-15"
    bad = preflight(app, klaviyo.url, "--revision", "latest")
    assert bad.exit_code == 2
    assert bad.stderr == "klint: error: --revision: expected a revision like 2026-10-15 or 2026-10-15.pre\n"


# --- installed SDKs -----------------------------------------------------------------------------

OFFLINE = ("-f", "json", "--skip", "status,auth")


def test_installed_python_sdk_differs_from_the_pin(app, klaviyo):
    python = fake_python(app, "24.0.0")
    result = preflight(app, klaviyo.url, *OFFLINE, python=python)
    assert result.exit_code == 1
    assert summary(result)["sdk-python"] == (
        "failure", "installed 24.0.0 differs from the pin 25.0.0 in requirements.txt:1")


def test_installed_python_sdk_sends_a_retired_revision(app, klaviyo):
    (app / "requirements.txt").write_text("klaviyo-api==16.0.0\n", encoding="utf-8")
    result = preflight(app, klaviyo.url, *OFFLINE, python=fake_python(app, "16.0.0"))
    assert result.exit_code == 1
    assert summary(result)["sdk-python"] == (
        "failure", "Python klaviyo-api 16.0.0 sends revision 2024-10-15, retired on 2026-10-15; "
                   "upgrade the SDK")


def test_python_sdk_not_installed(app, klaviyo):
    python = fake_python(app, "")
    result = preflight(app, klaviyo.url, *OFFLINE, python=python)
    assert result.exit_code == 1
    assert summary(result)["sdk-python"] == (
        "failure", f"klaviyo-api is declared (requirements.txt:1) but not installed in {python}")


def test_python_interpreter_that_fails(app, klaviyo):
    python = fake_python(app, "boom", status=3)
    result = preflight(app, klaviyo.url, *OFFLINE, python=python)
    assert summary(result)["sdk-python"] == ("failure", f"{python} exited with status 3")
    missing = preflight(app, klaviyo.url, *OFFLINE, python=str(app / "no-such-python"))
    assert summary(missing)["sdk-python"] == (
        "failure", f"cannot run {app / 'no-such-python'}: FileNotFoundError")


def test_real_interpreter_lookup(app, klaviyo):
    import sys

    result = preflight(app, klaviyo.url, *OFFLINE, python=sys.executable)
    assert summary(result)["sdk-python"] == (
        "failure", f"klaviyo-api is declared (requirements.txt:1) but not installed in {sys.executable}")


def test_unpinned_python_sdk_warns(app, klaviyo):
    (app / "requirements.txt").write_text("klaviyo-api>=22\n", encoding="utf-8")
    result = preflight(app, klaviyo.url, *OFFLINE)
    assert result.exit_code == 0
    assert summary(result)["sdk-python"] == (
        "warning", "requirements.txt:1 does not pin an exact version (>=22; KL008)")


def test_installed_node_sdk(app, klaviyo):
    (app / "package.json").write_text('{"dependencies": {"klaviyo-api": "23.0.0"}}\n', encoding="utf-8")
    installed = app / "node_modules" / "klaviyo-api"
    installed.mkdir(parents=True)
    (installed / "package.json").write_text('{"name": "klaviyo-api", "version": "23.0.0"}', encoding="utf-8")
    result = preflight(app, klaviyo.url, *OFFLINE)
    assert summary(result)["sdk-node"] == (
        "ok", "klaviyo-api 23.0.0 installed in node_modules, as pinned in package.json:1; "
              "sends revision 2026-07-15")
    (installed / "package.json").write_text('{"version": "15.0.0"}', encoding="utf-8")
    result = preflight(app, klaviyo.url, *OFFLINE)
    assert result.exit_code == 1
    assert summary(result)["sdk-node"] == (
        "failure", "installed 15.0.0 differs from the pin 23.0.0 in package.json:1; Node klaviyo-api "
                   "15.0.0 sends revision 2024-10-15, retired on 2026-10-15; upgrade the SDK")
    (installed / "package.json").unlink()
    result = preflight(app, klaviyo.url, *OFFLINE)
    assert summary(result)["sdk-node"] == (
        "failure", "klaviyo-api is declared (package.json:1) but not installed in node_modules")


# --- configuration ------------------------------------------------------------------------------

def test_config_table(app, klaviyo):
    (app / "klint.toml").unlink()
    (app / "pyproject.toml").write_text(
        "[tool.klint]\nignore = []\n\n[tool.klint.preflight]\n"
        f'key-env = "PROD_KLAVIYO_KEY"\nskip = ["status", "latency"]\ntimeout = 0.3\n'
        f'api-base = "{klaviyo.url}"\nrequire-scopes = ["lists:read"]\nstrict = true\n',
        encoding="utf-8")
    klaviyo.on("/api/lists/", Reply(body={"data": []}))
    (app / "pyproject.toml").write_text((app / "pyproject.toml").read_text(encoding="utf-8")
                                        + f'python = "./{Path(fake_python(app)).name}"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["preflight", "-f", "json"],
                                env={"PROD_KLAVIYO_KEY": KEY, "KLAVIYO_PRIVATE_KEY": None})
    assert result.exit_code == 0, result.output
    report = summary(result)
    assert report["status"] == ("skipped", "skipped (--skip)")
    assert report["auth"][0] == "ok" and report["scopes"] == ("ok", "granted: lists:read")
    assert report["sdk-python"][1].startswith(f"klaviyo-api 25.0.0 installed in {app}/fake-python-")
    assert klaviyo.seen("/api/accounts/")[0].headers["authorization"] == f"Klaviyo-API-Key {KEY}"
    # the command line overrides the file
    result = cli_runner().invoke(main, ["preflight", "-f", "json", "--skip", "latency",
                                       "--status-url", klaviyo.url + "/status.json",
                                       "--python", fake_python(app)], env={"PROD_KLAVIYO_KEY": KEY})
    assert summary(result)["status"][0] == "ok"


@pytest.mark.parametrize(("line", "message"), [
    ("retries = 3", "unknown configuration key preflight.retries (known keys: api-base, "
                    "status-url, key-env, revision, timeout, tries, skip, strict, require-scopes, "
                    "python, latency-threshold, min-headroom)"),
    ("timeout = 0", "preflight.timeout: expected a number above 0"),
    ("tries = 2.5", "preflight.tries: expected a whole number above 0"),
    ('api-base = "a.klaviyo.com"', "preflight.api-base: expected an http:// or https:// URL"),
    ('key-env = "MY KEY"', "preflight.key-env: expected an environment variable name "
                           "(letters, digits, _)"),
    (f'key-env = "{KEY}"', "preflight.key-env: holds what looks like a private key; give "
                           "the name of the environment variable that holds it instead"),
])
def test_bad_config_is_a_usage_error(project, klaviyo, monkeypatch, line, message):
    (project / "klint.toml").write_text(f"[preflight]\n{line}\n", encoding="utf-8")
    monkeypatch.chdir(project)
    result = cli_runner().invoke(main, ["preflight"], env={"KLAVIYO_PRIVATE_KEY": KEY})
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert_no_key(result)


def test_key_env_given_the_key_itself_is_refused_unechoed(app, klaviyo):
    result = preflight(app, klaviyo.url, "--key-env", KEY)
    assert result.exit_code == 2
    assert result.stderr == ("klint: error: --key-env: holds what looks like a private key; give the "
                             "name of the environment variable that holds it instead\n")


# --- the key never leaks ------------------------------------------------------------------------

SCENARIOS = {
    "ok": lambda mock: None,
    "401": lambda mock: mock.on("/api/accounts/", Reply(401, {"errors": [{"detail": KEY}]})),
    "timeout": lambda mock: mock.on("/api/accounts/", Reply(body=ACCOUNTS, delay=1.0)),
    "status-echo": lambda mock: mock.on("/status.json", Reply(body={"status": {
        "indicator": "minor", "description": f"leaked {KEY} and {NEW_KEY}"}})),
}


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_no_format_contains_the_key(app, klaviyo, output_format, scenario):
    SCENARIOS[scenario](klaviyo)
    result = preflight(app, klaviyo.url, "-f", output_format, "--tries", "1", "--timeout", "0.1",
                       "--require-scope", "profiles:write")
    assert result.exit_code in (0, 1)
    assert result.stdout
    assert_no_key(result)


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_connection_refused_never_shows_the_key(app, klaviyo, output_format):
    result = preflight(app, closed_port_url(), "-f", output_format, "--timeout", "0.1",
                       "--skip", "status", key=NEW_KEY)
    assert result.exit_code == 1
    assert_no_key(result)


def test_subprocess_run_never_shows_the_key(app, klaviyo, klint):
    """The real command line, as CI runs it: stdout and stderr both."""
    klaviyo.on("/api/accounts/", Reply(401))
    completed = klint("preflight", "--api-base", klaviyo.url, "--status-url", klaviyo.url + "/status.json",
                      "--timeout", "0.3", "--python", fake_python(app), cwd=app,
                      env={"KLAVIYO_PRIVATE_KEY": KEY, **{name: "" for name in PROXY_VARIABLES}})
    assert completed.code == 1
    assert "failure  auth" in completed.out
    assert KEY not in completed.out + completed.err and KEY_BODY not in completed.out + completed.err


# --- github and sarif ---------------------------------------------------------------------------

def test_github_annotations(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(401))
    (app / "requirements.txt").write_text("klaviyo-api>=22\n", encoding="utf-8")
    result = preflight(app, klaviyo.url, "-f", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error title=klint preflight/auth::HTTP 401%3A key revoked or lacks the accounts:read scope"
        .replace("%3A", ":"),
        "::warning file=requirements.txt,line=1,title=klint preflight/sdk-python::requirements.txt:1 "
        "does not pin an exact version (>=22; KL008)",
    ]


def sarif_run(app, klaviyo) -> tuple[Path, dict]:
    klaviyo.on("/api/accounts/", Reply(401))
    klaviyo.on("/status.json", Reply(body={"status": {"indicator": "minor", "description": "Slow"}}))
    (app / "src" / "legacy.py").write_text('H = {"revision": "2025-01-15"}  # klaviyo\n' * 2,
                                           encoding="utf-8")
    result = preflight(app, klaviyo.url, "-f", "sarif")
    assert result.exit_code == 1
    path = app / "preflight.sarif"
    path.write_text(result.stdout, encoding="utf-8")
    return path, json.loads(result.stdout)


def test_sarif_results(app, klaviyo):
    _, document = sarif_run(app, klaviyo)
    run = document["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [
        "preflight/status", "preflight/auth", "preflight/revision", "preflight/scopes",
        "preflight/ratelimit", "preflight/latency", "preflight/sdk-python", "preflight/sdk-node"]
    assert run["automationDetails"] == {"id": "klint-preflight/"}
    located = {result["ruleId"]: (result["level"],
                                  result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                                  result["locations"][0]["physicalLocation"]["region"]["startLine"])
               for result in run["results"]}
    assert located == {
        "preflight/status": ("warning", "klint.toml", 1),  # no file of its own: the config
        "preflight/auth": ("error", "klint.toml", 1),
        "preflight/revision": ("warning", "src/legacy.py", 1),
    }


@needs_multitool
def test_sarif_passes_githubs_validator(app, klaviyo, tmp_path):
    path, document = sarif_run(app, klaviyo)
    output = tmp_path / "validation.sarif"
    subprocess.run([str(MULTITOOL), "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning",
                    "-o", str(output), str(path)], check=True, capture_output=True, timeout=300)
    results = json.loads(output.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    assert results == [], json.dumps(results, indent=2)
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8-sig"))
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(document)) == []


# --- review: hostile and unlucky servers, options and interpreters -------------------------------

ODD_KEY = 'sec"ret\\x%41key'  # not key-shaped: only the exact value (and its escapes) can match


def assert_not_in(secret: str, text: str) -> None:
    for form in (secret, json.dumps(secret)[1:-1], secret.replace("%", "%25")):
        assert form not in text


def test_a_trickling_server_is_cut_off_at_the_timeout(app, klaviyo):
    # 40 bytes at 0.05 s each: every socket read is quick, the answer takes 2 s per attempt.
    klaviyo.on("/api/accounts/", Reply(body=b"x" * 40, trickle=0.05))
    started = time.monotonic()
    result = preflight(app, klaviyo.url, "-f", "json", "--skip", "status")
    assert time.monotonic() - started < 3
    assert result.exit_code == 1
    assert summary(result)["auth"] == ("failure", "no response within 0.3 s (3 attempts)")
    assert_no_key(result)


def test_a_body_is_read_only_up_to_the_cap(klaviyo):
    from klint.preflight.http import MAX_BODY_BYTES, Client, Scrubber
    klaviyo.on("/big", Reply(body=b" " * (MAX_BODY_BYTES * 3)))
    response = Client(2.0, Scrubber()).get(klaviyo.url + "/big", {})
    assert response.status == 200 and len(response.body) == MAX_BODY_BYTES


def test_deeply_nested_json_is_an_answer_not_an_internal_error(app, klaviyo):
    klaviyo.on("/status.json", Reply(body=b"[" * 100_000))
    klaviyo.on("/api/accounts/", Reply(400, b'{"errors": ' + b"[" * 100_000))
    result = preflight(app, klaviyo.url, "-f", "json")
    assert result.exit_code == 1, result.output
    report = summary(result)
    assert report["status"] == ("warning", "status page answered something other than Statuspage JSON")
    assert report["auth"] == ("failure", "unexpected HTTP 400")


def test_retry_after_dates_beyond_the_calendar_are_unusable():
    assert retry_after_seconds("Thu, 01 Jan 99999999999 00:00:00 GMT") is None
    assert retry_after_seconds("inf") == float("inf")  # capped at the timeout by the client


def test_status_page_text_has_no_control_characters_and_is_bounded(app, klaviyo):
    klaviyo.on("/status.json", Reply(body={"status": {
        "indicator": "minor\x1b[2J", "description": "Slow\x07\r\n::error::forged" + "x" * 500}}))
    result = preflight(app, klaviyo.url, "-f", "json", "--skip", "auth")
    status, reason = summary(result)["status"]
    assert (status, reason[:40]) == ("warning", "minor [2J: Slow ::error::forged" + "x" * 9)
    assert len(reason) == 200
    assert checks(result)["status"]["details"]["indicator"] == "minor [2J"
    assert len(checks(result)["status"]["details"]["description"]) == 200


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
@pytest.mark.parametrize("where", ["path", "userinfo", "query"])
def test_an_odd_key_in_the_api_base_is_scrubbed_in_every_escaping(app, klaviyo, output_format, where):
    port = klaviyo.url.rsplit(":", 1)[1]
    base = {"path": f"http://127.0.0.1:{port}/{ODD_KEY}",
            "userinfo": f"http://u:{ODD_KEY}@127.0.0.1:{port}",
            "query": f"http://127.0.0.1:{port}/?k={ODD_KEY}"}[where]
    result = preflight(app, base, "-f", output_format, "--skip", "status,sdk-python",
                       "--timeout", "0.2", key=ODD_KEY)
    assert result.exit_code in (0, 1), result.output
    assert_not_in(ODD_KEY, result.stdout + result.stderr)


def test_an_odd_key_echoed_by_the_server_is_scrubbed_in_json(app, klaviyo):
    klaviyo.on("/api/accounts/", Reply(400, {"errors": [{"detail": f"bad key {ODD_KEY}"}]}))
    result = preflight(app, klaviyo.url, "-f", "json", key=ODD_KEY)
    assert summary(result)["auth"] == ("failure", "unexpected HTTP 400: bad key [redacted]")
    assert_not_in(ODD_KEY, result.stdout)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
@pytest.mark.parametrize("flag", ["--timeout", "--latency-threshold"])
def test_non_finite_numbers_are_usage_errors(app, klaviyo, flag, value):
    result = preflight(app, klaviyo.url, flag, value)
    assert result.exit_code == 2
    assert result.stderr == f"klint: error: {flag}: expected a number above 0\n"
    assert klaviyo.requests == []


def test_as_of_before_the_first_revision_falls_back_to_it(app, klaviyo):
    (app / "src" / "client.py").unlink()
    (app / "requirements.txt").unlink()
    result = cli_runner().invoke(main, ["preflight", "-f", "json", "--skip", "status,auth,sdk-python",
                                       "--as-of", "2020-01-01"], env={"KLAVIYO_PRIVATE_KEY": KEY})
    assert result.exit_code == 0, result.output
    assert summary(result)["revision"][1].endswith(
        "; from the newest published revision (none found in the project)")
    assert json.loads(result.stdout)["target"].endswith(", revision 2022-10-17")


def test_latency_samples_leave_out_retry_waits(app, klaviyo):
    # Retry-After: 1 is capped at the 0.3 s timeout: auth took > 300 ms, its answer ~1 ms.
    klaviyo.on("/api/accounts/", Reply(429, headers={"Retry-After": "1"}), Reply(body=ACCOUNTS))
    result = preflight(app, klaviyo.url, "-f", "json", "--latency-threshold", "0.2")
    assert checks(result)["auth"]["latency_ms"] >= 300
    assert checks(result)["latency"]["status"] == "ok", checks(result)["latency"]
    assert max(checks(result)["latency"]["details"]["samples_ms"]) < 200


def test_the_interpreter_does_not_get_the_key(app, klaviyo):
    script = app / "env-python"
    script.write_text('#!/bin/sh\necho "${KLAVIYO_PRIVATE_KEY:-25.0.0}"\n', encoding="utf-8")
    script.chmod(0o755)
    result = preflight(app, klaviyo.url, *OFFLINE, python=str(script))
    assert summary(result)["sdk-python"][0] == "ok", summary(result)["sdk-python"]


@pytest.mark.parametrize(("output", "reason"), [
    ("\\377\\376 not utf-8", "answered something other than a version"),
    ("Traceback: it broke", "answered something other than a version"),
])
def test_an_interpreter_answering_garbage(app, klaviyo, output, reason):
    script = app / "garbage-python"
    script.write_text(f"#!/bin/sh\nprintf '{output}\\n'\n", encoding="utf-8")
    script.chmod(0o755)
    result = preflight(app, klaviyo.url, *OFFLINE, python=str(script))
    assert result.exit_code == 1, result.output
    assert summary(result)["sdk-python"] == ("failure", f"{script} {reason}")


def test_node_package_json_without_a_valid_version(app, klaviyo):
    folder = app / "node_modules" / "klaviyo-api"
    folder.mkdir(parents=True)
    (folder / "package.json").write_text('{"version": "not.a.version"}', encoding="utf-8")
    result = preflight(app, klaviyo.url, *OFFLINE)
    assert summary(result)["sdk-node"] == (
        "failure", "node_modules/klaviyo-api/package.json has no valid version")


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999", "http://:80", "http://127.0.0.1:0"])
@pytest.mark.parametrize("flag", ["--api-base", "--status-url"])
def test_unparseable_urls_are_usage_errors(app, klaviyo, flag, url):
    result = preflight(app, klaviyo.url, flag, url)
    assert result.exit_code == 2
    assert result.stderr == f"klint: error: {flag}: expected an http:// or https:// URL\n"


def test_review_limits_tries_refuses_plain_http_elsewhere_and_an_empty_run(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from klint.cli import main
    from klint.preflight.options import CHECKS

    monkeypatch.chdir(tmp_path)
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    runner = CliRunner()
    cases = [
        (["--tries", "101", "--skip", "status"], "klint: error: --tries: expected at most 100 tries\n"),
        (["--api-base", "http://a.klaviyo.com"],
         "klint: error: --api-base: the key is sent there; use https:// (plain http only to this machine)\n"),
        (["--skip", ",".join(CHECKS)], "klint: error: --skip: every check is skipped; nothing would be verified\n"),
    ]
    for args, message in cases:
        result = runner.invoke(main, ["preflight", *args])
        assert (result.exit_code, result.output) == (2, message), args
