#!/bin/sh
# Entrypoint of every firstsync image (Dockerfile at the repository root). service-env.sh, written at
# build time from the service table, sets the service's node flags (NODE_FLAGS: heap budget and
# collector settings), glibc malloc settings and port, each only where the environment has not set
# it already: a Kubernetes manifest or `docker run -e` wins. Without arguments it runs the service's
# bundle with those flags; `exec` makes Node PID 1, so SIGTERM reaches the service's own graceful shutdown.
set -eu
. /app/service-env.sh
if [ "$#" -eq 0 ]; then
  # NODE_FLAGS split into words on purpose: one flag each.
  # shellcheck disable=SC2086
  set -- node $NODE_FLAGS "services/${SERVICE}/dist/main.mjs"
fi
exec "$@"
