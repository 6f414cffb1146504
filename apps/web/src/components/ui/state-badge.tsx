/** A coloured label for a state (task status, up/down, cache outcome); the text carries the meaning. */
export function StateBadge({ state, label }: { state: string; label?: string }) {
  return <span className={`badge badge-${state.toLowerCase()}`}>{label ?? state}</span>;
}
