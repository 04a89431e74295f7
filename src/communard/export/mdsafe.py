"""Markdown that says what it was given: plain text escaped where it must be, and no more.

Everything a story or a save contains is untrusted, and a Markdown file is
rendered by whatever the reader opens it with, often with raw HTML allowed. So
plain text (titles, names, choices, values) must come out as exactly that
text, never as formatting, a link or HTML; and the author's own Markdown
(scene text, notes) keeps its formatting but can hold no live HTML, no link
to a `javascript:` address, and cannot spill out of its block.

A student also reads the file as text, so a character is escaped only where
CommonMark would read it as syntax in that place: "5 * 3", "snake_case",
"Rue d'Allemagne [1]" and "a < b" stay as written; "*word*", "<img", "](",
"&amp;" and a leading "1." or "#" get their backslash.
"""

from __future__ import annotations

import html
import re
import unicodedata

_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"\s+")
_ORDERED = re.compile(r"[0-9]{1,9}[.)](?= |$)")
_DELIMITER_RUN = re.compile(r"\*+|_+|~+")
_THEMATIC = re.compile(r"([-*_])(?: *\1){2,} *$")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,31}:")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


UNKNOWN = "\x00"
"""A neighbour not known (the text is used on its own): assume the worst."""


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _emphasis_runs(text: str) -> set[int]:
    """Positions of `*`, `_` and `~` in runs that could open or close emphasis.

    CommonMark's flanking rules, with an unknown neighbour taken to allow it: a run
    between spaces ("5 * 3"), a `_` inside a word ("snake_case") or a line of
    underscores after a space ("Name: ____") is never emphasis and needs nothing.
    """
    marks: set[int] = set()
    for m in _DELIMITER_RUN.finditer(text):
        start, end = m.span()
        prev = text[start - 1] if start else UNKNOWN
        nxt = text[end] if end < len(text) else UNKNOWN
        if UNKNOWN in (prev, nxt):
            marks.update(range(start, end))
            continue
        if m.group()[0] == "_" and prev.isalnum() and nxt.isalnum():
            continue
        left = not nxt.isspace() and (not _is_punct(nxt) or prev.isspace() or _is_punct(prev))
        right = not prev.isspace() and (not _is_punct(prev) or nxt.isspace() or _is_punct(nxt))
        if left or right:
            marks.update(range(start, end))
    return marks


def _needs_escape(text: str, i: int, marks: set[int], *, start: bool, table: bool,
                  link: bool) -> bool:
    """`text` holds the neighbours too: text[0] and text[-1] are not escaped themselves."""
    ch, nxt = text[i], text[i + 1]
    if ch == "\\":
        return nxt == UNKNOWN or nxt in _ASCII_PUNCT  # a backslash before these escapes
    if ch == "`":
        return True
    first = start and i == len(text) - len(text[1:].lstrip())  # the block's first character
    if first and (ch in "#>[" or (ch in "-+*" and nxt in (" ", "\n", UNKNOWN, "-"))
                  or text.startswith("~~~", i)):
        return True  # a heading, a quote, a list item, a link definition or a code fence
    if ch in "*_~":  # emphasis (and GFM strikethrough): decided for the whole run
        return i in marks
    if ch == "<":   # a tag, a comment, a processing instruction or an autolink
        return nxt == UNKNOWN or (nxt.isascii() and (nxt.isalpha() or nxt in "/!?"))
    if ch == "&":
        return _ENTITY.match(text, i) is not None
    if ch == "]":   # `](` and `][` make links
        return link or nxt in ("(", "[", UNKNOWN)
    if ch == "[":
        return link
    if ch == "|":
        return table
    return False


def escape_md(text: object, *, start: bool = True, table: bool = False, link: bool = False,
              before: str = UNKNOWN, after: str = UNKNOWN) -> str:
    """Plain text for Markdown, read back as exactly this text (whitespace as one space).

    `start`: the text may begin a block (a paragraph, a list item), where `#`, `>`,
    `-` or `1.` would start a heading, quote or list. `table`: it is a table cell
    (`|` ends cells). `link`: it is a link's text (brackets would end it).
    `before` and `after` are the characters written around it, when known: a `*`
    or `]` at an edge is escaped only if its neighbour makes it syntax.
    """
    s = _SPACES.sub(" ", str(text))
    framed = (before or UNKNOWN) + s + (after or UNKNOWN)
    marks = _emphasis_runs(framed)
    out = []
    for i, ch in enumerate(s, 1):
        if _needs_escape(framed, i, marks, start=start, table=table, link=link):
            out.append("\\")
        out.append(ch)
    escaped = "".join(out)
    if start:
        lead = len(escaped) - len(escaped.lstrip())
        body = escaped[lead:]
        number = _ORDERED.match(body)
        if number:
            end = number.end() - 1
            escaped = escaped[:lead] + body[:end] + "\\" + body[end:]
        elif _THEMATIC.match(body):
            escaped = escaped[:lead] + "\\" + body
    return escaped


