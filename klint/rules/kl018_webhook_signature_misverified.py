from __future__ import annotations

import re
from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import StrValue
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import node_key, semantics, span

# Header names seen in the wild that Klaviyo does not send (facts §8).
WRONG_HEADERS = frozenset({"x-klaviyo-signature", "klaviyo-webhook-signature", "x-klaviyo-webhook-signature",
                           "x-klaviyo-hmac-sha256", "x-klaviyo-timestamp"})
SIGNATURE_HEADER = "klaviyo-signature"
TIMESTAMP_RE = re.compile(r"klaviyo[-_]timestamp", re.IGNORECASE)


class WebhookSignatureMisverified(Rule):
    """
    ## What it does
    In code that handles Klaviyo's system webhooks (it mentions `Klaviyo-Signature`,
    `Klaviyo-Timestamp`, `Klaviyo-Webhook-Id` or the body's `klaviyo_webhook_id`), finds
    signature checks that cannot work:
    - a header name Klaviyo does not send (`X-Klaviyo-Signature`, `Klaviyo-Webhook-Signature`);
    - an HMAC over another hash than SHA-256 (`hashlib.sha1`, `createHmac("md5", …)`);
    - a digest encoded as base64, where Klaviyo sends hex;
    - an HMAC over JSON serialised again from the parsed body (`json.dumps(request.json)`,
      `JSON.stringify(req.body)`) instead of the raw bytes;
    - an HMAC in a file whose code never reads `Klaviyo-Timestamp`: the signed message cannot
      hold the timestamp that follows the raw body;
    - a handler that reads `Klaviyo-Signature` but never computes an HMAC (warning).

    What Klaviyo documents: the `Klaviyo-Webhook-Id`, `Klaviyo-Signature` ("the HMAC-SHA256
    signature") and `Klaviyo-Timestamp` headers, the `secret_key` of the webhook, and that
    `klaviyo_webhook_id` must match the header. Established practice, shared by independent
    verifiers: the signed message is the raw body followed by the `Klaviyo-Timestamp` value,
    and the digest is hex.

    ## Why is this bad?
    A check that can never match makes the handler reject every real delivery (and teams then
    switch verification off); one over re-serialised JSON fails on key order and whitespace; no
    check at all lets anyone post forged events into the integration.

    ## Example
    ```python
    signature = request.headers["X-Klaviyo-Signature"]
    expected = base64.b64encode(hmac.new(secret, json.dumps(request.json).encode(), hashlib.sha1).digest())
    ```

    ## Use instead
    ```python
    signature = request.headers["Klaviyo-Signature"]
    timestamp = request.headers["Klaviyo-Timestamp"]
    expected = hmac.new(secret, request.get_data() + timestamp.encode(), hashlib.sha256).hexdigest()
    ok = hmac.compare_digest(expected, signature)
    ```
    """

    code = "KL018"
    name = "webhook-signature-misverified"
    summary = "A Klaviyo webhook's signature is checked in a way that cannot work, or not at all."
    severity = Severity.ERROR
    frontends = ("code",)
    context = (b"klaviyo-signature", b"klaviyo-timestamp", b"klaviyo-webhook-id", b"klaviyo_webhook_id",
               b"x-klaviyo-signature", b"klaviyo-webhook-signature")
    tags = ("security",)
    security_severity = "7.0"

    VALID = [
        Valid('import hashlib, hmac\n\ndef verify(request, secret):\n'
              '    signature = request.headers["Klaviyo-Signature"]\n'
              '    timestamp = request.headers["Klaviyo-Timestamp"]\n'
              '    expected = hmac.new(secret, request.get_data() + timestamp.encode(), hashlib.sha256).hexdigest()\n'
              '    return hmac.compare_digest(expected, signature)\n'),
        Valid('import hashlib, hmac\n\ndef shopify(request, secret):\n'
              '    digest = hmac.new(secret, request.get_data(), hashlib.sha1).digest()\n'
              '    return request.headers["X-Shopify-Hmac-Sha256"]\n', note="another provider's webhook"),
        Valid('const crypto = require("crypto");\nfunction verify(req, secret) {\n'
              '  const sig = req.get("Klaviyo-Signature");\n'
              '  const expected = crypto.createHmac("sha256", secret).update(req.rawBody + req.get("Klaviyo-Timestamp"))'
              '.digest("hex");\n  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(sig));\n}\n',
              filename="a.js"),
    ]
    INVALID = [
        Invalid('import hashlib, hmac\n\ndef verify(request, secret):\n'
                '    signature = request.headers["Klaviyo-Signature"]\n'
                '    expected = hmac.new(secret, request.get_data(), hashlib.sha256).hexdigest()\n'
                '    return hmac.compare_digest(expected, signature)\n',
                line=5, column=16, end_line=5, end_column=80,
                message="the signed message has no Klaviyo-Timestamp (nothing here reads it): Klaviyo signs "
                        "the raw body followed by that header's value"),
        Invalid('def verify(request):\n    return request.headers.get("X-Klaviyo-Signature")\n',
                line=2, column=32, end_line=2, end_column=53,
                message="Klaviyo does not send 'X-Klaviyo-Signature'; its signature header is 'Klaviyo-Signature'"),
        Invalid('import hashlib, hmac\n\ndef verify(request, secret):\n'
                '    signature = request.headers["Klaviyo-Signature"]\n'
                '    expected = hmac.new(secret, request.get_data(), hashlib.sha1).hexdigest()\n'
                '    return hmac.compare_digest(expected, signature)\n',
                line=5, column=16, end_line=5, end_column=78,
                message="HMAC-SHA1 never matches: Klaviyo signs webhooks with HMAC-SHA256"),
        Invalid('const crypto = require("crypto");\nfunction verify(req, secret) {\n'
                '  const sig = req.headers["klaviyo-signature"];\n'
                '  const expected = crypto.createHmac("sha256", secret).update(JSON.stringify(req.body))'
                '.digest("base64");\n  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(sig));\n}\n',
                filename="a.js", line=4, column=20, end_line=4, end_column=105,
                message="the HMAC is computed over JSON serialised again from the parsed body; sign the raw "
                        "request bytes (key order and spacing differ)", count=2,
                note="and base64 where Klaviyo sends hex: two findings"),
        Invalid('def handle(request):\n    signature = request.headers["Klaviyo-Signature"]\n'
                '    return process(request.json)\n', line=2, column=33, end_line=2, end_column=52,
                message="the handler reads Klaviyo-Signature but never computes an HMAC: anyone can post forged "
                        "webhooks; verify HMAC-SHA256 over the raw body and Klaviyo-Timestamp",
                note="a warning"),
        Invalid('import base64, hashlib, hmac\n\ndef verify(request, secret):\n'
                '    signature = request.headers["Klaviyo-Signature"]\n'
                '    message = request.get_data() + request.headers["Klaviyo-Timestamp"].encode()\n'
                '    expected = base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest())\n'
                '    return hmac.compare_digest(expected, signature.encode())\n',
                line=6, column=16, end_line=6, end_column=84,
                message="the digest is base64, but Klaviyo sends the signature in hex",
                note="the right HMAC over the right message, in the wrong encoding"),
        Invalid('def on_webhook(request):\n    if "Klaviyo-Signature" not in request.headers:\n'
                '        return "missing signature", 401\n'
                '    event_id = request.headers["Klaviyo-Webhook-Id"]\n'
                '    queue.put((event_id, request.get_json(), request.headers["Klaviyo-Signature"]))\n'
                '    return f"queued Klaviyo webhook {event_id}", 202\n',
                line=2, column=8, end_line=2, end_column=27,
                message="the handler reads Klaviyo-Signature but never computes an HMAC: anyone can post forged "
                        "webhooks; verify HMAC-SHA256 over the raw body and Klaviyo-Timestamp",
                note="checking that the header is there is not verifying it; reported where it is first read"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        strings = [(node, sem.evaluate(node, site)) for node, site in sem.klaviyo_strings]
        reads_signature = None
        for node, value in strings:
            text = value.text.lower() if isinstance(value, StrValue) and value.text else ""
            if text in WRONG_HEADERS:
                yield Report(span(ctx, node), f"Klaviyo does not send {value.text!r}; its signature header is "
                                              "'Klaviyo-Signature'")
            elif text == SIGNATURE_HEADER and reads_signature is None:
                reads_signature = node
        digests = list(sem.digests())
        reads_timestamp = sem.code_mentions(sem.root_scope.node, TIMESTAMP_RE)
        seen: set[object] = set()
        for node, digest in digests:
            if node_key(node) in seen:
                continue
            seen.add(node_key(node))
            if digest.algorithm and digest.algorithm != "sha256":
                yield Report(span(ctx, node), f"HMAC-{digest.algorithm.upper()} never matches: Klaviyo signs "
                                              "webhooks with HMAC-SHA256")
            if digest.encoding == "base64":
                yield Report(span(ctx, node), "the digest is base64, but Klaviyo sends the signature in hex")
            if not reads_timestamp and digest.encoding != "base64" and digest.algorithm in (None, "sha256"):
                yield Report(span(ctx, node), "the signed message has no Klaviyo-Timestamp (nothing here reads "
                                              "it): Klaviyo signs the raw body followed by that header's value")
            if digest.reserialised:
                yield Report(span(ctx, node), "the HMAC is computed over JSON serialised again from the parsed "
                                              "body; sign the raw request bytes (key order and spacing differ)")
        if reads_signature is not None and not digests:
            yield Report(span(ctx, reads_signature),
                         "the handler reads Klaviyo-Signature but never computes an HMAC: anyone can post forged "
                         "webhooks; verify HMAC-SHA256 over the raw body and Klaviyo-Timestamp", Severity.WARNING)
