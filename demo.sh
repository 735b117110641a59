#!/usr/bin/env bash
# The Prescient demo: build the trainer if needed, then backtest 11 days of real per-minute traffic shipped in
# data/traces (3 days of history, 8 days simulated) and write a report. The prescient row is what the actuator
# runs with its shipped defaults and the default SLO (1 % of minutes short); the table places every policy against
# the HPA tuned at 28 settings.
#   ./demo.sh [extra backtest options, e.g. --startup-delay 5m or --slo 3]
set -euo pipefail
cd "$(dirname "$0")"
./prescient backtest \
  --trace data/traces/twitter-2021-08-per-minute.csv \
  --from 2021-08-01T00:00:00Z --to 2021-08-12T00:00:00Z \
  --policies oracle,hpa,seed-arima,prescient \
  --out backtest-out "$@"
