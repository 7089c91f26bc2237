-- bench:workers: sign-in ceremonies for wrk, one thread. Each connection alternates the two requests of a
-- ceremony: options (answered and dropped), then a verify from the file named after `--` (one JSON body a line,
-- each signed over a challenge fetched before the run). Past the last body it asks for /bench-ran-out, which the
-- server answers 404, so a run that needed more bodies shows as failed instead of replaying one.
-- (count and sent are globals: done() runs in wrk's main Lua state and reads them from each thread's)
local verifies = {}
count, sent = 0, 0
local turn = 0
local options
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  options = wrk.format("POST", "/api/webauthn/authentication/options", headers, "{}")
  for line in io.lines(args[1]) do
    count = count + 1
    verifies[count] = wrk.format("POST", "/api/webauthn/authentication/verify", headers, line)
  end
end

function request()
  turn = turn + 1
  if turn % 2 == 1 then return options end
  sent = sent + 1
  if sent > count then return wrk.format("GET", "/bench-ran-out") end
  return verifies[sent]
end

function done(summary, latency, requests)
  local ranOut = 0
  for _, thread in ipairs(threads) do
    ranOut = ranOut + math.max(0, thread:get("sent") - thread:get("count"))
  end
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"ranOut":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, ranOut, latency:percentile(50), latency:percentile(99)))
end
