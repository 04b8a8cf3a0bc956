"""CloudFormation source: templates (YAML or JSON, SAM, CDK output) -> raw resources.

``load_template`` is the entry point; ``load_parameter_files`` lets a caller check
parameter files once, up front, before scanning many templates with them.
"""

from mlsec.sources.cloudformation.parameters import load_parameter_files
from mlsec.sources.cloudformation.template import load_template

__all__ = ["load_template", "load_parameter_files"]
