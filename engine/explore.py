"""Every state a player can reach, searched exhaustively: the engine side of `explore`.

Random playthroughs (`playtest`) find what is common; a rare scene behind a
condition that one path in a thousand satisfies looks the same to them as
an impossible one. This module plays every choice from every state instead,
with an ordinary `Session` (`step`, then `back`), so what it finds is what the
engine does: a scene is reachable when some state stands on it, a choice when
some state takes it, and nothing else is. Two states that agree on the scene
and on what can still matter there (engine/liveness.py) have the same future,
so each is explored once: the search is exhaustive and finite on stories whose
variables are bounded, and `max_states` bounds it on the rest.

The result is data: the states and moves explored, the shortest path to each
scene and ending (breadth-first over the explored graph), the choices never
available with the values their conditions saw, and the places a player can
enter but never leave (a scene with no choice left, or a cycle that no ending
follows).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .exploredraws import Draws, Script, uses_draws
from .liveness import Live, live_sets
from .session import Session
from .story import Story

DEFAULT_MAX_STATES = 500_000
MAX_VALUES_SEEN = 12
"""Distinct values kept per variable for a choice never available (to say why)."""
MAX_TRAPS = 50


@dataclass(frozen=True, slots=True)
class Move:
    """One move of a path: the choice taken at a scene, and where it led."""

    scene: str
    choice: str
    to: str


@dataclass
class Blocked:
    """A choice of a reached scene that no explored state could take."""

    scene: str
    choice: str
    states: int
    """How many explored states stood on the scene (each one saw it closed)."""
    seen: dict[str, list[Any]] = field(default_factory=dict)
    """What the condition reads -> the distinct values it had there, sorted (at most
    MAX_VALUES_SEEN); a visit count is named `visits('chapter.scene')`. Empty for a
    once-only choice without a condition (it is closed only once taken, and never was)."""


@dataclass(frozen=True, slots=True)
class Trap:
    """Where a player can arrive and never reach an ending."""

    kind: Literal["stuck", "cycle"]
    """'stuck': a scene with no choice available; 'cycle': scenes a player goes round."""
    scenes: tuple[str, ...]
    path: tuple[Move, ...]
    """The shortest way into it."""


@dataclass
class Exploration:
    """What an exhaustive search of a story found."""

    story: Story
    states: int
    moves: int
    complete: bool
    """False when `max_states` stopped the search: what was not reached is unproven."""
    max_states: int
    reached: dict[str, int] = field(default_factory=dict)
    """Scene id -> the number of explored states on it (reached scenes only)."""
    taken: set[tuple[str, str]] = field(default_factory=set)
    """(scene id, choice id) of every choice some state took."""
    blocked: list[Blocked] = field(default_factory=list)
    traps: list[Trap] = field(default_factory=list)
    trap_count: int = 0
    _paths: dict[str, tuple[Move, ...]] = field(default_factory=dict, repr=False)

    @property
    def unreached_scenes(self) -> list[str]:
        return [s for s in self.story.scenes if s not in self.reached]

    @property
    def untaken_choices(self) -> list[tuple[str, str]]:
        return [(s.id, c.id) for s in self.story.scenes.values() for c in s.choices
                if (s.id, c.id) not in self.taken]

    @property
    def endings(self) -> dict[str, tuple[Move, ...] | None]:
        """Ending id -> the shortest path to it, or None when it was not reached."""
        return {eid: self._paths.get(scene.id) for eid, scene in self.story.endings.items()}

    def path_to(self, scene_id: str) -> tuple[Move, ...] | None:
        """The shortest path (fewest choices) from the start to a scene, or None."""
        return self._paths.get(scene_id)

    def ways_in(self, scene_id: str) -> list[tuple[Move, str]]:
        """The choices that lead to a scene, each with why it never did: 'blocked' (its
        scene was reached but it could not be taken there) or 'unreached' (its scene
        never was); 'taken' when it did."""
        ways = []
        for scene in self.story.scenes.values():
            for choice in scene.choices:
                if choice.target == scene_id:
                    why = ("taken" if (scene.id, choice.id) in self.taken else
                           "blocked" if scene.id in self.reached else "unreached")
                    ways.append((Move(scene.id, choice.id, scene_id), why))
        return ways


def explore(story: Story, max_states: int = DEFAULT_MAX_STATES,
            progress: Callable[[int], None] | None = None) -> Exploration:
    """Search every state reachable from the start, up to `max_states` states."""
    search = _Search(story, max_states, progress)
    search.run()
    return search.result()


class _Search:
    def __init__(self, story: Story, max_states: int,
                 progress: Callable[[int], None] | None):
        self.story = story
        self.max_states = max_states
        self.progress = progress
        self.live = live_sets(story)
        self.detours = any(c.detour for s in story.scenes.values() for c in s.choices)
        self.session = Session(story)
        self.draws = Draws() if uses_draws(story) else None
        if self.draws is not None:
            self.session.use_oracle(self.draws)
        self.index: dict[tuple, int] = {}
        self.scene_of: list[str] = []
        self.edges: list[list[tuple[str, int]]] = []
        self.moves = 0
        self.complete = True
        self.stuck: list[int] = []
        self.taken: set[tuple[str, str]] = set()
        self.closed: dict[tuple[str, str], dict[str, set]] = {}  # choice -> values seen closed

    def key(self) -> tuple:
        session = self.session
        scene = session.scene_id
        live: Live = self.live[scene]
        values = session.vars
        parts: list[Any] = [scene, *(values.get(n) for n in live.variables)]
        if live.visits:
            visits = session.visits
            parts += [visits.get(s, 0) if s in live.counted else s in visits
                      for s in live.visits]
        if live.taken:
            taken = session.taken
            parts += [k in taken for k in live.taken]
        if self.detours:
            parts.append(session.stack)  # where the detours under way will come back to
        return tuple(parts)

    def enter(self) -> tuple[int, list[Any]] | None:
        """The state the session stands on: (its number, its choices to try) if it is new."""
        key = self.key()
        known = self.index.get(key)
        if known is not None:
            return None
        number = len(self.scene_of)
        self.index[key] = number
        scene_id = self.session.scene_id
        self.scene_of.append(scene_id)
        self.edges.append([])
        scene = self.story.scenes[scene_id]
        if self.draws is None:
            available = self.session.available()
            moves: list[tuple[Any, Script | None]] = [(c, None) for c in available]
            stuck = not available
        else:  # a move per choice and per combination of the draws its conditions ask
            runs = self.draws.each(self._available)
            moves = [(c, script) for script, open_now in runs for c in open_now]
            available = list({c.id: c for c, _ in moves}.values())
            stuck = any(not open_now for _, open_now in runs)
        if stuck and scene.ending is None:
            self.stuck.append(number)
        if len(available) < len(scene.choices):
            self._note_closed(scene, {c.id for c in available})
        if self.progress is not None and number % 5_000 == 0:
            self.progress(number)
        return number, moves

    def _available(self) -> list[Any]:
        self.session.recheck()
        return self.session.available()

    def _note_closed(self, scene: Any, open_ids: set[str]) -> None:
        """Remember what the condition of each closed choice read, to say why later."""
        values = self.session.vars
        visits: dict[str, int] | None = None
        for choice in scene.choices:
            condition = choice.condition
            if choice.id in open_ids or condition is None:
                continue
            seen = self.closed.setdefault((scene.id, choice.id), {})
            for name in condition.variables:
                bucket = seen.setdefault(name, set())
                if len(bucket) < MAX_VALUES_SEEN:
                    bucket.add(values.get(name))
            for scene_ref in condition.scenes:
                visits = self.session.visits if visits is None else visits
                bucket = seen.setdefault(f"visits('{scene_ref}')", set())
                if len(bucket) < MAX_VALUES_SEEN:
                    bucket.add(visits.get(scene_ref, 0))

    def run(self) -> None:
        session = self.session
        first = self.enter()
        assert first is not None
        first[1].reverse()
        stack = [(first[0], first[1])]
        draws = self.draws
        while stack:
            number, moves = stack[-1]
            if not moves:
                stack.pop()
                if stack:
                    session.back()
                continue
            choice, script = moves.pop()
            if draws is not None and script is not None:
                draws.start(script)
                self._available()  # the guards answer as they did with these draws
                draws.asked = []
                session.step(choice.id)
                moves += [(choice, other) for other in draws.branches(script)]  # effects' draws
            else:
                session.step(choice.id)
            self.moves += 1
            self.taken.add((self.scene_of[number], choice.id))
            known = self.index.get(self.key())
            if known is not None:
                self.edges[number].append((choice.id, known))
                session.back()
                continue
            if len(self.scene_of) >= self.max_states:
                self.complete = False
                return
            entered = self.enter()
            assert entered is not None
            self.edges[number].append((choice.id, entered[0]))
            stack.append((entered[0], entered[1][::-1]))  # popped from the end: in order

    def result(self) -> Exploration:
        story = self.story
        found = Exploration(story, len(self.scene_of), self.moves, self.complete,
                            self.max_states, taken=self.taken)
        for scene_id in self.scene_of:
            found.reached[scene_id] = found.reached.get(scene_id, 0) + 1
        parents = self._shortest()
        for number in parents.order:
            scene_id = self.scene_of[number]
            if scene_id not in found._paths:
                found._paths[scene_id] = parents.path(number, self.scene_of)
        for (scene_id, choice_id), seen in self.closed.items():
            if (scene_id, choice_id) in self.taken:
                continue
            found.blocked.append(Blocked(
                scene_id, choice_id, found.reached[scene_id],
                {name: sorted(values, key=repr) for name, values in seen.items()}))
        if self.complete:
            found.traps, found.trap_count = self._traps(parents)
        return found

    def _shortest(self) -> _Parents:
        parents = _Parents(len(self.scene_of))
        queue = deque([0])
        parents.dist[0] = 0
        while queue:
            here = queue.popleft()
            parents.order.append(here)
            for choice_id, there in self.edges[here]:
                if parents.dist[there] < 0:
                    parents.dist[there] = parents.dist[here] + 1
                    parents.link[there] = (here, choice_id)
                    queue.append(there)
        return parents

    def _traps(self, parents: _Parents) -> tuple[list[Trap], int]:
        """States from which no ending can be reached, grouped into the places they end in."""
        total = len(self.scene_of)
        back: list[list[int]] = [[] for _ in range(total)]
        for here, edges in enumerate(self.edges):
            for _, there in edges:
                back[there].append(here)
        scenes = self.story.scenes
        good = [scenes[s].ending is not None for s in self.scene_of]
        queue = deque(n for n in range(total) if good[n])
        while queue:
            for before in back[queue.popleft()]:
                if not good[before]:
                    good[before] = True
                    queue.append(before)
        doomed = [n for n in range(total) if not good[n]]
        if not doomed:
            return [], 0
        places: dict[tuple[str, frozenset[str]], tuple[int, Trap]] = {}
        for component in _bottom_components(doomed, self.edges):
            kind: Literal["stuck", "cycle"] = "stuck" if not any(
                self.edges[n] for n in component) else "cycle"
            names = frozenset(self.scene_of[n] for n in component)
            entry = min(component, key=lambda n: parents.dist[n])
            known = places.get((kind, names))
            if known is None or parents.dist[entry] < known[0]:
                places[(kind, names)] = (parents.dist[entry], Trap(
                    kind, tuple(s for s in scenes if s in names),
                    parents.path(entry, self.scene_of)))
        traps = sorted(places.values(), key=lambda t: t[0])
        return [t for _, t in traps[:MAX_TRAPS]], len(traps)


class _Parents:
    """The breadth-first tree of the explored graph: each state's distance and parent."""

    def __init__(self, size: int):
        self.dist = [-1] * size
        self.link: list[tuple[int, str] | None] = [None] * size
        self.order: list[int] = []

    def path(self, number: int, scene_of: list[str]) -> tuple[Move, ...]:
        moves = []
        while (link := self.link[number]) is not None:
            before, choice_id = link
            moves.append(Move(scene_of[before], choice_id, scene_of[number]))
            number = before
        return tuple(reversed(moves))


def _bottom_components(nodes: list[int], edges: list[list[tuple[str, int]]]) -> list[list[int]]:
    """The strongly connected components of `nodes` that no edge leaves (iterative Tarjan)."""
    inside = set(nodes)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    component_of: dict[int, int] = {}
    components: list[list[int]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = [t for _, t in edges[node] if t in inside]
            if position < len(targets):
                work.append((node, position + 1))
                nxt = targets[position]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component_of[member] = len(components)
                    members.append(member)
                    if member == node:
                        break
                components.append(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    bottom = []
    for number, members in enumerate(components):
        if all(component_of.get(t, -1) == number for n in members for _, t in edges[n]):
            bottom.append(members)
    return bottom
