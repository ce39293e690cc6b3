"""Small modal dialogs: pick one of a few choices, type a number, confirm, and the key help.

Each dismisses with the player's answer (or None when cancelled with escape); the screen that
opened it turns the answer into a move."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option


class ChoiceDialog(ModalScreen[str | None]):
    """Choose one option; each may have a key (1, 2, 3...) shown beside it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], note: str = ""):
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-note")
            yield OptionList(
                *[
                    Option(f"{i + 1}  {label}", id=key)
                    for i, (key, label) in enumerate(self.choices)
                ],
                id="choices",
            )
            yield Static("↑↓ and enter, or a number · esc cancels", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.choices):
                event.stop()
                self.dismiss(self.choices[index][0])

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NumberDialog(ModalScreen[float | None]):
    """Type a number (a BATNA you claim, a deadline round)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, note: str, low: float, high: float, value: float | None = None):
        super().__init__()
        self.title_text = title
        self.note = note
        self.low = low
        self.high = high
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.note, classes="dialog-note")
            yield Input(
                value="" if self.value is None else f"{self.value:g}",
                placeholder=f"a number from {self.low:g} to {self.high:g}",
                type="number",
                id="number",
            )
            yield Static("", id="number-error", classes="dialog-error")
            yield Static("enter confirms · esc cancels", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        try:
            value = float(event.value)
        except ValueError:
            self.query_one("#number-error", Static).update("Type a number.")
            return
        if not self.low <= value <= self.high:
            self.query_one("#number-error", Static).update(
                f"Between {self.low:g} and {self.high:g}, please."
            )
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no, for moves that cannot be taken back (walking away, a deal below your BATNA)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


HELP_TEXT = """\
[b]How to play[/b]  [dim](↑↓ scrolls this help)[/dim]
Build an offer with the arrow keys (↑↓ pick an issue, ←→ pick an option),
then press [b]p[/b] to propose it. The counterpart answers at once.
A deal happens when one side accepts the other's standing offer
(or proposes exactly it). Beat your alternative (BATNA) by as much as you
can before your deadline; every round that passes costs you the cost of
delay.

[b]Decisions[/b] (one per move)
  p  propose your draft        a  accept their offer
  h  hold your position        b  take a break (2 each): one extra
                                  round passes on top of this turn
  w  walk away (no deal)       m  call a mediator (once, from round 3)
  y  accept the mediator's proposal, when there is one

[b]Talk[/b] (optional, goes with your next decision)
  q  ask a question            n  answer their question
  d  disclose one of your facts
  s  signal your alternative   c  cite a benchmark
  esc  forget the talk you picked

[b]The screen[/b]
  Your leverage: above 0 the balance of power leans your way, below 0
    theirs; its parts (alternatives, timing, information...) say why.
  What they think of you: their estimate of your alternative (80% range),
    how far off it is, and how your last move changed it. Shown at easy
    and normal; at hard press v to show it (the end screen reveals it).
  What you know about them: their alternative, deadline and priorities,
    each with where it came from (answer, signal, fact, news) and how far
    to trust it; their credibility falls when they take back an offer or
    a bluff of theirs is exposed.
  pts are your points; "after delay" is what a deal now would give you.

[b]Anywhere[/b]
  ctrl+p  command palette (every move by name)   f2  light/dark theme
  f1 or ?  this help   v  what they think of you (show/hide)
  ctrl+q  quit, even from a dialog (your game is saved after every move)
"""


class HelpDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        # The text scrolls (↑↓, page keys, wheel) and the Close button stays in view: at 80x24
        # the whole help does not fit.
        with Vertical(classes="dialog help"):
            with VerticalScroll(id="help-scroll"):
                yield Static(HELP_TEXT)
            yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).focus()

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)
