"""The Jeugdwet's reach by age: the one rule every service tags a young person's facts by.

Below 18 a young person's support rests on the Jeugdwet (`jw`), and up to 23 when youth care
was extended (verlengde jeugdhulp, agreed in the transition plan); otherwise each service's
own adult law applies (Participatiewet, Wmo 2015, Wgs). Intake and coaching tag the same
young person: kept in one place so they never disagree again (issue 19). Pure: the age band
in, never the birth date.
"""

from __future__ import annotations

__all__ = ["EXTENDED_YOUTH_CARE_BAND", "JEUGDWET", "MINOR_BAND", "under_the_youth_act"]

JEUGDWET = "jw"
MINOR_BAND = "16-17"
EXTENDED_YOUTH_CARE_BAND = "18-22"  # verlengde jeugdhulp runs up to the 23rd birthday


def under_the_youth_act(age_band: str | None, *, youth_care_extended: bool) -> bool:
    """Whether a fact recorded in `age_band` rests on the Jeugdwet; unknown band: no."""
    return age_band == MINOR_BAND or (age_band == EXTENDED_YOUTH_CARE_BAND and youth_care_extended)
