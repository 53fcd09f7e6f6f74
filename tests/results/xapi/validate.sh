#!/usr/bin/env bash
# Writes a sample xAPI export and checks it, and statements that break the rules on purpose, against
# xapi-statements.schema.json with ajv. Usage: validate.sh SAMPLE_EXPORT_PROGRAM WORK_DIR
set -euo pipefail
helper=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
"$helper" "$work"

# The validator is installed once per build folder, exactly as the lock file says.
node_dir=$work/node
if [[ ! -x $node_dir/node_modules/.bin/ajv ]] || ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json"; then
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
ajv=("$node_dir/node_modules/.bin/ajv" validate --spec=draft7 -c ajv-formats --all-errors --errors=text
  -s "$here/xapi-statements.schema.json")

passed=0
failed=0
if "${ajv[@]}" -d "$work/export.xapi.json"; then
  passed=$((passed + 1))
else
  echo "FAIL: the export does not match the xAPI 1.0.3 statement schema"
  failed=$((failed + 1))
fi
# Each file under fixtures/xapi-invalid breaks one rule: the schema must reject it.
for bad in "$here"/../fixtures/xapi-invalid/*.json; do
  if "${ajv[@]}" -d "$bad" >/dev/null 2>&1; then
    echo "FAIL: $(basename "$bad") was accepted, but it breaks a statement rule"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done
echo "xapi schema: $passed passed, $failed failed"
((failed == 0))
