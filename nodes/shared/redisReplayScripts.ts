/**
 * The Redis replay memory's state changes, each one Lua script: Redis runs a script without
 * interleaving another client's command, so two webhook processes can never both take one claim.
 * A claim's value is `accepted`, or `<stage>:<owner id>:<token>` with stage `pending` (claimed, not
 * yet handed to n8n) or `handed` (handed to n8n, the answer not yet gone out).
 */

/**
 * Claims every id of one delivery, or none.
 * KEYS: the claim keys. ARGV: [1] the owner keys' prefix, [2] our owner id, [3] our pending value,
 * [4] the pending TTL, [5] the owner TTL, [6] the accepted TTL (ms), [7] '1' when a hand-over is
 * durable. Returns 'busy', or per key: 'fresh' (now ours), 'replay' (accepted before) or 'accept'
 * (a dead owner's durable hand-over, now accepted).
 */
export const CLAIM = `
redis.call('set', ARGV[1] .. ARGV[2], '1', 'PX', ARGV[5])
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
    if owner and redis.call('exists', ARGV[1] .. owner) == 0 then
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
