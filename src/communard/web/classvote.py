"""The class vote: who is in, the scene being voted on, and its tally.

The teacher's game (which owns the Session) tells the room where the class
stands after every move (`arrive`, `back`, `restart`) as plain data; students
vote through the server; the teacher closes the vote, and `closing` says what
the majority is (or which choices tie). The room lives on the server's thread:
nothing here is locked, and every change is written to the class database
before it is counted, so a vote the server has acknowledged is a vote recorded.

One vote per student per round is enforced twice: by this room, and by the
database's UNIQUE (round, player). Students are known by a token the server
signs (HMAC with the class's secret): a page cannot make one up, and a token of
another class is refused.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import sqlite3
from collections import Counter
from dataclasses import dataclass

from engine import Session
from engine.views import SceneView

from ..i18n import scene_date_words
from .players import clean_name
from .store import ClassInfo, ClassStore, Move, PlayerRow

WAITING, ALLOWED, REFUSED = "waiting", "allowed", "refused"


@dataclass(frozen=True)
class VoteChoice:
    id: str
    text: str
    enabled: bool
    reason: str | None = None


@dataclass(frozen=True)
class VoteScene:
    """A scene as students see it: what the teacher's Session showed, as plain data."""

    id: str
    chapter_id: str
    chapter_title: str
    title: str
    text: str
    date_label: str | None
    place: str | None
    choices: tuple[VoteChoice, ...]
    questions: tuple[str, ...] = ()
    ending_title: str | None = None
    epilogue: str | None = None

    @classmethod
    def of(cls, view: SceneView) -> VoteScene:
        return cls(view.id, view.chapter_id, view.chapter_title, view.title, view.text,
                   scene_date_words(view.date, view.date_precision), view.place,
                   tuple(VoteChoice(c.id, c.text, c.enabled, c.locked_reason)
                         for c in view.choices),
                   view.questions, view.ending.title if view.ending else None,
                   view.ending.epilogue if view.ending else None)

    def choice(self, choice_id: str) -> VoteChoice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Tally:
    """The votes of the round open now, per choice in the scene's order."""

    round_id: int | None
    scene_id: str
    counts: tuple[tuple[VoteChoice, int], ...]
    votes: int
    open: bool

    def count(self, choice_id: str) -> int:
        return next((n for c, n in self.counts if c.id == choice_id), 0)


@dataclass(frozen=True)
class Closing:
    """What closing the vote gives: the majority, or the choices tied at the top."""

    winner: str | None
    tied: tuple[str, ...]
    votes: int


@dataclass(frozen=True)
class Decided:
    """The class's last decision, for the students' page: what, and by how many votes."""

    choice_text: str
    votes_for: int
    votes: int
    how: str


class VoteResult(enum.Enum):
    COUNTED = "counted"
    ALREADY = "already"   # this student has voted in this round
    LOCKED = "locked"     # the choice is shown but locked
    UNKNOWN = "unknown"   # no such choice in this scene
    CLOSED = "closed"     # no vote is open (an ending, or between scenes)
    NOT_IN = "not_in"     # the teacher has not let this student in


