"""Calls to AWS: one place that counts them, keeps them read-only and classifies failures.

A collector never sees botocore exceptions. A call either answers with the response
(without ``ResponseMetadata``, timestamps as ISO text) or raises ``ApiFailure``, whose
``kind`` says what went wrong: ``denied`` (error code or HTTP 403), ``throttled`` (still
throttled after botocore's adaptive retries), ``timeout``, ``region`` (the region is not
enabled for the account) or ``error``. ``ApiFailure.unknown()`` is the ``Unknown`` leaf
that replaces every value the call would have provided, so missing data is never a PASS.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterator

from mlsec.model.props import Unknown

READ_ONLY_PREFIXES = ("Describe", "List", "Get", "Head")
STS_OPERATIONS = ("GetCallerIdentity", "AssumeRole")

DENIED_CODES = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
    "AuthorizationError", "AuthorizationErrorException", "Forbidden", "ForbiddenException", "403",
})
THROTTLED_CODES = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded",
    "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "SlowDown",
    "ProvisionedThroughputExceededException", "PriorRequestNotComplete", "BandwidthLimitExceeded",
})
# What AWS answers in a region the account has not opted in to.
REGION_CODES = frozenset({"OptInRequired", "UnrecognizedClientException", "InvalidClientTokenId", "AuthFailure"})

_PHRASES = {"denied": "was denied", "throttled": "was throttled", "timeout": "timed out",
            "region": "is not available in this region", "error": "failed",
            "absent": "has no recorded answer"}  # "absent": only snapshots say this


def is_read_only(service: str, operation: str) -> bool:
    if service == "sts":
        return operation in STS_OPERATIONS
    return operation.startswith(READ_ONLY_PREFIXES)


class ApiFailure(Exception):
    """A call that gave no usable answer."""

    def __init__(self, service: str, operation: str, kind: str, code: str, detail: str = ""):
        super().__init__(f"{service}:{operation} {_PHRASES.get(kind, 'failed')} ({code})")
        self.service = service
        self.operation = operation
        self.kind = kind
        self.code = code
        self.detail = detail

    @property
    def call(self) -> str:
        return f"{self.service}:{self.operation}"

    def unknown(self) -> Unknown:
        return Unknown(str(self), self.call)

    def message(self, subject: str | None = None) -> str:
        text = str(self)
        if subject:
            text += f" for {subject}"
        if self.detail and self.detail != self.code:
            text += f": {self.detail}"
        return text


def classify(service: str, operation: str, exc: BaseException) -> ApiFailure:
    """Turn whatever botocore (or a test double) raised into an ApiFailure."""
    from botocore.exceptions import (ClientError, ConnectTimeoutError, EndpointConnectionError,
                                     ReadTimeoutError)

    if isinstance(exc, ApiFailure):
        return exc
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {}) or {}
        code = str(error.get("Code") or "Unknown")
        status = (exc.response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        detail = str(error.get("Message") or "")
        if code in DENIED_CODES or status == 403:
            return ApiFailure(service, operation, "denied", code, detail)
        if code in THROTTLED_CODES or status == 429:
            return ApiFailure(service, operation, "throttled", code, detail)
        if code in REGION_CODES:
            return ApiFailure(service, operation, "region", code, detail)
        return ApiFailure(service, operation, "error", code, detail)
    if isinstance(exc, (ConnectTimeoutError, ReadTimeoutError)):
        return ApiFailure(service, operation, "timeout", type(exc).__name__, str(exc))
    if isinstance(exc, EndpointConnectionError):
        return ApiFailure(service, operation, "timeout", "EndpointConnectionError", str(exc))
    if isinstance(exc, NotImplementedError):  # moto in-process: an operation it does not implement
        return ApiFailure(service, operation, "error", "NotImplemented", str(exc))
    return ApiFailure(service, operation, "error", type(exc).__name__, str(exc))


def clean(value: Any) -> Any:
    """A response as plain JSON data: no ResponseMetadata, timestamps as ISO 8601 text."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    return value


