#!/usr/bin/env bash
# The test command of Prescient: unit tests, integration tests against real server processes and the
# end-to-end test. It first installs what the tests need when it is missing (Debian/Ubuntu, through apt, as
# root or with sudo), then runs ./mvnw -B verify. Extra arguments go to Maven (e.g. ./test.sh -pl trainer -am).
set -euo pipefail
cd "$(dirname "$0")"

# Debian package per tool the tests start: Prometheus and promtool (history and rule tests), Chromium (the
# backtest report), docker-compose (checks the compose file).
declare -A package=([prometheus]=prometheus [promtool]=prometheus [chromium]=chromium [docker-compose]=docker-compose)
missing=()
for tool in prometheus promtool chromium docker-compose; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package[$tool]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
      sudo=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      echo "test.sh: the tests need ${missing[*]}; run this as root or with passwordless sudo to install them," >&2
      echo "  or install them yourself: apt-get install --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
    echo "test.sh: installing ${missing[*]} (apt)" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: the tests need these on the PATH, and this is not a Debian/Ubuntu system to install them on:" >&2
    echo "  prometheus and promtool (https://prometheus.io/download/), chromium (or set -Dprescient.chromium=PATH)," >&2
    echo "  docker-compose (v1, or a 'docker-compose' wrapper of 'docker compose'); missing: ${missing[*]}" >&2
    exit 1
  fi
fi

# kubectl renders the kustomize overlays; every Kubernetes user has it and Debian does not package it.
if ! command -v kubectl >/dev/null 2>&1; then
  echo "test.sh: kubectl is needed on the PATH (it renders the k8s/ overlays offline);" >&2
  echo "  install it from https://kubernetes.io/docs/tasks/tools/ and run ./test.sh again" >&2
  exit 1
fi
if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
  echo "test.sh: Java 17 or newer is needed (java -version says: $(java -version 2>&1 | head -1))" >&2
  exit 1
fi

exec ./mvnw -B verify "$@"
