"""A game session, headless: what the TUI and the command line both drive.

`Setup` is what is decided before a game; `PlaySession` is one person's game against a
counterpart, saved as its replay after every move and resumed from it; `GameSession` is what the
screens need of any seat at a match (hot-seat included, `sim.play.hot_seat`); `ReplayStudy`
(`sim.play.study`) lays a recorded game out for study and branches it. Nothing here imports a UI.
"""

from sim.play.session import BeliefPoint, GameSession, PlaySession, Setup

__all__ = ["BeliefPoint", "GameSession", "PlaySession", "Setup"]
