-- Shared by every scenario: counts responses by status in each thread and prints one JSON line,
-- BENCH_RESULT {...}, with wrk's own microsecond latencies. A scenario defines `request` and may
-- define `scenario_init(offset)` (per thread) and `on_response(status, headers, body)`.
local threads = {}
local thread_count = 0
counts = {}

function setup(thread)
  thread:set("offset", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  if scenario_init then scenario_init(offset) end
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if on_response then on_response(status, headers, body) end
end

function auth_headers(extra)
  local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
  for name, value in pairs(extra or {}) do headers[name] = value end
  return headers
end

function lines_of(path)
  local lines = {}
  for line in io.lines(path) do table.insert(lines, line) end
  return lines
end

function done(summary, latency, requests)
  local statuses = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      statuses[status] = (statuses[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(statuses) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"statuses":{%s}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ",")))
end
