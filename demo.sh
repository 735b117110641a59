#!/usr/bin/env bash
# The Prescient demo: build the trainer if needed, then backtest the shipped real trace and write a report.
#   ./demo.sh [extra backtest options, e.g. --startup-delay 5m]
set -euo pipefail
cd "$(dirname "$0")"
./prescient backtest \
  --trace data/traces/nab-Twitter_volume_AAPL.csv \
  --from 2015-02-27T00:00:00Z --to 2015-03-16T00:00:00Z \
  --out backtest-out "$@"
