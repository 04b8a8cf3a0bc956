"""Template parameters, parameter files and pseudo parameters.

CloudFormation hands every parameter to the template as a string (Number included), or
as a list of strings for ``CommaDelimitedList`` / ``List<...>``; values here follow that.
Supplied values come from parameter files and then ``--param`` (the command line wins);
values for parameters the template does not declare are ignored, as CloudFormation's
console and CodePipeline do with shared parameter files.
"""

from __future__ import annotations

import json
import os
from typing import Any

from mlsec.model.props import NO_VALUE, Items, Ref, RefStr, Unknown
from mlsec.sources.base import ScanError


class ParameterUnknown(Unknown):
    """An unresolved parameter; remembers which one, so conditions can name it."""

    __slots__ = ("parameter", "why")

    def __init__(self, reason: str, expr: str, parameter: str, why: str):
        super().__init__(reason, expr)
        self.parameter = parameter
        self.why = why


# ---------------------------------------------------------------------------------------
# Parameter files

_file_cache: dict[tuple[str, int, int], tuple[dict[str, str], list[ScanError]]] = {}


def load_parameter_files(paths: list[str]) -> tuple[dict[str, str], list[ScanError]]:
    """Merge parameter files (later files win) into name -> value.

    Both common shapes are read: the AWS CLI's ``[{"ParameterKey": .., "ParameterValue":
    ..}]`` and CodePipeline's ``{"Parameters": {name: value}}``. Results are cached by
    path, size and modification time, since every template of a scan asks again.
    """
    values: dict[str, str] = {}
    errors: list[ScanError] = []
    for path in paths:
        file_values, file_errors = _load_parameter_file(path)
        values.update(file_values)
        errors.extend(file_errors)
    return values, errors


def _load_parameter_file(path: str) -> tuple[dict[str, str], list[ScanError]]:
    try:
        stat = os.stat(path)
    except OSError as exc:
        return {}, [_file_error(path, f"cannot read the parameter file: {exc.strerror or exc}", "read")]
    key = (path, stat.st_mtime_ns, stat.st_size)
    cached = _file_cache.get(key)
    if cached is None:
        cached = _file_cache[key] = _parse_parameter_file(path)
    return cached


def _parse_parameter_file(path: str) -> tuple[dict[str, str], list[ScanError]]:
    try:
        with open(path, "rb") as handle:
            document = json.loads(handle.read())
    except OSError as exc:
        return {}, [_file_error(path, f"cannot read the parameter file: {exc.strerror or exc}", "read")]
    except (ValueError, RecursionError) as exc:
        return {}, [_file_error(path, f"the parameter file is not valid JSON: {exc}", "parse")]
    if isinstance(document, list):
        values = {}
        for entry in document:
            if not isinstance(entry, dict) or "ParameterKey" not in entry:
                return {}, [_file_error(path, _SHAPE_HELP, "parse")]
            if "ParameterValue" in entry:  # UsePreviousValue entries carry no value
                values[str(entry["ParameterKey"])] = cfn_text(entry["ParameterValue"])
        return values, []
    if isinstance(document, dict) and isinstance(document.get("Parameters"), dict):
        return {str(k): cfn_text(v) for k, v in document["Parameters"].items()}, []
    return {}, [_file_error(path, _SHAPE_HELP, "parse")]


_SHAPE_HELP = (
    "the parameter file has neither the AWS CLI shape "
    '[{"ParameterKey": "Name", "ParameterValue": "value"}] nor the CodePipeline shape '
    '{"Parameters": {"Name": "value"}}'
)


def _file_error(path: str, message: str, kind: str) -> ScanError:
    return ScanError(file=path, message=message, kind=kind)


def cfn_text(value: Any) -> str:
    """A literal as CloudFormation turns it into text (true -> "true", 2 -> "2")."""
    if value.__class__ is str:
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(cfn_text(v) for v in value)
    return str(value)


# ---------------------------------------------------------------------------------------
# Parameter values


def parameter_value(name: str, declared_type: str, default: Any, supplied: dict, line: int | None):
    """The value a Ref to parameter ``name`` yields."""
    expr = f"!Ref {name}"
    if name in supplied:
        text = cfn_text(supplied[name])
    elif declared_type.startswith("AWS::SSM::Parameter::Value<"):
        where = f" {default}" if isinstance(default, str) and default else ""
        return ParameterUnknown(
            f"parameter {name} is read from SSM parameter{where} at deploy time",
            expr,
            name,
            "resolved from SSM at deploy time",
        )
    elif default is not MISSING:
        if isinstance(default, Unknown):
            return default
        text = cfn_text(default)
    else:
        return ParameterUnknown(
            f"parameter {name} has no default and no value was supplied", expr, name, "no value"
        )
    if _is_list_type(declared_type):
        # CloudFormation trims the spaces around each member of a delimited list.
        return Items((part.strip() for part in text.split(",")) if text else (), line=line)
    return text


MISSING = object()  # a parameter without a Default


def supplied_value_problem(name: str, declared_type: str, supplied: Any, allowed: Any) -> str | None:
    """Why CloudFormation would refuse a value given for parameter ``name`` (None if it
    would not): not a number for ``Number`` types, or not one of ``AllowedValues``."""
    text = cfn_text(supplied)
    members = [part.strip() for part in text.split(",")] if _is_list_type(declared_type) else [text]
    if declared_type in ("Number", "List<Number>"):
        for member in members:
            try:
                float(member)
            except ValueError:
                return (f"the value given for parameter {name} ({member!r}) is not a number, as its Type "
                        f"{declared_type} requires")
    if isinstance(allowed, list) and allowed and all(not isinstance(a, (Unknown, list, dict)) for a in allowed):
        choices = [cfn_text(a) for a in allowed]
        for member in members:
            if member not in choices:
                return (f"the value given for parameter {name} ({member!r}) is not one of its AllowedValues "
                        f"({', '.join(choices)})")
    return None


def _is_list_type(declared_type: str) -> bool:
    return (
        declared_type == "CommaDelimitedList"
        or declared_type.startswith("List<")
        or declared_type.startswith("AWS::SSM::Parameter::Value<List<")
        or declared_type == "AWS::SSM::Parameter::Value<CommaDelimitedList>"
    )


# ---------------------------------------------------------------------------------------
# Pseudo parameters


def _deploy_time(name: str) -> RefStr:
    return RefStr("${%s}" % name, (Ref(name, None, name),))


def pseudo_parameters(region: str | None, account_id: str | None) -> dict[str, Any]:
    """Values of the ``AWS::`` pseudo parameters. Region and account are symbolic
    unless given, so ``${AWS::Region}`` survives in strings rather than a guess."""
    if region and region.startswith("cn-"):
        partition, suffix = "aws-cn", "amazonaws.com.cn"
    elif region and region.startswith("us-gov-"):
        partition, suffix = "aws-us-gov", "amazonaws.com"
    else:
        partition, suffix = "aws", "amazonaws.com"
    return {
        "AWS::Region": region or _deploy_time("AWS::Region"),
        "AWS::AccountId": account_id or _deploy_time("AWS::AccountId"),
        "AWS::StackName": _deploy_time("AWS::StackName"),
        "AWS::StackId": _deploy_time("AWS::StackId"),
        "AWS::Partition": partition,
        "AWS::URLSuffix": suffix,
        "AWS::NoValue": NO_VALUE,
        "AWS::NotificationARNs": Unknown(
            "AWS::NotificationARNs lists the stack's notification topics, known only at deploy time",
            "!Ref AWS::NotificationARNs",
        ),
    }
