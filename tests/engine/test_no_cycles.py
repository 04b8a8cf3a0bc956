"""Scans run with the cyclic garbage collector off: the sources must not leave reference
cycles behind, or memory would grow with every unit scanned."""

import gc
from pathlib import Path

from mlsec.engine.scan import read_document
from mlsec.sources.base import SourceOptions
from mlsec.sources.terraform import load_module

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _cyclic_garbage(load) -> list:
    """mlsec objects (and dicts/lists holding their data) left in reference cycles.
    The standard library's pretty-printing JSON encoder leaves a few closures of its own
    per call; those are small and not counted."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        load()
        gc.collect()
        return [o for o in gc.garbage if type(o).__module__.startswith("mlsec") or
                type(o).__name__ in ("Props", "Items", "RawResource", "Block")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_cloudformation_leaves_no_cycles():
    template = EXAMPLES / "cloudformation" / "secure-ml-stack.yaml"
    assert _cyclic_garbage(lambda: read_document(str(template), SourceOptions())) == []


def test_terraform_leaves_no_cycles():
    assert _cyclic_garbage(lambda: load_module(str(EXAMPLES / "terraform" / "secure"), SourceOptions())) == []
