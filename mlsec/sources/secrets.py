"""Which input values are secrets that no report, message or log may repeat.

Sources read values that must never be echoed: credentials in Terraform provider
blocks, variables declared ``sensitive``, CloudFormation parameters marked ``NoEcho``,
values whose names say they are passwords or keys, and the AWS credentials of the
environment. Sources collect such values into ``SourceResult.secrets``; the engine
masks them in findings and errors (``mlsec/engine/redact.py``). Rules still see the
real values, so verdicts do not change.
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterable

from mlsec.model.props import Branches

MIN_SECRET_LENGTH = 6  # shorter values ("true", "3600") would mask ordinary words in messages
# Credentials of the standard AWS chain; AWS_SECURITY_TOKEN is the older name of the session token.
CREDENTIAL_VARIABLES = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
PROVIDER_CREDENTIALS = ("access_key", "secret_key", "token")

# Whole words of a name (snake_case, kebab-case or CamelCase) that mark a secret.
_SECRET_WORDS = re.compile(
    r"(?:^|_)(?:secret|secrets|password|passwd|passphrase|token|credential|credentials|private_key|secret_key"
    r"|access_key|api_key|apikey|auth_key|session_token)(?:_|$)"
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def is_secret_name(name: str) -> bool:
    """True for names such as ``db_password``, ``DbPassword``, ``aws-secret-access-key``."""
    words = _CAMEL.sub("_", name).replace("-", "_").lower()
    return _SECRET_WORDS.search(words) is not None


def strings_in(value: Any, out: set[str], limit: int = 10_000) -> set[str]:
    """Add the text values inside ``value`` (nested lists and mappings included) to ``out``.

    Only plain strings long enough to be worth masking count; the walk is iterative and
    stops after ``limit`` items, so a hostile value cannot make it expensive.
    """
    stack = [value]
    seen = 0
    while stack and seen < limit:
        item = stack.pop()
        seen += 1
        if isinstance(item, str):
            if len(item) >= MIN_SECRET_LENGTH and type(item) is str:
                out.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, Branches):
            stack.extend(value for _, value in item.options)
    return out


def environment_secrets(environ: dict[str, str] | None = None) -> set[str]:
    """AWS credentials of the environment, and ``TF_VAR_`` values with secret names."""
    environ = os.environ if environ is None else environ
    out: set[str] = set()
    for name in CREDENTIAL_VARIABLES:
        strings_in(environ.get(name), out)
    for name, value in environ.items():
        if name.startswith("TF_VAR_") and is_secret_name(name[7:]):
            strings_in(value, out)
    return out


def plan_secrets(doc: dict) -> set[str]:
    """Secrets in a plan JSON: sensitive or secret-named variables, provider credentials,
    and resource values the plan marks sensitive (``sensitive_values``, ``after_sensitive``)."""
    out: set[str] = set()
    config = _dict(doc.get("configuration"))
    declared = _dict(_dict(config.get("root_module")).get("variables"))
    for name, entry in _dict(doc.get("variables")).items():
        if is_secret_name(name) or _dict(declared.get(name)).get("sensitive") is True:
            strings_in(_dict(entry).get("value"), out)
    for provider in _dict(config.get("provider_config")).values():
        expressions = _dict(_dict(provider).get("expressions"))
        for name in PROVIDER_CREDENTIALS:
            strings_in(_dict(expressions.get(name)).get("constant_value"), out)
    modules = [_dict(_dict(doc.get("planned_values")).get("root_module"))]
    for _ in range(10_000):  # modules visited at most; plans are far smaller
        if not modules:
            break
        module = modules.pop()
        for resource in _list(module.get("resources")):
            resource = _dict(resource)
            _marked(resource.get("values"), resource.get("sensitive_values"), out)
        modules.extend(_dict(child) for child in _list(module.get("child_modules")))
    for change in _list(doc.get("resource_changes")):
        change = _dict(_dict(change).get("change"))
        for values, marks in ((change.get("after"), change.get("after_sensitive")),
                              (change.get("before"), change.get("before_sensitive"))):
            _marked(values, marks, out)
    return out


def _marked(values: Any, marks: Any, out: set[str]) -> None:
    """Strings of ``values`` where the parallel ``marks`` structure says ``true``."""
    stack = [(values, marks)]
    budget = 100_000
    while stack and budget:
        budget -= 1
        value, mark = stack.pop()
        if mark is True:
            strings_in(value, out)
        elif isinstance(mark, dict) and isinstance(value, dict):
            stack.extend((value.get(k), m) for k, m in mark.items())
        elif isinstance(mark, list) and isinstance(value, list):
            stack.extend(zip(value, mark))


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> Iterable:
    return value if isinstance(value, list) else ()
