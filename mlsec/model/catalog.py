"""Which model class describes which native resource type."""

from __future__ import annotations

from functools import lru_cache

from mlsec.model.base import Resource
from mlsec.model.kinds import iam, monitoring, network, sagemaker, storage

_MODULES = (sagemaker, network, storage, monitoring, iam)


@lru_cache(maxsize=1)
def model_classes() -> tuple[type[Resource], ...]:
    found = []
    for module in _MODULES:
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
                table[name] = cls
    return table


def model_for(native_type: str) -> type[Resource] | None:
    return _by_native_type().get(native_type)


def by_kind(kind: str) -> type[Resource] | None:
    for cls in model_classes():
        if cls.kind == kind:
            return cls
    return None
