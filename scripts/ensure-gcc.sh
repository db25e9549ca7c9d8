#!/usr/bin/env bash
# Makes sure a C compiler is present: Go plugins (module imports and
# compiled cells) need cgo. Installs gcc with apt-get when missing on a
# Debian-like machine as root; otherwise says what to install. Prints
# nothing when all is there.
set -eu
GO=${GO:-go}
cc=$("$GO" env CC 2>/dev/null || true)
cc=${cc%% *}
command -v "${cc:-gcc}" >/dev/null 2>&1 && exit 0
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-gcc: installing gcc from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q gcc libc6-dev >/dev/null
  command -v "${cc:-gcc}" >/dev/null 2>&1 && exit 0
  echo "ensure-gcc: apt-get finished but ${cc:-gcc} is still missing" >&2
  exit 1
fi
echo "ensure-gcc: no C compiler (${cc:-gcc}); module imports and compiled cells need one. Install (as root):" >&2
echo "  apt-get install gcc libc6-dev" >&2
exit 1
