import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import prettier from 'eslint-config-prettier';
import baseConfig from '../../eslint.config.mjs';

/**
 * The workspace rules, then Next.js's own: React, React Hooks (with the React Compiler's checks),
 * accessibility, imports and the Core Web Vitals rules of @next/next.
 */
const config = [
  ...baseConfig,
  ...nextCoreWebVitals,
  { settings: { next: { rootDir: import.meta.dirname } } },
  {
    // Pages and layouts are server components: they render once per request and never again in
    // the browser, so reading the clock there is the request's time, not an unstable render.
    files: ['src/app/**/page.tsx', 'src/app/**/layout.tsx'],
    rules: { 'react-hooks/purity': 'off' },
  },
  {
    // This file is tooling, not code of the app.
    files: ['eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  prettier,
];

export default config;
