r"""
## What it does
Flags SageMaker models that do not enable network isolation (`EnableNetworkIsolation`
absent or false; AWS defaults to false). Batch transform jobs inherit the setting from
their model, so this rule covers them too.

## Why it matters
Without isolation the inference container can make outbound network calls, so a
tampered model artefact or a dependency pulled at start-up can send inference inputs
elsewhere or fetch code. With isolation the container has no network access at all;
SageMaker still moves model artefacts and data for it.

## Remediation
Set `EnableNetworkIsolation` to true (the container must not need the network at
run time). Models are immutable: create a new model and endpoint configuration, then
update the endpoint.

### CloudFormation
```yaml
Model:
  Type: AWS::SageMaker::Model
  Properties:
    ExecutionRoleArn: !GetAtt ModelRole.Arn
    EnableNetworkIsolation: true
    PrimaryContainer:
      Image: IMAGE_URI
```

### Terraform
```hcl
resource "aws_sagemaker_model" "model" {
  execution_role_arn       = aws_iam_role.model.arn
  enable_network_isolation = true
  primary_container {
    image = "IMAGE_URI"
  }
}
```

### AWS CLI
```sh
aws sagemaker create-model --model-name scoring-v2 --execution-role-arn ROLE_ARN \
  --primary-container Image=IMAGE_URI --enable-network-isolation
```

## References
- Amazon SageMaker AI developer guide: "Run Training and Inference Containers in Internet-Free Mode"
- AWS Security Hub: SageMaker.5
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.sagemaker import Model
from mlsec.model.relations import serverless_only
from mlsec.model.verdict import not_applicable


@rule(id="MLS102", name="model-network-isolation-disabled", control="model-network-isolation", severity="medium")
def check(model: Model, graph: Graph):
    if serverless_only(graph, model):
        return not_applicable("the model is used only by serverless variants, which do not support network isolation")
    return model.enable_network_isolation.fail_if(
        lambda v: v is not True,
        "{path} is {value}: the inference container can reach the network",
        "{path} is {value}",
    )
