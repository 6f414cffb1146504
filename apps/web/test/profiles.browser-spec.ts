import type { Profile } from '@profile/profile-domain';
import type { Page, Request } from 'playwright-core';
import { checkPage, visit } from './support/browser';
import { consoleSuite } from './support/console-suite';
import { newProfile } from './support/stack';

/** The merge patches the page's server actions carry to the console while `act` runs. */
async function patchesSent(page: Page, act: () => Promise<void>): Promise<unknown[]> {
  const bodies: string[] = [];
  const listener = (request: Request) => {
    if (request.method() === 'POST' && request.headers()['next-action']) {
      bodies.push(request.postData() ?? '');
    }
  };
  page.on('request', listener);
  try {
    await act();
  } finally {
    page.off('request', listener);
  }
  // A server action's arguments are its body, as JSON: [state, input].
  return bodies.map((body) => (JSON.parse(body) as [unknown, { patch: unknown }])[1].patch);
}

describe('profiles in the console', () => {
  const suite = consoleSuite('profiles');
  const { open } = suite;

  const createdProfile = async (overrides: Record<string, unknown> = {}) => {
    const answer = await suite.stack.api<Profile>('POST', '/api/v1/profiles', {
      body: newProfile(overrides),
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };

  it('creates, shows where a read came from, edits and deletes a profile', async () => {
    const { page } = await open('write');
    const body = newProfile();
    await visit(page, '/profiles');
    await checkPage(page, 'profiles-list');
    await page.getByRole('link', { name: 'New profile' }).click();
    await page.getByRole('heading', { name: 'New profile' }).waitFor();
    await checkPage(page, 'profile-new');
    await page.getByLabel('Username').fill(body.username);
    await page.getByLabel('E-mail').fill(body.email);
    await page.getByLabel('Display name').fill(body.displayName);
    await page.getByLabel('Location').fill('Lisbon');
    await page.getByRole('button', { name: 'Create profile' }).click();

    // A toast says so, and the address carries no notice to say it again on a reload.
    await page.getByRole('status').getByText(`Created @${body.username}.`).waitFor();
    await page.waitForURL((url) => /^\/profiles\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(new URL(page.url()).search).toBe('');
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    expect(await page.title()).toBe(`${body.displayName} (@${body.username}) · Profile console`);
    const provenance = page.getByRole('region', { name: 'Where this read came from' });
    await provenance.getByText('MISS', { exact: true }).waitFor();
    await provenance.getByRole('rowheader', { name: 'PostgreSQL' }).waitFor();
    expect(
      await provenance.getByRole('row', { name: /Redis \(cache\)\s+\d+\.\d+ ms/ }).count(),
    ).toBe(1);
    await checkPage(page, 'profile-detail');

    await page.reload();
    await provenance.getByText('HIT', { exact: true }).waitFor();
    expect(await page.getByText(`Created @${body.username}.`).count()).toBe(0);
    expect(await provenance.getByRole('rowheader', { name: 'PostgreSQL' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: `Edit @${body.username}` }).waitFor();
    await checkPage(page, 'profile-edit');
    await page.getByLabel('Display name').fill('Renamed in the console');
    await page.getByLabel('Bio').fill('Line one\nLine two');
    await page.getByLabel('Location').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText(`Saved version 2 of @${body.username}.`).waitFor();
    await page.getByRole('heading', { name: 'Renamed in the console', level: 1 }).waitFor();
    expect((await suite.stack.api<Profile>('GET', `/api/v1/profiles/${id}`)).body).toMatchObject({
      displayName: 'Renamed in the console',
      bio: 'Line one\nLine two',
      location: null,
      version: 2,
    });

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete @${body.username}?` });
    await dialog.waitFor();
    // The safe choice has the focus, and Escape backs out.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete' }).click();
    await checkPage(page, 'profile-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete profile' }).click();
    await page.getByRole('status').getByText('The profile was deleted.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/profiles');
    expect((await suite.stack.api('GET', `/api/v1/profiles/${id}`)).status).toBe(404);
  });

  it('checks fields as they are typed and shows the api’s own field errors', async () => {
    const taken = await createdProfile();
    const { page } = await open('write');
    await visit(page, '/profiles/new');
    const username = page.getByLabel('Username');
    await username.fill('Not Lower');
    await page
      .getByText('must be 3-32 characters of lowercase letters, digits', { exact: false })
      .waitFor();
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Avatar URL').fill('http://insecure.example/a.png');
    await page.getByText('must be an absolute https: URL').waitFor();
    await checkPage(page, 'profile-new-invalid');

    const before = await suite.stack.requestCount('POST', '/api/v1/profiles');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page
      .getByText('4 fields need attention: Username, E-mail, Display name, Avatar URL')
      .waitFor();
    expect(await suite.stack.requestCount('POST', '/api/v1/profiles')).toBe(before);

    // Valid as far as the form can tell, but the api knows the username is taken.
    await username.fill(taken.username);
    await page.getByLabel('Avatar URL').fill('');
    await page.getByLabel('E-mail').fill(`other-${taken.email}`);
    await page.getByLabel('Display name').fill('Someone else');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.locator('#field-username-error', { hasText: 'is already taken' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-username');
  });

  it('merges two tabs’ edits: each sends only what it changed, and nothing is lost', async () => {
    const profile = await createdProfile({ bio: 'First bio', location: 'Lisbon' });
    const tabA = await open('write');
    const tabB = await open('write');
    for (const { page } of [tabA, tabB]) {
      await visit(page, `/profiles/${profile.id}/edit`);
      await page.getByText('Version 1', { exact: true }).waitFor();
    }

    // A changes the display name and saves: version 2.
    await tabA.page.getByLabel('Display name').fill('Changed in tab A');
    await tabA.page.getByRole('button', { name: 'Save changes' }).click();
    await tabA.page
      .getByRole('status')
      .getByText(/^Saved version 2 of @/)
      .waitFor();

    // B, still on version 1, changes the location and saves: refused, then merged.
    await tabB.page.getByLabel('Location').fill('Porto');
    await tabB.page.getByRole('button', { name: 'Save changes' }).click();
    const alert = tabB.page
      .getByRole('alert')
      .filter({ hasText: 'Someone else saved version 2 while you were editing' });
    await alert.waitFor();
    await alert.getByText('Their new display name is in the form now.').waitFor();
    await tabB.page.getByText('Version 2', { exact: true }).waitFor();
    expect(await tabB.page.getByLabel('Display name').inputValue()).toBe('Changed in tab A');
    expect(await tabB.page.getByLabel('Location').inputValue()).toBe('Porto');
    await checkPage(tabB.page, 'profile-edit-merged');

    const patches = await patchesSent(tabB.page, async () => {
      await tabB.page.getByRole('button', { name: 'Save changes' }).click();
      await tabB.page
        .getByRole('status')
        .getByText(/^Saved version 3 of @/)
        .waitFor();
    });
    // Only B's own change went to the api: never its stale copy of A's display name.
    expect(patches).toEqual([{ location: 'Porto' }]);
    expect(
      (await suite.stack.api<Profile>('GET', `/api/v1/profiles/${profile.id}`)).body,
    ).toMatchObject({
      displayName: 'Changed in tab A',
      location: 'Porto',
      bio: 'First bio',
      version: 3,
    });
  });

  it('shows theirs beside yours where both changed a field, and saves the one picked', async () => {
    const profile = await createdProfile({ bio: 'First bio' });
    const { page } = await open('write');
    await visit(page, `/profiles/${profile.id}/edit`);
    await page.getByLabel('Bio').fill('My bio');
    await page.getByLabel('Display name').fill('My name');
    const elsewhere = await suite.stack.api<Profile>('PATCH', `/api/v1/profiles/${profile.id}`, {
      body: { bio: 'Their bio' },
    });
    expect(elsewhere.body.version).toBe(2);

    await page.getByRole('button', { name: 'Save changes' }).click();
    const choice = page.getByRole('group', { name: /Bio was changed by both of you/ });
    await choice.waitFor();
    expect(await choice.getByRole('radio').count()).toBe(2);
    await choice.getByText('Their bio').waitFor();
    await choice.getByText('My bio').waitFor();
    await checkPage(page, 'profile-edit-conflict');

    // Nothing is saved before a pick.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Pick their value or yours for: Bio.').waitFor();
    expect(
      (await suite.stack.api<Profile>('GET', `/api/v1/profiles/${profile.id}`)).body.version,
    ).toBe(2);

    await choice.getByRole('radio', { name: /Theirs \(version 2\)/ }).check();
    expect(await page.getByRole('textbox', { name: /^Bio/ }).inputValue()).toBe('Their bio');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('status')
      .getByText(/^Saved version 3 of @/)
      .waitFor();
    expect(
      (await suite.stack.api<Profile>('GET', `/api/v1/profiles/${profile.id}`)).body,
    ).toMatchObject({ bio: 'Their bio', displayName: 'My name', version: 3 });
  });

  it('searches and pages through the list', async () => {
    const marker = `pg${Date.now().toString(36)}`;
    for (let index = 0; index < 22; index += 1) {
      await createdProfile({ displayName: `${marker} ${index}` });
    }
    const { page } = await open('read');
    await visit(page, '/profiles');
    await page.getByRole('searchbox', { name: 'Search profiles' }).fill(marker);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === marker);
    const rows = page.getByRole('region', { name: 'Profiles' }).locator('tbody tr');
    await page.getByRole('link', { name: 'Next page' }).waitFor();
    expect(await rows.count()).toBe(20);
    expect(await rows.first().innerText()).toContain(`${marker} 21`);

    await page.getByRole('link', { name: 'Next page' }).click();
    await page.getByRole('link', { name: 'First page' }).waitFor();
    await rows.nth(1).waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringContaining(`${marker} 1`),
      expect.stringContaining(`${marker} 0`),
    ]);
    expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search profiles' }).fill(`${marker} 7`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === `${marker} 7`);
    await rows.filter({ hasText: `${marker} 7` }).waitFor();
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining(`${marker} 7`)]);
  });

  it('offers a read key no changes, and refuses a forged change made with it', async () => {
    const profile = await createdProfile();
    const reader = await open('read');
    await visit(reader.page, `/profiles/${profile.id}`);
    await reader.page.getByRole('heading', { name: profile.displayName, level: 1 }).waitFor();
    expect(await reader.page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await reader.page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await visit(reader.page, `/profiles/${profile.id}/edit`);
    await reader.page.getByText('Editing profiles needs a key with the write scope').waitFor();
    expect(await reader.page.getByRole('textbox').count()).toBe(0);
    await checkPage(reader.page, 'profile-edit-read-only');

    // A writer's save, captured on its way to the server action (and let through).
    const writer = await open('write');
    await visit(writer.page, `/profiles/${profile.id}/edit`);
    await writer.page.getByLabel('Display name').fill('Written by the writer');
    const captured = new Promise<Request>((resolve) =>
      writer.page.on('request', (request) => {
        if (request.method() === 'POST' && request.headers()['next-action']) resolve(request);
      }),
    );
    await writer.page.getByRole('button', { name: 'Save changes' }).click();
    const action = await captured;
    await writer.page
      .getByRole('status')
      .getByText(/^Saved version 2 of @/)
      .waitFor();
    const restored = await suite.stack.api<Profile>('PATCH', `/api/v1/profiles/${profile.id}`, {
      body: { displayName: profile.displayName },
    });
    expect(restored.body.version).toBe(3);

    // The same request replayed with the reader's session.
    const patchesBefore = await suite.stack.requestCount('PATCH', '/api/v1/profiles/:id');
    const headers = Object.fromEntries(
      Object.entries(await action.allHeaders()).filter(
        ([name]) =>
          !['cookie', 'host', 'content-length', 'connection'].includes(name) &&
          !name.startsWith(':'),
      ),
    );
    const body = action.postDataBuffer();
    const replay = await fetch(action.url(), {
      method: 'POST',
      headers: { ...headers, cookie: await reader.cookieHeader() },
      body: body ? new Uint8Array(body) : undefined,
    });
    expect(replay.status).toBe(200);
    expect(await replay.text()).toContain(
      'Refused: this needs a key with the write scope, and “reader” has read.',
    );
    expect(await suite.stack.requestCount('PATCH', '/api/v1/profiles/:id')).toBe(patchesBefore);
    expect(
      (await suite.stack.api<Profile>('GET', `/api/v1/profiles/${profile.id}`)).body,
    ).toMatchObject({
      displayName: profile.displayName,
      version: 3,
    });
  });

  it('shows a missing profile as not found, and fits a phone’s screen', async () => {
    const profile = await createdProfile({
      bio: 'A bio long enough to wrap on a narrow screen. '.repeat(4),
    });
    const session = await open('write');
    const { page } = session;
    const missing = await page.goto('/profiles/00000000-0000-4000-8000-000000000000');
    expect(missing?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Not found', level: 1 }).waitFor();
    expect(await page.title()).toBe('Profile not found · Profile console');
    await session.expectNotFoundLogged();
    await checkPage(page, 'profile-not-found');

    await page.setViewportSize({ width: 375, height: 800 });
    for (const [path, name] of [
      ['/profiles', 'profiles-list-phone'],
      [`/profiles/${profile.id}`, 'profile-detail-phone'],
      ['/tasks', 'tasks-phone'],
    ]) {
      await visit(page, path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect([path, overflow]).toEqual([path, 0]);
      await checkPage(page, name);
    }
  });

  it('lays out 100-character values at 1280 and 390 px without sideways scrolling', async () => {
    const long = 'W'.repeat(100);
    const profile = await createdProfile({ displayName: long, location: 'L'.repeat(100) });
    const { page } = await open('write');
    const overflow = () =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await visit(page, `/profiles?q=${profile.username}`);
      const row = page.getByRole('region', { name: 'Profiles' }).locator('tbody tr').first();
      await row.waitFor();
      expect([width, 'list', await overflow()]).toEqual([width, 'list', 0]);
      // The long values are cut to a line in the list, the whole value in their title.
      const name = row.locator('td[data-label="Display name"] .truncate');
      expect(await name.getAttribute('title')).toBe(long);
      if (width === 1280) expect((await row.boundingBox())!.height).toBeLessThan(60);
      await checkPage(page, `profiles-long-values-${width}`);

      await visit(page, `/profiles/${profile.id}`);
      await page.getByRole('heading', { name: long, level: 1 }).waitFor();
      expect([width, 'detail', await overflow()]).toEqual([width, 'detail', 0]);
      await checkPage(page, `profile-long-values-${width}`);

      await visit(page, `/profiles/${profile.id}/edit`);
      await page.getByLabel('Display name').waitFor();
      expect([width, 'edit', await overflow()]).toEqual([width, 'edit', 0]);
    }
  });

  it('reports every taken field at once, and copies a profile’s id', async () => {
    const taken = await createdProfile();
    const session = await open('write');
    const { page } = session;
    await visit(page, '/profiles/new');
    await page.getByLabel('Username').fill(taken.username);
    await page.getByLabel('E-mail').fill(taken.email);
    await page.getByLabel('Display name').fill('Someone else');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.locator('#field-username-error', { hasText: 'is already taken' }).waitFor();
    await page.locator('#field-email-error', { hasText: 'is already taken' }).waitFor();
    await checkPage(page, 'profile-new-taken');

    await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await visit(page, `/profiles/${taken.id}`);
    await page.getByRole('button', { name: 'Copy the profile id' }).click();
    await page.getByRole('status').getByText('Copied the profile id.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(taken.id);
  });
});
