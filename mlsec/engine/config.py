"""Project configuration: ``.mlsec.yaml`` or ``[tool.mlsec]`` in pyproject.toml.

The file is looked for from the working directory upward (``.mlsec.yaml``/``.mlsec.yml``
first, then a pyproject.toml that has a ``[tool.mlsec]`` table; a pyproject.toml without
one is passed over), unless ``--config`` names one. Keys are spelled like the command
line flags (``fail-on``, ``strict-suppressions``). Anything the file does not know is an
error naming the file, the key path and, for YAML, the line: a typo must not silently
switch a gate off.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, create_model, field_validator

from mlsec.engine.settings import Settings
from mlsec.model.verdict import Severity

YAML_NAMES = (".mlsec.yaml", ".mlsec.yml")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names file, key and line."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=False)


class SuppressionEntry(_Strict):
    """An accepted risk declared in the configuration rather than beside the resource."""

    rule: str = Field(min_length=1)  # rule id, name or control
    resource: str = "*"  # glob on the resource id: CloudFormation logical id, Terraform address, ARN
    file: str | None = None  # glob on the file the resource is defined in
    reason: str | None = None  # required; a missing one is reported and the entry does not suppress
    expires: date | None = None


def _settings_model() -> type[BaseModel]:
    """The thresholds rules read, one key per field of engine.settings.Settings, so a new
    threshold is configurable the day it is added."""
    hints = typing.get_type_hints(Settings)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        if f.name == "extra":
            continue
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        fields[f.name] = (hints[f.name] | None, Field(default=None, description=f"default: {default!r}"))
    return create_model("SettingsConfig", __base__=_Strict, **fields)


SettingsConfig = _settings_model()


class Config(_Strict):
    paths: list[str] = []
    exclude: list[str] = []
    select: list[str] = []
    skip: list[str] = []
    frameworks: list[str] = []
    severity: dict[str, Severity] = {}  # rule id, name or control -> severity used for it
    fail_on: Severity | None = None
    fail_on_unknown: bool = False
    soft_fail: bool = False
    strict_suppressions: bool = False
    baseline: str | None = None
    foreign_suppressions: Literal["honour", "require-reason", "ignore"] = "honour"
    suppressions: list[SuppressionEntry] = []
    settings: SettingsConfig = SettingsConfig()  # type: ignore[valid-type]

    # Set after loading: where the file is, and where each key was written (YAML only).
    _path: str | None = PrivateAttr(default=None)
    _key_lines: dict[str, int] = PrivateAttr(default_factory=dict)

    @field_validator("paths", "exclude", "select", "skip", "frameworks")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("entries must not be empty")
        return values

    @property
    def path(self) -> str | None:
        return self._path

    @property
    def base_dir(self) -> str:
        return os.path.dirname(self._path) if self._path else "."

    def resolve(self, relative: str) -> str:
        """A path written in the file, relative to the file's folder, as seen from the cwd."""
        if os.path.isabs(relative):
            return relative
        return os.path.relpath(os.path.join(self.base_dir, relative))

    def where(self, *key: str | int) -> str:
        """'file key.path' (and ':line' for YAML) for messages about one key."""
        dotted = _dotted(key)
        line = self._key_lines.get(dotted)
        name = self._path or "configuration"
        return f"{name}:{line}: {dotted}" if line else f"{name}: {dotted}"

    def settings_overrides(self) -> dict[str, Any]:
        return {k: v for k, v in self.settings.model_dump().items() if v is not None}


# -- discovery and loading ------------------------------------------------------------------

def discover(start: str | None = None) -> str | None:
    """The configuration that applies in ``start`` (default: the cwd), or None."""
    folder = Path(start or os.getcwd()).resolve()
    for directory in (folder, *folder.parents):
        for name in YAML_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return str(candidate)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return str(pyproject)
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return False
    if "mlsec" not in text:
        return False
    try:
        return "mlsec" in _read_toml(str(pyproject), text).get("tool", {})
    except ConfigError:
        return True  # let load() report the syntax error rather than skip the file


def load(path: str | None = None, start: str | None = None) -> Config:
    """The configuration at ``path`` (``--config``), or the discovered one, or defaults."""
    if path is None:
        path = discover(start)
        if path is None:
            return Config()
    elif not os.path.isfile(path):
        raise ConfigError(f"{path}: no such configuration file")
    shown = display_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot read the configuration: {exc}") from None
    if path.endswith(".toml"):
        data = _read_toml(shown, text).get("tool", {}).get("mlsec")
        if data is None:
            raise ConfigError(f"{shown}: has no [tool.mlsec] table")
        lines: dict[str, int] = {}
        prefix = "[tool.mlsec] "
    else:
        data, lines = _read_yaml(shown, text)
        prefix = ""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}: {prefix or 'the file '}must be a mapping of settings, not {type(data).__name__}")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_explain(shown, prefix, exc, lines)) from None
    config._path, config._key_lines = shown, lines
    return config


def display_path(path: str) -> str:
    """A path as short as it is unambiguous: relative when under the cwd."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        return path if relative.startswith("..") else relative
    return path


def _read_toml(shown: str, text: str) -> dict:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None


def _read_yaml(shown: str, text: str) -> tuple[Any, dict[str, int]]:
    """The data and the line of every key path (``suppressions.1.reason`` -> 12)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}: not valid YAML: {problem}") from None
    lines: dict[str, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return data, lines


def _record_lines(node, path: tuple, lines: dict[str, int]) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, key.value)
            lines[_dotted(here)] = key.start_mark.line + 1
            _record_lines(value, here, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            here = (*path, i)
            lines[_dotted(here)] = item.start_mark.line + 1
            _record_lines(item, here, lines)


def _dotted(path: tuple | list) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(shown: str, prefix: str, exc: ValidationError, lines: dict[str, int]) -> str:
    problems: list[tuple[int, str]] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        dotted = _dotted(loc)
        line = lines.get(dotted)
        where = f"{shown}:{line}" if line else shown
        if err["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}" + _suggest(loc)
        else:
            message = err["msg"]
            if "input" in err and not isinstance(err["input"], (dict, list)):
                message += f" (got {err['input']!r})"
        problems.append((line or 0, f"{where}: {prefix}{dotted}: {message}"))
    problems.sort(key=lambda p: p[0])
    return "invalid configuration:\n  " + "\n  ".join(text for _, text in problems)


def _suggest(loc: tuple) -> str:
    model: Any = Config
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part).replace("-", "_"))
        if field is None:
            return ""
        annotation = field.annotation
        inner = typing.get_args(annotation)
        candidates = [a for a in (annotation, *inner) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not candidates:
            return ""
        model = candidates[0]
    known = [_kebab(name) for name in model.model_fields]
    close = difflib.get_close_matches(_kebab(str(loc[-1])), known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(sorted(known))})"
