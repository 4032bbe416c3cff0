"""The actors of one article as they are found: later mentions ("Rahmon", "Mahan") join the first full name."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from dragoman.records import Actor, Mention


EARLIER_WINDOW = 400  # tokens back to look for the first mention of "the prisoners"


class TokenActor:
    """An actor mention located by token indices, for the event stage.

    ``kind`` is how this mention names the actor: "Cypriot" is an adjective even when "Cyprus" is named too.
    """

    def __init__(self, start: int, end: int, actor: Actor, kind: str | None = None) -> None:
        self.start, self.end, self.actor = start, end, actor
        self.kind = kind or actor.kind

    @property
    def code(self) -> str | None:
        return self.actor.code

    @property
    def sector(self) -> str | None:
        return self.actor.sector


class ActorTable:
    """The actors of one article and where each is mentioned, by token."""

    def __init__(self) -> None:
        self.actors: list[Actor] = []
        self.mentions: list[TokenActor] = []
        self.by_token: dict[int, TokenActor] = {}
        self.setting: str | None = None  # ISO-3 of the country where the story is set

    def at(self, i: int) -> TokenActor | None:
        return self.by_token.get(i)

    def earlier_nationality(self, tok: Token) -> TokenActor | None:
        """"The prisoners", "the 15 sailors", "team member X": the nationality or country that modified the same
        noun when the article introduced it ("57 Palestinian prisoners", "the Afghan team"), if the last earlier
        mention of it had one."""
        if tok.pos_ != "NOUN":
            return None
        lemma = tok.lemma_.lower()
        for t in reversed(tok.doc[max(0, tok.i - EARLIER_WINDOW):tok.i]):
            if t.lemma_.lower() != lemma or t.pos_ != "NOUN":
                continue
            for c in t.children:
                located = self.at(c.i) if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < t.i else None
                if located is not None and located.code and located.kind in ("adjective", "country"):
                    return located
            if any(c.dep_ in ("amod", "compound", "poss") and c.i < t.i for c in t.children):
                return None  # the last mention had other modifiers: no nationality to carry over
        return None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Registry:
    """Collects mentions into actors, linking later mentions ("Rahmon") to earlier full names."""

    def __init__(self, table: ActorTable) -> None:
        self.table = table
        self.by_key: dict[str, Actor] = {}

    def person_by_name(self, name: str) -> Actor | None:
        low = name.lower()
        for a in self.table.actors:
            if a.kind != "person":
                continue
            if a.name.lower() == low or low in (x.lower() for x in a.aliases):
                return a
        if " " not in name:
            return self.person_by_surname(name) or self.person_by_first_name(name)
        # a longer form of a person first seen by surname only
        surname = low.split()[-1]
        for a in self.table.actors:
            if a.kind == "person" and " " not in a.name and a.name.lower() == surname:
                return a
        # a shorter form of one person's full name: "Van Biljon" after "Leon van Biljon", "Jong Woo" after
        # "Jong Woo Son"
        words = low.split()
        n = len(words)
        longer = [a for a in self.table.actors if a.kind == "person" and len(a.name.split()) > n
                  and words in (a.name.lower().split()[-n:], a.name.lower().split()[:n])]
        return longer[0] if len(longer) == 1 else None

    def organisation_by_name(self, name: str) -> Actor | None:
        """An organisation seen before under this name, an alias, or a longer name it begins ("Mahan" -> "Mahan Air")."""
        low = name.lower()
        for a in self.table.actors:
            if a.kind != "organization":
                continue
            names = [a.name.lower(), *(x.lower() for x in a.aliases)]
            if low in names or any(n.startswith(low + " ") for n in names):
                return a
        return None

    def person_by_first_name(self, first: str) -> Actor | None:
        """"Brigid" after "Brigid Kosgei": the one person introduced earlier with that first name (none when
        several share it, so a namesake is not merged)."""
        low = first.lower()
        found = [a for a in self.table.actors if a.kind == "person" and " " in a.name
                 and a.name.lower().split()[0] == low]
        return found[0] if len(found) == 1 else None

    def person_by_surname(self, surname: str) -> Actor | None:
        low = surname.lower()
        found = [a for a in self.table.actors if a.kind == "person" and a.name.lower().split()[-1] == low]
        return found[-1] if found else None

    def add(self, span: Span, kind: str, name: str, code: str | None, sector: str | None, *, role: str | None = None,
            source: str = "text", key: str | None = None, existing: Actor | None = None) -> Actor:
        actor = existing
        if actor is None:
            key = key or f"{'person' if kind == 'person' else 'org' if kind == 'organization' else kind}:{slug(name)}"
            actor = self.by_key.get(key)
            if actor is None and kind == "organization":
                actor = self.organisation_by_name(name)
        if actor is None:
            actor = Actor(key=key, name=name, kind=kind, code=code, sector=sector, role=role, source=source)
            self.by_key[key] = actor
            self.table.actors.append(actor)
        else:
            if actor.kind == "adjective" and kind == "country":
                actor.kind = "country"  # "Cypriot ... Cyprus": the country is named after all
            if kind == "person" and len(name.split()) > len(actor.name.split()):
                actor.aliases.append(actor.name)
                actor.name = name
            elif name != actor.name and name not in actor.aliases:
                actor.aliases.append(name)
            actor.code = actor.code or code
            actor.sector = actor.sector or sector
            actor.role = actor.role or role
        mention = Mention(start=span.start_char, end=span.end_char, text=span.text, actor_key=actor.key)
        actor.mentions.append(mention)
        located = TokenActor(span.start, span.end, actor, kind)
        self.table.mentions.append(located)
        for i in range(span.start, span.end):
            self.table.by_token[i] = located
        return actor
