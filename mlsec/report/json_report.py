"""``--format json``."""

from __future__ import annotations

import json
from typing import Any


def render(doc: dict[str, Any], options=None) -> str:
    # No indentation: only the compact form uses the C encoder, which matters for reports
    # with tens of thousands of findings (pipe through `jq` to read it).
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


_CHUNK = 500  # list items encoded per write


def write(doc: dict[str, Any], options, handle) -> None:
    """The text of ``render``, written a few hundred findings at a time, so the whole
    report never exists as one string."""
    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    handle.write("{")
    for i, (key, value) in enumerate(doc.items()):
        handle.write(("," if i else "") + dumps(key) + ":")
        if isinstance(value, list) and len(value) > _CHUNK:
            handle.write("[")
            for start in range(0, len(value), _CHUNK):
                handle.write(("," if start else "") + ",".join(map(dumps, value[start:start + _CHUNK])))
            handle.write("]")
        else:
            handle.write(dumps(value))
    handle.write("}\n")