def escape_heading(escaped: str) -> str:
    """Escaped heading text with a closing run of `#` kept as text (not a closing mark)."""
    stripped = escaped.rstrip()
    if stripped.endswith("#") and not stripped.endswith("\\#"):
        run = len(stripped) - len(stripped.rstrip("#"))
        return stripped[:-run] + "\\" + stripped[-run:]
    return escaped


def code_span(text: object) -> str:
    """Literal text as a code span whose fence no backtick inside can close."""
    s = _SPACES.sub(" ", str(text))
    longest = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    if s.startswith(("`", " ")) or s.endswith(("`", " ")) or not s:
        s = f" {s} "
    return f"{fence}{s}{fence}"


def safe_url(url: str) -> bool:
    """Whether a link address may stay a link: http(s) or mailto, or no scheme at all.

    The address is read as a renderer would (entities decoded, escapes and control
    characters dropped), so `jav&#x61;script:` is seen for what it is.
    """
    seen = html.unescape(url).replace("\\", "")
    seen = "".join(c for c in seen if c.isprintable() and not c.isspace()).lstrip("<")
    scheme = _SCHEME.match(seen)
    return scheme is None or scheme.group()[:-1].lower() in SAFE_SCHEMES


# --- the author's Markdown -------------------------------------------------------------------
_TAG_START = re.compile(r"(\\*)<(?=[A-Za-z/!?])")
_IMAGE = re.compile(r"(\\*)!\[")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]*>", re.IGNORECASE)
_LINK_DEST = re.compile(r"(\\*)\](?=\(\s*(<[^>\n]*>|[^\s)]*))")  # a lookahead: every `](` is seen
_DEFINITION = re.compile(r"^( {0,3})\[((?:[^\]\\\n]|\\.){1,999})\]:[ \t]*(\S*)", re.MULTILINE)
_BLANK_START = re.compile(r"\A(?:[ \t]*\n)+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _escape_tags(text: str) -> str:
    autolinks = {m.start() for m in _AUTOLINK.finditer(text)}

    def tag(m: re.Match[str]) -> str:
        slashes = m.group(1)
        if len(slashes) % 2 or m.end(1) in autolinks:
            return m.group()  # already escaped, or a plain web address in <...>
        return slashes + "\\<"
    return _TAG_START.sub(tag, text)


def _no_images(text: str) -> str:
    """`![alt](address)` as a plain link: the file loads nothing from anywhere."""
    return _IMAGE.sub(lambda m: m.group() if len(m.group(1)) % 2 else m.group(1) + "!\\[",
                      text)


def _defuse_links(text: str) -> str:
    def dest(m: re.Match[str]) -> str:
        if len(m.group(1)) % 2 or safe_url(m.group(2)):
            return m.group()
        return m.group(1) + "\\]"   # `\](`: no longer a link

    def definition(m: re.Match[str]) -> str:
        if m.group(3) and safe_url(m.group(3)):
            return m.group()
        return m.group(1) + "\\" + m.group()[len(m.group(1)):]
    return _DEFINITION.sub(definition, _LINK_DEST.sub(dest, text))


def _close_fences(text: str) -> str:
    fence: str | None = None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if m is None:
            continue
        run = m.group(1)
        if fence is None:
            if run[0] == "`" and "`" in line[m.end():]:
                continue  # backticks after a backtick fence: a code span, not a fence
            fence = run
        elif run[0] == fence[0] and len(run) >= len(fence) and not line.strip(run[0] + " "):
            fence = None
    return text if fence is None else f"{text.rstrip()}\n{fence}"


def safe_markdown(source: str) -> str:
    """The author's Markdown as it was written, minus what could act outside it.

    Blank lines around it go, not the first line's indent (four spaces make code).
    Raw HTML (tags, comments) is escaped so it shows as text; an image becomes its
    text; links and link definitions to other schemes than http(s) and mailto lose
    their link; a code
    fence left open is closed, so it cannot swallow the rest of the document.
    """
    text = _BLANK_START.sub("", source.replace("\r", "")).rstrip()  # keep the indent
    return _close_fences(_defuse_links(_no_images(_escape_tags(text))))
