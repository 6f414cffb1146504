import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { currentTheme } from '../lib/theme-cookie';
import './global.css';

export const metadata: Metadata = {
  title: { default: 'Profile console', template: '%s · Profile console' },
  description: 'Manage profiles, follow tasks and watch the cache.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = await currentTheme();
  return (
    <html lang="en" data-theme={theme === 'system' ? undefined : theme}>
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
