"""The Commune story's bibliography and its quotations (issue 8).

A note may quote only what a source it cites actually says. The words we read are kept in
story/commune-1871/excerpts/<source-id>.yaml (copied word for word from the page read), so
a quotation in a note or codex entry can be checked here against them, and, for the seed
article (`wp-commune`), against the seed text when it is beside the checkout.

Sources read but not yet cited by any note wait in sources-pending.yaml (the story's
checker warns about a source in sources.yaml that no note cites); a writer moves an entry
to sources.yaml when a note first cites it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from communard.paths import default_story
from engine import check_story
from engine.models import Source

STORY = default_story()
EXCERPTS = STORY / "excerpts"
PENDING = STORY / "sources-pending.yaml"
SEED_NAME = Path("shared", "seed", "000_268bb08677f58b2e.txt")
# The seed is beside the checkout (or beside the folder of worktrees that holds it).
SEED = next((p / SEED_NAME for p in Path(__file__).resolve().parents if (p / SEED_NAME).is_file()),
            Path(__file__).resolve().parents[2] / SEED_NAME)
# The seed article, and the works it quotes at length: what a note quotes of them is checked
# against the seed's text, the only text of them the story's first edition had.
QUOTED_IN_SEED = {"wp-commune", "anderson-2004", "lenin-1908", "marx-1871", "goncourt-1871"}
MAX_PASSAGE = 1500  # characters: a few sentences that support a fact, never a whole page
MIN_QUOTED_WORDS = 6


def _normal(text: str) -> str:
    """Fold quote marks and whitespace: a quotation inside a quotation turns " into '."""
    for mark in "’‘“”\"«»":
        text = text.replace(mark, "'")
    text = text.replace("...", "…")
    return re.sub(r"\s+", " ", text).strip().lower()


def _site(url_or_host: str) -> str:
    """The site of a page: its host without subdomains (en.m.wikisource.org: wikisource.org)."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    labels = (host or "").lower().strip(".").split(".")
    return ".".join(labels[-2:])


def _load(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _bibliography() -> dict[str, dict]:
    cited = _load(STORY / "sources.yaml") or {}
    pending = (_load(PENDING) or {}) if PENDING.is_file() else {}
    both = sorted(set(cited) & set(pending))
    assert both == [], f"sources in both sources.yaml and sources-pending.yaml: {both}"
    return {**cited, **pending}


def _excerpt_files() -> list[Path]:
    return sorted(EXCERPTS.glob("*.yaml")) if EXCERPTS.is_dir() else []


@pytest.fixture(scope="module")
def story():
    story, problems = check_story(STORY)
    assert story is not None, "\n".join(p.format() for p in problems)
    return story


@pytest.fixture(scope="module")
def excerpts() -> dict[str, list[str]]:
    """The normalised text of every passage, by source id."""
    found: dict[str, list[str]] = {}
    for path in _excerpt_files():
        data = _load(path)
        found.setdefault(data["source"], []).extend(_normal(p["text"]) for p in data["passages"])
    return found


def test_pending_sources_have_the_shape_of_sources_yaml():
    if not PENDING.is_file():
        pytest.skip("no pending sources")
    for source_id, entry in (_load(PENDING) or {}).items():
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", source_id), source_id
        Source.model_validate(entry)  # the same fields, so an entry can move to sources.yaml


def test_every_excerpt_file_names_a_known_source_and_quotes_its_own_site():
    bibliography = _bibliography()
    problems = []
    for path in _excerpt_files():
        data = _load(path)
        where = path.name
        if not isinstance(data, dict) or set(data) - {"source", "mirrors", "passages"}:
            problems.append(f"{where}: keys must be source, passages and (optionally) mirrors")
            continue
        source_id = data.get("source")
        if path.stem != source_id:
            problems.append(f"{where}: the file must be named after its source ({source_id}.yaml)")
        entry = bibliography.get(source_id)
        if entry is None:
            problems.append(f"{where}: '{source_id}' is in neither sources.yaml nor "
                            "sources-pending.yaml; add an entry for it")
            continue
        if not entry.get("url"):
            problems.append(f"{where}: the entry '{source_id}' has no url; give the page read")
            continue
        sites = {_site(entry["url"])} | {_site(m) for m in data.get("mirrors") or []}
        passages = data.get("passages") or []
        if not passages:
            problems.append(f"{where}: no passages")
        for index, passage in enumerate(passages):
            url, text = passage.get("url"), passage.get("text")
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                problems.append(f"{where}: passage {index + 1} has no http(s) url")
            elif _site(url) not in sites:
                problems.append(f"{where}: passage {index + 1} is from {_site(url)}, not from "
                                f"the source's site {sorted(sites)}; list a copy of the same "
                                "text under `mirrors:`")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: passage {index + 1} has no text")
            elif len(text) > MAX_PASSAGE:
                problems.append(f"{where}: passage {index + 1} is {len(text)} characters; "
                                f"keep the sentences that support a fact (at most {MAX_PASSAGE})")
    assert not problems, "\n".join(problems)


def _quotations(text: str) -> list[str]:
    quotes = []
    for quote in re.findall(r'"([^"]+)"|“([^”]+)”', text):
        quoted = _normal(quote[0] or quote[1]).strip(" .,;:…")
        if len(quoted.split()) >= MIN_QUOTED_WORDS:
            quotes.append(quoted)
    return quotes


def _found(quote: str, corpus: list[str]) -> bool:
    """Word for word in one text; ' … ' may join parts that appear in order in that text."""
    parts = [part.strip(" .,;:") for part in quote.split("…")]
    parts = [part for part in parts if part]
    for text in corpus:
        position = 0
        for part in parts:
            position = text.find(part, position)
            if position < 0:
                break
            position += len(part)
        else:
            return True
    return False


def test_quotations_in_notes_and_codex_are_word_for_word_from_a_cited_source(story, excerpts):
    seed = [_normal(SEED.read_text(encoding="utf-8"))] if SEED.is_file() else None
    checked, unchecked, missing = 0, [], []
    items = [(f"note {i}", n.text, n.sources) for i, n in story.notes.items()]
    items += [(f"codex {i}", c.text, c.sources) for i, c in story.codex.items()]
    for where, text, sources in items:
        for quote in _quotations(text):
            corpora = [excerpts.get(source_id, []) for source_id in sources]
            from_seed = bool(QUOTED_IN_SEED & set(sources))
            if from_seed and seed is not None:
                corpora.append(seed)
            if any(_found(quote, corpus) for corpus in corpora):
                checked += 1
            elif from_seed and seed is None:
                unchecked.append((where, quote))
            else:
                missing.append((where, quote))
    assert not missing, "quoted words not found in the excerpts (or the seed) of a source the " \
        "note cites; copy the passage into excerpts/<id>.yaml or correct the quotation:\n" + \
        "\n".join(f"{where}: \"{quote}\"" for where, quote in missing)
    if seed is None and not checked:
        pytest.skip(f"the seed text is not beside this checkout ({len(unchecked)} unchecked)")
    assert checked, "the notes quote their sources somewhere"
