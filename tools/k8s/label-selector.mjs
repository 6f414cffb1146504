// kubectl's equality-based label selectors (`key=value`, `key!=value`, comma-separated, all must
// hold), for the scripts that pick objects out of rendered manifests as `kubectl --selector` does.

/** A predicate on an object's labels for a selector such as `a=b,c!=d`. */
export function labelSelector(selector) {
  const clauses = selector.split(',').map((clause) => {
    const [key, value] = clause.split(/!?=/);
    return { key, value, equal: !clause.includes('!=') };
  });
  return (labels = {}) => clauses.every(({ key, value, equal }) => (labels[key] === value) === equal);
}
