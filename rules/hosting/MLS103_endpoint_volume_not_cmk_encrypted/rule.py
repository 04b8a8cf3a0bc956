r"""
## What it does
Flags endpoint configurations whose instance variants store data on ML volumes that are
not encrypted with a customer-managed KMS key (`KmsKeyId` absent or AWS-managed). It also
flags a key set on a configuration with an instance-store (NVMe) variant: SageMaker rejects
that request. Configurations whose variants are all serverless or all instance-store
types are not applicable: their storage is not an EBS volume you can key, and
instance-store volumes are hardware-encrypted.

## Why it matters
The ML storage volume holds the model artefacts and anything the container writes. With
an AWS-managed key you cannot restrict or revoke decryption through the key policy or
audit its use separately.

## Remediation
Set `KmsKeyId` to a customer-managed key on configurations with EBS-backed instance
types; leave it unset where a variant uses an instance-store type.

### CloudFormation
```yaml
EndpointConfig:
  Type: AWS::SageMaker::EndpointConfig
  Properties:
    KmsKeyId: !Ref HostingKey
    ProductionVariants:
      - VariantName: AllTraffic
        ModelName: !GetAtt Model.ModelName
        InstanceType: ml.m5.xlarge
        InitialInstanceCount: 2
```

### Terraform
```hcl
resource "aws_sagemaker_endpoint_configuration" "config" {
  kms_key_arn = aws_kms_key.hosting.arn
  production_variants {
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.model.name
    instance_type          = "ml.m5.xlarge"
    initial_instance_count = 2
  }
}
```

### AWS CLI
```sh
aws sagemaker create-endpoint-config --endpoint-config-name scoring-v2 --kms-key-id KEY_ARN \
  --production-variants VariantName=AllTraffic,ModelName=scoring,InstanceType=ml.m5.xlarge,InitialInstanceCount=2
```

## References
- Amazon SageMaker AI API reference: "CreateEndpointConfig" (KmsKeyId)
- Amazon SageMaker AI developer guide: "Protect Data at Rest Using Encryption"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.instances import has_instance_store
from mlsec.model.kinds.sagemaker import EndpointConfig
from mlsec.model.kms import cmk_verdict
from mlsec.model.verdict import failed, not_applicable, unknown


@rule(id="MLS103", name="endpoint-volume-not-cmk-encrypted", control="endpoint-kms", severity="medium")
def check(config: EndpointConfig, graph: Graph):
    if config.production_variants.is_unknown or config.production_variants.state.value == "branched":
        return unknown(f"the production variants cannot be resolved: {config.production_variants.reason}")
    instance_types = []
    for variant in config.variants():
        serverless = variant.is_serverless
        if serverless is None:
            return unknown(f"cannot tell whether variant {variant.variant_name.describe()} is serverless: "
                           f"{variant.serverless_config.reason}")
        if serverless:
            continue
        if not variant.instance_type.is_set:
            reason = variant.instance_type.reason or "not set"
            return unknown(f"the instance type of variant {variant.variant_name.describe()} is unknown: {reason}")
        instance_types.append(variant.instance_type.value)
    if not instance_types:
        return not_applicable("every variant is serverless: there is no ML storage volume to key")
    nvme = [t for t in instance_types if isinstance(t, str) and has_instance_store(t)]
    if nvme and config.kms_key_id.is_set:
        return failed(f"{config.kms_key_id.path} is set but {', '.join(nvme)} uses instance-store (NVMe) volumes: "
                      "SageMaker rejects a volume key for these types", reason="kms-on-instance-store",
                      line=config.kms_key_id.line)
    if len(nvme) == len(instance_types):
        return not_applicable(f"every instance variant uses an instance-store type ({', '.join(nvme)}), whose "
                              "volumes are hardware-encrypted and cannot take a KMS key")
    return cmk_verdict(config, config.kms_key_id, graph, "the endpoint's ML storage volume")
