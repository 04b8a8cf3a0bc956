"""What a collector is, and the context it runs in (one account, one region).

A collector is a small function that lists one kind of resource, describes each one
once and emits ``RawResource``s shaped like CloudFormation's ``Properties``. It declares
the service and the operations it calls: ``mlsec iam-policy`` is generated from those
declarations. Collectors run in stages: SageMaker first (stage 1), then the neighbours
SageMaker references (2), then log groups (3) and the keys everything uses (4), so each
stage knows the ML scope the earlier ones found.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from mlsec.model.props import Props, Unknown
from mlsec.sources.aws.api import Api, ApiFailure
from mlsec.sources.aws.scope import Scope
from mlsec.sources.base import RawResource, ScanError

ML, NEIGHBOURS, LOGS, KEYS = 1, 2, 3, 4


@dataclass(frozen=True)
class Collector:
    """``calls`` are operations of ``service`` ("DescribeKey") or of another service
    ("s3control:GetPublicAccessBlock")."""

    name: str
    service: str
    calls: tuple[str, ...]
    run: Callable[["Region"], None]
    stage: int = ML
    per_account: bool = False  # global services (IAM, S3 bucket listing): once per account


@dataclass
class LiveOptions:
    """What ``mlsec scan --aws`` was asked to do."""

    regions: list[str] = field(default_factory=list)
    all_regions: bool = False
    profile: str | None = None
    role_arns: list[str] = field(default_factory=list)
    external_id: str | None = None
    scope: str = "ml"  # ml | account
    job_lookback_days: int = 30
    max_attempts: int = 8
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    workers: int = 16
    progress: Any = None  # a callable(event, **details) or None


class Output:
    """Resources and errors of a scan, appended from many threads."""

    def __init__(self) -> None:
        self.resources: list[RawResource] = []
        self.errors: list[ScanError] = []
        self.tags: dict[str, dict] = {}  # ARN -> tags, from the tagging API
        self.lock = threading.Lock()

    def add(self, resource: RawResource) -> None:
        with self.lock:
            self.resources.append(resource)

    def error(self, error: ScanError) -> None:
        with self.lock:
            self.errors.append(error)


class Region:
    """Everything a collector needs: calls, identity, scope, and where to put results."""

    def __init__(self, api: Api, account: str, region: str, scope: Scope, options: LiveOptions, out: Output,
                 partition: str = "aws"):
        self.api = api
        self.account = account
        self.region = region
        self.scope = scope
        self.options = options
        self.out = out
        self.partition = partition

    @property
    def unit(self) -> str:
        return f"{self.account}/{self.region}"

    def arn(self, service: str, resource: str, region: str | None = None) -> str:
        return f"arn:{self.partition}:{service}:{self.region if region is None else region}:{self.account}:{resource}"

    # -- calls ---------------------------------------------------------------------
    def ask(self, service: str, operation: str, subject: str | None = None, missing: tuple[str, ...] = (),
            **params: Any) -> dict | ApiFailure | None:
        """One call: the response; None when AWS says the thing does not exist (an error
        code in ``missing``); or the ApiFailure, already reported."""
        try:
            return self.api.call(service, operation, **params)
        except ApiFailure as failure:
            if failure.code in missing or failure.kind == "absent":
                return None
            self.report(failure, subject)
            return failure

    def listing(self, service: str, operation: str, key: str, placeholder: tuple[str, str] | None = None,
                **params: Any) -> list:
        """Every item of a paginated list. When the list cannot be read, the failure is
        reported and, with ``placeholder`` = (type, ARN pattern), a stand-in resource whose
        every property is unknown is emitted: the rules then say UNKNOWN, not PASS."""
        items, failure = self.try_listing(service, operation, key, **params)
        if failure is not None and placeholder is not None:
            self.emit(placeholder[0], placeholder[1], unknown_props(placeholder[0], failure.unknown()),
                      placeholder=True)
        return items

    def try_listing(self, service: str, operation: str, key: str,
                    **params: Any) -> tuple[list, ApiFailure | None]:
        """The items read, and the failure (already reported) that stopped the list."""
        items: list = []
        try:
            for item in self.api.pages(service, operation, key, **params):
                items.append(item)
        except ApiFailure as failure:
            if failure.kind == "absent":
                return items, None
            self.report(failure)
            return items, failure
        return items, None

    def report(self, failure: ApiFailure, subject: str | None = None) -> None:
        self.out.error(ScanError(None, failure.message(subject), kind="api",
                                 target=f"{failure.service}/{self.region}"))

    # -- results -------------------------------------------------------------------
    def emit(self, type_name: str, arn: str, props: dict, tags: dict | None = None, region: str | None = None,
             **metadata: Any) -> RawResource:
        region = region or self.region
        meta = {k: v for k, v in metadata.items() if v is not None}
        if tags is not None:
            meta["tags"] = tags
        raw = RawResource(source="aws", type=type_name, id=arn, props=as_props(props),
                          unit=f"{self.account}/{region}", region=None if region == "global" else region,
                          account=self.account, arn=arn, metadata=meta)
        self.out.add(raw)
        return raw


def as_props(value: Any) -> Any:
    """Top-level mapping as Props (nested data stays plain: the builder reads both)."""
    if isinstance(value, Props):
        return value
    return Props(value) if isinstance(value, dict) else value


def unknown_props(type_name: str, unknown: Unknown) -> Props:
    """Properties of a resource that could not be read: every attribute the model knows
    for the type is unknown, with the call that failed as the reason."""
    from mlsec.model.builder import attributes_of
    from mlsec.model.catalog import model_for

    cls = model_for(type_name)
    props = Props()
    if cls is None:
        return props
    for _, spec in attributes_of(cls):
        for path in spec.paths("aws"):
            props[path.split(".", 1)[0]] = unknown
    return props


def fill(props: dict, keys: Iterable[str], failure: ApiFailure | None) -> dict:
    """Set ``keys`` to the failure's Unknown when a call that provides them failed."""
    if isinstance(failure, ApiFailure):
        for key in keys:
            props[key] = failure.unknown()
    return props


def pick(source: dict | None, *keys: str) -> dict:
    """The given keys of a response that are present, in CloudFormation spelling."""
    if not isinstance(source, dict):
        return {}
    return {k: source[k] for k in keys if k in source and source[k] is not None}
