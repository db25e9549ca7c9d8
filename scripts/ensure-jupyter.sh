#!/usr/bin/env bash
# Makes sure Debian's Jupyter (and what the tests need of Python) is present.
# Installs it with apt-get when missing on a Debian-like machine as root;
# otherwise says exactly what to install. Prints nothing when all is there.
set -eu
PY=${PYTHON:-/usr/bin/python3}
pkgs="jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client jupyter-console python3-ipykernel python3-jupyter-kernel-test python3-ipywidgets python3-distributed"
check() {
  [ -x "$PY" ] && [ -x /usr/bin/jupyter ] &&
    "$PY" -c 'import jupyter_client, nbclient, nbconvert, notebook, jupyter_kernel_test, ipywidgets, distributed' 2>/dev/null
}
check && exit 0
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-jupyter: installing Jupyter from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -q $pkgs >/dev/null
  check && exit 0
  echo "ensure-jupyter: apt-get finished but Jupyter is still not importable from $PY" >&2
  exit 1
fi
echo "ensure-jupyter: Jupyter is missing. Install these Debian packages (as root):" >&2
echo "  apt-get install $pkgs" >&2
exit 1
