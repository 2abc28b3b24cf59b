"""The coaching domain: pure rules over one young person's coaching."""
