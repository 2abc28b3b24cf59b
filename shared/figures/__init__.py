"""Figures published to people: small-cell protection shared by every service's reports."""
