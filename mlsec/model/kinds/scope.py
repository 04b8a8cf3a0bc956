"""The scanned unit itself, as a resource: a template, a Terraform root module, a plan,
or one account and region.

A few checks are about what a unit lacks rather than about one of its resources ("no
trail records this account's API calls"). The engine adds one ``ScanUnit`` to every unit
it evaluates so such a check has something to report on. Sources never produce it.
"""

from __future__ import annotations

from mlsec.model.base import Resource
from mlsec.model.builder import build_resource
from mlsec.model.props import Props
from mlsec.sources.base import RawResource

_NATIVE = {"cloudformation": "template", "terraform": "module", "terraform-plan": "plan", "aws": "account-region"}


class ScanUnit(Resource):
    kind = "mlsec::ScanUnit"
    native_types = {}


def scan_units(raws: list[RawResource]) -> list[ScanUnit]:
    """One ScanUnit per unit the raw resources belong to (a live scan holds one unit per
    account and region; a unit without resources gets none: nothing was understood there,
    so nothing can be said to be missing from it). The account-wide part of a live scan
    (S3's account block, region "global") is not a region and gets none either."""
    firsts: dict[str, RawResource] = {}
    for raw in raws:
        firsts.setdefault(raw.unit, raw)
    return [_unit(first) for first in firsts.values() if not (first.source == "aws" and first.region is None)]


def _unit(first: RawResource) -> ScanUnit:
    # A module's findings point at one of its files (the first resource's), so file-based
    # filters such as --diff-base treat the unit like its resources.
    raw = RawResource(source=first.source, type=ScanUnit.kind, id=first.unit, props=Props(), unit=first.unit,
                      file=first.file, region=first.region, account=first.account)
    return build_resource(ScanUnit, raw)  # type: ignore[return-value]
