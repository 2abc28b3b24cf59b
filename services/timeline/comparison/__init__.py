"""Figures across municipalities: each deployment publishes its protected figures, one reads them.

`event` is the published contract, `rules` what a publisher may send and a reader accept,
`publisher` sends a municipality's months, `read_model` keeps the programme's municipalities'
figures and answers the comparison.
"""
