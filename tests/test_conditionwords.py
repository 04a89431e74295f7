"""Conditions said in plain words (communard/conditionwords.py), for guides and teacher mode."""

from __future__ import annotations

import pytest

from communard.conditionwords import describe_condition

# --- describe_condition ---------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("trust >= 2 and not fled", "trust is at least 2 and not fled"),
    ("visited('montmartre.dawn')", "you have visited montmartre.dawn"),
    ("not visited('oven')", "you have not visited oven"),
    ("visits('evening.meeting') < 2", "you have visited evening.meeting fewer than 2 times"),
    ("visits('a.b') >= 1", "you have visited a.b"),
    ("visits('a.b') == 0", "you have not visited a.b"),
    ("visits('a.b') == 1", "you have visited a.b exactly once"),
    ("name == 'Louise' or trust > 3", 'name is "Louise" or trust is more than 3'),
    ("(trust > 1 or has_bread) and not fled",
     "(trust is more than 1 or has_bread) and not fled"),
    ("trust != 1 and trust <= 4 and trust < 5", "trust is not 1 and trust is at most 4 "
                                                "and trust is less than 5"),
    ("not (trust == 1)", "trust is not 1"),
    ("not (fled or has_bread)", "not (fled or has_bread)"),
    ("fled == false", "not fled"),
    ("fled == true", "fled"),
    ("min(trust, 3) + 1 > abs(gold)",
     "the smaller of trust and 3 + 1 is more than the absolute value of gold"),
    ("(trust + 1) * 2 == 4", "(trust + 1) * 2 is 4"),
    ("true", "true"),
])
def test_describe_condition(source: str, expected: str) -> None:
    assert describe_condition(source) == expected


@pytest.mark.parametrize("source", ["", "trust >", "(" * 10000, "__import__('os')", "a\x00",
                                    "{if}", "2 ** 2", "x.y"])
def test_describe_condition_never_raises(source: str) -> None:
    assert isinstance(describe_condition(source), str)


def test_format_2_calls_in_words() -> None:
    assert describe_condition("chance(30)") == "by chance (30 in 100)"
    assert describe_condition("has(met, 'varlin') and count(met) >= 2") == (
        '"varlin" is in met and the number of names in met is at least 2')
    assert describe_condition("random(1, 6) > 4") == "a random number from 1 to 6 is more than 4"
