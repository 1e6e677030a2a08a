-- Compare-and-set of one Gateway's snapshot (DESIGN.md §4): a write lands only if its version is
-- higher than the stored one, so a translator that lost its shard never overwrites newer state, and only
-- if the writer's fence is of this Redis's incarnation, so a writer that has not noticed that Redis was
-- emptied learns it here (and takes a new epoch) instead of writing into a Redis readers see as new.
-- A write of some parts only (ARGV[7] set) lands only on the version it was computed against: anything else
-- (the hash deleted, another writer in between) is answered 'rebase' and the writer sends every part.
-- KEYS[1] the Gateway's snapshot hash, KEYS[2] the index set of live Gateways, KEYS[3] the fence hash
-- ARGV[1] version (decimal), ARGV[2] serialized GatewaySnapshot header (empty = the Gateway was removed),
-- ARGV[3] notice channel, ARGV[4] serialized SnapshotNotice, ARGV[5] the Gateway (<namespace>/<name>),
-- ARGV[6] the writer's incarnation, ARGV[7] the version the parts were computed against ('' = every part),
-- ARGV[8..] pairs of part field and serialized part (RedisLayout#partField)
-- Returns {'written', version}, {'refused', stored version}, {'rebase', stored version or ''}
-- or {'fence', Redis's incarnation or ''}.

-- Versions exceed 2^53 (the epoch sits in the high bits) and Lua numbers are doubles, so versions are
-- compared as decimal strings without leading zeros: the longer is larger, else the lexically larger.
local function newer(a, b)
  if #a ~= #b then
    return #a > #b
  end
  return a > b
end

local incarnation = redis.call('HGET', KEYS[3], 'incarnation')
if incarnation ~= ARGV[6] then
  return {'fence', incarnation or ''}
end
local stored = redis.call('HGET', KEYS[1], 'version')
if stored and not newer(ARGV[1], stored) then
  return {'refused', stored}
end
if ARGV[7] ~= '' and stored ~= ARGV[7] then
  return {'rebase', stored or ''}
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2])
for i = 8, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
if ARGV[2] == '' then
  redis.call('SREM', KEYS[2], ARGV[5])
else
  redis.call('SADD', KEYS[2], ARGV[5])
end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return {'written', ARGV[1]}
