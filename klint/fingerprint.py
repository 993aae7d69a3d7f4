"""Fingerprints that survive unrelated edits.

``line_hashes`` computes what GitHub's upload-sarif action computes for
``partialFingerprints.primaryLocationLineHash``: a base-37 polynomial hash, modulo 2**64, over
the first 100 UTF-16 code units from the start of a line, spaces and tabs skipped, CR and CRLF
read as LF, the end of the file as one 65535 unit followed by zeros; suffixed with how many lines
up to this one have the same hash. Lines added above a finding leave it unchanged. Callers pass
text with secrets already redacted, so no fingerprint derives from a key.

The action's rolling hash costs a Python step per character; here the windows are byte slices
and only the lines asked for are hashed, so a 10 MiB file costs about what reading it does.
Lines are counted as equal when their windows are equal, which is what equal hashes mean
barring a 64-bit collision.
"""

from __future__ import annotations

import struct
from typing import Iterable

_BLOCK = 100
_MASK = (1 << 64) - 1
_PADDING = b"\xff\xff" + b"\x00" * (2 * _BLOCK)  # the EOF unit, then the zeros the action feeds
_UNITS = struct.Struct(f"<{_BLOCK}H")


def _hash(window: bytes) -> int:
    value = 0
    for unit in _UNITS.unpack(window):
        value = (value * 37 + unit) & _MASK
    return value


def line_hashes(text: str, lines: Iterable[int]) -> dict[int, str]:
    """Map each 1-based line number in ``lines`` to ``"<hex>:<n>"``."""
    wanted = set(lines)
    stream = text.replace("\r\n", "\n").replace("\r", "\n").replace(" ", "").replace("\t", "")
    data = stream.encode("utf-16-le", "surrogatepass")
    end = len(data)
    data += _PADDING
    starts = [0]
    position = data.find(b"\n\x00", 0, end)
    while position >= 0:
        if position % 2 == 0:  # a whole LF code unit, not the middle of two units
            starts.append(position + 2)
        position = data.find(b"\n\x00", position + (2 if position % 2 == 0 else 1), end)
    windows = {line: data[starts[line - 1]:starts[line - 1] + 2 * _BLOCK]
               for line in wanted if 0 < line <= len(starts)}
    interesting = set(windows.values())
    seen: dict[bytes, int] = {}
    counts: dict[int, int] = {}
    for line, start in enumerate(starts, start=1):
        window = data[start:start + 2 * _BLOCK]
        if window in interesting:
            seen[window] = seen.get(window, 0) + 1
            if line in windows:
                counts[line] = seen[window]
    return {line: f"{_hash(window):x}:{counts[line]}" for line, window in windows.items()}
