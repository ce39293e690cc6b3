"""The game's screens: home, briefing, negotiation, end of game, dialogs, and the size guard."""
