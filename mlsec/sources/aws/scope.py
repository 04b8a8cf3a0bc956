"""The ML scope of a live scan (CATALOGUE §1.3): which neighbours SageMaker references.

Only buckets, repositories, log groups, network pieces, keys and roles that SageMaker
resources name are described, so a scan of a busy account costs calls in proportion to
its ML footprint. ``--scope account`` (``everything``) widens it to all of them.
References are found by walking the properties SageMaker resources were given.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from typing import Any

_S3_URI = re.compile(r"^s3a?://([^/]+)")
_S3_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::([^/]+)")
_ECR_IMAGE = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/([^:@]+)")
_ARN_REGION = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]+):")

KEY_FIELDS = frozenset({"KmsKeyId", "VolumeKmsKeyId", "KMSKeyId", "KmsKey", "KMSMasterKeyID", "KmsKeyArn"})
SUBNET_FIELDS = frozenset({"SubnetId", "Subnets", "SubnetIds"})
GROUP_FIELDS = frozenset({"SecurityGroupIds", "SecurityGroups"})
ROLE_FIELDS = frozenset({"RoleArn", "ExecutionRoleArn", "ExecutionRole"})
LOG_GROUP_FIELDS = frozenset({"CloudWatchLogsLogGroupArn", "DestinationArn"})
SAGEMAKER_LOG_PREFIX = "/aws/sagemaker/"


class Scope:
    def __init__(self, account: str, everything: bool = False):
        self.account = account
        self.everything = everything
        self.buckets: set[str] = set()
        self.repositories: set[tuple[str, str]] = set()  # (region, name)
        self.subnets: set[str] = set()
        self.groups: set[str] = set()
        self.vpcs: set[str] = set()
        self.keys: dict[str, set[str]] = defaultdict(set)  # region -> ids, ARNs, aliases
        self.log_groups: set[str] = set()  # names
        self.roles: dict[str, set[str]] = defaultdict(set)  # role ARN -> referring ARNs
        self.endpoints: dict[str, set[str]] = defaultdict(set)  # region -> endpoint names
        self.alarms: set[str] = set()  # names of rollback alarms
        self._lock = threading.Lock()

    # -- questions collectors ask ---------------------------------------------------
    def wants_bucket(self, name: str) -> bool:
        return self.everything or name in self.buckets or "sagemaker" in name.lower()

    def wants_repository(self, region: str, name: str) -> bool:
        return self.everything or (region, name) in self.repositories

    def wants_log_group(self, name: str) -> bool:
        return self.everything or name.startswith(SAGEMAKER_LOG_PREFIX) or name in self.log_groups

    def keys_in(self, region: str) -> set[str]:
        with self._lock:
            return set(self.keys.get(region, ()))

    # -- learning from resources ----------------------------------------------------
    def note(self, props: Any, region: str, owner: str | None = None, keys_only: bool = False) -> None:
        """Record every reference found in ``props`` of a resource in ``region``."""
        with self._lock:
            self._walk(props, region, owner, None, keys_only)

    def _walk(self, node: Any, region: str, owner: str | None, field: str | None, keys_only: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                self._walk(value, region, owner, key, keys_only)
        elif isinstance(node, list):
            for value in node:
                self._walk(value, region, owner, field, keys_only)
        elif isinstance(node, str) and node:
            self._text(node, region, owner, field, keys_only)

    def _text(self, text: str, region: str, owner: str | None, field: str | None, keys_only: bool) -> None:
        if field in KEY_FIELDS:
            found = _ARN_REGION.match(text)
            self.keys[found.group(1) if found else region].add(text)
            return
        if keys_only:
            return
        if field in SUBNET_FIELDS and text.startswith("subnet-"):
            self.subnets.add(text)
        elif field in GROUP_FIELDS and text.startswith("sg-"):
            self.groups.add(text)
        elif field == "VpcId" and text.startswith("vpc-"):
            self.vpcs.add(text)
        elif field in ROLE_FIELDS and ":role/" in text:
            self.roles[text].add(owner or "")
        elif field == "AlarmName":
            self.alarms.add(text)
        elif field in LOG_GROUP_FIELDS and ":log-group:" in text:
            self.log_groups.add(text.split(":log-group:", 1)[1].split(":", 1)[0])
        match = _S3_URI.match(text) or _S3_ARN.match(text)
        if match:
            self.buckets.add(match.group(1))
            return
        image = _ECR_IMAGE.match(text)
        if image and image.group(1) == self.account:
            self.repositories.add((image.group(2), image.group(3)))

    def add_endpoint(self, region: str, name: str) -> None:
        with self._lock:
            self.endpoints[region].add(name)
