-- Compare-and-set of one Gateway's snapshot (DESIGN.md §4): a write lands only if its version is
-- higher than the stored one, so a translator that lost its shard never overwrites newer state.
-- KEYS[1] the Gateway's snapshot hash, KEYS[2] the index set of live Gateways
-- ARGV[1] version, ARGV[2] serialized GatewaySnapshot (empty = the Gateway was removed),
-- ARGV[3] notice channel, ARGV[4] serialized SnapshotNotice, ARGV[5] the Gateway (<namespace>/<name>)
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
