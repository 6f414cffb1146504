/** Entity-tag comparisons of RFC 9110 §8.8.3 for If-Match and If-None-Match. */

interface EntityTag {
  weak: boolean;
  opaque: string;
}

const ENTITY_TAG = /(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"/g;

function parseEntityTags(header: string): EntityTag[] | '*' {
  if (header.trim() === '*') return '*';
  return [...header.matchAll(ENTITY_TAG)].map(([, weak, opaque]) => ({ weak: !!weak, opaque }));
}

function parseOne(etag: string): EntityTag {
  const [tag] = [...etag.matchAll(ENTITY_TAG)];
  return { weak: !!tag?.[1], opaque: tag?.[2] ?? '' };
}

/** If-None-Match uses the weak comparison: opaque tags equal, weakness ignored. */
export function matchesIfNoneMatch(header: string, currentEtag: string): boolean {
  const tags = parseEntityTags(header);
  if (tags === '*') return true;
  const current = parseOne(currentEtag);
  return tags.some((tag) => tag.opaque === current.opaque);
}

/** If-Match uses the strong comparison: both tags strong and equal. A malformed header matches nothing. */
export function matchesIfMatch(header: string, currentEtag: string): boolean {
  const tags = parseEntityTags(header);
  if (tags === '*') return true;
  const current = parseOne(currentEtag);
  return !current.weak && tags.some((tag) => !tag.weak && tag.opaque === current.opaque);
}

/** Whether a request's Cache-Control asks to bypass caches (`no-cache`). */
export function requestsNoCache(cacheControl: string | undefined): boolean {
  if (cacheControl === undefined) return false;
  return cacheControl.split(',').some((directive) => directive.trim().toLowerCase() === 'no-cache');
}
