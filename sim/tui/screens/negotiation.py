"""The negotiation: the offer builder, the conversation, your leverage, the clock and what you
know about them, on one screen. Keys, mouse and the command palette all reach every move; the
screen turns them into a `Move` and hands it to the session, which runs it through the rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from sim.core import moves
from sim.core.errors import IllegalMoveError
from sim.core.moves import TOPICS
from sim.core.rules import legal_talk, uncited_benchmarks, undisclosed_facts
from sim.core.state import GameState
from sim.play.session import GameSession
from sim.tui import present
from sim.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, HelpDialog, NumberDialog
from sim.tui.widgets.offer_builder import OfferBuilder
from sim.tui.widgets.panels import ClockBar, Conversation, Intel, LeverageMeter, TheirView

# (action, key, title, help) for every move: the footer bindings and the command palette.
MOVES = [
    ("propose", "p", "Propose", "Propose the package in your draft"),
    ("accept", "a", "Accept", "Accept the counterpart's standing offer"),
    ("hold", "h", "Hold", "Stand on your current offer this turn"),
    (
        "take_break",
        "b",
        "Break",
        "Take a break: one extra round passes, on top of the turn (two per side)",
    ),
    ("walk_away", "w", "Walk away", "End the negotiation; both sides take their alternative"),
    ("mediator", "m", "Mediator", "Call a mediator (once per game, from round 3)"),
    ("accept_mediator", "y", "Accept mediator", "Accept the mediator's proposal"),
    ("ask", "q", "Ask", "Ask about their alternative, deadline or priorities"),
    ("answer", "n", "Answer", "Answer their question: truthfully, vaguely, decline, or lie"),
    ("disclose", "d", "Disclose", "Disclose one of your facts"),
    ("signal", "s", "Signal", "Signal the strength of your alternative"),
    ("cite", "c", "Cite", "Cite a public benchmark"),
]
TALK = ("ask", "answer", "disclose", "signal", "cite")
# Shorter footer words where the full title would push f1 Help off an 80-column footer (the
# palette keeps the full title).
FOOTER_TITLES = {"accept_mediator": "Agree"}
TALK_BAR = (
    "Talk: "
    "[@click=screen.ask]q ask[/] · [@click=screen.answer]n answer[/] · [@click=screen.disclose]d disclose[/] · "
    "[@click=screen.signal]s signal[/] · [@click=screen.cite]c cite[/] — then decide"
)


PanelT = TypeVar("PanelT", bound=Widget)


def titled(panel: PanelT, title: str) -> PanelT:
    """`panel` with `title` set in its border."""
    panel.border_title = title
    return panel


class NegotiationScreen(Screen):
    # Decisions show in the footer; talk keys show on the talk bar just above it (both clickable).
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, action, FOOTER_TITLES.get(action, title), show=action not in TALK)
            for action, key, title, _ in MOVES
        ),
        Binding("escape", "clear_talk", "Clear talk", show=False),
        Binding("v", "toggle_their_view", "What they think", show=False),
        Binding("f1,question_mark", "help", "Help", key_display="f1/?"),
    ]

    def __init__(self, session: GameSession):
        super().__init__()
        self.session = session
        view = session.view()
        self.rows = present.issue_rows(view)
        self.draft = present.opening_draft(view)
        self.pending_talk: moves.Talk | None = None
        self.names = (session.scenario.roles[0].name, session.scenario.roles[1].name)
        self.available: tuple = ()
        self.warned_unsaved = False  # "this game is not being saved" is said once
        self.previous_state: GameState | None = (
            None  # before the player's last move: leverage reasons start here
        )
        # What the counterpart thinks of you: coaching at easy and normal; at hard a player must
        # read the other side unaided (v shows it anyway; the end screen always reveals it).
        self.show_their_view = session.setup.difficulty != "hard"

    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        with Horizontal(id="table"):
            with Vertical(id="left"):
                yield titled(OfferBuilder(id="builder"), "Your offer")
                yield titled(Conversation(id="conversation"), "Conversation")
            with Vertical(id="right"):
                yield titled(LeverageMeter(id="leverage"), "Your leverage")
                yield titled(TheirView(id="their-view"), "What they think of you")
                yield titled(Intel(id="intel"), "What you know about them")
        yield Static(TALK_BAR, id="talk-bar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.redraw()
        self.query_one(OfferBuilder).focus()
        self.warn_if_unsaved()

    def warn_if_unsaved(self) -> None:
        """Say once, as soon as it happens, that the game is not being saved (the data folder is
        a file, a full disk): the person can still stop and fix it. Said only on the end screen,
        it came after a whole game that could no longer be resumed."""
        notice = self.session.record_notice
        if notice and not self.warned_unsaved:
            self.warned_unsaved = True
            self.notify(
                f"This game is not being saved: {notice}",
                title="Not saved",
                severity="error",
                timeout=30,
                markup=False,
            )

    # -- drawing --

    def redraw(self) -> None:
        session = self.session
        view = session.view()
        scenario = session.scenario
        me, them = self.names[session.player], self.names[1 - session.player]
        self.query_one(ClockBar).show(
            f"[b]{scenario.title}[/b] · you: {me} vs {them} ({session.setup.persona}) · seed {session.setup.seed}\n"
            + present.clock_text(view)
        )
        talk = present.talk_text(view, self.pending_talk) if self.pending_talk is not None else ""
        self.query_one(OfferBuilder).show(
            self.rows, self.draft, view.my_offer, view.their_offer, talk, view.delay_cost_so_far
        )
        self.query_one(Conversation).show(
            present.conversation(session.match.turns, session.player, self.names)
        )
        self.query_one(LeverageMeter).show(
            present.leverage_reading(self.previous_state, session.state, session.player)
        )
        self.query_one(TheirView).show(self.their_view_lines(view))
        lines = present.intel_lines(view, session.state)
        if view.mediator_proposal is not None:
            proposal = view.mediator_proposal
            lines.insert(
                0,
                "! Mediator proposes: "
                + present.package_text(view, proposal)
                + f". For you: {present.worth_text(view, proposal)} — y agrees to it",
            )
        self.query_one(Intel).show(lines)
        # Rebuilding the footer costs a layout pass: only when a key came or went.
        available = tuple(self.check_action(action, ()) for action, *_ in MOVES)
        if available != self.available:
            self.available = available
            self.refresh_bindings()

    def their_view_lines(self, view) -> list[str]:
        if not self.show_their_view:
            return ["Hidden at hard: read them yourself.", "v shows it · the end screen reveals it"]
        session = self.session
        mine = [turn.move for turn in session.match.turns if turn.actor == session.player]
        # A counterpart with a belief has recorded one by its first reply; a scripted one never.
        keeps_belief = bool(session.beliefs) or not mine
        return present.their_view_lines(
            session.beliefs, view, mine[-1] if mine else None, keeps_belief
        )

    def action_toggle_their_view(self) -> None:
        self.show_their_view = not self.show_their_view
        self.redraw()

    @on(OfferBuilder.DraftChanged)
    def draft_changed(self, event: OfferBuilder.DraftChanged) -> None:
        self.draft = event.draft
        self.redraw()

    def check_action(self, action: str, parameters) -> bool | None:
        view = self.session.view()
        if action == "accept_mediator":
            return view.mediator_proposal is not None and not view.is_over
        if action == "mediator":
            # Once called it is gone for the game: hide it, which makes room in the footer for
            # y while the mediator's proposal is on the table. (Before round 3 it stays, and the
            # rules say why it cannot be called yet.)
            return not self.session.state.mediator_used and not view.is_over
        if action == "answer":
            return view.question_to_me is not None and not view.is_over
        return True

    def palette_commands(self):
        """Every move by name for the command palette (see LeverageApp.get_system_commands)."""
        for action, key, title, help_text in MOVES:
            if self.check_action(action, ()) is False:
                continue
            yield SystemCommand(f"{title} ({key})", help_text, getattr(self, f"action_{action}"))

    # -- decisions --

    def submit(self, decision) -> None:
        """Play `decision` with the talk chosen for it; an illegal move is a notice, and the
        screen stays as it was."""
        move = moves.Move(decision, self.pending_talk)
        before = self.session.state
        try:
            self.session.play(move)
        except IllegalMoveError as error:
            self.notify(str(error), title="Not allowed", severity="error")
            return
        self.pending_talk = None
        self.warn_if_unsaved()
        self.after_move(before)

    def after_move(self, before: GameState) -> None:
        """The move is played (and the counterpart has answered): the end screen when the game
        is over, else the screen redrawn, marking what changed since `before`."""
        self.previous_state = before
        if self.session.is_over:
            from sim.tui.screens.end import EndScreen

            self.app.switch_screen(EndScreen(self.session))
            return
        self.redraw()

    def action_propose(self) -> None:
        self.submit(moves.Propose(tuple(self.draft)))

    def action_accept(self) -> None:
        offer = self.session.view().their_offer
        if offer is None:
            self.submit(moves.Accept())  # the rules explain why there is nothing to accept
            return
        self.accept_package(offer, moves.Accept())

    def accept_package(self, package, accept: moves.Accept) -> None:
        """Accept `package` (their offer, or the mediator's); ask first if it is worth less to
        you than your alternative."""
        view = self.session.view()
        worth = view.deal_value(package)
        if worth >= view.batna:
            self.submit(accept)
            return

        # Accepting below your alternative is legal (people do it) but almost always a mistake:
        # say so once, with the numbers, before it is final.
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.submit(accept)

        self.app.push_screen(
            ConfirmDialog(
                f"Accept a deal worth {present.plural(worth, 'point')} to you after delay costs? "
                f"Your alternative is worth {present.points(view.batna)}.",
                "Accept anyway",
                "Keep negotiating",
            ),
            confirmed,
        )

    def action_accept_mediator(self) -> None:
        proposal = self.session.view().mediator_proposal
        if proposal is None:
            self.submit(moves.Accept(mediator=True))  # the rules explain why
            return
        self.accept_package(proposal, moves.Accept(mediator=True))

    def action_hold(self) -> None:
        self.submit(moves.Hold())

    def action_take_break(self) -> None:
        self.submit(moves.TakeBreak())

    def action_mediator(self) -> None:
        self.submit(moves.RequestMediator())

    def action_walk_away(self) -> None:
        batna = present.plural(self.session.view().batna, "point")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.submit(moves.WalkAway())

        self.app.push_screen(
            ConfirmDialog(
                f"Walk away for good? There is no deal and you take your alternative ({batna}).",
                "Walk away",
                "Stay",
            ),
            confirmed,
        )

    # -- talk: chosen now, said with the next decision --

    def set_talk(self, talk) -> None:
        self.pending_talk = talk
        self.notify(
            f"With your next move you will {present.talk_text(self.session.view(), talk)}. "
            "Now choose: p propose, a accept, h hold…",
            title="Talk added",
        )
        self.redraw()

    def action_clear_talk(self) -> None:
        if self.pending_talk is not None:
            self.pending_talk = None
            self.redraw()

    def action_ask(self) -> None:
        choices = [(topic, f"their {present.TOPIC_WORDS[topic]}") for topic in TOPICS]

        def topic_chosen(topic: str | None) -> None:
            if topic:
                self.set_talk(moves.Ask(topic))

        self.app.push_screen(ChoiceDialog("Ask them about…", choices), topic_chosen)

    def action_answer(self) -> None:
        view = self.session.view()
        question = view.question_to_me
        if question is None:
            self.notify("There is no question to answer.", severity="warning")
            return
        topic = question.topic
        choices = [
            ("truthful", "Truthfully"),
            ("vague", "Vaguely (a range)"),
            ("decline", "Decline to say"),
            ("lie", "Lie (state a value; recorded, and exposed if the truth comes out)"),
        ]

        def issue_claimed(index: str | None) -> None:
            if index is not None:
                self.set_talk(moves.Answer("lie", float(index)))

        def deadline_claimed(value: float | None) -> None:
            if value is not None:
                self.set_talk(moves.Answer("lie", round(value)))

        def batna_claimed(value: float | None) -> None:
            if value is not None:
                self.set_talk(moves.Answer("lie", value))

        def manner_chosen(manner: str | None) -> None:
            if manner is None:
                return
            if manner != "lie":
                self.set_talk(moves.Answer(manner))
            elif topic == "priorities":
                issues = [(str(i), issue.name) for i, issue in enumerate(view.issues)]
                self.app.push_screen(
                    ChoiceDialog("Claim that what matters most to you is…", issues), issue_claimed
                )
            elif topic == "deadline":
                self.app.push_screen(
                    NumberDialog(
                        "Claim a deadline",
                        f"Your real deadline is round {view.deadline}.",
                        1,
                        view.max_rounds + 1,
                    ),
                    deadline_claimed,
                )
            else:
                self.app.push_screen(
                    NumberDialog(
                        "Claim an alternative worth…",
                        f"Yours is really worth {present.plural(view.batna, 'point')}.",
                        -1000,
                        1000,
                    ),
                    batna_claimed,
                )

        self.app.push_screen(
            ChoiceDialog(f"They asked about your {present.TOPIC_WORDS[topic]}. Answer…", choices),
            manner_chosen,
        )

    def action_disclose(self) -> None:
        state = self.session.state
        facts = undisclosed_facts(state, self.session.player)
        self.choose_talk(
            "Disclose which fact? (they learn exactly what it says)",
            {i: state.scenario.facts[i].text for i in facts},
            moves.Disclose,
            none_left="You have no facts left to disclose.",
        )

    def action_signal(self) -> None:
        view = self.session.view()
        if "signal" not in legal_talk(self.session.state):
            self.notify("You cannot signal now.", severity="warning")
            return

        def signalled(value: float | None) -> None:
            if value is not None:
                self.set_talk(moves.SignalAlternative(value))

        self.app.push_screen(
            NumberDialog(
                "Signal an alternative worth about…",
                f"Yours is really worth {present.plural(view.batna, 'point')}. "
                "Claiming more than that is a bluff: "
                "recorded, and exposed if the truth comes out.",
                -1000,
                1000,
                view.batna,
            ),
            signalled,
        )

    def action_cite(self) -> None:
        benchmarks = self.session.state.scenario.benchmarks
        uncited = uncited_benchmarks(self.session.state, self.session.player)
        self.choose_talk(
            "Cite which benchmark?",
            {i: f"{benchmarks[i].name}: {benchmarks[i].text}" for i in uncited},
            moves.CiteBenchmark,
            none_left="There are no benchmarks left for you to cite.",
        )

    def choose_talk(
        self,
        question: str,
        choices: dict[int, str],
        talk: Callable[[int], moves.Talk],
        none_left: str,
    ) -> None:
        """Ask which one (a fact to disclose, a benchmark to cite) in a dialog; the one chosen
        becomes the talk of the next move. With nothing left to choose, say so instead."""
        if not choices:
            self.notify(none_left, severity="warning")
            return

        def chosen(index: str | None) -> None:
            if index is not None:
                self.set_talk(talk(int(index)))

        listed = [(str(i), text) for i, text in choices.items()]
        self.app.push_screen(ChoiceDialog(question, listed), chosen)

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog())
