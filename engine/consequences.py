"""Do choices matter? What a story's choices change, and whether a player ever sees it.

A choice matters when what it changes shows up later in text the player reads
(a line that differs, a choice that opens or locks) or sends the player
somewhere else. Two kinds of defect are found here, statically, without playing:

- a multi-choice scene whose choices all lead to the same scene (it
  "converges") and whose next scene says nothing different for them;
- a variable that choices set but no condition and no text ever reads: a
  hidden number the player can never notice.

The result is plain data for `communard stats` and the tests to word.
"""

from __future__ import annotations

from dataclasses import dataclass

from .story import Choice, Scene, Story


@dataclass(frozen=True, slots=True)
class ConvergingScene:
    """A scene of two or more choices that all lead to `target`."""

    scene_id: str
    target: str
    echoed: tuple[str, ...]
    """The variables the choices set differently that the next scene's text reads."""

    @property
    def differs(self) -> bool:
        """True when the next scene says something different depending on the choice."""
        return bool(self.echoed)


@dataclass(frozen=True, slots=True)
class Consequences:
    multi_choice: int
    """Scenes with two or more choices."""
    converging: tuple[ConvergingScene, ...]
    set_never_read: tuple[str, ...]
    """Variables that effects set but no condition or text reads, in declaration order."""
    read_in_text: tuple[str, ...]
    read_in_conditions: tuple[str, ...]

    @property
    def converging_share(self) -> float:
        return len(self.converging) / self.multi_choice if self.multi_choice else 0.0

    @property
    def silent(self) -> tuple[ConvergingScene, ...]:
        """Converging scenes whose next scene reads nothing the choices changed."""
        return tuple(c for c in self.converging if not c.differs)


def _set_by(choice: Choice) -> dict[str, tuple[str, ...]]:
    """Variable -> the effects (as written) that this choice applies to it."""
    found: dict[str, list[str]] = {}
    for effect in choice.effects:
        found.setdefault(effect.target, []).append(effect.source)
    return {name: tuple(sources) for name, sources in found.items()}


def _text_reads(scene: Scene) -> set[str]:
    names = set(scene.text.variables)
    for choice in scene.choices:
        names |= choice.text.variables
    if scene.ending is not None:
        names |= scene.ending.epilogue.variables
    return names


def analyse(story: Story) -> Consequences:
    in_text: set[str] = set()
    in_conditions: set[str] = set()
    set_somewhere: set[str] = set()
    converging = []
    multi = 0
    for scene in story.scenes.values():
        in_text |= _text_reads(scene)
        for choice in scene.choices:
            if choice.condition is not None:
                in_conditions |= choice.condition.variables
            set_somewhere.update(effect.target for effect in choice.effects)
        if len(scene.choices) < 2:
            continue
        multi += 1
        targets = {choice.target for choice in scene.choices}
        if len(targets) != 1:
            continue
        target = next(iter(targets))
        effects = [_set_by(choice) for choice in scene.choices]
        names = set().union(*effects)
        differing = {n for n in names if len({e.get(n) for e in effects}) > 1}
        echoed = tuple(sorted(differing & _text_reads(story.scenes[target])))
        converging.append(ConvergingScene(scene.id, target, echoed))
    read = in_text | in_conditions
    return Consequences(
        multi_choice=multi, converging=tuple(converging),
        set_never_read=tuple(n for n in story.variables if n in set_somewhere and n not in read),
        read_in_text=tuple(n for n in story.variables if n in in_text),
        read_in_conditions=tuple(n for n in story.variables if n in in_conditions))
