import type { Profile } from '@profile/profile-domain';
import type { Page } from 'playwright-core';
import { checkPage, visit } from './support/browser';
import { consoleSuite } from './support/console-suite';
import { CACHE_MAX_ENTRIES, newProfile } from './support/stack';

describe('the cache page', () => {
  const suite = consoleSuite('cache');
  const { open } = suite;

  const stat = (page: Page, name: string) =>
    page
      .locator('.stat', { has: page.getByRole('term').filter({ hasText: name }) })
      .locator('.stat-value');

  it('shows the FIFO lane evict its oldest entry, live, and flushes it for an admin', async () => {
    const profiles: Profile[] = [];
    for (let index = 0; index <= CACHE_MAX_ENTRIES; index += 1) {
      profiles.push(
        (await suite.stack.api<Profile>('POST', '/api/v1/profiles', { body: newProfile() })).body,
      );
    }
    const admin = await open('admin');
    const reader = admin.page;
    const watcher = await open('admin');
    await visit(watcher.page, '/cache');
    await watcher.page.getByText(`0 of ${CACHE_MAX_ENTRIES} entries`).waitFor();

    // One more read than the cache holds: each a miss that fills it, the last one evicting the first.
    for (const profile of profiles) {
      await visit(reader, `/profiles/${profile.id}`);
      await reader.getByText('MISS', { exact: true }).waitFor();
    }

    // The watching page updates itself: no reload.
    const lane = watcher.page.getByRole('list', { name: 'Cache entries, oldest first' });
    await watcher.page.getByText(`${CACHE_MAX_ENTRIES} of ${CACHE_MAX_ENTRIES} entries`).waitFor();
    await stat(watcher.page, 'Evictions').filter({ hasText: /^1$/ }).waitFor();
    const entries = lane.locator('.lane-entry:not(.lane-free)');
    expect(
      await entries
        .locator('a')
        .evaluateAll((links) => links.map((link) => link.getAttribute('title'))),
    ).toEqual(profiles.slice(1).map((profile) => profile.id));
    expect(await entries.first().innerText()).toMatch(/#1\s*next out/);
    for (const text of await entries.allInnerTexts()) {
      expect(text).toMatch(/version 1\s+TTL (23 h 59 min|1 d)/);
    }
    expect(await stat(watcher.page, 'Misses').innerText()).toBe(String(CACHE_MAX_ENTRIES + 1));
    expect(await stat(watcher.page, 'Hit ratio').innerText()).toBe('0.0 %');
    await checkPage(watcher.page, 'cache');

    // A hit leaves the order alone and moves the ratio.
    await visit(reader, `/profiles/${profiles.at(-1)!.id}`);
    await reader.getByText('HIT', { exact: true }).waitFor();
    await stat(watcher.page, 'Hit ratio').filter({ hasText: '20.0 %' }).waitFor();

    await watcher.page.getByRole('button', { name: 'Flush the cache' }).click();
    const dialog = watcher.page.getByRole('dialog', { name: 'Flush the cache?' });
    await dialog.getByRole('button', { name: 'Flush' }).click();
    await watcher.page.getByText('The cache was flushed.').waitFor();
    await watcher.page.getByText(`0 of ${CACHE_MAX_ENTRIES} entries`).waitFor();
    expect(await stat(watcher.page, 'Evictions').innerText()).toBe('1');
    expect((await suite.stack.api<{ size: number }>('GET', '/api/v1/cache')).body.size).toBe(0);
  });

  it('is not offered to a write key', async () => {
    const { page } = await open('write');
    expect(
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allInnerTexts(),
    ).not.toContain('Cache');
    await visit(page, '/cache');
    await page.getByText('Viewing the cache needs a key with the admin scope').waitFor();
    expect(await page.getByRole('button', { name: 'Flush the cache' }).count()).toBe(0);
    await checkPage(page, 'cache-not-admin');
  });
});
