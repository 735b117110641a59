#!/usr/bin/env bash
# Benchmark of the packaged predictor: N workloads' LSTM models in a real S3 API server (S3Mock),
# their history in a real Prometheus backfilled from the shared Twitter trace, GET /forecast driven
# by wrk on 127.0.0.1. Prints throughput, p50/p99 latency, the predictor's RSS and the time from
# process start to readiness UP (cold cache and with the models cached on disk).
#
# Usage: predictor/bench/run.sh [workloads=100] [rate=500] [seconds=30]
# Env:   SKIP_BUILD=1 reuses predictor/target; PREDICTOR_JAVA_OPTS overrides the JVM options below;
#        FORECAST_CACHE=false runs the model on every request (prescient.predictor.forecast-cache);
#        MAX_LOADED_MODELS=n sets prescient.predictor.max-loaded-models (default: the predictor's, 500).
#        READY_TIMEOUT=s: longest wait for readiness per start (default 1200; a first start downloads every model).
#        UPLOAD=n uploads only the first n models to S3Mock and writes every workload's into the predictor's disk
#        cache (as a first start leaves it); the first start is then not measured and the registry is not polled
#        during the run (poll-interval 1h), since the others are not in it. For 5,000 workloads: S3Mock slows
#        down as its bucket grows.
#        WARMUP=s seconds of load before the measured run (default 15); with more workloads than a step's warm-up
#        loads models for, a longer warm-up measures the steady state (every model loaded, histories kept).
#        KEEP=1 keeps the work directory (logs) instead of deleting it.
set -euo pipefail

