from __future__ import annotations

from typing import Any, Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import DictValue, StrValue
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import node_key, semantics, span

PHONE_KEYS = frozenset({"phone_number", "phoneNumber"})


def phone_problem(text: str) -> str | None:
    """Why a phone literal is not E.164, or None (shared with JS/TS). Blanks are not judged."""
    if len(text) > klaviyo.MAX_PHONE_LENGTH or not klaviyo.PHONE_SHAPED_RE.match(text) \
            or klaviyo.E164_RE.match(text):
        return None  # blanks, type names ('str'), placeholders ('CUSTOMER_PHONE_2'), templates
    return (f"phone number {text!r} is not E.164 ('+' then 7 to 15 digits, e.g. '+15005550006'); "
            "Klaviyo drops it or rejects the request")


class PhoneNotE164(Rule):
    """
    ## What it does
    Finds `phone_number` values written as literals (in dicts, keyword arguments such as SDK
    model fields, or constants they refer to) that are not in E.164 format: `+` followed by
    7–15 digits, no spaces or punctuation.

    ## Why is this bad?
    Klaviyo only accepts E.164. With another identifier present the number is silently dropped
    (the response only carries an `X-Klaviyo-Partial-Failure` header); as the only identifier
    the request fails with 400. SMS consent then never reaches the profile.

    ## Example
    ```python
    attributes = {"email": email, "phone_number": "(555) 010-0100"}
    ```

    ## Use instead
    ```python
    attributes = {"email": email, "phone_number": "+15550100100"}
    ```
    """

    code = "KL009"
    name = "phone-not-e164"
    summary = "A phone number literal is not in E.164 format."
    severity = Severity.WARNING
    frontends = ("code",)
    triggers = (b"phone_number", b"phonenumber")
    context = (b"klaviyo", b"openapi_client")
    tags = ("correctness",)

    VALID = [
        Valid('body = {"phone_number": "+15005550006"}  # klaviyo\n'),
        Valid('body = {"phone_number": user.phone}  # klaviyo\n', note="not a literal"),
        Valid('body = {"phone_number": ""}  # klaviyo\n', note="blank"),
        Valid("swagger_types = {'email': 'str', 'phone_number': 'str'}  # klaviyo model\n",
              note="a type map in generated code, not a number"),
        Valid('body = {"phone": "555-0100"}  # klaviyo\n', note="not Klaviyo's field"),
        Valid('body = {"phone_number": "CUSTOMER_PHONE_2"}  # klaviyo\n', note="a placeholder, not a number"),
        Valid('const a = { phoneNumber: "{{ person.phone }}" }; // klaviyo\n', filename="a.ts",
              note="a template"),

        Valid('const attributes = { phoneNumber: "+15005550006" }; // klaviyo\n', filename="a.ts"),
    ]
    INVALID = [
        Invalid('body = {"email": e, "phone_number": "555-0100"}  # klaviyo\n',
                line=1, column=37, end_line=1, end_column=47,
                message="phone number '555-0100' is not E.164 ('+' then 7 to 15 digits, e.g. '+15005550006'); Klaviyo drops it or rejects the request"),
        Invalid('body = {"phone_number": "+44 (20) 7946-0958 ext"}  # klaviyo\n',
                line=1, column=25, end_line=1, end_column=49,
                message="phone number '+44 (20) 7946-0958 ext' is not E.164 ('+' then 7 to 15 digits, e.g. '+15005550006'); Klaviyo drops it or rejects the request",
                note="letters after digits: still a phone number someone typed"),
        Invalid('TEST_PHONE = "+1 500 555 0006"\nbody = {"phone_number": TEST_PHONE}  # klaviyo\n',
                line=1, column=14, end_line=1, end_column=31,
                message="phone number '+1 500 555 0006' is not E.164 ('+' then 7 to 15 digits, e.g. '+15005550006'); Klaviyo drops it or rejects the request",
                note="reported at the constant's literal"),
        Invalid("from openapi_client.models import ProfileCreateQueryResourceObjectAttributes as A\n"
                'A(email=e, phone_number="15005550006")\n',
                line=2, column=25, end_line=2, end_column=38,
                message="phone number '15005550006' is not E.164 ('+' then 7 to 15 digits, e.g. '+15005550006'); Klaviyo drops it or rejects the request",
                note="model keyword argument"),

        Invalid('const attributes = { email, phoneNumber: "(500) 555-0006" }; // klaviyo\n', filename="a.ts",
                line=1, column=42, end_line=1, end_column=58,
                message="phone number '(500) 555-0006' is not E.164 ('+' then 7 to 15 digits, e.g. '+15005550006'); Klaviyo drops it or rejects the request"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        candidates: list[tuple[Any, object]] = []
        for node, site in sem.dicts:
            if PHONE_KEYS.isdisjoint(sem.literal_keys(node) or PHONE_KEYS):
                continue  # no phone key written: its values need not be evaluated
            value = sem.evaluate(node, site)
            if isinstance(value, DictValue):
                for key in PHONE_KEYS & value.entries.keys():
                    candidates.append((value.entries[key].value_node, value.entries[key].value))
        for node, site in sem.keyword_arguments("phone_number"):  # SDK model fields
            candidates.append((node, sem.evaluate(node, site)))
        seen: set[object] = set()
        for node, value in candidates:
            if not isinstance(value, StrValue) or value.text is None:
                continue
            target = value.nodes[0] if len(value.nodes) == 1 else node
            problem = phone_problem(value.text)
            if problem and target is not None and node_key(target) not in seen:
                seen.add(node_key(target))
                yield Report(span(ctx, target), problem)
