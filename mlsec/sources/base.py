"""What every source produces: raw resources plus per-file errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlsec.model.props import Props, Unknown


MAX_FILE_BYTES = 10 * 1024 * 1024  # default size limit per input file (--max-file-size)


@dataclass(slots=True)
class RawResource:
    """One resource as a source found it, before mapping to a model class.

    ``type`` is the native type name (``AWS::SageMaker::NotebookInstance``,
    ``aws_sagemaker_notebook_instance``, or the CloudFormation name for live
    resources). ``id`` is the CloudFormation logical id, the Terraform address
    (``module.m.aws_x.y["k"]``) or the ARN. ``unit`` names the template, module or
    account/region the resource belongs to: cross-resource rules look only inside
    one unit. ``condition`` is None when the resource certainly exists, or an
    ``Unknown`` when its existence hangs on an unresolved condition / count.
    """

    source: str  # "cloudformation" | "terraform" | "terraform-plan" | "aws"
    type: str
    id: str
    props: Props
    unit: str
    file: str | None = None
    line: int | None = None
    condition: Unknown | None = None
    region: str | None = None
    account: str | None = None
    arn: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ScanError:
    """A problem with one input (or one API call) that did not stop the scan."""

    file: str | None
    message: str
    kind: str = "parse"  # parse | read | unsupported | limit | api | usage
    line: int | None = None
    target: str | None = None  # "service/region" for live scans

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"file": self.file, "message": self.message, "kind": self.kind}
        if self.line is not None:
            d["line"] = self.line
        if self.target is not None:
            d["target"] = self.target
        return d


@dataclass(slots=True)
class SourceResult:
    """The resources and errors a source produced for one input."""

    resources: list[RawResource] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files actually scanned
    # Values no output may show (credentials, sensitive variables, NoEcho parameters):
    # see mlsec/sources/secrets.py. Rules see them; findings and errors get them masked.
    secrets: set[str] = field(default_factory=set)

    def extend(self, other: "SourceResult") -> None:
        self.resources.extend(other.resources)
        self.errors.extend(other.errors)
        self.files.extend(other.files)
        self.secrets |= other.secrets


@dataclass(slots=True)
class SourceOptions:
    """User-supplied inputs that sources use to resolve values."""

    cfn_parameters: dict[str, Any] = field(default_factory=dict)  # --param, parameter files
    cfn_parameter_files: list[str] = field(default_factory=list)
    tf_vars: dict[str, Any] = field(default_factory=dict)  # --var
    tf_var_files: list[str] = field(default_factory=list)  # --var-file
    max_file_bytes: int = MAX_FILE_BYTES
    region: str | None = None  # value of AWS::Region / the TF provider region, when given
    account_id: str | None = None  # value of AWS::AccountId, when given
