"""The validation kit shared by every file format: scenarios, replays, workshop packs.

Each format has its own field-by-field reader (its wording is part of the format's
documentation), but they all stand on the same ground, kept here once:

- `load_toml` / `load_json`: parse untrusted text with bounded time and memory. `tomllib` and
  `json` recurse once per level of nesting (thousands of `[` are a `RecursionError`), convert
  integers of any length (a 5,000-digit number is a `ValueError` from Python's digit limit), and
  `tomllib` is quadratic in the parts of one dotted key (20,000 parts take seconds and gigabytes).
  A linear pre-scan refuses such text before the parser sees it.
- `describe`: a value as an error message may quote it, never longer than a few dozen characters
  (a 4,000-digit integer is not echoed back).
- `Invalid`: the one-line error the readers raise; each format wraps it in its own error type.
"""

from __future__ import annotations

import json
import math
import tomllib
from typing import Any

MAX_DEPTH = 32  # arrays and tables inside one another; a scenario needs 3
MAX_KEY_PARTS = 16  # parts of one dotted key (`roles.buyer.batna` has 3)
MAX_DIGITS = 30  # digits in one number literal; 1e18 fits, a 5,000-digit integer does not
MAX_MAGNITUDE = 1e9  # no number in any file of the game is larger
MAX_SEED = 2**63 - 1  # seeds are numpy SeedSequence entropy; replays record them as int64


class Invalid(ValueError):
    """One problem with a document, already worded for the person who wrote it."""


def describe(value: Any, *, json: bool = False) -> str:
    """A short quotation of a value for an error message, in the words of the file's format: a
    TOML file (a scenario, a pack) has tables and arrays, a JSON one (a replay) objects and lists."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 30 else f'"{value[:27]}..."'
    if isinstance(value, dict):
        return "an object" if json else "a table"
    if isinstance(value, list):
        return "a list" if json else "an array"
    if isinstance(value, int) and abs(value) >= 10**15:
        return (
            f"a {len(str(abs(value)))}-digit number" if abs(value) < 10**4000 else "a huge number"
        )
    text = str(value)
    return text if len(text) <= 30 else text[:27] + "..."


def is_number(value: Any, limit: float = MAX_MAGNITUDE) -> bool:
    """A finite int or float (not a bool) no larger than `limit` in size."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= limit
    )


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# -- parsing untrusted text --------------------------------------------------------------------


def load_toml(text: str) -> dict[str, Any]:
    """A TOML document's tables, or `Invalid` saying what is wrong with it. A byte-order mark
    before the first line (Windows Notepad writes one when it saves UTF-8) is not part of the
    document; `tomllib` alone calls it an "Invalid statement" at line 1, column 1."""
    text = text.removeprefix("\ufeff")
    problem = _scan(text)
    if problem:
        raise Invalid(problem)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise Invalid(f"TOML syntax error: {error}") from None
    except (ValueError, RecursionError, MemoryError) as error:  # digit limit, deep nesting
        raise Invalid(f"TOML that cannot be read safely ({_first_words(error)})") from None


def load_json(text: str) -> Any:
    """A JSON value without duplicate keys, NaN or Infinity, or `Invalid`."""
    # No pre-scan: `json` fails cleanly on deep nesting (RecursionError) and on integers over
    # Python's digit limit (ValueError); sizes are checked field by field after.
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise Invalid("JSON nested too deeply") from None
    except ValueError as error:
        raise Invalid(f"not valid JSON ({_first_words(error)})") from None


def _first_words(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key[:30]!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_- \t")
_DIGITS = frozenset("0123456789_")


def _scan(text: str) -> str | None:
    """One linear pass over the text outside strings and comments: the deepest nesting of
    brackets, the longest run of dots joining bare words (a dotted key; a float has one dot),
    and the longest run of digits. Returns what is wrong, or None."""
    depth = 0
    dots = 0
    digits = 0
    line = 1
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            dots = digits = 0
            i += 1
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            end = i + len(quote)
            escapes = c == '"'
            closed = False
            while end < n:
                if escapes and text[end] == "\\":
                    end += 2
                    continue
                if text.startswith(quote, end):
                    closed = True
                    break
                if text[end] == "\n":
                    if len(quote) == 1:
                        break  # a string cannot span lines; let the parser say so
                    line += 1
                end += 1
            i = end + len(quote) if closed else end
            continue  # a quoted key part keeps the run of dots going
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return f"line {line}: arrays or tables nested more than {MAX_DEPTH} deep"
        elif c in "]}":
            depth = max(0, depth - 1)
        if c == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return f"line {line}: a dotted key of more than {MAX_KEY_PARTS} parts"
        elif c not in _BARE:
            dots = 0
        if c in _DIGITS:
            digits += 1
            if digits > MAX_DIGITS:
                return f"line {line}: a number of more than {MAX_DIGITS} digits"
        elif c not in "-+eE.":
            digits = 0
        i += 1
    return None
