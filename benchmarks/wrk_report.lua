-- wrk prints this one JSON line when a phase ends (benchmarks/bench.py reads it).
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "socket_errors": %d, ' ..
    '"non_2xx_3xx": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, errors,
    summary.errors.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
