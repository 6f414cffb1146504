#!/usr/bin/env node
// Copies the console's screenshots that the browser tests took (reports/screenshots/web/) into
// docs/screenshots/ for the README: the top of each page (1280 × 900 CSS pixels, what a browser
// window shows), scaled to 960 pixels wide as a palette PNG. `make screenshots` runs the browser
// tests first.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const root = join(import.meta.dirname, '../..');
const taken = join(root, 'reports/screenshots/web');
const published = join(root, 'docs/screenshots');
/**
 * The pages the README shows: the name the browser tests gave a screenshot (most from
 * apps/web/test/seeded-console.browser-spec.ts, after `make seed`), and the name it gets in docs/.
 */
const PAGES = [
  ['sign-in', 'sign-in'],
  ['seeded-profiles', 'profiles'],
  ['seeded-profile', 'profile'],
  ['seeded-profile-edit', 'profile-edit'],
  ['seeded-tasks', 'tasks'],
  ['seeded-task', 'task'],
  ['seeded-cache', 'cache'],
  ['seeded-system', 'system'],
];
const WINDOW = { width: 1280, height: 900 };
const WIDTH = 960;

mkdirSync(published, { recursive: true });
for (const [screenshot, name] of PAGES) {
  const source = sharp(join(taken, `${screenshot}.png`));
  const { width = WINDOW.width, height = WINDOW.height } = await source.metadata();
  const file = join(published, `${name}.png`);
  const { size } = await source
    .extract({
      left: 0,
      top: 0,
      width: Math.min(width, WINDOW.width),
      height: Math.min(height, WINDOW.height),
    })
    .resize({ width: WIDTH })
    .png({ palette: true, quality: 90, compressionLevel: 9 })
    .toFile(file);
  console.log(`docs/screenshots/${name}.png: ${Math.round(size / 1024)} KiB`);
}
