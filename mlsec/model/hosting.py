"""Questions several hosting rules ask about an endpoint configuration or an endpoint:
is it serverless only, is data capture on, which configuration does an endpoint use."""

from __future__ import annotations

from mlsec.model.graph import Graph, Resolution
from mlsec.model.kinds.sagemaker import Endpoint, EndpointConfig
from mlsec.model.values import Value
from mlsec.model.verdict import Status, Verdict, failed, unknown


def serverless_only(config: EndpointConfig) -> bool | None:
    """True when every production variant is serverless, False when one is not, None when
    the variants (or a serverless block) cannot be resolved."""
    variants = config.production_variants
    if not variants.is_set:
        return None if not variants.is_absent else False
    flags = [variant.is_serverless for variant in variants.value]
    if not flags:
        return False
    if False in flags:
        return False
    return None if None in flags else True


def data_capture_verdict(config: EndpointConfig) -> Verdict:
    """PASS when data capture is effectively on, FAIL when it is off, UNKNOWN when that
    cannot be told (CATALOGUE MLS107): no block, or a block without a destination, captures
    nothing; inside a block the API turns capture on by default, the Terraform provider off."""

    def decide(block: Value) -> Verdict:
        if not block.is_set:
            return failed(f"{block.path} is not set: requests and responses are not captured",
                          reason="no-capture-config", line=block.line)
        destination = config.data_capture_destination
        if destination.is_unknown:
            return destination.unknown_verdict()
        if not destination.is_set:
            return failed(f"{block.path} has no DestinationS3Uri, so nothing is captured",
                          reason="no-capture-destination", line=block.line)
        return config.data_capture_enabled.fail_if(
            lambda on: on is not True,
            "{path} is {value}: requests and responses are not captured",
            "{path} is {value}: requests and responses are captured to "
            + destination.describe().replace("{", "{{").replace("}", "}}"),
        )

    return config.data_capture.judge(decide)


def capture_gate(config: EndpointConfig) -> Verdict | None:
    """For rules that apply only where capture is on: a NOT_APPLICABLE or UNKNOWN verdict
    to return as it is, or None when capture is on."""
    serverless = serverless_only(config)
    if serverless:
        return Verdict(Status.NOT_APPLICABLE, "every variant is serverless: serverless endpoints have no data capture")
    state = data_capture_verdict(config)
    if state.status is Status.FAIL:
        return Verdict(Status.NOT_APPLICABLE, f"data capture is off ({state.message})", line=state.line)
    if state.status is Status.UNKNOWN:
        return unknown(f"cannot tell whether data capture is on: {state.message}", reason=state.reason,
                       line=state.line)
    return None


def config_of(endpoint: Endpoint, graph: Graph) -> Resolution:
    """The endpoint configuration an endpoint deploys."""
    return graph.follow(endpoint, endpoint.endpoint_config_name, EndpointConfig)


def instance_types(config: EndpointConfig) -> list[str]:
    """Resolved instance types of the configuration's instance variants."""
    return [v.instance_type.value for v in config.variants()
            if v.is_serverless is False and v.instance_type.is_set and isinstance(v.instance_type.value, str)]



def guardrails_unsupported(endpoint: Endpoint, graph: Graph) -> str | None:
    """Why deployment guardrails do not exist for this endpoint (ml.inf1 instances), or None.

    Marketplace model packages are also excluded by AWS; IaC does not say whether a model
    package comes from the Marketplace, so they are not recognised here."""
    found = config_of(endpoint, graph)
    if not found.found:
        return None
    inf1 = sorted({t for t in instance_types(found.resource) if t.startswith("ml.inf1.")})  # type: ignore[arg-type]
    if inf1:
        return f"its configuration uses {', '.join(inf1)}, for which SageMaker offers no deployment guardrails"
    return None


def rolling_unsupported(endpoint: Endpoint, graph: Graph) -> str | None:
    """Why a rolling update cannot apply (serverless or multi-variant endpoint), or None."""
    found = config_of(endpoint, graph)
    if not found.found:
        return None
    config: EndpointConfig = found.resource  # type: ignore[assignment]
    variants = config.production_variants
    if not variants.is_set:
        return None
    if len(variants.value) > 1:
        return "the endpoint has several production variants"
    if any(variant.is_serverless for variant in variants.value):
        return "the endpoint is serverless"
    return None
