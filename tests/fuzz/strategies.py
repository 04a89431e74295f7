"""Hypothesis strategies for untrusted input: YAML-ish text, JSON-ish values, names."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import strategies as st

#: Characters that have broken parsers and terminals before.
TRICKY = ("\x00\x01\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\u2028\u2029\ufeff\ud800é€😀"
          "'\"\\#&*!|>-:?,[]{}%@`~=")
#: Pieces of YAML syntax, inserted at random into otherwise good files.
YAML_TOKENS = ["&a ", "*a", "<<: *a", "<<: [*a, *a]", "!!binary ", "!!set ", "!!python/object ",
               "!tag ", "? ", "- ", ": ", "'", '"', "\\e", "\\x1b", "\\u001b", "\\0", "\t",
               "\n  ", "\n", "0x" + "f" * 40, "0" + "7" * 40, "1:2:3:4", "9" * 30, "---\n",
               "...\n", "#", "|", ">", "[", "]", "{", "}", ",", "~", "yes", "no", "=",
               "\x00", "\x1b", "2026-02-30", ".inf", ".nan", "1e400", "-", "0b101", "%YAML 1.1\n"]

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])
                | st.sampled_from(list(TRICKY)), max_size=20)
plain_words = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True), words, plain_words,
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)))

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False), words,
    st.sampled_from([10**15, 10**15 + 1, -1, 0, "", "x" * 20_000, "\x1b[2J", "2026-01-01"]))


def nested(leaves: st.SearchStrategy, max_leaves: int = 30) -> st.SearchStrategy:
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=5)
                        | st.dictionaries(plain_words | words, inner, max_size=5),
                        max_leaves=max_leaves)


yaml_data = nested(scalars)
json_data = nested(json_scalars)


@st.composite
def yaml_texts(draw: st.DrawFn, base: str | None = None) -> str:
    """A YAML file: dumped from random data in a random style, or `base`, then mutated."""
    if base is None:
        data = draw(yaml_data)
        flow = draw(st.sampled_from([None, True, False]))
        text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=draw(st.booleans()),
                              width=draw(st.sampled_from([20, 80, 1000])), sort_keys=False)
    else:
        text = base
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(YAML_TOKENS) | words)
        if draw(st.booleans()):
            text = text[:position] + piece + text[position:]
        else:  # cut a piece out
            end = min(len(text), position + draw(st.integers(0, 10)))
            text = text[:position] + text[end:]
    return text