@dataclass
class CallStats:
    """API calls per service and time per region, shared by every thread of a scan."""

    calls: Counter = field(default_factory=Counter)
    region_seconds: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, service: str) -> None:
        with self.lock:
            self.calls[service] += 1

    def add_time(self, key: str, seconds: float) -> None:
        with self.lock:
            self.region_seconds[key] = self.region_seconds.get(key, 0.0) + seconds


class Api:
    """The read-only calls of one account in one region.

    ``call`` answers one request; ``pages`` walks a paginated list and yields the items
    under ``key``. Both raise ApiFailure. A recorder (``record``) may be attached to
    keep every request and response, e.g. to write a snapshot.
    """

    def __init__(self, clients: "ClientSource", region: str, stats: CallStats, record: list | None = None):
        self.clients = clients
        self.region = region
        self.stats = stats
        self.record = record

    def call(self, service: str, operation: str, **params: Any) -> dict:
        if not is_read_only(service, operation):
            raise AssertionError(f"{service}:{operation} is not a read-only call")
        client = self.clients.client(service, self.region)
        try:
            response = getattr(client, _snake(operation))(**params)
        except Exception as exc:  # noqa: BLE001 -- every failure is classified, none escapes
            failure = classify(service, operation, exc)
            self._keep(service, operation, params, error=failure)
            raise failure from None
        out = clean(response)
        self._keep(service, operation, params, response=out)
        return out

    def pages(self, service: str, operation: str, key: str, **params: Any) -> Iterator[Any]:
        """Every item under ``key`` of a paginated list."""
        for page in self.page_iter(service, operation, **params):
            yield from page.get(key, []) or []

    def page_iter(self, service: str, operation: str, **params: Any) -> Iterator[dict]:
        """Every page of a list (botocore's paginator when there is one)."""
        client = self.clients.client(service, self.region)
        name = _snake(operation)
        if not client.can_paginate(name):
            yield self.call(service, operation, **params)
            return
        if not is_read_only(service, operation):
            raise AssertionError(f"{service}:{operation} is not a read-only call")
        iterator = iter(client.get_paginator(name).paginate(**params))
        while True:
            try:
                page = next(iterator)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001
                failure = classify(service, operation, exc)
                self._keep(service, operation, params, error=failure)
                raise failure from None
            page = clean(page)
            self._keep(service, operation, params, response=page)
            yield page

    def _keep(self, service: str, operation: str, params: dict, response: Any = None,
              error: ApiFailure | None = None) -> None:
        if self.record is None:
            return
        entry: dict[str, Any] = {"request": clean(params)}
        if error is not None:
            entry["error"] = error.code
        else:
            entry["response"] = response
        with self.stats.lock:
            self.record.append((f"{service}:{operation}", entry))


class ClientSource:
    """boto3 clients of one session, created once per (service, region), thread-safely.

    Every client counts its calls and refuses anything but read-only operations, so a
    collector that tried to change the account would fail before a request is sent.
    """

    def __init__(self, session: Any, config: Any, stats: CallStats, endpoint_url: str | None = None):
        self.session = session
        self.config = config
        self.stats = stats
        self.endpoint_url = endpoint_url
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        found = self._clients.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._clients.get(key)
            if found is None:
                kwargs: dict[str, Any] = {"region_name": region, "config": self.config}
                if self.endpoint_url:
                    kwargs["endpoint_url"] = self.endpoint_url
                found = self.session.client(service, **kwargs)
                found.meta.events.register("before-call", self._before_call)
                self._clients[key] = found
        return found

    def _before_call(self, model: Any, **_: Any) -> None:
        service = model.service_model.service_name
        if not is_read_only(service, model.name):
            raise AssertionError(f"mlsec makes only read-only calls; {service}:{model.name} is not one")
        self.stats.count(service)


def botocore_config(max_attempts: int = 8, connect_timeout: float = 5, read_timeout: float = 30) -> Any:
    from botocore.config import Config

    # total_max_attempts counts the first try; botocore's "max_attempts" would count retries only
    return Config(retries={"mode": "adaptive", "total_max_attempts": max_attempts}, connect_timeout=connect_timeout,
                  read_timeout=read_timeout, max_pool_connections=32, user_agent_extra="mlsec")


def _snake(operation: str) -> str:
    from botocore import xform_name

    return xform_name(operation)
