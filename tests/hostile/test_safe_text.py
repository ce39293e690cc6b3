"""The name sanitiser's promises, for any text at all (hypothesis): what `plain` returns holds no
control, format or separator character; a CSV cell never starts as a formula; Markdown never
carries a raw `<`. The corpus shows the reports use it; this shows it holds for every input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sim.core.safe_text import for_csv, for_markdown, is_clean, plain


@given(st.text(max_size=300))
def test_plain_text_is_clean_and_bounded(text):
    shown = plain(text, 80)
    assert is_clean(shown)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown
    assert len(shown) <= 80


@given(st.text(max_size=100))
def test_a_csv_cell_is_never_a_formula(text):
    assert not for_csv(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.text(max_size=100))
def test_markdown_carries_no_raw_html(text):
    assert "<" not in for_markdown(text) and ">" not in for_markdown(text)


def test_clean_names_are_shown_as_typed():
    assert plain("Zoë O'Brien-Smith") == "Zoë O'Brien-Smith"
    assert plain("\x1b[2J\u202eevil\r") == "?[2J?evil "
