import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentTheme } from '../../lib/theme-cookie';
import { ThemeToggle } from './theme-toggle';

/**
 * The bar at the top of every page: the console's name, the navigation when signed in, and the
 * theme.
 */
export async function Masthead({ children }: { children?: ReactNode }) {
  return (
    <header className="masthead">
      <Link href="/" className="brand">
        Profile console
      </Link>
      {children}
      <ThemeToggle initial={await currentTheme()} />
    </header>
  );
}
