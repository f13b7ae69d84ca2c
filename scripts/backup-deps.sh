#!/usr/bin/env bash
# Encrypted backups use age (https://age-encryption.org), Debian's `age` package: the server
# encrypts to a public key and cannot read its own backups; the identity stays offline.
set -euo pipefail
if ! command -v age >/dev/null || ! command -v age-keygen >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian package: age"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq age >/dev/null
  else
    echo "Encrypted backups need age (apt-get install age)" >&2
    exit 1
  fi
fi
