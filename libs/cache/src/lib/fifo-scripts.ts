/**
 * The Lua scripts of the FIFO. Each cache operation is one of them, run atomically with EVALSHA, so
 * the read or write, the FIFO bookkeeping, eviction, pruning of expired entries and the global stats
 * happen together whatever other clients do. Keys are laid out by FifoKeys: every script gets the
 * seven namespace keys, and the ones about ids also get a lease and a fence key per id, so lookups,
 * writes and removals take one id or several (the Store's mget, mset and mdel) in one call.
 *
 * Every script answers `{size, expired, evicted, now, ...}`: the entry count after it ran, the
 * entries it removed for age and for capacity (so that callers count those events exactly once), and
 * Redis's clock as the script saw it.
 *
 * The `#!lua` line makes these Redis 7 scripts with flags: without `allow-oom`, Redis refuses to start
 * one when it is out of memory instead of failing halfway through its writes.
 */

const PRELUDE = `#!lua
local order, expires_at, payloads, versions, inserted_at, stats, counter =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]

-- The lease and fence keys of the n-th id a script was given.
local function lease_key(n) return KEYS[6 + 2 * n] end
local function fence_key(n) return KEYS[7 + 2 * n] end

-- Redis's clock, the same for every client.
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function forget(id)
  redis.call('ZREM', order, id)
  redis.call('ZREM', expires_at, id)
  redis.call('HDEL', payloads, id)
  redis.call('HDEL', versions, id)
  redis.call('HDEL', inserted_at, id)
end

-- Runs first in every script, so no script ever sees or counts an entry past its expiry.
local function prune_expired(now)
  local ids = redis.call('ZRANGEBYSCORE', expires_at, '-inf', now)
  for i = 1, #ids do
    forget(ids[i])
  end
  if #ids > 0 then
    redis.call('HINCRBY', stats, 'expirations', #ids)
  end
  return #ids
end

local function size()
  return redis.call('ZCARD', order)
end

-- Puts the entry at the tail (an id already cached moves there) and evicts from the head while the
-- cache holds more than max_entries. A ttl of 0 means no expiry. Returns the number evicted.
local function insert(id, payload, version, ttl, now, max_entries)
  redis.call('ZADD', order, redis.call('INCR', counter), id)
  if ttl > 0 then
    redis.call('ZADD', expires_at, now + ttl, id)
  else
    redis.call('ZADD', expires_at, '+inf', id)
  end
  redis.call('HSET', payloads, id, payload)
  redis.call('HSET', versions, id, version)
  redis.call('HSET', inserted_at, id, now)
  redis.call('HINCRBY', stats, 'sets', 1)
  local excess = size() - max_entries
  if excess <= 0 then
    return 0
  end
  local oldest = redis.call('ZPOPMIN', order, excess)
  for i = 1, #oldest, 2 do
    forget(oldest[i])
  end
  redis.call('HINCRBY', stats, 'evictions', excess)
  return excess
end

local function count(stat, n)
  if n > 0 then
    redis.call('HINCRBY', stats, stat, n)
  end
end
`;

/**
 * KEYS: namespace, then a lease and a fence per id. ARGV: lease TTL in ms (0: no fill will follow),
 * then per id the id and the lease token it offers. Answers `{…, reads}` with two values per id: a
 * hit's `payload, version`, or a miss's `false, lease`, where lease is the token a fill must show
 * (the one already out for the id, shared by concurrent misses, or else the offered one), or false
 * when no fill may follow (no lease asked for, or the id was deleted).
 *
 * Tokens come from the callers (random), not from the counter: the counter starts again at 1 when
 * Redis restarts empty, and a fill whose miss came before the restart must not match a lease handed
 * out after it.
 */
const LOOKUP = `${PRELUDE}
local lease_ttl = tonumber(ARGV[1])
local now = now_ms()
local expired = prune_expired(now)
local reads, hits, misses = {}, 0, 0
for n = 1, (#ARGV - 1) / 2 do
  local id, token = ARGV[2 * n], ARGV[2 * n + 1]
  local payload = redis.call('HGET', payloads, id)
  if payload then
    hits = hits + 1
    reads[#reads + 1] = payload
    reads[#reads + 1] = redis.call('HGET', versions, id)
  else
    misses = misses + 1
    local lease = false
    if lease_ttl > 0 and redis.call('GET', fence_key(n)) ~= 'deleted' then
      lease = redis.call('GET', lease_key(n))
      if not lease then
        lease = token
        redis.call('SET', lease_key(n), lease, 'PX', lease_ttl)
      end
    end
    reads[#reads + 1] = false
    reads[#reads + 1] = lease
  end
end
count('hits', hits)
count('misses', misses)
return {size(), expired, 0, now, reads}
`;

/**
 * KEYS: namespace, lease, fence. ARGV: id, lease, payload, version, TTL in ms, max entries.
 * Stores the loader's result only while the lease of its miss still stands: a write-through or
 * invalidation since then deleted it, and so did the first fill of the same lease. Answers
 * `{…, 1}` when stored, `{…, 0}` when not.
 */
