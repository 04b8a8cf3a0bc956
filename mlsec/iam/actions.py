"""The dated list of IAM actions (data/actions.json, built by tools/make_iam_actions.py).

Action names are case-insensitive in IAM; this module keeps them as AWS spells them and
matches them in lower case. ``ActionMatcher`` answers what a statement's ``Action`` or
``NotAction`` grants without expanding ``*`` into twenty thousand names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

DATA = Path(__file__).resolve().parent / "data"


@dataclass(slots=True)
class ServiceActions:
    prefix: str
    names: tuple[str, ...]  # as AWS spells them
    _lower: dict[str, str]
    _keys: dict[str, list[int]]
    _vocabulary: list[str]
    _unkeyed: frozenset[str]  # lower-case names whose condition keys are not known

    def canonical(self, action: str) -> str | None:
        return self._lower.get(action.lower())

    def condition_keys(self, action: str) -> frozenset[str] | None:
        """The keys the action supports, or None when the snapshot does not say."""
        name = self.canonical(action)
        if name is None or name.lower() in self._unkeyed:
            return None
        return frozenset(self._vocabulary[i] for i in self._keys.get(name, ()))

    @property
    def vocabulary(self) -> list[str]:
        return self._vocabulary


@dataclass(slots=True)
class Catalog:
    date: str
    count: int
    services: dict[str, ServiceActions]

    def service(self, prefix: str) -> ServiceActions | None:
        return self.services.get(prefix.lower())


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    raw = json.loads((DATA / "actions.json").read_text(encoding="utf-8"))
    services = {}
    for prefix, data in raw["services"].items():
        names = tuple(data["actions"].split())
        services[prefix] = ServiceActions(
            prefix, names, {n.lower(): n for n in names}, data["keys"], data["vocabulary"],
            frozenset(n.lower() for n in data["unkeyed"].split()))
    return Catalog(raw["date"], raw["actions"], services)


def snapshot() -> dict[str, Any]:
    """Date and size of the shipped list (a small file, cheap enough for ``--version``)."""
    return json.loads((DATA / "snapshot.json").read_text(encoding="utf-8"))


def split(action: str) -> tuple[str, str]:
    prefix, _, name = action.partition(":")
    return prefix.lower(), name


@lru_cache(maxsize=4096)
def _pattern(text: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text.lower()) + r"\Z")


def wildcard_match(pattern: str, value: str) -> bool:
    """IAM-style ``*``/``?`` match, case-insensitive."""
    return _pattern(pattern).match(value.lower()) is not None


@lru_cache(maxsize=8192)
def matching(pattern: str) -> tuple[str, ...]:
    """Every known ``prefix:Action`` the pattern matches (empty for unknown ones)."""
    cat = catalog()
    if pattern == "*":
        return tuple(f"{p}:{n}" for p, s in cat.services.items() for n in s.names)
    prefix, name = split(pattern)
    if not name:
        return ()
    out: list[str] = []
    for p in _prefixes(prefix):
        service = cat.services[p]
        if "*" not in name and "?" not in name:
            found = service.canonical(name)
            if found:
                out.append(f"{p}:{found}")
            continue
        rx = _pattern(name)
        out.extend(f"{p}:{n}" for n in service.names if rx.match(n.lower()))
    return tuple(out)


def _prefixes(prefix: str) -> list[str]:
    cat = catalog()
    if "*" in prefix or "?" in prefix:
        return [p for p in cat.services if wildcard_match(prefix, p)]
    return [prefix] if prefix in cat.services else []


def is_known_pattern(pattern: str) -> bool:
    return bool(matching(pattern))


def condition_keys(action: str) -> frozenset[str] | None:
    prefix, name = split(action)
    service = catalog().service(prefix)
    return service.condition_keys(name) if service else None


def service_keys(prefix: str) -> list[str]:
    service = catalog().service(prefix)
    return service.vocabulary if service else []


class ActionMatcher:
    """What one statement's ``Action`` (or, with ``negated``, ``NotAction``) covers."""

    __slots__ = ("patterns", "negated")

    def __init__(self, patterns: Iterable[str], negated: bool = False):
        self.patterns = tuple(patterns)
        self.negated = negated

    def _listed(self, action: str) -> bool:
        return _listed(self.patterns, action.lower())

    def grants(self, action: str) -> bool:
        """Whether the statement applies to this concrete action."""
        return self._listed(action) != self.negated

    def grants_any(self, actions: Iterable[str]) -> list[str]:
        return [a for a in actions if self.grants(a)]

    def is_everything(self) -> bool:
        if self.negated:
            return not self.patterns
        return any(p in ("*", "*:*") for p in self.patterns)

    def actions_of(self, prefix: str) -> list[str]:
        """The known actions of one service that the statement applies to."""
        service = catalog().service(prefix)
        if service is None:
            return []
        return [f"{service.prefix}:{n}" for n in service.names if self.grants(f"{service.prefix}:{n}")]

    def covers_service(self, prefix: str) -> bool:
        """Whether every known action of the service is covered (``svc:*`` or wider)."""
        service = catalog().service(prefix)
        if service is None:
            return False
        if not self.negated and any(_whole_service(p, prefix) for p in self.patterns):
            return True
        return all(self.grants(f"{service.prefix}:{n}") for n in service.names)


@lru_cache(maxsize=65536)
def _listed(patterns: tuple[str, ...], action: str) -> bool:
    return any(_pattern(p).match(action) is not None for p in patterns)


def _whole_service(pattern: str, prefix: str) -> bool:
    p, _, name = pattern.partition(":")
    return pattern in ("*", "*:*") or (name and set(name) <= {"*"} and wildcard_match(p, prefix))
