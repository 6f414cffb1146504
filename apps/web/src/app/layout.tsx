import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './global.css';

export const metadata: Metadata = {
  title: 'Profile console',
  description: 'Manage profiles, follow tasks and watch the cache.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="masthead">
          <span className="brand">Profile console</span>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
