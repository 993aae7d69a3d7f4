from __future__ import annotations

import re
from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import CaughtError, DictValue, StrValue, Unknown, Value, alternatives
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import klaviyo_calls, node_key, semantics, span
from klint.rules.kl013_key_in_query_string import looks_private


class SecretInLog(Rule):
    """
    ## What it does
    Finds the Klaviyo private key written to a log: passed to `print`, `logging` / `logger.*`
    or `console.*`, or put into a logged message — the key itself (a literal, or a name that
    says private or secret key), a headers object that carries it (`Authorization: Klaviyo-API-Key …`),
    or, in JS/TS, the whole error of a failed Klaviyo call (`console.error(err)`: an
    `AxiosError` holds `config.headers.Authorization`). Logging `err.message` or
    `err.response?.status` is fine.

    ## Why is this bad?
    Logs are copied to log services, CI output and support tickets, and kept for months; many
    more people read them than the secret store. A private key in a log is a leaked key: it
    reads and writes the whole Klaviyo account.

    ## Example
    ```ts
    try {
      await axios.post(url, body, { headers: { Authorization: `Klaviyo-API-Key ${key}` } });
    } catch (err) {
      console.error("Klaviyo call failed", err);
    }
    ```

    ## Use instead
    ```ts
    } catch (err) {
      console.error("Klaviyo call failed", err.message, err.response?.status);
    }
    ```
    """

    code = "KL020"
    name = "secret-in-log"
    summary = "The Klaviyo private key, or an object that carries it, is written to a log."
    severity = Severity.ERROR
    frontends = ("code",)
    triggers = (b"log", b"print", b"console")
    context = (b"klaviyo",)
    tags = ("security",)
    security_severity = "7.5"

    VALID = [
        Valid("if (apiKey.length === 6) {\n  console.log('Initializing Klaviyo with', apiKey);\n}\n", filename="a.tsx",
              note="an apiKey logged by app code is usually the public company id"),
        Valid('import logging  # klaviyo\nlog = logging.getLogger(__name__)\n'
              'log.info(f"key set: {bool(KLAVIYO_PRIVATE_KEY)}, ends {KLAVIYO_PRIVATE_KEY[-4:]}")\n',
              note="computed from the key, not the key"),
        Valid('catalog.info(AUTH_HEADERS)  # klaviyo\nAUTH_HEADERS = {"Authorization": "Klaviyo-API-Key " + key}\n',
              note="not a logger"),
        Valid('try {\n  await fetch("https://a.klaviyo.com/api/events/", { signal, headers: { Authorization: auth } });\n'
              '} catch (err) {\n  console.error(err);\n}\n', filename="a.mjs",
              note="fetch's TypeError carries no request headers"),
        Valid('import logging  # klaviyo\nlogging.info("sent %s events", count)\n'),
        Valid('const axios = require("axios");\nasync function send(b) {\n  try {\n'
              '    await axios.post("https://a.klaviyo.com/api/events/", b, { timeout: 5000 });\n'
              '  } catch (err) {\n    console.error("klaviyo failed", err.message, err.response?.status);\n  }\n}\n',
              filename="a.js", note="the message and status only"),
        Valid('try {\n  await fetch("https://api.example.com/x", { signal }); // klaviyo sync\n} catch (err) {\n'
              '  console.error(err);\n}\n', filename="a.mjs", note="not a Klaviyo call"),
        Valid('import logging, requests\nlog = logging.getLogger(__name__)\n\ndef send(b):\n    try:\n'
              '        requests.post("https://a.klaviyo.com/api/events/", json=b, timeout=5)\n'
              '    except requests.RequestException as e:\n        log.error("klaviyo failed: %s", e)\n',
              note="Python's logging prints str(e): the message, not the request's headers"),
        Valid('import logging  # klaviyo\nlog = logging.getLogger(__name__)\n'
              'log.debug("klaviyo event %s", {"metric": name, "profile": email})\n',
              note="a dict without an Authorization header"),
        Valid('console.log("Klaviyo key length:", klaviyoPrivateKey.length);\n', filename="a.ts",
              note="the length of the key, not the key"),
    ]
    INVALID = [
        Invalid('import os  # klaviyo\nKLAVIYO_PRIVATE_KEY = os.environ["KLAVIYO_PRIVATE_KEY"]\n'
                'print("using key", KLAVIYO_PRIVATE_KEY)\n', line=3, column=20, end_line=3, end_column=39,
                message="the Klaviyo private key is written to the log; log that it is set, never its value"),
        Invalid('import logging, requests\nlogger = logging.getLogger(__name__)\n'
                'HEADERS = {"Authorization": f"Klaviyo-API-Key {key}", "revision": "2026-10-15"}\n'
                'logger.debug("calling klaviyo with %s", HEADERS)\n', line=4, column=41, end_line=4, end_column=48,
                message="these headers carry the Klaviyo private key (Authorization) into the log; log the "
                        "request without them"),
        Invalid('const axios = require("axios");\nasync function send(b) {\n  try {\n'
                '    await axios.post("https://a.klaviyo.com/api/events/", b, { timeout: 5000 });\n'
                '  } catch (err) {\n    console.error("klaviyo failed", err);\n  }\n}\n', filename="a.js",
                line=6, column=37, end_line=6, end_column=40,
                message="the whole error of a Klaviyo call is logged, and it carries the request's headers "
                        "(Authorization: the private key); log err.message and the response status instead"),
        Invalid('import axios from "axios";\naxios.get("https://a.klaviyo.com/api/lists/", { timeout: 5000 })\n'
                '  .catch((e) => logger.error(e));\n', filename="a.ts", line=3, column=30, end_line=3, end_column=31,
                message="the whole error of a Klaviyo call is logged, and it carries the request's headers "
                        "(Authorization: the private key); log e.message and the response status instead"),
        Invalid('import { ApiKeySession, ProfilesApi } from "klaviyo-api";\n'
                'const profiles = new ProfilesApi(new ApiKeySession(process.env.KLAVIYO_PRIVATE_KEY!));\n'
                'export async function upsert(body: ProfileCreateQuery) {\n  try {\n'
                '    await profiles.createProfile(body);\n  } catch (err) {\n    console.error(err);\n  }\n}\n',
                filename="a.ts", line=7, column=19, end_line=7, end_column=22,
                message="the whole error of a Klaviyo call is logged, and it carries the request's headers "
                        "(Authorization: the private key); log err.message and the response status instead",
                note="the SDK's errors carry the request too"),
        Invalid('import logging, os  # klaviyo\nlog = logging.getLogger(__name__)\n'
                'HEADERS = {"Authorization": f"Bearer {os.environ[\'KLAVIYO_PRIVATE_KEY\']}", "revision": "2026-10-15"}\n'
                'log.debug("headers: %s", HEADERS)\n', line=4, column=26, end_line=4, end_column=33,
                message="these headers carry the Klaviyo private key (Authorization) into the log; log the "
                        "request without them", note="whatever the scheme (the wrong one here: KL015)"),
        Invalid('KLAVIYO_PRIVATE_KEY = "pk_3881b23b480384538106a6dffaac0b55fb"\nprint("using", KLAVIYO_PRIVATE_KEY)\n',
                line=2, column=16, end_line=2, end_column=35,
                message="the Klaviyo private key is written to the log; log that it is set, never its value",
                note="a literal key (KL001 reports it too)"),
        Invalid('import logging  # klaviyo\nlog = logging.getLogger(__name__)\nlog.info(f"using key {KLAVIYO_PRIVATE_KEY}")\n',
                line=3, column=10, end_line=3, end_column=44,
                message="the Klaviyo private key is written to the log; log that it is set, never its value",
                note="inside an f-string"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        # errors that carry the request's headers: the SDK's and axios-like clients' (fetch's
        # TypeError carries none)
        calls = [span(ctx, call.node) for call, _url in klaviyo_calls(ctx) if call.library in _ERRORS_WITH_REQUEST] + \
            [span(ctx, call.node) for call in sem.sdk_calls if not call.via_helper]
        reported: set[object] = set()
        for call, arguments in sem.log_calls():
            for argument in arguments:
                problem = self._problem(ctx, sem.evaluate(argument, call.site), calls, argument)
                if problem and node_key(argument) not in reported:
                    reported.add(node_key(argument))
                    yield Report(span(ctx, argument), problem)

    def _problem(self, ctx: FileContext, value: Value, calls: list, argument) -> str | None:
        sem = semantics(ctx)
        for option in alternatives(value):
            if isinstance(option, CaughtError) and sem.sdk.logs_objects_whole and any(
                    span(ctx, option.source).contains(call) for call in calls):
                name = _source_name(ctx, argument)
                return ("the whole error of a Klaviyo call is logged, and it carries the request's headers "
                        f"(Authorization: the private key); log {name}.message and the response status instead")
            if isinstance(option, DictValue):
                entry = option.find("authorization", ignore_case=True)
                if entry is not None and isinstance(entry.value, StrValue) and (
                        klaviyo.PRIVATE_KEY_SCHEME_RE.match(entry.value.prefix()) or looks_private(entry.value)):
                    return ("these headers carry the Klaviyo private key (Authorization) into the log; log the "
                            "request without them")
            if _is_the_key(option):
                return "the Klaviyo private key is written to the log; log that it is set, never its value"
        return None


_ERRORS_WITH_REQUEST = frozenset({"axios", "got", "superagent"})
# Logged by name, only what says private or secret: an `apiKey` printed by mobile and browser
# code is usually the public company id.
_SAYS_PRIVATE_RE = re.compile(r"private|secret", re.IGNORECASE)
# A hint that names the key itself (`KLAVIYO_PRIVATE_KEY`, `settings.api_key`), not something
# computed from it (`bool(KEY)`, `len(KEY)`, `KEY[-4:]`, `KEY.length`).
_PLAIN_NAME_RE = re.compile(r"""^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[["'][\w.-]+["']\])*$""")


def _is_the_key(value: Value) -> bool:
    if isinstance(value, StrValue) and value.text is not None:
        return looks_private(value)
    hints = [value.hint] if isinstance(value, Unknown) else (
        [hole.hint for hole in value.holes()] if isinstance(value, StrValue) else [])
    return any(_PLAIN_NAME_RE.match(hint) and not hint.endswith(".length") and klaviyo.names_private_key(hint)
               and _SAYS_PRIVATE_RE.search(hint) for hint in hints if hint)


def _source_name(ctx: FileContext, argument) -> str:
    """How the code names the logged error (`err`), for the advice."""
    where = span(ctx, argument)
    line = ctx.lines[where.start_line - 1]
    return line[where.start_col - 1:where.end_col - 1] if where.start_line == where.end_line else "the error"
