from __future__ import annotations

from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import DigestValue
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import node_key, semantics, span
from klint.rules.fixing import DISPLAY, SAFE, make_fix


class TimingUnsafeSignatureCheck(Rule):
    """
    ## What it does
    Finds webhook signatures checked with `==` or `!=` (Python) or `===` / `!==` (JS/TS): a
    comparison where one side is an HMAC digest — `hmac.new(…).hexdigest()`, `.digest()`,
    their base64 form, or a variable holding one. Only files that mention Klaviyo are checked.

    ## Why is this bad?
    `==` stops at the first differing character, so response times leak how much of a forged
    `Klaviyo-Signature` was right; an attacker can forge webhooks byte by byte.

    ## Example
    ```python
    expected = hmac.new(secret, body + timestamp, hashlib.sha256).hexdigest()
    if expected == request.headers["Klaviyo-Signature"]:
        ...
    ```

    ## Use instead
    ```python
    if hmac.compare_digest(expected, request.headers["Klaviyo-Signature"]):
        ...
    ```

    ## Fix safety
    Python: `a == b` becomes `hmac.compare_digest(a, b)` (`a != b`: `not hmac.compare_digest(a,
    b)`), with `import hmac` added if need be. It is **safe**: the result is the same for every
    pair of ASCII strings or bytes; a non-ASCII string or a str/bytes mix now raises TypeError
    instead of comparing unequal, so a forged signature is still refused.
    JS/TS: `a === b` becomes `crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b))`, which
    throws when the lengths differ. It is applied (**safe**) only when a length check guards it
    (`a.length === b.length && a === b`) and `crypto` is the Node module; otherwise it is only
    shown as a suggestion (SARIF, JSON) and never applied.
    """

    code = "KL014"
    name = "timing-unsafe-signature-check"
    summary = "A webhook HMAC signature is compared with == instead of a constant-time compare."
    severity = Severity.ERROR
    frontends = ("code",)
    triggers = (b"hmac",)  # Python hmac, Node createHmac
    context = (b"klaviyo",)
    tags = ("security", "external/cwe/cwe-208")
    precision = "high"
    security_severity = "5.9"

    VALID = [
        Valid("import hmac, hashlib\n# Klaviyo-Signature\n"
              "def ok(s, b, sig):\n    expected = hmac.new(s, b, hashlib.sha256).hexdigest()\n"
              "    return hmac.compare_digest(expected, sig)\n"),
        Valid("import hmac, hashlib\n# klaviyo\nok = hashlib.sha256(b).hexdigest() == sig\n",
              note="a plain hash, not an HMAC"),
        Valid("import hmac, hashlib\nok = hmac.new(k, b, hashlib.sha256).hexdigest() == sig\n",
              note="not about Klaviyo"),

        Valid('import crypto from "crypto";\n// Klaviyo-Signature\n'
              'const expected = crypto.createHmac("sha256", secret).update(body).digest("hex");\n'
              'const ok = crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(sig));\n', filename="a.ts"),
    ]
    INVALID = [
        Invalid("import hmac, hashlib\n# Klaviyo-Signature\n"
                "def bad(s, b, sig):\n    expected = hmac.new(s, b, hashlib.sha256).hexdigest()\n"
                "    return expected == sig\n",
                line=5, column=12, end_line=5, end_column=27,
                message="HMAC signature compared with an equality operator leaks timing; use hmac.compare_digest(expected, received)",
                note="through a variable",
                fixed=('import hmac, hashlib\n'
                       '# Klaviyo-Signature\n'
                       'def bad(s, b, sig):\n'
                       '    expected = hmac.new(s, b, hashlib.sha256).hexdigest()\n'
                       '    return hmac.compare_digest(expected, sig)\n')),
        Invalid("import hmac, hashlib, base64\n# klaviyo webhook\n"
                "if sig != base64.b64encode(hmac.new(k, b, hashlib.sha256).digest()).decode():\n"
                "    raise PermissionError\n",
                line=3, column=4, end_line=3, end_column=77,
                message="HMAC signature compared with an equality operator leaks timing; use hmac.compare_digest(expected, received)"),
        Invalid("from hmac import new as mac\n# klaviyo\nok = sig == mac(k, b, 'sha256').hexdigest()\n",
                line=3, column=6, end_line=3, end_column=44,
                message="HMAC signature compared with an equality operator leaks timing; use hmac.compare_digest(expected, received)",
                fixed=('import hmac\n'
                       'from hmac import new as mac\n'
                       '# klaviyo\n'
                       "ok = hmac.compare_digest(sig, mac(k, b, 'sha256').hexdigest())\n")),

        Invalid('import { createHmac } from "node:crypto";\n// klaviyo webhook\n'
                'const expected = createHmac("sha256", secret).update(body + ts).digest("hex");\n'
                'if (expected !== req.headers["klaviyo-signature"]) throw new Error("bad");\n', filename="a.ts",
                line=4, column=5, end_line=4, end_column=50,
                message="HMAC signature compared with an equality operator leaks timing; use crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(received))"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        advice = sem.sdk.constant_time_compare
        reported: set[object] = set()
        for node, site, left, right in sem.equality_comparisons():
            if node_key(node) in reported:
                continue
            if isinstance(sem.evaluate(left, site), DigestValue) or isinstance(sem.evaluate(right, site), DigestValue):
                reported.add(node_key(node))
                rewrite = sem.constant_time_compare(node)
                fix = make_fix("compare in constant time", SAFE if rewrite[1] else DISPLAY,
                               rewrite[0]) if rewrite else None
                yield Report(span(ctx, node), f"HMAC signature compared with an equality operator leaks "
                                              f"timing; use {advice}", fix=fix)
