"""Text from files, made safe to put in front of a person.

Stories, saves and settings are untrusted: a title holding `ESC ] 0 ; ... BEL`
or `ESC [ 2 J` would retitle or clear the terminal it is printed on. The loader
and the save reader refuse control characters at the source; what is printed
anyway from a file (a parser's message, a file name, a save's name, a value an
error quotes) goes through `visible`, and long values are `cut` so one bad
value cannot flood a terminal.
"""

from __future__ import annotations

import re

#: Characters no story, save or setting may hold: the C0 controls but tab and
#: newline, DEL, and the C1 controls (ESC and the 8-bit CSI among them).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The same in the raw text of a file, where a carriage return ends a line
#: (YAML reads CR LF and CR as line breaks, so they never reach a value).
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR",
          0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x9B: "CSI"}


def char_name(char: str) -> str:
    """'U+001B (ESC)': how a message names an invisible character."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def visible(text: str) -> str:
    """`text` with every control character but tab and newline written as `\\x1b`."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    """`visible`, with line breaks written as `\\n` too: for a value quoted in a message."""
    return visible(text).replace("\n", "\\n")


def quoted(text: str, limit: int = 60) -> str:
    """A name or value from a file as a one-line message quotes it: visible, one line, cut."""
    return cut(one_line(text), limit)


def cut(text: str, limit: int = 60) -> str:
    """At most `limit` characters, ending in '…' when something was cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def shown(value: object, limit: int = 60) -> str:
    """A value as an error message quotes it: its repr, visible and cut."""
    return cut(visible(repr(value)), limit)


def controls_in(data: object, limit: int = 20) -> list[tuple[tuple, str, bool]]:
    """Where parsed data holds control characters: (path, character, is it a key?).

    Walks lists and mappings without recursion (deep data is no crash), each
    list or mapping once (an alias shared in many places is looked at once),
    and stops after `limit` findings.
    """
    found: list[tuple[tuple, str, bool]] = []
    seen: set[int] = set()
    stack: list[tuple[object, tuple]] = [(data, ())]
    while stack and len(found) < limit:
        value, loc = stack.pop()
        if isinstance(value, str):
            hit = CONTROL.search(value)
            if hit:
                found.append((loc, hit.group(), False))
        elif isinstance(value, dict | list):
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, dict):
                for key, child in value.items():
                    hit = CONTROL.search(key) if isinstance(key, str) else None
                    if hit:
                        found.append(((*loc, key), hit.group(), True))
                    stack.append((child, (*loc, key)))
            else:
                stack.extend((child, (*loc, index)) for index, child in enumerate(value))
    return found
