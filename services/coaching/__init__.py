"""Coaching: Rode loper (scout, scan, match, borg), the toekomstgesprek and trajectbegeleiding."""
