r"""
## What it does
Flags endpoint configurations that do not capture inference requests and responses: no
`DataCaptureConfig`, a block without `DestinationS3Uri`, or `EnableCapture` false. Inside
a capture block the API turns capture on when `EnableCapture` is absent, but the
Terraform provider sends `false`, so a Terraform block without `enable_capture = true`
captures nothing. Configurations whose variants are all serverless are not applicable:
serverless endpoints do not support data capture. A live scan also reads what the
endpoints deploying the configuration report (`DescribeEndpoint`
`DataCaptureConfig.CaptureStatus`): capture that is configured but `Stopped` on an
endpoint fails.

## Why it matters
Captured traffic is the evidence for what a model was asked and what it answered: it is
what incident response, abuse investigations (prompt injection, model extraction,
scraping) and Model Monitor's drift and quality checks work from. Without it there is no
record of inference traffic at all.

## Remediation
Add a capture block with a destination, capture of both input and output, and (in
Terraform) `enable_capture = true`. Capture settings take effect when the endpoint is
updated to the new configuration.

### CloudFormation
```yaml
EndpointConfig:
  Type: AWS::SageMaker::EndpointConfig
  Properties:
    ProductionVariants:
      - VariantName: AllTraffic
        ModelName: !GetAtt Model.ModelName
        InstanceType: ml.m5.xlarge
        InitialInstanceCount: 2
    DataCaptureConfig:
      EnableCapture: true
      InitialSamplingPercentage: 20
      DestinationS3Uri: !Sub s3://${CaptureBucket}/capture
      KmsKeyId: !Ref CaptureKey
      CaptureOptions:
        - CaptureMode: Input
        - CaptureMode: Output
```

### Terraform
```hcl
resource "aws_sagemaker_endpoint_configuration" "config" {
  production_variants {
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.model.name
    instance_type          = "ml.m5.xlarge"
    initial_instance_count = 2
  }
  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/capture"
    kms_key_id                  = aws_kms_key.capture.arn
    capture_options { capture_mode = "Input" }
    capture_options { capture_mode = "Output" }
  }
}
```

### AWS CLI
```sh
aws sagemaker create-endpoint-config --endpoint-config-name scoring-v4 \
  --production-variants VariantName=AllTraffic,ModelName=scoring,InstanceType=ml.m5.xlarge,InitialInstanceCount=2 \
  --data-capture-config file://dc.json
aws sagemaker update-endpoint --endpoint-name scoring --endpoint-config-name scoring-v4
```

## References
- Amazon SageMaker AI developer guide: "Data capture"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.hosting import data_capture_verdict, serverless_only
from mlsec.model.kinds.sagemaker import Endpoint, EndpointConfig
from mlsec.model.verdict import Status, Verdict, failed, not_applicable, unknown


@rule(id="MLS107", name="endpoint-data-capture-disabled", control="endpoint-data-capture", severity="low")
def check(config: EndpointConfig, graph: Graph):
    serverless = serverless_only(config)
    if serverless:
        return not_applicable("every variant is serverless: serverless endpoints do not support data capture")
    verdict = data_capture_verdict(config)
    if serverless is None and verdict.status is Status.FAIL:
        return unknown(f"{verdict.message}, but the production variants cannot be resolved, so the configuration "
                       "may be serverless-only (no capture possible)", reason="variants-unresolved", line=verdict.line)
    if verdict.status is Status.PASS and config.source == "aws":
        return _stopped_on_endpoint(config, graph) or verdict
    return verdict


def _stopped_on_endpoint(config: EndpointConfig, graph: Graph) -> Verdict | None:
    """Live: capture is configured, but an endpoint deploying the configuration reports it
    Stopped (DescribeEndpoint says whether capture currently works)."""
    stopped = [e.id for e in graph.referrers(config, Endpoint, "endpoint_config_name")
               if e.capture_status.is_set and e.capture_status.value == "Stopped"]
    if not stopped:
        return None
    return failed(f"capture is configured, but DataCaptureConfig.CaptureStatus is Stopped on {', '.join(stopped)}: "
                  "requests and responses are not being captured", reason="capture-stopped",
                  evidence={"endpoints": stopped})
