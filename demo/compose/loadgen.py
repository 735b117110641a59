"""Load generator: replays a trace against the demo service, time-compressed by SPEEDUP.

It starts where the backfilled history ends (after DAYS days of the trace) and sends each trace
step's requests (value x SCALE) spread over that step's duration divided by SPEEDUP.
"""
import csv
import os
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

trace = os.environ.get("TRACE", "/demo/traces/nab-Twitter_volume_AAPL.csv")
target = os.environ.get("TARGET", "http://demo-app:8000/")
days = float(os.environ.get("DAYS", "3"))
scale = float(os.environ.get("SCALE", "20"))
speedup = float(os.environ.get("SPEEDUP", "5"))
max_rps = float(os.environ.get("MAX_RPS", "400"))


def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00").replace(" ", "T")).timestamp()


def hit():
    try:
        urllib.request.urlopen(target, timeout=2).read()
    except OSError:
        pass


with open(trace, newline="") as f:
    rows = [(parse(r["timestamp"]), float(r["value"])) for r in csv.DictReader(f)]
start = rows[0][0]
rows = [r for r in rows if r[0] >= start + days * 86400]
step = rows[1][0] - rows[0][0]
print(f"replaying {len(rows)} steps of {trace} at {speedup}x onto {target}", flush=True)
with ThreadPoolExecutor(max_workers=32) as pool:
    for ts, value in rows:
        seconds = step / speedup
        rps = min(value * scale * speedup / step, max_rps)
        n = int(rps * seconds)
        began = time.monotonic()
        for i in range(n):
            pool.submit(hit)
            delay = began + (i + 1) * seconds / max(n, 1) - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        rest = began + seconds - time.monotonic()
        if rest > 0:
            time.sleep(rest)
