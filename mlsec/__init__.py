"""mlsec: a security and compliance linter for machine-learning deployments on AWS."""

__version__ = "0.1.0"
