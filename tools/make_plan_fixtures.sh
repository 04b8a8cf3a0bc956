#!/usr/bin/env bash
# Rebuild the plan-JSON fixtures of the Terraform plan source.
#
# For every folder tests/sources/terraform/plans/src/<name>/ this runs, in a
# throw-away copy, `terraform init` against the offline provider mirror,
# `terraform plan -refresh=false` and `terraform show -json`, and writes the
# result (pretty-printed) to <out>/<name>.json. src/provider.tf (the AWS
# provider with mock credentials) is copied into every folder.
#
#   tools/make_plan_fixtures.sh [OUT_DIR] [NAME...]
#
# OUT_DIR defaults to tests/sources/terraform/plans; NAMEs default to every
# folder under src/. The provider mirror is /opt/tf-plugins unless
# MLSEC_TF_PLUGIN_DIR says otherwise. Nothing here contacts AWS or a registry:
# the configs use mock credentials and only local data sources, and a folder
# may carry a terraform.tfstate to stand for resources that already exist.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
src="$repo/tests/sources/terraform/plans/src"
out="${1:-$repo/tests/sources/terraform/plans}"
shift || true
plugins="${MLSEC_TF_PLUGIN_DIR:-/opt/tf-plugins}"

command -v terraform >/dev/null || { echo "terraform is not installed" >&2; exit 2; }
[ -d "$plugins" ] || { echo "provider mirror $plugins not found" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A private, empty CLI config keeps the user's provider_installation and
# credentials settings out of the run; no version checkpoint calls either.
: > "$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

# Two parts of the output change from run to run without meaning anything: the
# plan's timestamp and the order of relevant_attributes. Pin both so that a
# regenerated fixture only differs where Terraform's answer did.
normalize='
import json, sys
doc = json.load(sys.stdin)
if "timestamp" in doc:
    doc["timestamp"] = "2000-01-01T00:00:00Z"
if isinstance(doc.get("relevant_attributes"), list):
    doc["relevant_attributes"].sort(key=lambda a: json.dumps(a, sort_keys=True))
json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
'

if [ "$#" -gt 0 ]; then
  names=("$@")
else
  names=()
  for dir in "$src"/*/; do names+=("$(basename "$dir")"); done
fi

for name in "${names[@]}"; do
  [ -d "$src/$name" ] || { echo "no fixture source $src/$name" >&2; exit 2; }
  cp -r "$src/$name" "$work/$name"
  cp "$src/provider.tf" "$work/$name/provider.tf"
  (
    cd "$work/$name"
    terraform init -plugin-dir="$plugins" -input=false -no-color >init.log 2>&1 \
      || { cat init.log >&2; exit 1; }
    terraform plan -refresh=false -input=false -no-color -out=p >plan.log 2>&1 \
      || { cat plan.log >&2; exit 1; }
    terraform show -json p | python3 -c "$normalize" >"$out/$name.json"
  )
  echo "wrote $out/$name.json"
done
