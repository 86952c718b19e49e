-- wrk script of bench/web_load.py: requests drawn from a file of URLs, the cache header counted.
--
--   wrk -t2 -c50 -d15s --latency -s bench/web_load.lua http://127.0.0.1:PORT -- URLS MODE
--
-- URLS is a file of paths, one a line. MODE "random": each request a random line;
-- "once": thread k of n takes lines k, k+n, k+2n, ... so no URL is asked twice in the
-- run (the file must hold more lines than the run sends; "wrapped" says if it did not).
-- done() prints one line of key=value pairs for web_load.py to read.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   urls = {}
   for line in io.lines(args[1]) do
      urls[#urls + 1] = line
   end
   mode = args[2] or "random"
   step = tonumber(args[3]) or 1
   sent, hits, misses, wrapped = 0, 0, 0, 0
   math.randomseed(1000 + id)
end

function request()
   local line
   if mode == "once" then
      local i = sent * step + id
      if i >= #urls then wrapped = 1 end
      line = urls[(i % #urls) + 1]
   else
      line = urls[math.random(#urls)]
   end
   sent = sent + 1
   return wrk.format("GET", line)
end

function response(status, headers, body)
   local kept = headers["x-ficlens-cache"]
   if kept == "hit" then
      hits = hits + 1
   elseif kept == "miss" then
      misses = misses + 1
   end
end

function done(summary, latency, requests)
   local hit, miss, wrap = 0, 0, 0
   for _, thread in ipairs(threads) do
      hit = hit + thread:get("hits")
      miss = miss + thread:get("misses")
      wrap = math.max(wrap, thread:get("wrapped"))
   end
   local e = summary.errors
   io.write(string.format(
      "WEBLOAD requests=%d seconds=%.3f p50=%.3f p95=%.3f p99=%.3f max=%.3f errors=%d timeouts=%d"
      .. " hits=%d misses=%d wrapped=%d\n",
      summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
      latency:percentile(99) / 1e3, latency.max / 1e3, e.connect + e.read + e.write + e.status + e.timeout,
      e.timeout, hit, miss, wrap))
end
