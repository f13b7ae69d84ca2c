#!/usr/bin/env bash
# The HTTP load benchmark drives the server with Debian's wrk (C, event-driven: 32 clients
# from one thread cost the 2-core machine little of the CPU the server needs).
set -euo pipefail
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian package: wrk"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "The HTTP benchmark needs wrk (apt-get install wrk)" >&2
    exit 1
  fi
fi
