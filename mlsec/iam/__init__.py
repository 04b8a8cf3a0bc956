"""IAM and resource-policy analysis."""
