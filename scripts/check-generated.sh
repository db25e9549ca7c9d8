#!/usr/bin/env bash
# Regenerates interp/exports into a scratch copy and fails if it differs
# from what is committed.
set -eu
GO=${GO:-go}
[ -d interp/exports ] || { echo "check-generated: no interp/exports yet"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; ' EXIT
cp -r interp/exports "$tmp/before"
$GO generate ./interp/...
if ! diff -r "$tmp/before" interp/exports >/dev/null; then
  diff -r "$tmp/before" interp/exports | head -40
  rm -rf interp/exports && cp -r "$tmp/before" interp/exports
  echo "check-generated: interp/exports is stale; run 'make generate' and commit"
  exit 1
fi
