"""Output formats. Every format renders the JSON report document (a dict, see
document.py), so a saved report renders exactly as a fresh scan would.

Each format is a module here with ``render(doc, options) -> str``; modules are imported
only when their format is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

FORMAT_MODULES = {
    "text": "mlsec.report.text",
    "json": "mlsec.report.json_report",
    "html": "mlsec.report.html",
    "sarif": "mlsec.report.sarif",
    "junit": "mlsec.report.junit",
    "asff": "mlsec.report.asff",
}


@dataclass(slots=True)
class RenderOptions:
    color: bool = False
    show_passed: bool = False
    previous: dict[str, Any] | None = None   # an older report document, for the HTML diff
    sarif_root: str | None = None            # artifact URIs are relative to this (default: cwd)
    asff_account: str | None = None
    asff_region: str | None = None


def render(fmt: str, doc: dict[str, Any], options: RenderOptions | None = None) -> str:
    if fmt not in FORMAT_MODULES:
        raise ValueError(f"unknown report format {fmt!r}")
    module = importlib.import_module(FORMAT_MODULES[fmt])
    return module.render(doc, options or RenderOptions())


def streams(fmt: str) -> bool:
    """True when the format can be written piece by piece (its module has ``write``)."""
    return hasattr(importlib.import_module(FORMAT_MODULES[fmt]), "write")


def write(fmt: str, doc: dict[str, Any], handle, options: RenderOptions | None = None) -> None:
    """Write the format to an open text file without holding all of it in memory when the
    format streams: the JSON report of 100 000 findings is ~150 MB of text, which built
    as one string would more than double the memory of a large scan."""
    module = importlib.import_module(FORMAT_MODULES[fmt])
    if hasattr(module, "write"):
        module.write(doc, options or RenderOptions(), handle)
    else:
        handle.write(module.render(doc, options or RenderOptions()))
