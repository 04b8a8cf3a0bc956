"""Step Functions state machines: carriers of SageMaker job documents."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


class StateMachine(Resource):
    """Its ``arn:aws:states:::sagemaker:create*Job`` tasks become job documents of their
    own (``mlsec.model.jobs``). A definition kept in S3 (``DefinitionS3Location``,
    ``DefinitionUri``) is not read."""

    kind = "AWS::StepFunctions::StateMachine"
    native_types = {"cloudformation": (kind, "AWS::Serverless::StateMachine"), "terraform": ("aws_sfn_state_machine",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn=("StateMachineName", "Name"), tf="name", kind="str")]
    definition: Annotated[Value, Attr(cfn=("Definition", "DefinitionString"), tf="definition",
                                      doc="An ASL object, or ASL JSON text.")]
    substitutions: Annotated[Value, Attr(cfn="DefinitionSubstitutions", kind="dict",
                                         doc="Values for ${name} placeholders in the definition.")]

    def carried(self) -> list[Resource]:
        from mlsec.model.jobs import state_machine_jobs

        return state_machine_jobs(self)
