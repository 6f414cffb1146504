import Link from 'next/link';
import type { ReactNode } from 'react';

/** The bar at the top of every page: the console's name, and the navigation when signed in. */
export function Masthead({ children }: { children?: ReactNode }) {
  return (
    <header className="masthead">
      <Link href="/" className="brand">
        Profile console
      </Link>
      {children}
    </header>
  );
}
