-- Compare-and-set of one policy configuration (a RateLimitConfig or AuthConfig for ratelimit-service or
-- extauth-service; docs/architecture.md, "Redis: policy configurations"): a write lands only if its version is
-- higher than the stored one, as snapshots do, so a translator that is behind never overwrites newer state.
-- KEYS[1] the policy's hash, KEYS[2] the index set of that kind's live policies (same hash tag: one slot)
-- ARGV[1] version, ARGV[2] serialized PolicyConfig (empty = removed: rejected or deleted; the hash stays as a fence),
-- ARGV[3] notice channel, ARGV[4] serialized PolicyNotice, ARGV[5] the policy (<namespace>/<name>)
-- Returns {'written', version} or {'refused', stored version}.

-- Versions exceed 2^53 (the writer's epoch sits in the high bits) and Lua numbers are doubles, so versions are
-- compared as decimal strings without leading zeros, as write-snapshot.lua does: the longer is larger, else the
-- lexically larger.
local function newer(a, b)
  if #a ~= #b then
    return #a > #b
  end
  return a > b
end

local stored = redis.call('HGET', KEYS[1], 'version')
if stored and not newer(ARGV[1], stored) then
  return {'refused', stored}
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2])
if ARGV[2] == '' then
  redis.call('SREM', KEYS[2], ARGV[5])
else
  redis.call('SADD', KEYS[2], ARGV[5])
end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return {'written', ARGV[1]}
