/**
 * A value shown on one line, cut with an ellipsis where the column is too narrow for it; the whole
 * value is its title (and on the item's own page, where it wraps).
 */
export function Truncated({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className ? `truncate ${className}` : 'truncate'} title={text}>
      {text}
    </span>
  );
}
