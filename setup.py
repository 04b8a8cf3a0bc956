"""Ship rules/ and reports/ inside the wheel as mlsec/rules and mlsec/reports.

The repository keeps them at the top level (one folder per rule, templates beside the
report schema); an installed mlsec finds them inside its own package folder.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["mlsec", "mlsec.*"]) + ["mlsec.rules", "mlsec.reports"],
    package_dir={"mlsec.rules": "rules", "mlsec.reports": "reports"},
    package_data={
        "mlsec": ["model/data/*.json", "iam/data/*.json", "engine/data/*.yaml"],
        "mlsec.rules": ["**/*.py", "**/*.yaml", "**/*.yml", "**/*.json", "**/*.tf", "**/*.md"],
        "mlsec.reports": ["*.json", "**/*.html", "**/*.j2", "**/*.css", "**/*.js"],
    },
)
