/**
 * The Redis keys of one FIFO namespace. Every key starts with the hash tag `{prefix}`, so on Redis
 * Cluster they share one slot and a script may touch all of them.
 *
 * Entries live in fields of a few fixed keys rather than in a key per entry: eviction and expiry remove
 * entries the caller did not name, and a script may only touch keys it was given in KEYS. The per-id
 * lease and fence keys are only ever touched for the id a caller names, so they can be keys of their
 * own with a Redis-held TTL.
 */
export class FifoKeys {
  /** ZSET id → insertion number: the FIFO order, oldest lowest. */
  readonly order: string;
  /** ZSET id → expiry time in ms since the epoch (Redis's clock). */
  readonly expiresAt: string;
  /** HASH id → payload. */
  readonly payloads: string;
  /** HASH id → version. */
  readonly versions: string;
  /** HASH id → insertion time in ms since the epoch. */
  readonly insertedAt: string;
  /** HASH of the global counters: hits, misses, evictions, expirations, sets, invalidations. */
  readonly stats: string;
  /** STRING: the last number handed out, as an insertion number or a lease token. */
  readonly counter: string;
  private readonly tag: string;

  constructor(prefix: string) {
    this.tag = `{${prefix}}`;
    this.order = `${this.tag}:order`;
    this.expiresAt = `${this.tag}:expires-at`;
    this.payloads = `${this.tag}:payloads`;
    this.versions = `${this.tag}:versions`;
    this.insertedAt = `${this.tag}:inserted-at`;
    this.stats = `${this.tag}:stats`;
    this.counter = `${this.tag}:counter`;
  }

  /** The keys every script reads, in the order the scripts expect them (KEYS[1..7]). */
  namespace(): string[] {
    return [
      this.order,
      this.expiresAt,
      this.payloads,
      this.versions,
      this.insertedAt,
      this.stats,
      this.counter,
    ];
  }

  /** The namespace keys plus the lease and fence of each id: KEYS[6 + 2n] and KEYS[7 + 2n] for the n-th. */
  forIds(ids: readonly string[]): string[] {
    return [...this.namespace(), ...ids.flatMap((id) => [this.lease(id), this.fence(id)])];
  }

  /** STRING with a TTL: the token of the miss that may fill `id`. */
  lease(id: string): string {
    return `${this.tag}:lease:${id}`;
  }

  /** STRING with a TTL: the newest version written through for `id`, or `deleted` (a tombstone). */
  fence(id: string): string {
    return `${this.tag}:fence:${id}`;
  }

  /** Where an entry's payload is: the field `id` of the payload hash. */
  entryAddress(id: string): string {
    return `${this.payloads}#${id}`;
  }
}
