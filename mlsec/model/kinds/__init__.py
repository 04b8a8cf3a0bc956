"""The resource kinds mlsec understands, one module per AWS service area."""
