"""The elfproef: a BSN is nine digits whose weighted sum is divisible by eleven."""

from __future__ import annotations

import pytest

from services.intake.domain.bsn import elfproef


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990", "012345672"])
def test_numbers_passing_the_eleven_test_are_valid(bsn):
    """9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11 passes, leading zeros included."""
    assert elfproef(bsn)


@pytest.mark.parametrize("bsn", ["123456789", "111222334", "213456782"])
def test_numbers_failing_the_eleven_test_are_invalid(bsn):
    """One mistyped digit, or two swapped ones, break the sum."""
    assert not elfproef(bsn)


def test_all_zeros_is_invalid_although_its_sum_is_zero():
    """000000000 passes the arithmetic but is no one's number."""
    assert not elfproef("000000000")


@pytest.mark.parametrize(
    "bsn",
    [
        "12345678a",  # a letter
        "1234 5678",  # a space
        "12345678",  # eight digits
        "1234567820",  # ten digits
        "",
        "١٢٣٤٥٦٧٨٢",  # Arabic-Indic digits of 123456782: digits, but not ASCII ones
        "+12345678",
    ],
)
def test_anything_but_nine_ascii_digits_is_invalid(bsn):
    """Only the plain nine-digit form is checked; nothing is stripped or converted."""
    assert not elfproef(bsn)
