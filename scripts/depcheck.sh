#!/usr/bin/env bash
# Checks the dependency direction of ../shared/STYLE.md: kernel never reaches
# interp, futures or yaegi; futures and display stay leaves (futures/cluster
# adds NATS, never interp); only interp imports yaegi.
set -eu
GO=${GO:-go}
mod=github.com/gofutures/gofutures
fail=0
deps() { $GO list -deps "$1" 2>/dev/null; }
forbid() { # package, pattern, reason (the package's own tree is allowed)
  local hit self=${1%/...}
  hit=$(deps "$1" | grep -E "$2" | grep -v "^$self\(/\|\$\)" || true)
  if [ -n "$hit" ]; then echo "depcheck: $1 must not import $3:"; echo "$hit" | sed 's/^/  /'; fail=1; fi
}
forbid "$mod/kernel/..." "^$mod/(interp|futures)|traefik/yaegi" "interp, futures or yaegi"
forbid "$mod/futures" "^$mod/|^github.com/|^gonum.org|^golang.org/x" "anything outside the standard library"
forbid "$mod/futures/cluster" "^$mod/(kernel|interp|display|cmd)|traefik/yaegi" "kernel, interp, display or yaegi"
forbid "$mod/display" "^$mod/(kernel|interp|futures)|traefik/yaegi|zmq4" "kernel, interp, futures, yaegi or zmq"
# Programs (cmd/, bench/) may use interp and so reach yaegi through it; no
# package outside interp's tree may import yaegi itself.
for p in $($GO list ./... | grep -v "^$mod/interp\(/\|\$\)"); do
  if $GO list -f '{{join .Imports "\n"}}{{"\n"}}{{join .TestImports "\n"}}' "$p" | grep -q traefik/yaegi; then
    echo "depcheck: only interp may import yaegi ($p does)"; fail=1
  fi
done
exit $fail
