r"""
## What it does
Flags endpoint configurations that capture inference traffic to S3 without a
customer-managed KMS key for the captured data (`DataCaptureConfig.KmsKeyId` absent or
AWS-managed). Configurations that capture nothing, including a capture block without a
destination, and serverless-only configurations are not applicable (MLS107 covers them).

## Why it matters
Captured requests and responses are production inference data: customer records,
prompts, scores. Without a key of your own they are protected only by the bucket's
default encryption, so anyone who can read the bucket can read the traffic, and you
cannot revoke decryption or audit it apart from other S3 use.

## Remediation
Set `KmsKeyId` in the capture block to a customer-managed key whose policy allows the
endpoint's execution role to use it.

### CloudFormation
```yaml
DataCaptureConfig:
  EnableCapture: true
  InitialSamplingPercentage: 20
  DestinationS3Uri: !Sub s3://${CaptureBucket}/capture
  KmsKeyId: !GetAtt CaptureKey.Arn
  CaptureOptions:
    - CaptureMode: Input
    - CaptureMode: Output
```

### Terraform
```hcl
data_capture_config {
  enable_capture              = true
  initial_sampling_percentage = 20
  destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/capture"
  kms_key_id                  = aws_kms_key.capture.arn
  capture_options { capture_mode = "Input" }
  capture_options { capture_mode = "Output" }
}
```

### AWS CLI
```sh
# dc.json: {"EnableCapture": true, "InitialSamplingPercentage": 20, "DestinationS3Uri": "s3://capture-bucket/capture",
#           "KmsKeyId": "KEY_ARN", "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]}
aws sagemaker create-endpoint-config --endpoint-config-name scoring-v5 \
  --production-variants VariantName=AllTraffic,ModelName=scoring,InstanceType=ml.m5.xlarge,InitialInstanceCount=2 \
  --data-capture-config file://dc.json
```

## References
- Amazon SageMaker AI developer guide: "Data capture"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.hosting import capture_gate
from mlsec.model.kinds.sagemaker import EndpointConfig
from mlsec.model.kms import cmk_verdict


@rule(id="MLS108", name="endpoint-data-capture-not-cmk-encrypted", control="data-capture-kms", severity="medium")
def check(config: EndpointConfig, graph: Graph):
    gate = capture_gate(config)
    if gate is not None:
        return gate
    return cmk_verdict(config, config.data_capture_kms_key_id, graph, "captured inference data")
