'use client';

import './global.css';

/** The last resort when even the layout failed; it replaces the whole document. */
export default function GlobalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body>
        <main id="content">
          <h1>The console failed to load</h1>
          <p>Something went wrong on the console’s server.</p>
          <button type="button" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
