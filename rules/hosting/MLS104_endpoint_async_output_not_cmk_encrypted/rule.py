r"""
## What it does
Flags endpoint configurations for asynchronous inference whose results are written to
S3 without a customer-managed KMS key (`AsyncInferenceConfig.OutputConfig.KmsKeyId`
absent or AWS-managed). Configurations without an asynchronous inference block are not
applicable.

## Why it matters
Asynchronous endpoints write every inference result (and failure payload) as an S3
object. Without a key of your own these objects are protected only by the bucket's
default encryption: access to the bucket is access to every prediction, and you cannot
revoke or audit decryption separately.

## Remediation
Set `KmsKeyId` in the asynchronous output configuration to a customer-managed key.

### CloudFormation
```yaml
AsyncInferenceConfig:
  OutputConfig:
    S3OutputPath: !Sub s3://${ResultsBucket}/async
    KmsKeyId: !GetAtt ResultsKey.Arn
```

### Terraform
```hcl
async_inference_config {
  output_config {
    s3_output_path = "s3://${aws_s3_bucket.results.bucket}/async"
    kms_key_id     = aws_kms_key.results.arn
  }
}
```

### AWS CLI
```sh
aws sagemaker create-endpoint-config --endpoint-config-name scoring-async-v2 \
  --production-variants VariantName=AllTraffic,ModelName=scoring,InstanceType=ml.m5.xlarge,InitialInstanceCount=2 \
  --async-inference-config '{"OutputConfig":{"S3OutputPath":"s3://results-bucket/async","KmsKeyId":"KEY_ARN"}}'
```

## References
- Amazon SageMaker AI developer guide: "Asynchronous inference"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.sagemaker import EndpointConfig
from mlsec.model.kms import cmk_verdict
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, not_applicable


@rule(id="MLS104", name="endpoint-async-output-not-cmk-encrypted", control="endpoint-kms", severity="medium")
def check(config: EndpointConfig, graph: Graph):
    def decide(block: Value) -> Verdict:
        if not block.is_set:
            return not_applicable("the configuration has no asynchronous inference block", line=block.line)
        return cmk_verdict(config, config.async_output_kms_key_id, graph, "asynchronous inference output")

    return config.async_inference.judge(decide)
