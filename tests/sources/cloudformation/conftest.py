"""Helpers for CloudFormation source tests: write a small template, load it."""

from __future__ import annotations

import textwrap

import pytest

from mlsec.sources.base import SourceOptions
from mlsec.sources.cloudformation import load_template


@pytest.fixture
def load(tmp_path):
    """load(text, name="template.yaml", **options) -> SourceResult | None."""

    def _load(text: str | bytes, name: str = "template.yaml", **options):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            text = textwrap.dedent(text).lstrip("\n").encode("utf-8")
        path.write_bytes(text)
        return load_template(str(path), SourceOptions(**options))

    return _load


@pytest.fixture
def props(load):
    """props(text, **options) -> {logical id: evaluated Properties}, asserting no errors."""

    def _props(text: str, **options):
        result = load(text, **options)
        assert result is not None
        assert result.errors == []
        return {r.id: r.props for r in result.resources}

    return _props
