"""Shared views of the semantic model (klint/model.py) for the code rules: Klaviyo HTTP calls,
SDK settings, body shapes. Nothing here knows which language a file is in."""

from __future__ import annotations

from typing import Iterator

from klint import klaviyo
from klint.context import FileContext
from klint.findings import Span
from klint.model import SemanticModel
from klint.frontends.values import (
    DictValue, Entry, HttpCall, ListValue, ObjectValue, OneOf, StrValue, Value, alternatives, node_key,
)


def semantics(ctx: FileContext) -> SemanticModel:
    """The file's semantic model, whatever its language."""
    return ctx.model


def span(ctx: FileContext, node) -> Span:
    return ctx.model.span(node)


def url_of(value: Value | None) -> klaviyo.KlaviyoUrl | None:
    if not isinstance(value, StrValue):
        return None
    return klaviyo.parse_klaviyo_url(value.prefix(), value.text is not None)


def klaviyo_calls(ctx: FileContext, through_helpers: bool = False) -> Iterator[tuple[HttpCall, klaviyo.KlaviyoUrl]]:
    """Raw HTTP calls whose URL resolves to a Klaviyo host. ``through_helpers``: also each call
    of a helper function that makes one, with the call's arguments (for the rules that judge the
    endpoint and body; the others judge the raw call itself, once)."""
    for call in semantics(ctx).http_calls:
        url = _klaviyo_url(call)
        if url is None:
            continue
        # The raw call inside a helper is judged there, once; a helper that gets the whole URL
        # from its caller (`authed_get("https://a.klaviyo.com/api/metrics")`) is a Klaviyo call
        # only at the call site, so it is judged there.
        if not call.via_helper or through_helpers or (
                call.helper_raw is not None and _klaviyo_url(call.helper_raw) is None):
            yield call, url


def _klaviyo_url(call: HttpCall) -> klaviyo.KlaviyoUrl | None:
    urls = [url_of(option) for option in alternatives(call.url)]
    if urls and all(urls):  # every alternative a Klaviyo URL: none unknown, none elsewhere
        return urls[0]
    if not any(map(_names_a_host, alternatives(call.url))) and _sends_private_key(call.headers):
        return klaviyo.CREDENTIALS_URL
    return None


def _names_a_host(url: Value) -> bool:
    return isinstance(url, StrValue) and "://" in url.prefix()


def _sends_private_key(headers: Value) -> bool:
    """Every header set the call may send authorises with `Klaviyo-API-Key …`."""
    entries = header_entries(headers, "authorization")
    return bool(entries) and len(entries) == len(alternatives(headers)) and all(
        isinstance(entry.value, StrValue) and klaviyo.PRIVATE_KEY_SCHEME_RE.match(entry.value.prefix())
        for entry in entries)


def each_url(call: HttpCall) -> list[klaviyo.KlaviyoUrl]:
    """Every Klaviyo URL the call may request (one per alternative of its URL)."""
    urls = [url for url in map(url_of, alternatives(call.url)) if url is not None]
    return urls or ([klaviyo.CREDENTIALS_URL] if _sends_private_key(call.headers) else [])


def header_entries(headers: Value, name: str) -> list[Entry]:
    """The header ``name`` (any casing) in every alternative header set that has it."""
    return [entry for option in alternatives(headers) if isinstance(option, DictValue)
            for entry in [option.find(name, ignore_case=True)] if entry is not None]


def header_sets(headers: Value) -> list[DictValue] | None:
    """Every header set the call may send, or None when any of them is not fully known."""
    options = alternatives(headers)
    if all(isinstance(option, DictValue) and option.complete for option in options):
        return options  # type: ignore[return-value]
    return None


def walk_dicts(value: Value | None, skip_keys: frozenset[str] = frozenset()) -> Iterator[DictValue]:
    """Every dict inside a resolved value (models count as dicts of their keyword arguments)."""
    if isinstance(value, OneOf):
        for option in value.options:
            yield from walk_dicts(option, skip_keys)
        return
    if isinstance(value, ObjectValue):
        value = model_as_dict(value)
    if isinstance(value, DictValue):
        yield value
        for key, entry in value.entries.items():
            if key not in skip_keys:
                yield from walk_dicts(entry.value, skip_keys)
    elif isinstance(value, ListValue):
        for item in value.items:
            yield from walk_dicts(item, skip_keys)


def model_as_dict(model: ObjectValue) -> DictValue:
    """An SDK model (`EventCreateQueryV2ResourceObjectAttributes(unique_id=…)`) as its fields."""
    result = DictValue(complete="**" not in model.attrs and model.call is not None)
    for name, value in model.attrs.items():
        if name != "**":
            result.entries[name] = Entry(value, None, None)
    if model.short_name.endswith("ResourceObjectAttributes") and model.short_name.startswith("Event"):
        result.entries.setdefault("__event_attributes__", Entry(value=DictValue(), key_node=None, value_node=None))
    return result


def is_event_attributes(candidate: DictValue, parent_type: str | None) -> bool:
    """The `attributes` of an event: under `"type": "event"`, or shaped like one."""
    return parent_type == "event" or "__event_attributes__" in candidate.entries or (
        "metric" in candidate.entries and "profile" in candidate.entries)


def event_attribute_dicts(body: Value | None) -> list[DictValue]:
    """Each event's attributes in a create-event or bulk-create body, once each."""
    found: dict[int, DictValue] = {}
    for candidate in walk_dicts(body, skip_keys=frozenset({"properties"})):
        type_entry = candidate.entries.get("type")
        type_text = type_entry.value.text if type_entry and isinstance(type_entry.value, StrValue) else None
        attributes = candidate.entries.get("attributes")
        if attributes is not None:
            inner = attributes.value
            if isinstance(inner, ObjectValue):
                inner = model_as_dict(inner)
            if isinstance(inner, DictValue) and is_event_attributes(inner, type_text):
                found.setdefault(id(inner), inner)
                continue
        if type_text is None and "attributes" not in candidate.entries and is_event_attributes(candidate, None):
            found.setdefault(id(candidate), candidate)
    return list(found.values())


def handles_conflict(ctx: FileContext, call) -> bool:
    """A create whose code deals with 409 Conflict: in a try/catch for it, or in a function whose
    code (not its comments) checks for it (`if r.status_code not in (201, 409)`)."""
    return call.conflict_handled or semantics(ctx).code_mentions(call.site.scope.node, klaviyo.CONFLICT_RE, 409)


def sdk_option_values(sem: SemanticModel, option: klaviyo.SdkOption) -> Iterator[tuple[Value, object]]:
    """(value, node to report at) of an SDK constructor's setting wherever the constructor is
    called: `KlaviyoAPI(key, max_retries=1)`, `new RetryWithExponentialBackoff({numRetries: 1})`."""
    for call in sem.constructions(option.constructor):
        keyword = None if option.in_options_object else option.name or None
        node = sem.argument(call, option.position, keyword)
        if node is None:
            continue
        value = sem.evaluate(node, call.site)
        if not option.in_options_object:
            yield value, node
        elif isinstance(value, DictValue) and option.name in value.entries:
            entry = value.entries[option.name]
            yield entry.value, entry.value_node
