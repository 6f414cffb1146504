import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace-root';

/** The value of an `ENV NODE_OPTIONS=…` line of a Dockerfile, or '' when it sets none. */
export function nodeOptionsOf(dockerfile: string): string {
  const match = /^ENV\s+NODE_OPTIONS=(?:"([^"]*)"|(\S+))\s*$/m.exec(dockerfile);
  return match ? (match[1] ?? match[2]) : '';
}

/**
 * The NODE_OPTIONS an app's image runs it with (the api's heap limit), so that the bench measures
 * the process as it runs in production.
 */
export function imageNodeOptions(app: 'api' | 'worker'): string {
  return nodeOptionsOf(readFileSync(join(ROOT, 'apps', app, 'Dockerfile'), 'utf8'));
}
