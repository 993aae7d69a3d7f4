"""Fingerprints that survive unrelated edits.

``line_hashes`` reimplements the rolling hash GitHub's upload-sarif action computes for
``partialFingerprints.primaryLocationLineHash``: a base-37 polynomial hash, modulo 2**64, over a
100-character window that starts at each line and skips spaces and tabs (CR and CRLF count as LF),
suffixed with how many earlier lines had the same hash. Lines added above a finding leave it
unchanged. Callers pass text with secrets already redacted, so no fingerprint derives from a key.
"""

from __future__ import annotations

_BLOCK = 100
_BASE = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_BASE, _BLOCK, 1 << 64)
_EOF = 65535


def _code_units(text: str) -> list[int]:
    """UTF-16 code units, as JavaScript's charCodeAt sees them."""
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


def line_hashes(text: str) -> dict[int, str]:
    """Map 1-based line number -> ``"<hex>:<n>"`` for every line of ``text``."""
    window = [0] * _BLOCK
    line_at = [-1] * _BLOCK
    state = {"hash": 0, "index": 0, "line": 0, "line_start": True, "prev_cr": False}
    counts: dict[str, int] = {}
    result: dict[int, str] = {}

    def output() -> None:
        index = state["index"]
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        result[line_at[index]] = f"{value}:{counts[value]}"
        line_at[index] = -1

    def update(current: int) -> None:
        index = state["index"]
        begin = window[index]
        window[index] = current
        state["hash"] = (_BASE * state["hash"] + current - _FIRST_MOD * begin) & _MASK
        state["index"] = (index + 1) % _BLOCK

    def process(current: int) -> None:
        if current in (0x20, 0x09) or (state["prev_cr"] and current == 0x0A):
            state["prev_cr"] = False
            return
        if current == 0x0D:
            current, state["prev_cr"] = 0x0A, True
        else:
            state["prev_cr"] = False
        if line_at[state["index"]] != -1:
            output()
        if state["line_start"]:
            state["line_start"] = False
            state["line"] += 1
            line_at[state["index"]] = state["line"]
        if current == 0x0A:
            state["line_start"] = True
        update(current)

    for unit in _code_units(text):
        process(unit)
    process(_EOF)
    for _ in range(_BLOCK):
        if line_at[state["index"]] != -1:
            output()
        update(0)
    return result
