-- wrk script of `bench/run.sh ingest` (see Wrk.cs): sends pre-signed requests from a pool.
-- Arguments after `--`: <pool prefix> <once|cycle> <answers prefix>.
-- Thread i sends the requests of <pool prefix>-i.bin (records "<length>\n<raw HTTP request>") in order,
-- so threads never share a request. "once" never sends a request twice: when the slice runs
-- out, the thread stops (reported as exhausted). "cycle" starts the slice over (duplicates).
-- Each 2xx answer is written as "<status> <body>" to <answers prefix>-i.txt: the bodies hold
-- the stored row's id, which the benchmark looks up in the database afterwards. (The files are
-- flushed when wrk exits; done() runs in another Lua state and cannot reach them.)

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  -- Read as sent, not loaded up front: wrk starts each thread as soon as its init() returns, and
  -- only then the next thread's, so a long load would give the first threads a head start
  -- that wrk counts as requests but not as time.
  pool = assert(io.open(args[1] .. "-" .. index .. ".bin", "rb"))
  pool:setvbuf("full", 1048576)
  cycle = args[2] == "cycle"
  answers = assert(io.open(args[3] .. "-" .. index .. ".txt", "w"))
  answers:setvbuf("full", 1048576)
  statuses = {}
  exhausted = false
end

-- Sent once per connection at most, after the slice ran out, while the thread stops.
local idle = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

function request()
  local length = pool:read("*l")
  if not length and cycle then
    pool:seek("set", 0)
    length = pool:read("*l")
  end
  if not length then
    exhausted = true
    wrk.thread:stop()
    return idle
  end
  return pool:read(tonumber(length))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 200 and status < 300 then
    answers:write(status, " ", body, "\n")
  end
end

function done(summary, latency, requests)
  local merged, anyExhausted = {}, false
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
    anyExhausted = anyExhausted or thread:get("exhausted")
  end
  local parts = {}
  for status, count in pairs(merged) do
    parts[#parts + 1] = string.format('"%d":%d', status, count)
  end
  local e = summary.errors
  print(string.format(
    'ingest-result {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"statuses":{%s},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"exhausted":%s}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), table.concat(parts, ","),
    e.connect, e.read, e.write, e.status, e.timeout, tostring(anyExhausted)))
end
