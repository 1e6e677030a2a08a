-- Compare-and-set of one policy configuration (a RateLimitConfig or AuthConfig for ratelimit-service or
-- extauth-service; docs/architecture.md, "Redis: policy configurations"): a write lands only if its version is
-- higher than the stored one, as snapshots do, so a translator that is behind never overwrites newer state.
-- KEYS[1] the policy's hash, KEYS[2] the index set of that kind's live policies (same hash tag: one slot)
-- ARGV[1] version, ARGV[2] serialized PolicyConfig (empty = removed: rejected or deleted; the hash stays as a fence),
-- ARGV[3] notice channel, ARGV[4] serialized PolicyNotice, ARGV[5] the policy (<namespace>/<name>)
-- Returns {1, version} when written, {0, stored version} when refused.
local stored = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
local version = tonumber(ARGV[1])
if version <= stored then
  return {0, stored}
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2])
if ARGV[2] == '' then
  redis.call('SREM', KEYS[2], ARGV[5])
else
  redis.call('SADD', KEYS[2], ARGV[5])
end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return {1, version}
