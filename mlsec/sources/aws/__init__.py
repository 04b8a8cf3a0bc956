"""Live AWS accounts (``mlsec scan --aws``): collectors per service, run concurrently over
regions, producing the same raw resources as the IaC sources (``source="aws"``, the
CloudFormation type name, the ARN as id, ``<account>/<region>`` as unit and properties
shaped like CloudFormation's). boto3 is imported only when a live scan runs."""
