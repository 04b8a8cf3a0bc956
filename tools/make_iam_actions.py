#!/usr/bin/env python3
"""Build mlsec/iam/data/actions.json: every IAM action mlsec knows, with a date.

policyuniverse ships the Service Authorization Reference as it stood in 2023-11 (actions
and, per action, the condition keys it supports). botocore, installed with boto3, lists
every operation of every service as of its release. This script merges the two:

* the IAM prefix of a botocore service is its ``signingName`` (else ``endpointPrefix``),
  except for the services in ``PREFIX`` below;
* the operations of a service become IAM actions of that prefix, except for services
  whose IAM actions are not named after their operations (``NOT_OPERATION_NAMED``: S3
  and API Gateway name actions differently, ``execute-api`` uses Invoke/ManageConnections,
  Keyspaces uses CQL verbs...) and operations known not to be actions (``NOT_ACTIONS``);
* condition keys come from policyuniverse, plus the curated SageMaker keys of
  ``mlsec/iam/data/sagemaker_conditions.json``. Actions only botocore knows carry no key
  list: for them "which keys apply" is unknown, not "none";
* services AWS has retired (``RETIRED``) are left out.

It also writes ``snapshot.json`` (date and counts, read by ``mlsec --version``) and
``sagemaker_passrole.json`` (SageMaker operations whose request passes an IAM role).

    python tools/make_iam_actions.py [--date YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

import botocore
import botocore.session
import policyuniverse

DATA = Path(__file__).resolve().parent.parent / "mlsec" / "iam" / "data"

# botocore service name -> IAM prefix, where the signing name is not the prefix.
PREFIX = {
    "cloudwatch": "cloudwatch",  # signs as "monitoring"
    "cloudcontrol": "cloudformation",  # Cloud Control API actions live under cloudformation:
    "resourcegroupstaggingapi": "tag",
    "iot-data": "iot",
    "iotsecuretunneling": "iot",
    "iot-jobs-data": "iotjobsdata",
    "iotevents-data": "iotevents",
    "mturk": "mechanicalturk",
}

# Services whose IAM actions are not their operation names: keep policyuniverse's list only.
NOT_OPERATION_NAMED = {
    "s3", "s3control",  # ListObjectsV2 is s3:ListBucket, HeadObject is s3:GetObject, ...
    "apigateway", "apigatewayv2",  # apigateway:GET/POST/PUT/PATCH/DELETE
    "apigatewaymanagementapi", "connectparticipant",  # execute-api:Invoke/ManageConnections
    "cloudsearchdomain",  # cloudsearch:search/document/suggest
    "keyspaces", "keyspacesstreams",  # cassandra:Select/Modify/Create/...
    "neptunedata",  # neptune-db:ReadDataViaQuery/WriteDataViaQuery/...
    "sso",  # the portal API takes bearer tokens, not IAM
}

# Operations that are not IAM actions of their prefix (the call is authorised by another action).
NOT_ACTIONS = {
    "bedrock": {"Converse", "ConverseStream"},  # bedrock:InvokeModel[WithResponseStream]
    "lambda": {"Invoke", "InvokeWithResponseStream"},  # lambda:InvokeFunction
}

# Services AWS has shut down that policyuniverse still lists (end-of-life announcements):
# their actions no longer exist, so a policy naming them is flagged (MLS417).
RETIRED = {
    "elastic-inference": "2024-04-15",  # Amazon Elastic Inference
    "honeycode": "2024-02-29",
    "deeplens": "2024-01-31",
    "nimble": "2024-06-30",  # Nimble Studio
    "worklink": "2022-04-19",
}

# Request members that carry a role which SageMaker (or a job it starts) will assume.
_ROLE_MEMBER = re.compile(r"(RoleArn|RoleARN|ExecutionRole|ValidationRole|ClusterRole|ExecutionRoleArns"
                          r"|AssumableRoleArns)$")


def iam_prefix(name: str, metadata: dict) -> str:
    if name in PREFIX:
        return PREFIX[name]
    return (metadata.get("signingName") or metadata.get("endpointPrefix") or name).lower()


def botocore_actions(session) -> dict[str, set[str]]:
    loader = session.get_component("data_loader")
    out: dict[str, set[str]] = {}
    for name in session.get_available_services():
        if name in NOT_OPERATION_NAMED:
            continue
        model = loader.load_service_model(name, "service-2")
        prefix = iam_prefix(name, model["metadata"])
        ops = set(model["operations"]) - NOT_ACTIONS.get(prefix, set())
        out.setdefault(prefix, set()).update(ops)
    return out


def policyuniverse_services() -> dict[str, dict[str, list[str]]]:
    path = Path(policyuniverse.__file__).parent / "data.json"
    raw = json.loads(path.read_text())
    out: dict[str, dict[str, list[str]]] = {}
    for service in raw.values():
        actions = out.setdefault(service["prefix"].lower(), {})
        for action, info in service["actions"].items():
            actions[action] = sorted(set(info.get("condition_keys") or []))
    return out


def passrole_operations(session) -> list[str]:
    """SageMaker operations whose request names a role to assume (iam:PassRole is checked)."""
    model = session.get_service_model("sagemaker")
    found = []
    for op in model.operation_names:
        shape = model.operation_model(op).input_shape
        if shape is not None and not op.startswith(("List", "Describe", "Get", "Search", "Delete")) \
                and _carries_role(shape, frozenset()):
            found.append(op)
    return sorted(found)


def _carries_role(shape, seen: frozenset) -> bool:
    if shape.name in seen:
        return False
    seen = seen | {shape.name}
    if shape.type_name == "structure":
        for member, sub in shape.members.items():
            if _ROLE_MEMBER.search(member) and sub.type_name in ("string", "list"):
                return True
            if _carries_role(sub, seen):
                return True
    elif shape.type_name == "list":
        return _carries_role(shape.member, seen)
    elif shape.type_name == "map":
        return _carries_role(shape.value, seen)
    return False


def build(date: str) -> tuple[dict, dict, dict]:
    session = botocore.session.get_session()
    old = policyuniverse_services()
    new = botocore_actions(session)
    curated = json.loads((DATA / "sagemaker_conditions.json").read_text())["actions"]
    services: dict[str, dict] = {}
    for prefix in sorted((set(old) | set(new)) - set(RETIRED)):
        known = old.get(prefix, {})
        by_lower = {a.lower(): a for a in known}
        names = dict(by_lower)
        for op in new.get(prefix, ()):
            names.setdefault(op.lower(), op)
        keys: dict[str, list[str]] = {a: list(k) for a, k in known.items()}
        if prefix == "sagemaker":
            for action, extra in curated.items():
                keys[action] = sorted(set(keys.get(action, [])) | set(extra))
        vocabulary = sorted({k for ks in keys.values() for k in ks})
        index = {k: i for i, k in enumerate(vocabulary)}
        # Space-separated names keep the file small. "keys" holds the non-empty key lists (as
        # indexes into "vocabulary"); "unkeyed" names the actions whose keys are not known.
        services[prefix] = {
            "actions": " ".join(sorted(names.values(), key=str.lower)),
            "keys": {a: [index[k] for k in ks] for a, ks in sorted(keys.items()) if ks},
            "vocabulary": vocabulary,
            "unkeyed": " ".join(sorted((a for a in names.values() if a not in keys), key=str.lower)),
        }
    count = sum(len(s["actions"].split()) for s in services.values())
    meta = {
        "date": date,
        "actions": count,
        "services": len(services),
        "retired": RETIRED,
        "sources": {
            "botocore": botocore.__version__,
            "policyuniverse": getattr(policyuniverse, "__version__", "1.5.1.20231109"),
        },
    }
    passrole = {
        "source": "botocore sagemaker service model: operations whose request carries an IAM role for "
                  "SageMaker to assume; for these the Service Authorization Reference lists iam:PassRole "
                  "as a dependent action (the catalogue counts 37 in its snapshot)",
        "botocore": botocore.__version__,
        "date": date,
        "actions": passrole_operations(session),
    }
    return {**meta, "services": services}, meta, passrole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", default=dt.date.today().isoformat(), help="snapshot date (default: today)")
    args = parser.parse_args()
    actions, meta, passrole = build(args.date)
    (DATA / "actions.json").write_text(json.dumps(actions, separators=(",", ":")) + "\n")
    (DATA / "snapshot.json").write_text(json.dumps(meta, indent=1) + "\n")
    (DATA / "sagemaker_passrole.json").write_text(json.dumps(passrole, indent=1) + "\n")
    print(f"{meta['actions']} actions in {meta['services']} services, dated {meta['date']} "
          f"(botocore {meta['sources']['botocore']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
