"""Which model class describes which native resource type.

Every module in ``mlsec.model.kinds`` is scanned for Resource subclasses, so a new kind
is a new class (or module) there and nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from mlsec.model import kinds
from mlsec.model.base import Resource


@lru_cache(maxsize=1)
def model_classes() -> tuple[type[Resource], ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(kinds.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{kinds.__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Resource) and obj.kind and obj.__module__ == module.__name__:
                found.append(obj)
    return tuple(found)


@lru_cache(maxsize=1)
def _by_native_type() -> dict[str, type[Resource]]:
    table: dict[str, type[Resource]] = {}
    for cls in model_classes():
        table[cls.kind] = cls  # live sources use the CloudFormation name
        for names in cls.native_types.values():
            for name in names:
                if name in table and table[name] is not cls:
                    raise ValueError(f"{name} is claimed by {table[name].__name__} and {cls.__name__}")
                table[name] = cls
    return table


def model_for(native_type: str) -> type[Resource] | None:
    return _by_native_type().get(native_type)


def by_kind(kind: str) -> type[Resource] | None:
    for cls in model_classes():
        if cls.kind == kind:
            return cls
    return None
