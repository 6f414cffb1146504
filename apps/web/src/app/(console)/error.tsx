'use client';

import { useRouter } from 'next/navigation';
import { startTransition } from 'react';

/** An unexpected failure while rendering a console page; the api's own errors are shown in place. */
export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const router = useRouter();
  return (
    <div className="alert alert-error" role="alert">
      <h1>Something went wrong</h1>
      <p>
        The console could not show this page.
        {error.digest && <> Quote the reference {error.digest} when reporting it.</>}
      </p>
      <button
        type="button"
        onClick={() =>
          startTransition(() => {
            router.refresh();
            reset();
          })
        }
      >
        Try again
      </button>
    </div>
  );
}
