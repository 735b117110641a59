-- wrk script: GET /forecast rotating over the benchmark's workloads, paced to a target rate.
-- Environment: WORKLOADS (count, default 100), RATE (requests/s for this wrk thread, default 500).
-- Debian's wrk has no -R, so pacing is done here: each request is given the next free slot of a
-- fixed schedule (one every 1/RATE s, wall clock via LuaJIT's ffi) and wrk's delay() waits for it.
-- Use enough connections (wrk -c) that RATE x latency stays well below them. RATE=0 sends back to back.
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } prescient_timespec;
  int clock_gettime(int clock, prescient_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("prescient_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local workloads = tonumber(os.getenv("WORKLOADS") or "100")
local rate = tonumber(os.getenv("RATE") or "500")
local interval = rate > 0 and 1000 / rate or 0
local counter = 0
local next_slot = nil

function init(args)
  counter = math.random(0, workloads - 1)
end

function request()
  counter = (counter + 1) % workloads
  return wrk.format("GET", string.format("/forecast?workload=bench/w%03d", counter))
end

function delay()
  if interval == 0 then
    return 0
  end
  local now = now_ms()
  if next_slot == nil or next_slot < now - 1000 then
    next_slot = now
  end
  next_slot = next_slot + interval
  return math.max(0, next_slot - now)
end