const FILL = `${PRELUDE}
local now = now_ms()
local expired = prune_expired(now)
if redis.call('GET', lease_key(1)) ~= ARGV[2] then
  return {size(), expired, 0, now, 0}
end
redis.call('DEL', lease_key(1))
local evicted = insert(ARGV[1], ARGV[3], ARGV[4], tonumber(ARGV[5]), now, tonumber(ARGV[6]))
return {size(), expired, evicted, now, 1}
`;

/**
 * KEYS: namespace, then a lease and a fence per id. ARGV: max entries, fence TTL in ms, entry TTL in
 * ms, then per entry its id, payload and version; entries are written in that order.
 * A fenced write (fence TTL > 0) is refused unless its version is newer than both the cached one and
 * the fence, which remembers the newest version written (or the delete) after the entry itself is
 * gone; it then raises the fence. An unfenced write (the generic Store) is stored unconditionally.
 * Either way it cancels outstanding leases, since a loader that ran before it may hold older data.
 * Answers `{…, applied}` with 1 per entry stored and 0 per entry superseded.
 */
const WRITE = `${PRELUDE}
local max_entries, fence_ttl, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_ms()
local expired = prune_expired(now)
local evicted, applied = 0, {}

local function superseded(n, id, version)
  local fence = redis.call('GET', fence_key(n))
  local cached = redis.call('HGET', versions, id)
  return fence == 'deleted' or (fence and tonumber(fence) >= version)
    or (cached and tonumber(cached) >= version)
end

for n = 1, (#ARGV - 3) / 3 do
  local id, payload, version = ARGV[3 * n + 1], ARGV[3 * n + 2], ARGV[3 * n + 3]
  if fence_ttl > 0 and superseded(n, id, tonumber(version)) then
    applied[n] = 0
  else
    if fence_ttl > 0 then
      redis.call('SET', fence_key(n), version, 'PX', fence_ttl)
    end
    redis.call('DEL', lease_key(n))
    evicted = evicted + insert(id, payload, version, ttl, now, max_entries)
    applied[n] = 1
  end
end
return {size(), expired, evicted, now, applied}
`;

/**
 * KEYS: namespace, then a lease and a fence per id. ARGV: tombstone TTL in ms (0: leave none), then
 * the ids. Removes the entries, cancels outstanding leases and, with a TTL, leaves tombstones that
 * refuse every later fill and write of the ids until they expire. Answers `{…, removed}` with 1 per
 * id whose entry was removed, 0 per id that was not cached.
 */
const REMOVE = `${PRELUDE}
local tombstone_ttl = tonumber(ARGV[1])
local now = now_ms()
local expired = prune_expired(now)
local removed, invalidations = {}, 0
for n = 1, #ARGV - 1 do
  local id = ARGV[n + 1]
  removed[n] = 0
  if redis.call('HEXISTS', payloads, id) == 1 then
    forget(id)
    invalidations = invalidations + 1
    removed[n] = 1
  end
  redis.call('DEL', lease_key(n))
  if tombstone_ttl > 0 then
    redis.call('SET', fence_key(n), 'deleted', 'PX', tombstone_ttl)
  end
end
count('invalidations', invalidations)
return {size(), expired, 0, now, removed}
`;

/**
 * KEYS: namespace. ARGV: '1' to list the entries, '0' for the stats alone.
 * Answers `{…, stats as HGETALL, entries}` with entries flattened oldest first as
 * `id, version, insertedAt, expiresAt` (expiresAt `inf` for an entry without expiry).
 */
const SNAPSHOT = `${PRELUDE}
local now = now_ms()
local expired = prune_expired(now)
local entries = {}
if ARGV[1] == '1' then
  local ids = redis.call('ZRANGE', order, 0, -1)
  for i = 1, #ids do
    local id = ids[i]
    entries[#entries + 1] = id
    entries[#entries + 1] = redis.call('HGET', versions, id)
    entries[#entries + 1] = redis.call('HGET', inserted_at, id)
    entries[#entries + 1] = redis.call('ZSCORE', expires_at, id)
  end
end
return {size(), expired, 0, now, redis.call('HGETALL', stats), entries}
`;

/**
 * KEYS: namespace. Empties the cache. The stats, the counter, leases and fences stay: stats are
 * global history, and leases and fences keep protecting against fills and writes already under way.
 */
const CLEAR = `${PRELUDE}
local now = now_ms()
local expired = prune_expired(now)
redis.call('DEL', order, expires_at, payloads, versions, inserted_at)
return {0, expired, 0, now}
`;

export interface FifoScript {
  /** The name ioredis gives the command (defineCommand); the caller passes the key count first. */
  readonly command: string;
  readonly lua: string;
}

export const FIFO_SCRIPTS = {
  lookup: { command: 'profileCacheLookup', lua: LOOKUP },
  fill: { command: 'profileCacheFill', lua: FILL },
  write: { command: 'profileCacheWrite', lua: WRITE },
  remove: { command: 'profileCacheRemove', lua: REMOVE },
  snapshot: { command: 'profileCacheSnapshot', lua: SNAPSHOT },
  clear: { command: 'profileCacheClear', lua: CLEAR },
} as const satisfies Record<string, FifoScript>;

export type FifoScriptName = keyof typeof FIFO_SCRIPTS;
