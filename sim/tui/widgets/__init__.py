"""Widgets of the game screens: each draws what it is given and posts what the player wants."""
