"""What ``data.<type>.<name>`` evaluates to.

Policy documents are computed; the account, region and partition become the
configured value or a ``${data....}`` placeholder; every other data source is read by
Terraform at apply time and so is Unknown here.
"""

from __future__ import annotations

from mlsec.model.props import Props, RefStr, Unknown

from .policy_document import policy_json
from .values import join_text, make_ref

_ACCOUNT_ATTRS = ("account_id", "id", "arn", "user_id")
_REGION_ATTRS = ("name", "id", "region", "endpoint", "description")
_PARTITION_ATTRS = ("partition", "id", "dns_suffix", "reverse_dns_prefix")


def placeholder_text(address: str, attr: str) -> RefStr:
    """``${address.attr}`` as a RefStr holding that reference."""
    return join_text(["", make_ref(address, attr)])


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    if region.startswith("us-iso-"):
        return "aws-iso"
    return "aws"


def data_value(dtype: str, address: str, body, options):
    """The object a data source instance stands for; ``body()`` evaluates its arguments."""
    if dtype == "aws_iam_policy_document":
        return Props(policy_json(body(), address))
    if dtype == "aws_caller_identity":
        out = Props({a: placeholder_text(address, a) for a in _ACCOUNT_ATTRS})
        if options.account_id:
            out["account_id"] = out["id"] = options.account_id
        return out
    if dtype == "aws_region":
        args = body()
        region = args.get("name") or args.get("region") or options.region
        out = Props({a: placeholder_text(address, a) for a in _REGION_ATTRS})
        if isinstance(region, str) and not isinstance(region, RefStr):
            out["name"] = out["id"] = out["region"] = region
        return out
    if dtype == "aws_partition":
        out = Props({a: placeholder_text(address, a) for a in _PARTITION_ATTRS})
        if options.region:
            partition = partition_of(options.region)
            out["partition"] = out["id"] = partition
            out["dns_suffix"] = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
        return out
    return Unknown(f"{address} is read at apply time", address)
