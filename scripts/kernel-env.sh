# Sourced by scripts that talk to the kernel through Jupyter: builds
# bin/gofutures and installs its kernelspec into a temporary Jupyter tree
# (data, runtime and config dirs) removed on exit, so the user's own Jupyter
# set-up is never touched. Expects to be sourced from the repository root;
# sets GO and PY.
GO=${GO:-go}
PY=${PYTHON:-/usr/bin/python3}
"$GO" build -o bin/gofutures ./cmd/gofutures
kernel_env_tmp=$(mktemp -d)
trap 'rm -rf "$kernel_env_tmp"' EXIT
export JUPYTER_DATA_DIR="$kernel_env_tmp/data"
export JUPYTER_RUNTIME_DIR="$kernel_env_tmp/runtime"
export JUPYTER_CONFIG_DIR="$kernel_env_tmp/config"
export PYDEVD_DISABLE_FILE_VALIDATION=1
bin/gofutures install --user >/dev/null
