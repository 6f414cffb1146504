'use client';

import { type ReactNode, useId, useState } from 'react';

/**
 * A panel (a form) that sits behind a button on a narrow screen (below ~600 px), where it would
 * push the page's list out of sight, and is simply shown on a wider one.
 */
export function CollapsiblePanel({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  return (
    <div className="collapsible" data-open={open}>
      <button
        type="button"
        className="collapsible-toggle secondary"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setOpen(!open)}
      >
        {open ? `Hide: ${label}` : label}
      </button>
      <div id={bodyId} className="collapsible-body">
        {children}
      </div>
    </div>
  );
}
