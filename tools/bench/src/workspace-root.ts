import { join } from 'node:path';

/** The workspace root, where the builds, the Dockerfiles and reports/ are. */
export const ROOT = join(__dirname, '../../..');
