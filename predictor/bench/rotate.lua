-- wrk script: GET /forecast rotating over the benchmark's workloads, paced to a target rate.
-- Environment: WORKLOADS (count, default 100), RATE (requests/s over all connections, default 500),
-- CONNECTIONS (must match wrk -c, default 10). Each connection waits CONNECTIONS/RATE s between
-- requests (wrk's delay()), so the offered load is about RATE; wrk reports the rate achieved.
-- RATE=0 sends back to back (closed loop) to find the peak throughput.
local workloads = tonumber(os.getenv("WORKLOADS") or "100")
local rate = tonumber(os.getenv("RATE") or "500")
local connections = tonumber(os.getenv("CONNECTIONS") or "10")
local counter = 0

function init(args)
  counter = math.random(0, workloads - 1)
end

function request()
  counter = (counter + 1) % workloads
  return wrk.format("GET", string.format("/forecast?workload=bench/w%03d", counter))
end

function delay()
  if rate <= 0 then
    return 0
  end
  return 1000 * connections / rate
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("non-200 answer " .. status .. ": " .. body .. "\n")
    end
  end
end
