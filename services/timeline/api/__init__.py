"""The timeline's JSON API: timelines, summaries and erasure status (`timeline`), reports."""
