#!/usr/bin/env python3
"""Regenerate every rule's plan.json fixture from its Terraform fixture.

For each rules/<area>/<rule>/fixtures/{pass,fail}/ folder with a terraform.tf (or a
plan.tf, when the plan needs a variant that is fully known at plan time), this copies the
file into a scratch folder with an offline AWS provider block, runs `terraform init`
against the local provider mirror, `terraform plan -refresh=false` and
`terraform show -json`, and writes plan.json beside the source. No AWS call is made.

    python tools/make_rule_plans.py [RULE_ID ...]

Needs terraform and the provider mirror (/opt/tf-plugins, or MLSEC_TF_PLUGIN_DIR).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROVIDER = """
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  access_key                  = "mock"
  secret_key                  = "mock"
}
"""


def fixture_dirs(selected: set[str]) -> list[Path]:
    out = []
    for rule_dir in sorted((REPO / "rules").glob("*/MLS*")):
        if selected and rule_dir.name.split("_")[0] not in selected:
            continue
        for kind in ("pass", "fail"):
            folder = rule_dir / "fixtures" / kind
            if (folder / "plan.tf").exists() or (folder / "terraform.tf").exists():
                out.append(folder)
    return out


def make_plan(folder: Path, plugins: str, env: dict) -> str:
    source = folder / "plan.tf" if (folder / "plan.tf").exists() else folder / "terraform.tf"
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(source, Path(work) / "main.tf")
        (Path(work) / "provider.tf").write_text(PROVIDER)
        for args in (["init", f"-plugin-dir={plugins}", "-input=false", "-no-color"],
                     ["plan", "-refresh=false", "-input=false", "-no-color", "-out=p"]):
            proc = subprocess.run(["terraform", *args], cwd=work, env=env, capture_output=True, text=True)
            if proc.returncode:
                return f"FAILED {folder.relative_to(REPO)}: terraform {args[0]}\n{proc.stdout}{proc.stderr}"
        shown = subprocess.run(["terraform", "show", "-json", "p"], cwd=work, env=env, capture_output=True,
                               text=True, check=True)
        plan = json.loads(shown.stdout)
        plan.pop("timestamp", None)
        (folder / "plan.json").write_text(json.dumps(plan, indent=1, sort_keys=True) + "\n")
    return f"wrote {(folder / 'plan.json').relative_to(REPO)}"


def main() -> int:
    plugins = os.environ.get("MLSEC_TF_PLUGIN_DIR", "/opt/tf-plugins")
    if not shutil.which("terraform") or not os.path.isdir(plugins):
        print("terraform or the provider mirror is missing", file=sys.stderr)
        return 2
    scratch = tempfile.mkdtemp()
    rc = Path(scratch) / "terraformrc"
    rc.write_text("")
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(rc), "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1",
           "TF_INPUT": "0"}
    failed = False
    with ThreadPoolExecutor(max_workers=2) as pool:
        for line in pool.map(lambda f: make_plan(f, plugins, env), fixture_dirs(set(sys.argv[1:]))):
            print(line)
            failed = failed or line.startswith("FAILED")
    shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
