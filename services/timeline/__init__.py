"""Timeline: the consolidated read side across all life domains."""
