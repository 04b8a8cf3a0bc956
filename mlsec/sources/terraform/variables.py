"""Values of root module variables, from everywhere Terraform takes them.

Precedence, lowest first (a later source overrides an earlier one):
``TF_VAR_name`` environment variables, ``terraform.tfvars``, ``terraform.tfvars.json``,
``*.auto.tfvars`` / ``*.auto.tfvars.json`` in lexical order of file name, then the
``--var-file`` files in order, then ``--var`` values. Declared defaults apply only
when none of these sets the variable.
"""

from __future__ import annotations

import json
import os

from mlsec.sources.base import ScanError, SourceOptions

from .parser import parse_file, parse_source, read_source
from .values import EvalError, Unresolved, from_json


class GivenValue:
    """A variable value set from outside the configuration.

    ``raw`` marks text from the command line or environment: Terraform reads such text
    as an HCL expression when the variable's type is a collection or object.
    """

    __slots__ = ("value", "raw")

    def __init__(self, value, raw: bool = False):
        self.value = value
        self.raw = raw


_LITERAL_EVALUATOR = None


def literal_evaluator():
    global _LITERAL_EVALUATOR
    if _LITERAL_EVALUATOR is None:
        from .expressions import Evaluator, NoNames

        _LITERAL_EVALUATOR = Evaluator(NoNames("variable values cannot refer to other objects"))
    return _LITERAL_EVALUATOR


def parse_hcl_value(text: str):
    """Evaluate text written on the command line as an HCL expression."""
    parsed = parse_source("<value>", f"v = {text}\n".encode())
    if isinstance(parsed, ScanError):
        raise EvalError(f"{text!r} is not a valid HCL value")
    for entry in parsed.entries():
        if entry[0] == "attr":
            try:
                return literal_evaluator().eval(entry[2], {})
            except Unresolved as exc:
                return exc.unknown
    raise EvalError(f"{text!r} is not a valid HCL value")


def root_values(directory: str, names: list[str], options: SourceOptions, errors: list, files: list,
                environ=None) -> dict[str, GivenValue]:
    """name -> GivenValue for the root module in ``directory`` holding the files ``names``."""
    environ = os.environ if environ is None else environ
    values: dict[str, GivenValue] = {}
    for key in environ:
        if key.startswith("TF_VAR_") and len(key) > 7:
            values[key[7:]] = GivenValue(environ[key], raw=True)
    present = set(names)
    automatic = [n for n in ("terraform.tfvars", "terraform.tfvars.json") if n in present]
    automatic += [n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json"))]
    paths = [os.path.join(directory, n) for n in automatic] + list(options.tf_var_files)
    for path in paths:
        loaded = load_var_file(path, options.max_file_bytes, errors)
        if loaded is not None:
            files.append(path)
            values.update(loaded)
    for key, text in options.tf_vars.items():
        if isinstance(text, str):
            values[key] = GivenValue(text, raw=True)
        else:
            values[key] = GivenValue(from_json(text))
    return values


def load_var_file(path: str, max_bytes: int, errors: list) -> dict[str, GivenValue] | None:
    """The assignments of a .tfvars (HCL) or .tfvars.json file; problems go to ``errors``."""
    if path.endswith(".json"):
        data = read_source(path, max_bytes)
        if isinstance(data, ScanError):
            errors.append(data)
            return None
        try:
            doc = json.loads(data)
        except ValueError as exc:
            errors.append(ScanError(path, f"invalid JSON: {exc}", "parse"))
            return None
        except RecursionError:
            errors.append(ScanError(path, "the JSON nests too deeply to read", "limit"))
            return None
        if not isinstance(doc, dict):
            errors.append(ScanError(path, "a variables file must hold a JSON object", "parse"))
            return None
        return {k: GivenValue(from_json(v)) for k, v in doc.items()}
    parsed = parse_file(path, max_bytes)
    if isinstance(parsed, ScanError):
        errors.append(parsed)
        return None
    out = {}
    ev = literal_evaluator()
    for entry in parsed.entries():
        if entry[0] != "attr":
            continue
        _, name, node, line = entry
        try:
            out[name] = GivenValue(ev.eval(node, {}))
        except Unresolved as exc:
            out[name] = GivenValue(exc.unknown)
        except EvalError as exc:
            errors.append(ScanError(path, f"{name}: {exc}", "parse", line))
        except RecursionError:
            errors.append(ScanError(path, f"{name}: the value nests too deeply to evaluate", "limit", line))
    return out
