"""The checks the 2xx rules share: which document's settings apply (a schedule that names
a monitoring job definition runs that definition), the instance types and count of a job,
the volume-key verdict with its instance-store exception, and inter-container encryption
with its single-instance exception."""

from __future__ import annotations

from typing import Any

from mlsec.model.base import Resource
from mlsec.model.graph import Graph
from mlsec.model.instances import has_instance_store
from mlsec.model.kinds.jobs import MonitoringJobDefinition, MonitoringSchedule, ProcessingWork
from mlsec.model.kms import cmk_verdict
from mlsec.model.props import RefStr
from mlsec.model.values import State, Value
from mlsec.model.verdict import Verdict, failed, not_applicable, unknown


def effective(job: Resource, graph: Graph) -> tuple[Resource, str] | Verdict:
    """(the document whose settings apply, a message prefix), or an UNKNOWN verdict when a
    schedule names a job definition that cannot be found."""
    name = job.definition_name() if isinstance(job, ProcessingWork) else None
    if name is None:
        return job, ""
    if not name.is_set:
        return unknown(f"the schedule's {name.path} cannot be resolved: {name.describe()}", line=name.line)
    found = graph.follow(job, name, MonitoringJobDefinition)
    if not found.found:
        return unknown(f"the schedule runs job definition {name.describe()}, which cannot be evaluated: "
                       f"{found.reason}", reason="definition-not-scanned", line=name.line)
    return found.resource, f"through job definition {found.resource.id}: "  # type: ignore[return-value]


def with_prefix(verdict: Verdict, prefix: str) -> Verdict:
    if prefix:
        verdict.message = prefix + verdict.message
    return verdict


def instance_types(doc: Resource) -> tuple[list[str], str | None]:
    """The job's instance types, or why they cannot be told."""
    groups = getattr(doc, "instance_groups", None)
    if isinstance(groups, Value) and (groups.is_set or groups.is_unknown):
        if not groups.is_set:
            return [], f"{groups.path} is {groups.describe()}"
        types = [_field(g, "InstanceType") for g in groups.value]
        if all(_literal(t) for t in types):
            return types, None
        return [], f"an instance type in {groups.path} cannot be resolved"
    value = doc.instance_type
    if value.state is State.EXPLICIT and _literal(value.value):
        return [value.value], None
    return [], f"{value.path} is {value.describe()}"


def instance_count(doc: Resource) -> tuple[int | None, str | None]:
    """The job's total instance count, or why it cannot be told."""
    groups = getattr(doc, "instance_groups", None)
    if isinstance(groups, Value) and groups.is_set:
        counts = [_field(g, "InstanceCount") for g in groups.value]
        if all(isinstance(c, int) and not isinstance(c, bool) for c in counts):
            return sum(counts), None
        return None, f"an instance count in {groups.path} cannot be resolved"
    value = doc.instance_count
    if value.state is State.EXPLICIT and isinstance(value.value, int):
        return value.value, None
    return None, f"{value.path} is {value.describe()}"


def volume_key_verdict(owner: Resource, doc: Resource, graph: Graph, what: str) -> Verdict:
    """CATALOGUE MLS201/211/221: a CMK on EBS-backed types; no key at all on instance-store
    (NVMe) types, which SageMaker rejects and whose storage is hardware-encrypted."""
    types, problem = instance_types(doc)
    if problem:
        return unknown(f"cannot tell whether {what} is an EBS volume: {problem}", reason="instance-type-unresolved")
    nvme = [t for t in types if has_instance_store(t)]

    def decide(key: Value) -> Verdict:
        if nvme and key.is_set:
            return failed(f"{key.path} is set but {', '.join(nvme)} uses instance-store (NVMe) storage: SageMaker "
                          "rejects a volume key for these types", reason="kms-on-instance-store", line=key.line)
        if nvme and len(nvme) == len(types):
            return not_applicable(f"{', '.join(nvme)} uses instance-store (NVMe) storage, which is hardware-encrypted "
                                  "and takes no KMS key", line=key.line)
        return cmk_verdict(owner, key, graph, what)

    return doc.volume_kms_key_id.judge(decide)


def flag_verdict(value: Value, fail: str, ok: str) -> Verdict:
    return value.fail_if(lambda v: v is not True, "{path} is {value}: " + fail, "{path} is {value}: " + ok)


def inter_container_verdict(doc: Resource) -> Verdict:
    """MLS205/214: off fails, except where the job runs on one instance. Monitoring
    definitions and schedules are judged whatever their count (as Security Hub does),
    model bias definitions only from two instances (SageMaker.15)."""
    flag = doc.inter_container_encryption
    any_count = isinstance(doc, (MonitoringJobDefinition, MonitoringSchedule)) and not getattr(doc, "bias_rules", False)
    if not any_count:
        count, problem = instance_count(doc)
        if count == 1:
            return not_applicable("the job runs on one instance: there is no traffic between instances")
        if count is None and not (flag.is_set and flag.value is True):
            return unknown(f"cannot tell whether the job runs on several instances: {problem}",
                           reason="count-unresolved")
    return flag_verdict(flag, "traffic between the job's instances is not encrypted",
                        "traffic between the job's instances is encrypted")


def _field(item: Any, name: str) -> Any:
    if isinstance(item, dict):
        return item.get(name)
    return None


def _literal(value: Any) -> bool:
    return isinstance(value, str) and not (isinstance(value, RefStr) and value.refs)


