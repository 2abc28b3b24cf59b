"""Reports per gemeente, programma, month and age band: a projection of facts, summed on read."""
