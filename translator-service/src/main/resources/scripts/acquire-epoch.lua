-- A new writer epoch (docs/architecture.md "Versions and epochs").
-- KEYS[1] the fence hash; ARGV[1] a fresh random id, the incarnation of this Redis if it holds none yet.
-- Returns {incarnation, epoch}: the epoch is higher than any taken before in this incarnation.
local incarnation = redis.call('HGET', KEYS[1], 'incarnation')
if not incarnation then
  incarnation = ARGV[1]
  redis.call('HSET', KEYS[1], 'incarnation', incarnation)
end
local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
return {incarnation, tostring(epoch)}