N=${1:-100}
RATE=${2:-500}
SECONDS_RUN=${3:-30}
CONNECTIONS=20
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TRACE="$ROOT/data/traces/twitter-2021-08-per-minute.csv"
JAVA_OPTS=${PREDICTOR_JAVA_OPTS:--XX:SharedArchiveFile=app-cds.jsa -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
WORK=$(mktemp -d /tmp/prescient-bench-XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "work directory kept: $WORK"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
wait_for() { # url, timeout seconds, pid
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fs -o /dev/null "$1"; do
    kill -0 "$3" 2>/dev/null || { echo "process $3 died; see $WORK" >&2; return 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "$1 not ready after $2 s" >&2; return 1; }
    sleep 0.05
  done
}

cd "$ROOT"
if [ -z "${SKIP_BUILD:-}" ] || [ ! -f predictor/target/quarkus-app/quarkus-run.jar ]; then
  echo "== building the predictor (./mvnw -o -pl predictor -am package -DskipTests)"
  ./mvnw -B -q -o -pl predictor -am package -DskipTests
fi
S3MOCK=predictor/target/s3mock/s3mock.jar
if [ ! -f "$S3MOCK" ]; then
  ./mvnw -B -q -o -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dartifact=com.adobe.testing:s3mock:4.11.0:jar:exec \
    -DoutputDirectory=predictor/target/s3mock -Dmdep.stripVersion=true -Dmdep.stripClassifier=true
  mv predictor/target/s3mock/s3mock*.jar "$S3MOCK" 2>/dev/null || true
fi

echo "== S3 API server (S3Mock)"
S3_PORT=$(free_port)
java -Xmx256m -XX:TieredStopAtLevel=1 -jar "$S3MOCK" --com.adobe.testing.s3mock.httpPort="$S3_PORT" \
  --server.port="$(free_port)" --com.adobe.testing.s3mock.store.root="$WORK/s3" --spring.main.banner-mode=off \
  > "$WORK/s3mock.log" 2>&1 &
PIDS+=($!)
S3_PID=$!
until grep -qs "Started S3MockApplication" "$WORK/s3mock.log"; do
  kill -0 "$S3_PID" || { cat "$WORK/s3mock.log"; exit 1; }
  sleep 0.2
done

echo "== training one LSTM on the trace and uploading it as production for $N workloads"
CP="predictor/target/test-classes:predictor/target/quarkus-app/lib/main/*:predictor/target/quarkus-app/lib/boot/*"
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
  dev.prescient.predictor.bench.BenchSeed "http://127.0.0.1:$S3_PORT" "$WORK/seed" "$N" "$TRACE" ${UPLOAD:-} \
  > "$WORK/version.txt" 2> "$WORK/seed.log"
grep "trained lstm" "$WORK/seed.log" || true
echo "model version: $(cat "$WORK/version.txt")"

echo "== Prometheus backfilled with the trace (3 days + 2 h per workload)"
mkdir -p "$WORK/prometheus/data"
promtool tsdb create-blocks-from openmetrics --quiet --max-block-duration=744h "$WORK/seed/backfill.om.txt" \
  "$WORK/prometheus/data" > "$WORK/promtool.log" 2>&1
printf 'global:\n  scrape_interval: 1m\n' > "$WORK/prometheus/prometheus.yml"
PROM_PORT=$(free_port)
prometheus --config.file="$WORK/prometheus/prometheus.yml" --storage.tsdb.path="$WORK/prometheus/data" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
PROM_PID=$!
wait_for "http://127.0.0.1:$PROM_PORT/-/ready" 60 $!

PORT=$(free_port)
start_predictor() { # log file; sets PRED_PID and READY_MS
  local started
  started=$(now_ms)
  PRESCIENT_PREDICTOR_WORKLOADS_FILE="$WORK/seed/workloads.yaml" \
  PRESCIENT_PREDICTOR_MODEL_CACHE_DIR="$CACHE" \
  PRESCIENT_PROMETHEUS_URL="http://127.0.0.1:$PROM_PORT" \
  PRESCIENT_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" PRESCIENT_S3_ACCESS_KEY=bench PRESCIENT_S3_SECRET_KEY=bench \
  QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 PRESCIENT_PREDICTOR_FORECAST_CACHE="${FORECAST_CACHE:-true}" \
    env ${UPLOAD:+PRESCIENT_PREDICTOR_POLL_INTERVAL=1h} \
    ${MAX_LOADED_MODELS:+PRESCIENT_PREDICTOR_MAX_LOADED_MODELS=$MAX_LOADED_MODELS} bash -c 'cd predictor/target/quarkus-app && exec java '"$JAVA_OPTS"' -jar quarkus-run.jar' > "$1" 2>&1 &
  PRED_PID=$!
  PIDS+=($PRED_PID)
  wait_for "http://127.0.0.1:$PORT/q/health/ready" "${READY_TIMEOUT:-1200}" "$PRED_PID"
  READY_MS=$(( $(now_ms) - started ))
  # CPU the start-up used (user + system), independent of how busy the machine is
  READY_CPU_MS=$(awk -v tck="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / tck)}' "/proc/$PRED_PID/stat")
}
stop_predictor() {
  kill "$PRED_PID"
  wait "$PRED_PID" 2>/dev/null || true
}

CACHE="$WORK/cache"
if [ -n "${UPLOAD:-}" ]; then
  CACHE="$WORK/seed/cache"
  COLD="not measured (UPLOAD=$UPLOAD: models seeded into the disk cache, registry not polled)"
else
  echo "== predictor, first start (downloads $N models)"
  start_predictor "$WORK/predictor-cold.log"
  COLD="${READY_MS} ms on first start (download from S3)"
  stop_predictor
fi
echo "== predictor, second start (models cached on disk)"
start_predictor "$WORK/predictor.log"
WARM_MS=$READY_MS
WARM_CPU_MS=$READY_CPU_MS
curl -fs "http://127.0.0.1:$PORT/q/health/ready" | tr -d ' \n'; echo

export WORKLOADS=$N
echo "== warm-up: ${WARMUP:-15} s at $RATE req/s"
RATE=$RATE wrk -t1 -c$CONNECTIONS -d${WARMUP:-15}s -s predictor/bench/rotate.lua "http://127.0.0.1:$PORT" > "$WORK/warmup.txt"
# sum of a metric's series in /q/metrics whose line matches the pattern
metric() { curl -fs "http://127.0.0.1:$PORT/q/metrics" | awk -v p="^$1" '$0 ~ p {s += $NF} END {printf "%d", s}'; }
lru() { echo "$(metric 'prescient_predictor_model_lookups_total\\{result="hit"') $(metric 'prescient_predictor_model_lookups_total\\{result="miss"') $(metric prescient_predictor_model_loads_total) $(metric prescient_predictor_model_evictions_total)"; }
read -r HIT0 MISS0 LOADS0 EVICT0 <<< "$(lru)"
cpu_ms() { awk -v tck="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / tck)}' "/proc/$1/stat"; }
PRED_CPU0=$(cpu_ms "$PRED_PID"); PROM_CPU0=$(cpu_ms "$PROM_PID")
echo "== measured: ${SECONDS_RUN} s at $RATE req/s offered, $CONNECTIONS connections"
RATE=$RATE wrk -t1 -c$CONNECTIONS -d${SECONDS_RUN}s --latency -s predictor/bench/rotate.lua \
  "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt"
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$PRED_PID/status")
read -r HIT1 MISS1 LOADS1 EVICT1 <<< "$(lru)"
PRED_CPU=$(( $(cpu_ms "$PRED_PID") - PRED_CPU0 )); PROM_CPU=$(( $(cpu_ms "$PROM_PID") - PROM_CPU0 ))
LOADED=$(metric 'prescient_predictor_models_loaded ')
MAX_LOADED=$(metric prescient_predictor_models_loaded_max)
echo "== peak: 10 s back to back, 4 connections"
RATE=0 wrk -t1 -c4 -d10s --latency -s predictor/bench/rotate.lua "http://127.0.0.1:$PORT" \
  > "$WORK/peak.txt"
MODELS=$(curl -fs "http://127.0.0.1:$PORT/workloads" | grep -o '"state":"model"' | wc -l)
# the heap still in use after a full collection: what the workloads' histories, accuracy and models hold
jcmd "$PRED_PID" GC.run > /dev/null 2>&1 || true
LIVE_HEAP_KB=$(jcmd "$PRED_PID" GC.heap_info 2>/dev/null | awk '/generation +total|garbage-first heap +total/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?$/, "", v); s += v}} END {print s + 0}')

p() { awk -v q="$1" '$1 == q {print $2}' "$WORK/wrk.txt"; }
echo
echo "==== predictor benchmark: $N workloads ($MODELS serving an LSTM), forecast cache ${FORECAST_CACHE:-true}, $(nproc) cores, load average: $(uptime | sed 's/.*load average: //')"
echo "throughput        $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") req/s achieved (offered $RATE)"
echo "latency p50       $(p 50%)"
echo "latency p99       $(p 99%)"
echo "non-2xx answers   $(awk '/Non-2xx/ {print $5}' "$WORK/wrk.txt" | grep . || echo 0)"
echo "peak throughput   $(awk '/Requests\/sec/ {print $2}' "$WORK/peak.txt") req/s (p99 $(awk '$1 == "99%" {print $2}' "$WORK/peak.txt"))"
echo "CPU, measured run predictor $(( PRED_CPU / 1000 )).$(( PRED_CPU % 1000 / 100 )) s, Prometheus $(( PROM_CPU / 1000 )).$(( PROM_CPU % 1000 / 100 )) s (user + system over the ${SECONDS_RUN} s)"
echo "live heap         $(( LIVE_HEAP_KB / 1024 )) MB after a full GC, at the end"
echo "predictor RSS     $(( RSS_KB / 1024 )) MB (VmRSS, JVM options: $JAVA_OPTS)"
HITS=$(( HIT1 - HIT0 )); MISSES=$(( MISS1 - MISS0 ))
echo "loaded models     $LOADED of at most $MAX_LOADED (max-loaded-models) at the end of the measured run"
echo "model lookups     $HITS hits, $MISSES misses ($(awk -v h=$HITS -v m=$MISSES 'BEGIN {printf "%.1f", (h + m) ? 100 * h / (h + m) : 0}') % hit rate) in the measured run; $(( LOADS1 - LOADS0 )) loads, $(( EVICT1 - EVICT0 )) evictions (requests answered from a forecast made earlier in the step need no model)"
echo "start to ready    ${WARM_MS} ms with models cached (${WARM_CPU_MS} ms of CPU); $COLD"
