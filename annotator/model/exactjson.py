"""JSON that keeps every value exactly: documents' ``meta`` on its way in, into the database
and out again.

orjson is fast but reads an integer outside [-2**63, 2**64) as a float (losing digits) and
refuses to write one. ``loads`` reads with orjson and, only when the text holds a run of 19 or
more digits (which every such integer has), reads again with the standard library, which keeps
integers of any size; ``dumps`` writes with orjson and falls back to the standard library for
values orjson refuses. Everything else is the same in both: strings as given, floats as IEEE
doubles (the nearest to the number written, as in every JSON reader), NaN and infinities refused.
"""

from __future__ import annotations

import json

import orjson

from annotator.model.errors import InputError

# Each byte as b"1" if it is an ASCII digit, else b"0": a run of 19 digits is then a substring
# found by ``bytes.__contains__``, at a fifteenth of the cost of ``re.search(rb"\d{19}")``.
_DIGIT_MARKS = bytes(0x31 if 0x30 <= byte <= 0x39 else 0x30 for byte in range(256))
_LONG_RUN = b"1" * 19


def has_long_digit_run(raw: bytes) -> bool:
    r"""Whether ``raw`` holds 19 ASCII digits in a row (``re.search(rb"\d{19}", raw)``)."""
    return _LONG_RUN in raw.translate(_DIGIT_MARKS)


def loads(data: str | bytes) -> object:
    """Parse JSON like ``orjson.loads`` (same errors), keeping integers of any size exact."""
    value = orjson.loads(data)
    raw = data.encode() if isinstance(data, str) else data
    if not has_long_digit_run(raw):
        return value
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:  # orjson read it, so it is valid JSON; keep its reading if it is exact
        if _has_inexact_number(value):
            raise InputError("JSON nested too deeply to read its large integers exactly") from None
        return value


def dumps(value: object, *, sort_keys: bool = False) -> str:
    """Serialise like ``orjson.dumps`` (compact, UTF-8 text), writing integers of any size."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0).decode()
    except orjson.JSONEncodeError:
        if not _has_big_int(value):
            raise
        return json.dumps(value, sort_keys=sort_keys, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _refuse_constant(name: str) -> object:
    raise InputError(f"{name} is not valid JSON")


def _walk(value: object):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            yield item


def _has_inexact_number(value: object) -> bool:
    return any(isinstance(item, float) for item in _walk(value))


def _has_big_int(value: object) -> bool:
    return any(isinstance(item, int) and not isinstance(item, bool) and not -(2**63) <= item < 2**64
               for item in _walk(value))
