// The one step every throttled call makes in Redis, atomic because Redis runs a script alone:
// refill each bucket the call draws on by the time since it was last touched, then take a token
// from each, or from none when one holds less than a token. The arithmetic is that of
// src/domain/throttle/token-bucket.ts (credit = tokens × the period in ms, integer sums), on
// Redis's own clock, so the servers' clocks do not matter.
//
// KEYS: one hash per budget (credit, at). ARGV: limit and period in ms of each budget, in turn.
// Answers [] when the tokens were taken, else each bucket's refilled credit (a refusal: nothing
// taken), from which the domain works out which budget to wait for and how long.
// Each key expires when its bucket would be full again: a missing bucket is a full one.
export const takeScript = `
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local credits, ats, refused = {}, {}, false
for i = 1, #KEYS do
  local limit, period = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local capacity = limit * period
  local held = redis.call('HMGET', KEYS[i], 'credit', 'at')
  local credit, at = capacity, now
  if held[1] and held[2] then
    local since = tonumber(held[2])
    credit = math.min(capacity, tonumber(held[1]) + math.max(0, now - since) * limit)
    at = math.max(now, since)
  end
  credits[i], ats[i] = credit, at
  if credit < period then refused = true end
end
if refused then
  local answer = {}
  for i = 1, #KEYS do answer[i] = tostring(credits[i]) end
  return answer
end
for i = 1, #KEYS do
  local limit, period = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local credit = credits[i] - period
  redis.call('HSET', KEYS[i], 'credit', credit, 'at', ats[i])
  redis.call('PEXPIRE', KEYS[i], math.max(1, math.ceil((limit * period - credit) / limit)))
end
return {}
`
