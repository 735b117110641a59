"""Writes the first DAYS days of a trace as OpenMetrics, shifted to end now, for promtool backfill.

The counter http_requests_total{job="demo"} grows by each step's value times SCALE, so
rate(http_requests_total[5m]) in Prometheus reproduces the trace's shape over the last DAYS days.
"""
import csv
import os
import sys
import time
from datetime import datetime

trace = os.environ.get("TRACE", "/demo/traces/nab-Twitter_volume_AAPL.csv")
days = float(os.environ.get("DAYS", "3"))
scale = float(os.environ.get("SCALE", "20"))
out = sys.argv[1] if len(sys.argv) > 1 else "/backfill/history.om"


def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00").replace(" ", "T")).timestamp()


with open(trace, newline="") as f:
    rows = [(parse(r["timestamp"]), float(r["value"])) for r in csv.DictReader(f)]
start = rows[0][0]
rows = [r for r in rows if r[0] < start + days * 86400]
shift = time.time() - 60 - rows[-1][0]
total = 0.0
with open(out, "w") as f:
    f.write("# HELP http_requests_total Requests served by the demo service.\n")
    f.write("# TYPE http_requests_total counter\n")
    for ts, value in rows:
        total += value * scale
        f.write(f'http_requests_total{{job="demo"}} {total:.0f} {ts + shift:.3f}\n')
    f.write("# EOF\n")
print(f"wrote {len(rows)} samples of {trace} to {out}", flush=True)
