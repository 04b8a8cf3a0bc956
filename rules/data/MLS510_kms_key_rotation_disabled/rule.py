r"""
## What it does
Flags customer-managed symmetric KMS keys without automatic rotation
(`EnableKeyRotation` absent or false; KMS defaults to off). Keys for which KMS cannot
rotate the material are not applicable: asymmetric and HMAC key specs (anything but
`SYMMETRIC_DEFAULT`), imported material (`Origin: EXTERNAL`, `aws_kms_external_key`),
keys in a CloudHSM or external key store, AWS-managed keys, and keys pending deletion.

## Why it matters
The keys that encrypt notebook volumes, training output, model artefacts and captured
inference data protect that data for as long as it is kept. Automatic rotation limits how
much data any one version of the key material protects, with no re-encryption and no
change for the callers, which keep using the same key id.

## Remediation
Turn on automatic rotation (yearly by default; `RotationPeriodInDays` sets 90–2560 days).

### CloudFormation
```yaml
DataKey:
  Type: AWS::KMS::Key
  Properties:
    EnableKeyRotation: true
```

### Terraform
```hcl
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}
```

### AWS CLI
```sh
aws kms enable-key-rotation --key-id KEY_ID
```

## References
- AWS KMS developer guide: "Rotate AWS KMS keys"
- AWS Security Hub: KMS.4 (CIS, NIST 800-53); CIS AWS Foundations Benchmark v3.0: 3.6
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.storage import Key
from mlsec.model.kms import NO_AUTOMATIC_ROTATION_ORIGINS, key_origin
from mlsec.model.settled import settle
from mlsec.model.verdict import not_applicable, unknown

PENDING_DELETION = ("PendingDeletion", "PendingReplicaDeletion")


@rule(id="MLS510", name="kms-key-rotation-disabled", control="kms-rotation", severity="medium")
def check(key: Key):
    manager, why = settle(key.key_manager)
    if why is None and manager not in (None, "CUSTOMER"):
        return not_applicable(f"the key is managed by {manager}: AWS rotates it")
    state, _ = settle(key.key_state)
    if state in PENDING_DELETION:
        return not_applicable(f"the key is {state}")
    spec, why = settle(key.key_spec)
    if why:
        return unknown(f"cannot tell whether the key can rotate: {why}")
    if spec != "SYMMETRIC_DEFAULT":
        return not_applicable(f"{key.key_spec.path} is {key.key_spec.describe()}: KMS rotates only symmetric "
                              "encryption keys automatically")
    origin, how = key_origin(key)
    if origin is None:
        return unknown(f"cannot tell whether KMS can rotate the key material: {how}")
    if origin in NO_AUTOMATIC_ROTATION_ORIGINS:
        said = how if origin in how else f"{how} (origin {origin})"
        return not_applicable(f"{said}: KMS rotates only key material it generated itself")
    return key.enable_key_rotation.fail_if(
        lambda v: v is not True,
        "{path} is {value}: the key material is never rotated",
        "{path} is {value}",
    )
