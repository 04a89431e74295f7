"""Communard: the game and tools built on the story engine."""

__version__ = "0.1.0"
