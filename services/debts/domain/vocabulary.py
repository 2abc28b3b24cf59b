"""Codes of the debt trajectory, after the DDAS models of VNG/Divosa/NVVK (research §3.3.2).

Money is counted in whole euros, as `int`, everywhere: never floats, never cents.
"""

from __future__ import annotations

from typing import Literal

FundProgramme = Literal["jpf"]
"""The programme whose trajectories the Jongeren Perspectief Fonds takes over (DOMAIN.md)."""
CreditorType = Literal["zorg", "publiek", "nuts", "overig"]
CrisisTrigger = Literal[
    "ontruiming", "afsluiting_energie_water", "opzegging_zorgverzekering", "beslag", "overig"
]
SolutionKind = Literal[
    "betalingsregeling", "herfinanciering", "saneringskrediet", "schuldbemiddeling", "nul_aanbod"
]
CreditorResponse = Literal["akkoord", "weigering", "tegenvoorstel"]
CounterpartKind = Literal["maatschappelijke_stage", "vrijwilligerswerk", "opleiding"]
OutflowReason = Literal[
    "afgerond", "zelf", "ingetrokken", "niet_verschenen", "voldoet_niet", "niet_passend",
    "verhuisd", "overleden", "overig",
]  # fmt: skip
RevocationReason = Literal["contract_niet_nagekomen", "stage_niet_afgerond", "overig"]
# Why an open trajectory could not be closed when the young person left their programme.
ClosureBlockedReason = Literal["schulden_openstaand", "schuld_bij_fonds"]

# Upper bound of one amount: well above any debt a young person carries, below any overflow.
MAX_EUROS = 10_000_000
# Wgs art. 4: first conversation within 4 weeks, or 3 working days in a threatening situation.
DEADLINE_DAYS = 28
CRISIS_DEADLINE_WORKING_DAYS = 3
