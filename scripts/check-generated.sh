#!/usr/bin/env bash
# Regenerates interp/exports (yaegi symbol tables and the doc index, see
# interp/generate.go) and fails if the result differs from what is
# committed. The committed files are put back either way.
set -eu
GO=${GO:-go}
[ -d interp/exports ] || { echo "check-generated: no interp/exports yet"; exit 0; }
tmp=$(mktemp -d)
cp -r interp/exports "$tmp/before"
restore() { rm -rf interp/exports && cp -r "$tmp/before" interp/exports; rm -rf "$tmp"; }
if ! $GO generate ./interp/...; then
  restore
  echo "check-generated: go generate ./interp/... failed"
  exit 1
fi
# types.zip (export data) changes with every position or inlinable body in
# the packages it covers; TestExportData in interp/internal/typecheck checks
# its API against the symbol tables instead.
if ! diff -r -x types.zip "$tmp/before" interp/exports >/dev/null; then
  diff -r -x types.zip "$tmp/before" interp/exports | head -40
  restore
  echo "check-generated: interp/exports is stale; run 'make generate' and commit"
  exit 1
fi
rm -rf "$tmp"
