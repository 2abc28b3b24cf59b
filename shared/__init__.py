"""Mechanics shared by two or more services; no domain nouns."""
