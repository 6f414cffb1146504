/**
 * The Lua scripts of the FIFO. Each cache operation is one of them, run atomically with EVALSHA, so
 * the read or write, the FIFO bookkeeping, eviction, pruning of expired entries and the global stats
 * happen together whatever other clients do. Keys are laid out by FifoKeys; every script gets the
 * seven namespace keys, and the ones about one id also get that id's lease and fence keys.
 *
 * Every script answers `{size, expired, evicted, ...}`: the entry count after it ran and the entries it
 * removed for age and for capacity, so that callers count those events exactly once.
 *
 * The `#!lua` line makes these Redis 7 scripts with flags: without `allow-oom`, Redis refuses to start
 * one when it is out of memory instead of failing halfway through its writes.
 */

const PRELUDE = `#!lua
local order, expires_at, payloads, versions, inserted_at, stats, counter =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]

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
`;

/**
 * KEYS: namespace, lease, fence. ARGV: id, lease TTL in ms (0: the caller will not fill).
 * A hit answers `{…, payload, version}`; a miss `{…, false, lease}` where lease is the token a fill
 * must show, shared by concurrent misses, or nil when no fill may follow (no lease asked for, or the
 * id was deleted).
 */
const LOOKUP = `${PRELUDE}
local id, lease_ttl = ARGV[1], tonumber(ARGV[2])
local expired = prune_expired(now_ms())
local payload = redis.call('HGET', payloads, id)
if payload then
  redis.call('HINCRBY', stats, 'hits', 1)
  return {size(), expired, 0, payload, redis.call('HGET', versions, id)}
end
redis.call('HINCRBY', stats, 'misses', 1)
local lease = false
if lease_ttl > 0 and redis.call('GET', KEYS[9]) ~= 'deleted' then
  lease = redis.call('GET', KEYS[8])
  if not lease then
    lease = redis.call('INCR', counter)
    redis.call('SET', KEYS[8], lease, 'PX', lease_ttl)
  end
end
return {size(), expired, 0, false, lease}
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
if redis.call('GET', KEYS[8]) ~= ARGV[2] then
  return {size(), expired, 0, 0}
end
redis.call('DEL', KEYS[8])
local evicted = insert(ARGV[1], ARGV[3], ARGV[4], tonumber(ARGV[5]), now, tonumber(ARGV[6]))
return {size(), expired, evicted, 1}
`;

/**
 * KEYS: namespace, lease, fence. ARGV: id, payload, version, TTL in ms, max entries, fence TTL in ms.
 * A fenced write (fence TTL > 0) is refused unless its version is newer than both the cached one and
 * the fence, which remembers the newest version written (or the delete) after the entry itself is
 * gone; it then raises the fence. An unfenced write (the generic Store) is stored unconditionally.
 * Either way it cancels outstanding leases, since a loader that ran before it may hold older data.
 * Answers `{…, 1}` when stored, `{…, 0}` when superseded.
 */
const WRITE = `${PRELUDE}
local now = now_ms()
local expired = prune_expired(now)
local id, version, fence_ttl = ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[6])
if fence_ttl > 0 then
  local fence = redis.call('GET', KEYS[9])
  local cached = redis.call('HGET', versions, id)
  if fence == 'deleted' or (fence and tonumber(fence) >= version) or (cached and tonumber(cached) >= version) then
    return {size(), expired, 0, 0}
  end
  redis.call('SET', KEYS[9], ARGV[3], 'PX', fence_ttl)
end
redis.call('DEL', KEYS[8])
local evicted = insert(id, ARGV[2], ARGV[3], tonumber(ARGV[4]), now, tonumber(ARGV[5]))
return {size(), expired, evicted, 1}
`;

/**
 * KEYS: namespace, lease, fence. ARGV: id, tombstone TTL in ms (0: leave none).
 * Removes the entry, cancels outstanding leases and, with a TTL, leaves a tombstone that refuses every
 * later fill and write of the id until it expires. Answers `{…, 1}` when an entry was removed.
 */
const REMOVE = `${PRELUDE}
local id, tombstone_ttl = ARGV[1], tonumber(ARGV[2])
local expired = prune_expired(now_ms())
local removed = 0
if redis.call('HEXISTS', payloads, id) == 1 then
  forget(id)
  redis.call('HINCRBY', stats, 'invalidations', 1)
  removed = 1
end
redis.call('DEL', KEYS[8])
if tombstone_ttl > 0 then
  redis.call('SET', KEYS[9], 'deleted', 'PX', tombstone_ttl)
end
return {size(), expired, 0, removed}
`;

/**
 * KEYS: namespace. ARGV: '1' to list the entries, '0' for the stats alone.
 * Answers `{…, now, stats as HGETALL, entries}` with entries flattened oldest first as
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
local expired = prune_expired(now_ms())
redis.call('DEL', order, expires_at, payloads, versions, inserted_at)
return {0, expired, 0}
`;

export interface FifoScript {
  /** The name ioredis gives the command (defineCommand). */
  readonly command: string;
  readonly lua: string;
  readonly numberOfKeys: number;
}

const NAMESPACE_KEYS = 7;
const ID_KEYS = NAMESPACE_KEYS + 2;

export const FIFO_SCRIPTS = {
  lookup: { command: 'profileCacheLookup', lua: LOOKUP, numberOfKeys: ID_KEYS },
  fill: { command: 'profileCacheFill', lua: FILL, numberOfKeys: ID_KEYS },
  write: { command: 'profileCacheWrite', lua: WRITE, numberOfKeys: ID_KEYS },
  remove: { command: 'profileCacheRemove', lua: REMOVE, numberOfKeys: ID_KEYS },
  snapshot: { command: 'profileCacheSnapshot', lua: SNAPSHOT, numberOfKeys: NAMESPACE_KEYS },
  clear: { command: 'profileCacheClear', lua: CLEAR, numberOfKeys: NAMESPACE_KEYS },
} as const satisfies Record<string, FifoScript>;

export type FifoScriptName = keyof typeof FIFO_SCRIPTS;
