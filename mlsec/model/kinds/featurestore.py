"""SageMaker Feature Store feature groups."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


class FeatureGroup(Resource):
    kind = "AWS::SageMaker::FeatureGroup"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_feature_group",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="FeatureGroupName", tf="feature_group_name", kind="str")]
    offline_store: Annotated[Value, Attr(cfn="OfflineStoreConfig", tf="offline_store_config",
                                         doc="Absent: the group has no offline store.")]
    offline_kms_key_id: Annotated[Value, Attr(cfn="OfflineStoreConfig.S3StorageConfig.KmsKeyId",
                                              tf="offline_store_config.s3_storage_config.kms_key_id", kind="str",
                                              doc="Absent: the offline store's S3 objects use an AWS-managed key.")]
    online_store: Annotated[Value, Attr(cfn="OnlineStoreConfig", tf="online_store_config")]
    online_enabled: Annotated[Value, Attr(cfn="OnlineStoreConfig.EnableOnlineStore",
                                          tf="online_store_config.enable_online_store", default=False, kind="bool")]
    online_storage_type: Annotated[Value, Attr(cfn="OnlineStoreConfig.StorageType",
                                               tf="online_store_config.storage_type", default="Standard", kind="str")]
    online_kms_key_id: Annotated[Value, Attr(cfn="OnlineStoreConfig.SecurityConfig.KmsKeyId",
                                             tf="online_store_config.security_config.kms_key_id", kind="str",
                                             doc="Absent: the online store uses an AWS-owned key.")]
