"""Housing: from homeless to housed, with shelter, woontoelage and eviction prevention."""
