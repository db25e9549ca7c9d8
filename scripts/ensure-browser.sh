#!/usr/bin/env bash
# Makes sure headless Chromium and chromedriver are present for the
# real-browser notebook test. Installs Debian's chromium and chromium-driver
# with apt-get when missing on a Debian-like machine as root; otherwise says
# what to install and exits 0, so that the browser test skips itself.
set -eu
check() { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }
check && exit 0
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-browser: installing chromium and chromium-driver from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null
  check && exit 0
  echo "ensure-browser: apt-get finished but chromium or chromedriver is still missing" >&2
  exit 1
fi
echo "ensure-browser: the browser test will be skipped; to run it install (as root):" >&2
echo "  apt-get install chromium chromium-driver" >&2
