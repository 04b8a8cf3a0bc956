"""Is this file a CloudFormation template? Read it, then decide as cheaply as possible.

Scans walk whole repositories, so most YAML/JSON files handed to the CloudFormation
source are something else (Kubernetes manifests, workflows, package.json, CDK's own
manifests). A byte search rejects nearly all of them before any parsing; the few that
pass are parsed and then judged by shape.
"""

from __future__ import annotations

import codecs
import os
import re

from yaml.nodes import MappingNode, Node, ScalarNode

from mlsec.sources.base import ScanError

SECTIONS = frozenset(
    (
        "AWSTemplateFormatVersion",
        "Description",
        "Metadata",
        "Parameters",
        "Rules",
        "Mappings",
        "Conditions",
        "Transform",
        "Resources",
        "Outputs",
        "Globals",  # SAM
        "Hooks",
    )
)
# The key at the start of a line (YAML block or pretty JSON) or after "{" / "," (flow
# or minified JSON); a mention inside some other file's text rarely looks like that.
_SNIFF = re.compile(rb"(?:^|[{,])[ \t]*[\"']?(?:Resources|AWSTemplateFormatVersion)[\"']?[ \t]*:", re.M)
_HEAD_BYTES = 64 * 1024


def looks_like_template(data: bytes) -> bool:
    """True when the text seems to have a ``Resources`` or ``AWSTemplateFormatVersion`` key."""
    if b"Resources" not in data and b"AWSTemplateFormatVersion" not in data:
        return False
    return _SNIFF.search(data) is not None


def read_template_bytes(path: str, max_bytes: int, text: bytes | None) -> bytes | ScanError | None:
    """The file's UTF-8 bytes (BOM removed); None if it is clearly not a template;
    a ScanError if it looks like one but cannot be used."""
    if text is None:
        try:
            size = os.stat(path).st_size
            with open(path, "rb") as handle:
                if size > max_bytes:
                    return _too_big(path, size, max_bytes, handle.read(_HEAD_BYTES))
                text = handle.read()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return ScanError(file=path, message=f"cannot read the file: {reason}", kind="read")
    elif len(text) > max_bytes:
        return _too_big(path, len(text), max_bytes, text[:_HEAD_BYTES])
    return _as_utf8(path, text)


def _too_big(path: str, size: int, limit: int, head: bytes) -> ScanError | None:
    if not looks_like_template(head):
        return None
    return ScanError(
        file=path,
        message=(
            f"the file is {size:,} bytes, over the {limit:,}-byte limit for one template "
            "(max_file_bytes); it was not scanned"
        ),
        kind="limit",
    )


def _as_utf8(path: str, data: bytes) -> bytes | ScanError | None:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            decoded = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        if not looks_like_template(decoded.encode("utf-8")):
            return None
        return ScanError(
            file=path,
            message="the file is encoded as UTF-16; CloudFormation templates must be UTF-8",
            kind="parse",
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not looks_like_template(data):
            return None
        line = data.count(b"\n", 0, exc.start) + 1
        return ScanError(
            file=path,
            line=line,
            message=(
                f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line} is invalid); "
                "CloudFormation templates must be UTF-8"
            ),
            kind="parse",
        )
    if b"\x00" in data:
        if not looks_like_template(data):
            return None
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return ScanError(
            file=path,
            line=line,
            message=f"the file contains a NUL byte on line {line}, so it is binary, not a template",
            kind="parse",
        )
    if not data.strip():
        return None
    return data


def top_level_keys(root: Node) -> dict[str, tuple[ScalarNode, Node]]:
    """Section name -> (key node, value node); the last of duplicated keys wins."""
    return {k.value: (k, v) for k, v in root.value if type(k) is ScalarNode}


def is_template(root: Node | None) -> bool:
    """A mapping with AWSTemplateFormatVersion, or with Resources whose entries have a
    Type. A file made only of template sections also counts, even if those sections
    are malformed: that is a broken template, worth an error, not some other file."""
    if type(root) is not MappingNode:
        return False
    sections = top_level_keys(root)
    if "AWSTemplateFormatVersion" in sections:
        return True
    if "Resources" not in sections:
        return False
    resources = sections["Resources"][1]
    if type(resources) is MappingNode:
        for _, body in resources.value:
            if type(body) is MappingNode:
                for key, value in body.value:
                    if key.value == "Type" and type(value) is ScalarNode:
                        return True
    return sections.keys() <= SECTIONS
