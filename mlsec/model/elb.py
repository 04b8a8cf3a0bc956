"""Load balancer questions: how strong a listener's TLS policy is, and what kind of load
balancer a listener belongs to."""

from __future__ import annotations

import fnmatch
import json
from functools import lru_cache
from pathlib import Path

from mlsec.model.graph import Graph
from mlsec.model.kinds.elb import Listener, LoadBalancer
from mlsec.model.settled import settle


@lru_cache(maxsize=1)
def _policies() -> dict:
    return json.loads((Path(__file__).parent / "data" / "elb_security_policies.json").read_text())


def default_policy() -> str:
    return _policies()["default"]


def policy_strength(name: str) -> str | None:
    """``weak`` (accepts TLS 1.0 or 1.1), ``strong`` (TLS 1.2 and newer only), or None
    for a policy the shipped list does not know."""
    for strength in ("weak", "strong"):
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in _policies()[strength]):
            return strength
    return None


def load_balancer_type(graph: Graph, listener: Listener) -> tuple[str | None, str | None]:
    """(``application`` | ``network`` | ``gateway``, None) or (None, why unknown)."""
    found = graph.follow(listener, listener.load_balancer, LoadBalancer)
    if not found.found:
        return None, found.reason or "the load balancer is not in the scanned files"
    lb_type, why = settle(found.resource.lb_type)  # type: ignore[union-attr]
    return (str(lb_type).lower() if lb_type else None), why
