-- One rate-limit decision for every counter of one request that lives in one Redis slot (one config), in one
-- round trip and atomically: first check every counter, then count only if no enforced counter is over its limit,
-- so a refused request consumes no quota anywhere.
--
-- KEYS: two per counter: the window's key and the previous window's key (the sliding window reads it; the other
--       algorithms get the same key twice).
-- ARGV[1]: now, in milliseconds (the service's clock, so all replicas and tests agree on window boundaries).
-- Then seven per counter: algorithm (1 fixed window, 2 sliding window, 3 token bucket), limit (requests per
-- window), window length (ms), window start (ms), hits to add (0 = check only), burst (token bucket capacity),
-- shadow (1 = never blocks the request).
-- Returns four integers per counter: over (0/1), remaining, ms until the window resets (token bucket: until it is
-- full again), ms until one more hit would fit (0 when it fits now).

local now = tonumber(ARGV[1])
local count = #KEYS / 2
local slack = 1000 -- keys outlive their use a little, for replicas whose clocks run slightly behind

local state = {}
local blocked = false

for i = 1, count do
  local a = 1 + (i - 1) * 7
  local s = {
    algorithm = tonumber(ARGV[a + 1]), limit = tonumber(ARGV[a + 2]), window = tonumber(ARGV[a + 3]),
    start = tonumber(ARGV[a + 4]), hits = tonumber(ARGV[a + 5]), burst = tonumber(ARGV[a + 6]),
    shadow = ARGV[a + 7] == '1', key = KEYS[2 * i - 1], previousKey = KEYS[2 * i]
  }
  if s.algorithm == 3 then
    -- GCRA: the stored value is the time at which the bucket is full again ("theoretical arrival time")
    -- a limit of 0 refuses everything; the interval then only has to be a finite number
    if s.limit > 0 then s.interval = s.window / s.limit else s.interval = s.window end
    local tat = tonumber(redis.call('GET', s.key) or '0')
    if tat < now then tat = now end
    s.tat = tat
    -- the tolerance absorbs the rounding of the stored value (three decimals of a millisecond)
    s.over = s.limit == 0 or (tat + s.hits * s.interval - now) > s.burst * s.interval + 0.01
  else
    s.current = tonumber(redis.call('GET', s.key) or '0')
    s.weighted = 0
    if s.algorithm == 2 then
      local previous = tonumber(redis.call('GET', s.previousKey) or '0')
      s.previous = previous
      s.weighted = previous * (s.window - (now - s.start)) / s.window
    end
    s.over = math.floor(s.weighted) + s.current + s.hits > s.limit
  end
  if s.over and not s.shadow then blocked = true end
  state[i] = s
end

local result = {}
for i = 1, count do
  local s = state[i]
  local count_it = (not blocked) and (not s.over) and s.hits > 0
  local remaining, reset, retry
  if s.algorithm == 3 then
    local tat = s.tat
    if count_it then
      tat = tat + s.hits * s.interval
      redis.call('SET', s.key, string.format('%.3f', tat), 'PX', math.ceil(tat - now) + slack)
    end
    remaining = math.floor((s.burst * s.interval - (tat - now) + 0.01) / s.interval)
    if remaining < 0 then remaining = 0 end
    reset = math.ceil(tat - now)
    retry = 0
    if remaining < 1 then retry = math.ceil(tat + s.interval - now - s.burst * s.interval) end
    if s.limit == 0 then remaining = 0; retry = s.window end
  else
    local current = s.current
    if count_it then
      current = redis.call('INCRBY', s.key, s.hits)
      if current == s.hits then
        -- the first hit of this window: the only EXPIRE the key ever gets; the sliding window reads it
        -- during the next window too
        local life = s.start + s.window - now + slack
        if s.algorithm == 2 then life = life + s.window end
        redis.call('PEXPIRE', s.key, life)
      end
    end
    reset = s.start + s.window - now
    local used = math.floor(s.weighted) + current
    remaining = s.limit - used
    if remaining < 0 then remaining = 0 end
    retry = 0
    if remaining < 1 then
      retry = reset
      if s.algorithm == 2 and current < s.limit and s.previous > 0 then
        -- the weighted previous window fades: one more hit fits once floor(previous * (1 - elapsed/window))
        -- <= room, that is once elapsed > window * (1 - (room + 1) / previous)
        local room = s.limit - current - 1
        local elapsed = math.floor(s.window * (1 - (room + 1) / s.previous)) + 1
        retry = s.start + elapsed - now
        if retry < 1 then retry = 1 end
        if retry > reset then retry = reset end
      end
    end
  end
  if s.over then remaining = 0 end
  result[4 * i - 3] = s.over and 1 or 0
  result[4 * i - 2] = remaining
  result[4 * i - 1] = reset
  result[4 * i] = retry
end
return result
