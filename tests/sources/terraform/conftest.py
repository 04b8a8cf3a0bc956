"""Helpers for the HCL source tests: write a module folder, load it, index the result."""

from __future__ import annotations

import os
import textwrap

import pytest

from mlsec.sources.base import SourceOptions
from mlsec.sources.terraform import load_module


class Loaded:
    def __init__(self, result):
        self.result = result
        self.resources = {r.id: r for r in result.resources}
        self.errors = result.errors

    def __getitem__(self, address):
        return self.resources[address]

    def props(self, address):
        return self.resources[address].props

    @property
    def ids(self):
        return sorted(self.resources)


@pytest.fixture
def tf(tmp_path, monkeypatch):
    """``tf({"main.tf": "..."}, **options)`` writes the files and loads the folder."""
    for key in [k for k in os.environ if k.startswith("TF_VAR_")]:
        monkeypatch.delenv(key)

    def load(files: dict, directory: str = "", env: dict | None = None, only=None, **options):
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text))
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        root = tmp_path / directory if directory else tmp_path
        return Loaded(load_module(str(root), SourceOptions(**options), only))

    load.root = tmp_path
    return load
