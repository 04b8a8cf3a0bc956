"""Secrets of a Terraform root module, for masking in findings and errors.

Provider blocks are not resources, so their credentials never reach a rule, but the
values behind them (a variable, a tfvars entry, ``TF_VAR_``) can: the same variable
may feed a resource argument that a message quotes. So the values of provider
credentials, of variables declared ``sensitive``, and of variables whose names say
they are secrets are all masked.
"""

from __future__ import annotations

from mlsec.sources.secrets import PROVIDER_CREDENTIALS, is_secret_name, strings_in

from .values import EvalError, Unresolved


def module_secrets(root, given: dict) -> set[str]:
    """Secret values of the root module instance ``root`` given ``given`` variable values."""
    out: set[str] = set()
    for name, supplied in given.items():
        if is_secret_name(name):
            strings_in(supplied.value, out)
    for name, block in root.files.variables.items():
        attrs = block.attributes()
        sensitive = "sensitive" in attrs and root.ev.value(attrs["sensitive"][0], {}) is True
        if sensitive or is_secret_name(name):
            strings_in(_value(lambda: root.var(name)), out)
    for block in root.files.providers:
        attrs = block.attributes()
        for name in PROVIDER_CREDENTIALS:
            if name in attrs:
                strings_in(root.ev.value(attrs[name][0], {}), out)
    return out


def _value(compute):
    try:
        return compute()
    except (EvalError, Unresolved):
        return None
