/**
 * The Redis replay memory's state changes, each one Lua script: Redis runs a script without
 * interleaving another client's command, so two webhook processes can never both take one claim.
 * A claim's value is `accepted`, or `<stage>:<owner id>:<token>` with stage `pending` (claimed, not
 * yet handed to n8n) or `handed` (handed to n8n, the answer not yet gone out).
 */

/**
 * An owner's heartbeat, shared by HEARTBEAT and CLAIM: refreshes its liveness key and notes, on
 * Redis's own clock, when the owners' heartbeats resumed after a gap longer than a TTL (Redis was
 * restarted, or no process could reach it). Liveness keys expire during such a gap although their
 * owners live, so for a while after it a missing key proves no death (see `owner_is_dead`).
 */
const BEAT = `
local function now_ms()
  local t = redis.call('time')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function beat(owners, owner_id, ttl)
  local now = now_ms()
  local last = tonumber(redis.call('get', owners .. 'owners:last-beat'))
  if not last or now - last > tonumber(ttl) then
    redis.call('set', owners .. 'owners:resumed-at', string.format('%.0f', now))
  end
  redis.call('set', owners .. 'owners:last-beat', string.format('%.0f', now))
  redis.call('set', owners .. 'owner:' .. owner_id, '1', 'PX', ttl)
  return now
end
-- Dead: no liveness key, and the live owners have had two TTLs since the heartbeats resumed.
local function owner_is_dead(owners, owner_id, ttl, now)
  if redis.call('exists', owners .. 'owner:' .. owner_id) == 1 then return false end
  local resumed = tonumber(redis.call('get', owners .. 'owners:resumed-at')) or 0
  return now - resumed >= 2 * tonumber(ttl)
end
`;

/** ARGV: [1] the memory's key prefix with its colon, [2] our owner id, [3] the owner TTL (ms). */
export const HEARTBEAT = `${BEAT}
beat(ARGV[1], ARGV[2], ARGV[3])
return 1`;

/**
 * Claims every id of one delivery, or none.
 * KEYS: the claim keys. ARGV: [1] the memory's key prefix with its colon, [2] our owner id, [3] our
 * pending value, [4] the pending TTL, [5] the owner TTL, [6] the accepted TTL (ms), [7] '1' when a
 * hand-over is durable. The claim is also our heartbeat. Returns 'busy', or per key: 'fresh' (now
 * ours), 'replay' (accepted before) or 'accept' (a dead owner's durable hand-over, now accepted).
 */
export const CLAIM = `${BEAT}
local now = beat(ARGV[1], ARGV[2], ARGV[5])
local verdicts = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('get', key)
  local verdict = 'busy'
  if not current then
    verdict = 'fresh'
  elseif current == 'accepted' then
    verdict = 'replay'
  else
    local stage, owner = string.match(current, '^(%a+):([^:]+):')
    if owner and owner_is_dead(ARGV[1], owner, ARGV[5], now) then
      if stage == 'pending' then
        verdict = 'fresh'
      elseif stage == 'handed' then
        if ARGV[7] == '1' then verdict = 'accept' else verdict = 'fresh' end
      end
    end
  end
  if verdict == 'busy' then return 'busy' end
  verdicts[i] = verdict
end
for i, key in ipairs(KEYS) do
  if verdicts[i] == 'fresh' then
    redis.call('set', key, ARGV[3], 'PX', ARGV[4])
  elseif verdicts[i] == 'accept' then
    redis.call('set', key, 'accepted', 'PX', ARGV[6])
  end
end
return verdicts`;

/**
 * Moves every claim of one delivery from pending to handed, or none: 0 when one of them no longer
 * holds our value. KEYS: the claim keys. ARGV: [1] our pending value, [2] our handed value, [3] the
 * pending TTL (ms), which a handed claim keeps as its backstop.
 */
export const MARK_HANDED = `
for _, key in ipairs(KEYS) do
  local current = redis.call('get', key)
  if current ~= ARGV[1] and current ~= ARGV[2] then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('set', key, ARGV[2], 'PX', ARGV[3])
end
return 1`;

/**
 * Settles one claim once its answer has gone out, only if it is still ours (pending or handed):
 * KEYS[1] becomes ARGV[3] (expiring after ARGV[4] ms), or is deleted when ARGV[3] is empty.
 * ARGV: [1] our pending value, [2] our handed value.
 */
export const SETTLE = `
local current = redis.call('get', KEYS[1])
if current ~= ARGV[1] and current ~= ARGV[2] then return 0 end
if ARGV[3] == '' then return redis.call('del', KEYS[1]) end
return redis.call('set', KEYS[1], ARGV[3], 'PX', ARGV[4])`;
