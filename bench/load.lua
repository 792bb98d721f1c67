-- wrk script of bench/load.py: `wrk ... -s bench/load.lua URL -- SCENARIO.lua`.
-- SCENARIO.lua (written by load.py) sets method, paths, headers and tokens. Each request picks a random
-- path, a random visitor address (X-Forwarded-For) and, when tokens are given, a random API token.
-- Every answer outside 2xx counts as an error; done() prints one JSON line of figures.
local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   dofile(args[1])
   math.randomseed(os.time() * 100 + id)
   bad, codes = 0, ""
end

function request()
   local h = {["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 15), math.random(0, 255),
                                                   math.random(1, 254))}
   for name, value in pairs(headers) do h[name] = value end
   if #tokens > 0 then h["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] end
   return wrk.format(method, paths[math.random(#paths)], h)
end

function response(status, hdrs, body)
   if status < 200 or status > 299 then
      bad = bad + 1
      if #codes < 200 then codes = codes .. status .. " " end
   end
end

function done(summary, latency, requests)
   local nonok, seen = 0, ""
   for _, thread in ipairs(threads) do
      nonok = nonok + thread:get("bad")
      seen = seen .. thread:get("codes")
   end
   local e = summary.errors
   io.write(string.format(
      '{"requests": %d, "seconds": %.3f, "non_2xx": %d, "codes": "%s", "socket_errors": %d, "timeouts": %d, ' ..
      '"p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
      summary.requests, summary.duration / 1e6, nonok, seen, e.connect + e.read + e.write, e.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000))
end