class VoteRoom:
    """The class's vote, confined to the server's thread."""

    def __init__(self, store: ClassStore, info: ClassInfo, *, ask_names: bool) -> None:
        self.store = store
        self.info = info
        self.ask_names = ask_names
        self.players: dict[int, PlayerRow] = {p.id: p for p in store.players(info.id)}
        self.run_id: int | None = None
        self.round_id: int | None = None
        self.scene: VoteScene | None = None
        self.ballots: dict[int, str] = {}  # player id -> choice id, in this round
        self.decided: Decided | None = None
        self.version = 0  # changes whenever what students see changes

    # -- tokens -----------------------------------------------------------------------
    def token(self, player_id: int) -> str:
        body = f"{self.info.id}.{player_id}"
        return f"{body}.{self._mac(body)}"

    def _mac(self, body: str) -> str:
        return hmac.new(bytes.fromhex(self.info.secret), body.encode(),
                        hashlib.sha256).hexdigest()[:32]

    def player_of(self, token: str | None) -> PlayerRow | None:
        """The player a token was signed for, if it is this class's and untampered."""
        if not token or len(token) > 80:
            return None
        body, _, mac = token.rpartition(".")
        class_id, _, player = body.partition(".")
        if not (class_id.isdigit() and player.isdigit()) or int(class_id) != self.info.id:
            return None
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        return self.players.get(int(player))

    # -- players ----------------------------------------------------------------------
    def join(self, raw_name: str | None) -> PlayerRow:
        """A new student: anonymous and in at once, or named and waiting for the teacher.

        Raises NameRefused (its message is for the student) for an unusable name.
        """
        name = clean_name(raw_name or "") if self.ask_names else None
        player = self.store.add_player(self.info.id, name, WAITING if self.ask_names
                                       else ALLOWED)
        self.players[player.id] = player
        return player

    def rename(self, player_id: int, raw_name: str) -> PlayerRow:
        """A refused student tries another name: waiting again (NameRefused if unusable)."""
        name = clean_name(raw_name)
        self.store.rename(player_id, name)
        player = self.players[player_id]
        self.players[player_id] = PlayerRow(player.id, player.pseudonym, name, WAITING,
                                            player.joined)
        return self.players[player_id]

    def admit(self, player_id: int, allow: bool) -> bool:
        """Let a waiting student in, or refuse the name; False if there is no such student."""
        player = self.players.get(player_id)
        if player is None:
            return False
        status = ALLOWED if allow else REFUSED
        self.store.set_status(player_id, status)
        self.players[player_id] = PlayerRow(player.id, player.pseudonym, player.name, status,
                                            player.joined)
        return True

    def waiting(self) -> list[PlayerRow]:
        return [p for p in self.players.values() if p.status == WAITING]

    def joined(self) -> int:
        return sum(p.status == ALLOWED for p in self.players.values())

    # -- the vote ---------------------------------------------------------------------
    def vote(self, player_id: int, choice_id: str) -> VoteResult:
        player = self.players.get(player_id)
        if player is None or player.status != ALLOWED:
            return VoteResult.NOT_IN
        if self.scene is None or self.round_id is None:
            return VoteResult.CLOSED
        choice = self.scene.choice(choice_id)
        if choice is None:
            return VoteResult.UNKNOWN
        if not choice.enabled:
            return VoteResult.LOCKED
        if player_id in self.ballots:
            return VoteResult.ALREADY
        if not self.store.add_vote(self.round_id, player_id, choice_id):
            return VoteResult.ALREADY
        self.ballots[player_id] = choice_id
        return VoteResult.COUNTED

    def tally(self) -> Tally | None:
        if self.scene is None:
            return None
        counts = Counter(self.ballots.values())
        return Tally(self.round_id, self.scene.id,
                     tuple((c, counts.get(c.id, 0)) for c in self.scene.choices),
                     len(self.ballots), self.round_id is not None)

    def closing(self) -> Closing:
        """The majority of the votes cast (locked choices get none), or the tie at the top."""
        counts = Counter(self.ballots.values())
        if not counts:
            return Closing(None, (), 0)
        top = max(counts.values())
        order = [c.id for c in self.scene.choices] if self.scene else []
        tied = tuple(c for c in order if counts.get(c) == top)
        return Closing(tied[0] if len(tied) == 1 else None, tied if len(tied) > 1 else (),
                       sum(counts.values()))

    # -- where the class stands (told by the teacher's game) -------------------------------
    def start(self, scene: VoteScene, resume: bool) -> None:
        """Open the class at `scene`: a new playthrough, or (resume) the last one's open vote."""
        run = self.store.query("SELECT MAX(id) FROM runs WHERE class_id = ? AND player_id "
                               "IS NULL", (self.info.id,))[0][0] if resume else None
        if run is None:
            self.restart(scene)
            return
        self.run_id = run
        found = self.store.query("SELECT id FROM rounds WHERE run_id = ? AND undone = 0 AND "
                                 "closed IS NULL AND scene_id = ? ORDER BY id DESC LIMIT 1",
                                 (run, scene.id))
        if found:
            self._show(scene, found[0][0])
        else:
            with self.store.transaction() as db:
                self._show(scene, self._open(db, scene))

    def restart(self, scene: VoteScene) -> None:
        """A new playthrough for the class (the first, or a new game)."""
        self.run_id = self.store.new_run(self.info.id, None)
        self.decided = None
        with self.store.transaction() as db:
            self._show(scene, self._open(db, scene))

    def arrive(self, scene: VoteScene, move: Move) -> None:
        """The teacher's game took `move` and now stands at `scene`: record, open the next vote."""
        assert self.run_id is not None
        left = self.scene.choice(move.choice_id) if self.scene else None
        with self.store.transaction() as db:
            move_id = self.store.add_move(db, self.run_id, move)
            if self.round_id is not None:
                self.store.close_round(db, self.round_id, move_id)
            round_id = self._open(db, scene)
        votes = len(self.ballots)
        self.decided = Decided(left.text if left else move.choice_id,
                               sum(c == move.choice_id for c in self.ballots.values()),
                               votes, move.how)
        self._show(scene, round_id)

    def back(self, scene: VoteScene) -> None:
        """The teacher undid the last decision: that vote is open again, with its votes."""
        assert self.run_id is not None
        last = self.store.last_move(self.run_id)
        with self.store.transaction() as db:
            if self.round_id is not None:
                self.store.drop_round(db, self.round_id)
            reopened = None
            if last is not None:
                self.store.undo_move(db, last)
                found = db.execute("SELECT id, scene_id FROM rounds WHERE move_id = ? AND "
                                   "undone = 0", (last,)).fetchone()
                if found is not None and found[1] == scene.id:
                    reopened = found[0]
                    self.store.reopen_round(db, reopened)
            if reopened is None:
                reopened = self._open(db, scene)
        self.decided = None
        self._show(scene, reopened)

    def _open(self, db: sqlite3.Connection, scene: VoteScene) -> int | None:
        """A round for `scene`, or none at an ending (nothing to vote on)."""
        if scene.ending_title is not None or not scene.choices:
            return None
        assert self.run_id is not None
        return self.store.open_round(db, self.run_id, scene.id, scene.chapter_id)

    def _show(self, scene: VoteScene, round_id: int | None) -> None:
        self.scene = scene
        self.round_id = round_id
        self.ballots = {}
        if round_id is not None:
            self.ballots = {player: choice for player, choice in self.store.query(
                "SELECT player_id, choice_id FROM votes WHERE round_id = ?", (round_id,))}
        self.version += 1


def take(session: Session, choice_id: str, how: str) -> tuple[VoteScene, Move]:
    """Take a choice in the teacher's session: the scene it leads to, and the move to record.

    Raises engine.ChoiceUnavailable if the choice cannot be taken there.
    """
    left = session.view()
    view = session.choose(choice_id)
    move = Move(left.id, left.chapter_id, choice_id,
                view.id, how, session.vars, view.ending.id if view.ending else None)
    return VoteScene.of(view), move
