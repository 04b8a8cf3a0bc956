"""Live-shaped input from a file: recorded API responses replayed through the collectors.

An ``aws.json`` snapshot holds raw responses of one account and region::

    {"account": "123456789012", "region": "us-east-1",
     "responses": {
       "sagemaker:DescribeNotebookInstance": [{"NotebookInstanceName": "bad-nb", ...}],
       "cloudtrail:GetTrailStatus": [{"request": {"Name": "arn:..."}, "response": {"IsLogging": true}}],
       "s3:GetBucketPolicy": [{"request": {"Bucket": "b"}, "error": "NoSuchBucketPolicy"}],
       "sagemaker:GetModelPackageGroupPolicy": [{"request": {"ModelPackageGroupName": "g"},
         "error": {"Code": "ValidationException", "Message": "Cannot find resource policy"}}]}}

An entry is either a bare response, matched to a request when one of the request's text
values appears in it (a name, an ARN), or ``{"request", "response"|"error"}``; requests
without text values (list calls) get every recorded page. A call the snapshot does not
record answers "no such thing", and SageMaker lists may be left out: they are derived
from the describe responses. Scope is the whole snapshot. The collectors, mapping
functions and fault handling are the live ones, so a rule's ``aws.json`` fixture proves
what a live scan would report.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from mlsec.sources.aws.api import ApiFailure, CallStats, is_read_only
from mlsec.sources.aws.collect import LiveOptions, Output, Region
from mlsec.sources.aws.collectors import all_collectors
from mlsec.sources.aws.scope import Scope
from mlsec.sources.base import ScanError, SourceResult


class SnapshotApi:
    """The ``Api`` interface, answered from recorded responses."""

    def __init__(self, responses: dict[str, list], region: str, stats: CallStats | None = None):
        self.responses = dict(responses)
        self.region = region
        self.stats = stats or CallStats()
        self._derive_sagemaker_lists()

    def call(self, service: str, operation: str, **params: Any) -> dict:
        if not is_read_only(service, operation):
            raise AssertionError(f"{service}:{operation} is not a read-only call")
        self.stats.count(service)
        entries = self._matching(f"{service}:{operation}", params)
        if not entries:
            raise ApiFailure(service, operation, "absent", "NotInSnapshot")
        return self._answer(service, operation, entries[0])

    def page_iter(self, service: str, operation: str, **params: Any) -> Iterator[dict]:
        self.stats.count(service)
        for entry in self._matching(f"{service}:{operation}", params):
            yield self._answer(service, operation, entry)

    def pages(self, service: str, operation: str, key: str, **params: Any) -> Iterator[Any]:
        for page in self.page_iter(service, operation, **params):
            yield from page.get(key, []) or []

    # -- matching ------------------------------------------------------------------
    def _matching(self, call: str, params: dict) -> list:
        entries = self.responses.get(call) or []
        wanted = {k: v for k, v in params.items() if isinstance(v, str)}
        if not wanted:
            return list(entries)
        out = []
        for entry in entries:
            if isinstance(entry, dict) and "request" in entry:
                request = entry["request"] or {}
                if all(request.get(k) == v for k, v in wanted.items() if k in request):
                    out.append(entry)
            elif set(wanted.values()) & _texts(entry):
                out.append(entry)
        return out

    @staticmethod
    def _answer(service: str, operation: str, entry: Any) -> dict:
        if isinstance(entry, dict) and "request" in entry:
            error = entry.get("error")
            if error:
                code = error if isinstance(error, str) else error.get("Code", "Error")
                status = None if isinstance(error, str) else error.get("HTTPStatusCode")
                message = code if isinstance(error, str) else error.get("Message", code)
                raise _failure(service, operation, code, status, message)
            return entry.get("response") or {}
        return entry if isinstance(entry, dict) else {}

    def _derive_sagemaker_lists(self) -> None:
        from mlsec.sources.aws.sagemaker import KINDS

        for kind in KINDS:
            list_call, describe_call = f"sagemaker:{kind.list_op}", f"sagemaker:{kind.describe_op}"
            if list_call in self.responses or describe_call not in self.responses:
                continue
            items = []
            for entry in self.responses[describe_call]:
                response = entry.get("response", entry) if isinstance(entry, dict) else {}
                # the describe response names the resource like the list item (NotebookInstanceName)
                # or like the describe request (a job definition's JobDefinitionName)
                name = (response.get(kind.item_name) or response.get(kind.describe_param)
                        or (entry.get("request") or {}).get(kind.describe_param))
                if name:
                    items.append({kind.item_name: name, kind.arn_field: response.get(kind.arn_field)})
            self.responses[list_call] = [{kind.list_key: items}]


def _texts(node: Any, depth: int = 0) -> set[str]:
    """Text values of a response, two levels deep (names and ARNs live there)."""
    if isinstance(node, str):
        return {node}
    out: set[str] = set()
    if depth < 3 and isinstance(node, dict):
        for value in node.values():
            out |= _texts(value, depth + 1)
    return out


def _failure(service: str, operation: str, code: str, status: int | None, message: str | None = None) -> ApiFailure:
    """The same classification as a live error response."""
    from botocore.exceptions import ClientError

    from mlsec.sources.aws.api import classify

    response = {"Error": {"Code": code, "Message": message or code},
                "ResponseMetadata": {"HTTPStatusCode": status or 400}}
    return classify(service, operation, ClientError(response, operation))


def load_snapshot(path: str) -> SourceResult:
    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
    except (OSError, ValueError) as exc:
        return SourceResult(errors=[ScanError(path, f"cannot read snapshot: {exc}", kind="read")])
    if not isinstance(doc, dict) or not isinstance(doc.get("responses"), dict):
        return SourceResult(errors=[ScanError(path, "a snapshot needs a \"responses\" object", kind="parse")])
    result = replay(doc["responses"], str(doc.get("account") or "123456789012"), str(doc.get("region") or "us-east-1"))
    for resource in result.resources:
        resource.file = path
    result.files.append(path)
    return result


def replay(responses: dict, account: str, region: str) -> SourceResult:
    """Run every collector, stage by stage, over recorded responses."""
    out = Output()
    context = Region(SnapshotApi(responses, region), account, region, Scope(account, everything=True),
                     LiveOptions(scope="account"), out)
    for collector in sorted(all_collectors(), key=lambda c: c.stage):
        collector.run(context)
    for resource in out.resources:
        resource.metadata.setdefault("tags", out.tags.get(resource.arn or "", {}))
    return SourceResult(resources=out.resources, errors=out.errors)
