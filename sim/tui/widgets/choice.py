"""A one-line choice that cycles through its options: ◀ option ▶.

The home screen's set-up fields use it instead of `Select`: one widget instead of a dropdown's six,
so the first screen composes and styles in a fraction of the time, and it works the way the offer
builder does (←/→ change the option; a click on the left or right half steps back or on)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    """One of a few options, changed with ←/→ (or space, or a click); `value` is the chosen one's."""

    DEFAULT_CSS = """
    Choice { height: 1; width: 1fr; }
    Choice:focus { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    """
    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
        Binding("space", "step(1)", "Next", show=False),
    ]

    index = reactive(0)

    class Changed(Message):
        """The chosen option changed (by a key, a click or `value`)."""

        def __init__(self, choice: Choice, value: Hashable):
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self,
        options: Sequence[tuple[str, Hashable]],
        value: Hashable | None = None,
        *,
        id: str | None = None,
    ):
        super().__init__(id=id)
        self.options: list[tuple[str, Hashable]] = list(options)
        self.set_reactive(Choice.index, self._index_of(value))

    def _index_of(self, value: Hashable | None) -> int:
        values = [v for _, v in self.options]
        return values.index(value) if value in values else 0

    @property
    def value(self) -> Hashable | None:
        return self.options[self.index][1] if self.options else None

    @value.setter
    def value(self, value: Hashable) -> None:
        self.index = self._index_of(value)

    def set_options(self, options: Sequence[tuple[str, Hashable]]) -> None:
        """New options; the first is chosen."""
        self.options = list(options)
        self.set_reactive(Choice.index, 0)
        self.refresh()

    def watch_index(self) -> None:
        self.post_message(self.Changed(self, self.value))

    def action_step(self, delta: int) -> None:
        if self.options:
            self.index = (self.index + delta) % len(self.options)

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.action_step(-1 if offset.x < self.content_size.width // 2 else 1)

    def render(self) -> Text:
        if not self.options:
            return Text("—")
        label = self.options[self.index][0]
        if len(self.options) == 1:
            return Text(f"  {label}")
        return Text.assemble(("◀ ", "dim"), label, (" ▶", "dim"))
