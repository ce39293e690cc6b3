"""The one sanitiser for text that came from someone else and is shown in a report or a terminal.

Names (`--name`, a replay's header), file names in a class's folder and the reasons quoting them
reach text, Markdown, HTML and CSV reports and the trainer's terminal. Left raw, an ESC clears
the screen, an OSC 8 forges a link, a CR splits a CSV record, U+202E turns "exe.txt" around, a
cell starting with "=" is a spreadsheet formula, and `<script>` runs in a Markdown preview.

`plain` is the ground every format stands on: no control or bidi-formatting character survives,
and the text is bounded. The format functions add that format's own escaping on top. `is_clean`
is the check the readers use to refuse such a name at the door.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings, overrides and isolates, and the marks: they reorder what a reader sees.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _unsafe(char: str) -> bool:
    category = unicodedata.category(char)
    # Cc: C0/C1 controls (ESC, BEL, CR...); Cf: format characters (bidi, zero-width); Cs/Co/Cn:
    # surrogates, private use, unassigned; Zl/Zp: line and paragraph separators.
    return char in _BIDI or category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def is_clean(text: str) -> bool:
    """No control, format (bidi, zero-width) or separator character other than a space."""
    return not any(_unsafe(char) for char in text)


def first_control(text: str) -> str | None:
    """The first character of an author's text (a scenario's briefs, labels, event texts) that
    would act on the terminal or reorder what is shown: C0/C1 controls other than newline and
    tab, bidi embeddings, overrides and isolates, line and paragraph separators, surrogates.
    Unlike `is_clean` (for names), letters' own format characters such as the zero-width joiner
    of an emoji pass. None when there is none."""
    for char in text:
        if char in "\n\t":
            continue
        if char in _BIDI or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
            return char
    return None


def not_utf8(name: str) -> str | None:
    """`name` with its stray bytes shown escaped ("\\udcff"), when it is not UTF-8 text: a file
    name or an environment value in other bytes, which Python holds as surrogates and which
    cannot be written into a replay, a pack or the history. None when it is UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return None


def plain(text: object, limit: int = 200) -> str:
    """`text` with every unsafe character shown as "?" (whitespace controls as a space), at most
    `limit` characters."""
    out = []
    for char in str(text):
        if char in "\t\n\r\x0b\x0c":
            out.append(" ")
        elif _unsafe(char):
            out.append("?")
        else:
            out.append(char)
    result = "".join(out)
    return result if len(result) <= limit else result[: limit - 1] + "…"


def for_csv(text: object, limit: int = 200) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ gets a "'" before it."""
    cell = plain(text, limit)
    return "'" + cell if cell.startswith(_FORMULA) else cell


def for_markdown(text: object, limit: int = 200) -> str:
    """Markdown that shows the text as written: HTML is escaped (no raw `<script>` or
    `<img onerror>` in a preview), and Markdown's own marks are backslashed."""
    cell = plain(text, limit)
    cell = cell.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", cell)
