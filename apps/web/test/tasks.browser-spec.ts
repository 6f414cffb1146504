import type { Task } from '@profile/profile-domain';
import type { Page } from 'playwright-core';
import { checkPage, visit } from './support/browser';
import { consoleSuite } from './support/console-suite';

/** Waits until `check` holds, refreshing with the page's own live updates meanwhile. */
async function eventuallyMatches(check: () => Promise<boolean>, page: Page, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the page never showed what the api holds');
    await page.waitForTimeout(250);
  }
}

describe('tasks in the console', () => {
  const suite = consoleSuite('tasks');
  const { open } = suite;

  /** Fills the schedule form and returns the id of the task the console reports scheduled. */
  const schedule = async (
    page: Page,
    { type, payload, delaySeconds, maxAttempts = '3' }: Record<string, string>,
  ) => {
    const form = page.getByRole('form', { name: 'Schedule a task' });
    await form.getByLabel('Type').selectOption(type);
    await form.getByLabel('Payload (JSON)').fill(payload);
    await form.getByLabel('Delay in seconds').fill(delaySeconds);
    await form.getByLabel('Attempts').fill(maxAttempts);
    await form.getByRole('button', { name: 'Schedule task' }).click();
    const link = form.getByRole('link', { name: /^Follow task / });
    await link.waitFor();
    return (await link.getAttribute('href'))!.split('/').at(-1)!;
  };

  const taskRow = (page: Page, id: string) => page.locator(`tr[data-task-id="${id}"]`);

  it('schedules a delayed task and shows it succeed without a reload', async () => {
    const { page } = await open('write');
    await visit(page, '/tasks');
    await checkPage(page, 'tasks');
    const scheduledAt = Date.now();
    const id = await schedule(page, {
      type: 'diagnostic.sleep',
      payload: '{"ms": 300}',
      delaySeconds: '6',
    });
    const row = taskRow(page, id);
    await row.getByText('scheduled', { exact: true }).waitFor();
    const rowText = await row.innerText();
    const seenAt = Date.now();
    expect(rowText).toMatch(/scheduled\s+[0-9a-f]{8}\s+diagnostic\.sleep\s+runs in \d s\s+0 \/ 3/);
    // The countdown to the task's runAt, as it stood when the page was rendered: after the click
    // and before the row was read.
    const { runAt } = (await suite.stack.api<Task>('GET', `/api/v1/tasks/${id}`)).body;
    expect(await row.locator('time').getAttribute('datetime')).toBe(runAt);
    const secondsLeft = Number(/runs in (\d) s/.exec(rowText)![1]);
    expect(secondsLeft).toBeGreaterThanOrEqual(Math.floor((Date.parse(runAt) - seenAt) / 1000));
    expect(secondsLeft).toBeLessThanOrEqual(Math.floor((Date.parse(runAt) - scheduledAt) / 1000));

    // The list updates itself: no reload from here on.
    await row.getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    const task = (await suite.stack.api<Task>('GET', `/api/v1/tasks/${id}`)).body;
    expect(task).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(Date.parse(task.startedAt!) - Date.parse(task.createdAt)).toBeGreaterThanOrEqual(6_000);

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: /diagnostic\.sleep\s+succeeded/ }).waitFor();
    await page.getByText('Final state, shown at').waitFor();
    expect(await page.getByRole('definition').allInnerTexts()).toEqual(
      expect.arrayContaining(['succeeded', '1 of at most 3']),
    );
    expect(await page.locator('pre.json').first().innerText()).toBe('{\n  "ms": 300\n}');
    await checkPage(page, 'task-succeeded');
  });

  it('follows a failing attempt and its retry on the detail page', async () => {
    const { page } = await open('write');
    await visit(page, '/tasks');
    const id = await schedule(page, {
      type: 'diagnostic.fail',
      payload: '{"failTimes": 1}',
      delaySeconds: '0',
      maxAttempts: '2',
    });
    await page.getByRole('link', { name: /^Follow task / }).click();
    await page
      .getByRole('heading', { name: /diagnostic\.fail\s+succeeded/ })
      .waitFor({ timeout: 20_000 });
    expect(await page.getByRole('definition').allInnerTexts()).toEqual(
      expect.arrayContaining(['2 of at most 2']),
    );
    const task = (await suite.stack.api<Task>('GET', `/api/v1/tasks/${id}`)).body;
    expect(task.lastError).toEqual(expect.any(String));
    await page
      .getByRole('region', { name: 'Payload and outcome' })
      .locator('pre.error-text', { hasText: task.lastError! })
      .waitFor();
    await page
      .getByRole('region', { name: 'Attempts' })
      .locator('pre.error-text', { hasText: task.lastError! })
      .waitFor();
    await checkPage(page, 'task-retried');
  });

  it('cancels a scheduled task, and refuses to cancel a finished one', async () => {
    const { page } = await open('write');
    await visit(page, '/tasks');
    const id = await schedule(page, {
      type: 'diagnostic.sleep',
      payload: '{"ms": 10}',
      delaySeconds: '600',
    });
    const row = taskRow(page, id);
    await row.getByRole('button', { name: `Cancel task ${id.slice(0, 8)}` }).click();
    await row.getByText('cancelled', { exact: true }).waitFor();
    await page
      .getByRole('status')
      .getByText(`Cancelled diagnostic.sleep ${id.slice(0, 8)}.`)
      .waitFor();
    // A cancelled task never runs: its row says when it was cancelled, not when it would run.
    expect(await row.innerText()).toMatch(/cancelled (now|\d+ s ago)/);
    expect(await row.innerText()).not.toMatch(/runs in/);
    expect((await suite.stack.api<Task>('GET', `/api/v1/tasks/${id}`)).body.status).toBe(
      'cancelled',
    );

    // A cancel that comes too late: the task ran between the page's render and the click.
    await visit(page, '/tasks');
    const lateId = await schedule(page, {
      type: 'diagnostic.sleep',
      payload: '{"ms": 10}',
      delaySeconds: '600',
    });
    const lateCancel = taskRow(page, lateId).getByRole('button', { name: /Cancel task/ });
    await lateCancel.waitFor();
    await page.getByRole('button', { name: 'Pause live updates' }).click();
    await page.getByText('Live updates paused').waitFor();
    expect((await suite.stack.api('POST', `/api/v1/tasks/${lateId}/cancel`)).status).toBe(200);
    await lateCancel.click();
    await taskRow(page, lateId)
      .getByText(/Too late to cancel: .*only a scheduled task can be cancelled/)
      .waitFor();
  });

  it('checks every field of the task at once, in words for people', async () => {
    const { page } = await open('write');
    await visit(page, '/tasks');
    await page.getByLabel('Payload (JSON)').fill('{"ms": 600000}');
    await page
      .locator('#field-payload-error', {
        hasText: 'ms must be a whole number of milliseconds from 0 to 60000',
      })
      .waitFor();
    await page.getByLabel('Delay in seconds').fill('-1');
    await page.getByText(/must be a number of seconds from 0 to 604800/).waitFor();
    await page.getByLabel('Payload (JSON)').fill('{"ms": ');
    await page.locator('#field-payload-error', { hasText: 'is not valid JSON' }).waitFor();
    await page.getByRole('form', { name: 'Schedule a task' }).getByLabel('Attempts').fill('11');
    await checkPage(page, 'tasks-invalid');
    const before = await suite.stack.requestCount('POST', '/api/v1/tasks');
    await page.getByRole('button', { name: 'Schedule task' }).click();
    // The payload is not JSON, and still every other field is checked.
    expect(await page.locator('#field-maxAttempts-error').innerText()).toMatch(
      /must be a whole number from 1 to 10/,
    );
    expect(await page.locator('#field-delaySeconds-error').count()).toBe(1);
    expect(await page.content()).not.toMatch(/Too big|expected number/);
    expect(await suite.stack.requestCount('POST', '/api/v1/tasks')).toBe(before);
  });

  it('lets a read key watch tasks but not schedule or cancel them', async () => {
    const scheduled = await suite.stack.api<Task>('POST', '/api/v1/tasks', {
      body: { type: 'diagnostic.sleep', payload: { ms: 10 }, delayMs: 600_000 },
    });
    const { page } = await open('read');
    await visit(page, '/tasks?type=diagnostic.sleep&status=scheduled');
    await taskRow(page, scheduled.body.id).waitFor();
    expect(await page.getByRole('button', { name: /Cancel|Retry|Run now/ }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Schedule task' }).count()).toBe(0);
    await page.getByText('Scheduling tasks needs a key with the write scope').waitFor();
    await checkPage(page, 'tasks-read-only');
  });

  const stats = async () =>
    (await suite.stack.api<{ byStatus: Record<string, number> }>('GET', '/api/v1/tasks/stats')).body
      .byStatus;

  it('counts the tasks in each status, each count a filter', async () => {
    const { page } = await open('read');
    await visit(page, '/tasks');
    const counts = page.getByRole('navigation', { name: 'Tasks by status' });
    await eventuallyMatches(async () => {
      const byStatus = await stats();
      const shown = await counts.getByRole('link').allInnerTexts();
      return (
        shown.map((text) => text.replace(/\s+/g, ' ').trim()).join(', ') ===
        Object.entries(byStatus)
          .map(([status, count]) => `${status} ${count}`)
          .join(', ')
      );
    }, page);
    await counts.getByRole('link', { name: /^cancelled/ }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'cancelled');
    expect(await page.title()).toBe('Tasks: cancelled · Profile console');
    expect(
      await counts.getByRole('link', { name: /^cancelled/ }).getAttribute('aria-current'),
    ).toBe('page');
    await checkPage(page, 'tasks-cancelled');
  });

  it('retries a failed task, runs a scheduled one now, and shows each attempt', async () => {
    const failing = (
      await suite.stack.api<Task>('POST', '/api/v1/tasks', {
        as: 'write',
        body: { type: 'diagnostic.fail', payload: { failTimes: 1 }, maxAttempts: 1 },
      })
    ).body;
    const later = (
      await suite.stack.api<Task>('POST', '/api/v1/tasks', {
        as: 'write',
        body: { type: 'diagnostic.sleep', payload: { ms: 10 }, delayMs: 3_600_000 },
      })
    ).body;
    const { page } = await open('write');
    await visit(page, `/tasks/${failing.id}`);
    await page
      .getByRole('heading', { name: /diagnostic\.fail\s+failed/ })
      .waitFor({ timeout: 20_000 });
    expect(await page.title()).toBe(
      `diagnostic.fail ${failing.id.slice(0, 8)}: failed · Profile console`,
    );
    const attempts = page.locator('.timeline-item');
    expect(await attempts.count()).toBe(1);
    expect(await attempts.first().innerText()).toMatch(
      /Attempt 1\s+failed[\s\S]*Error[\s\S]*fail/i,
    );
    await checkPage(page, 'task-failed-attempts');

    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    const toast = page
      .getByRole('status')
      .getByText(/^Retrying as diagnostic\.fail [0-9a-f]{8}\.$/);
    await toast.waitFor();
    await page.getByText('Retried as task').waitFor();
    const retry = (await suite.stack.api<Task>('GET', `/api/v1/tasks/${failing.id}`)).body
      .retriedAs!;
    expect(await page.getByRole('button', { name: 'Retry', exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: `task ${retry.slice(0, 8)}` }).click();
    await page.getByText('A retry of').waitFor();
    await page
      .getByRole('heading', { name: /diagnostic\.fail\s+failed/ })
      .waitFor({ timeout: 20_000 });

    await visit(page, `/tasks/${later.id}`);
    await page.getByRole('heading', { name: /diagnostic\.sleep\s+scheduled/ }).waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page
      .getByRole('heading', { name: /diagnostic\.sleep\s+succeeded/ })
      .waitFor({ timeout: 20_000 });
    const done = (await suite.stack.api<Task>('GET', `/api/v1/tasks/${later.id}`)).body;
    expect(Date.parse(done.startedAt!)).toBeLessThan(Date.parse(later.runAt));
    expect(await page.locator('.timeline-item').first().innerText()).toMatch(
      /Attempt 1\s+succeeded/,
    );
    await checkPage(page, 'task-run-now');
  });

  it('cancels or retries the selected tasks of a page at once', async () => {
    const create = async () =>
      (
        await suite.stack.api<Task>('POST', '/api/v1/tasks', {
          as: 'write',
          body: { type: 'diagnostic.sleep', payload: { ms: 1 }, delayMs: 3_600_000 },
        })
      ).body;
    const tasks = [await create(), await create(), await create()];
    const { page } = await open('write');
    await visit(page, '/tasks?type=diagnostic.sleep&status=scheduled');
    for (const task of tasks.slice(0, 2)) {
      await page.getByRole('checkbox', { name: `Select task ${task.id.slice(0, 8)}` }).check();
    }
    await page.getByText('2 selected').waitFor();
    await checkPage(page, 'tasks-selected');
    await page.getByRole('button', { name: 'Cancel selected' }).click();
    await page.getByRole('status').getByText('Cancelled 2 of 2 tasks.').waitFor();
    for (const [index, task] of tasks.entries()) {
      const expected = index < 2 ? 'cancelled' : 'scheduled';
      expect((await suite.stack.api<Task>('GET', `/api/v1/tasks/${task.id}`)).body.status).toBe(
        expected,
      );
    }

    await visit(page, '/tasks?type=diagnostic.sleep&status=cancelled');
    await page.getByRole('checkbox', { name: 'Select every task on this page' }).check();
    const selectable = await page.getByRole('checkbox', { name: /^Select task / }).count();
    await page.getByText(`${selectable} selected`).waitFor();
    await page.getByRole('button', { name: 'Retry selected' }).click();
    await page
      .getByRole('status')
      .getByText(`Retried ${selectable} of ${selectable} tasks.`)
      .waitFor();
    for (const task of tasks.slice(0, 2)) {
      expect(
        (await suite.stack.api<Task>('GET', `/api/v1/tasks/${task.id}`)).body.retriedAs,
      ).toEqual(expect.any(String));
    }
    // Retrying them again is refused, and the refusal says why, per task.
    await page.getByRole('checkbox', { name: 'Select every task on this page' }).check();
    await page.getByRole('button', { name: 'Retry selected' }).click();
    await page
      .getByRole('alert')
      .getByText(/Retried 0 of \d+ tasks\. Not done: .*already retried as task/)
      .waitFor();
  });

  it('fits a phone: cards with the status first, the form behind a button, no sideways scroll', async () => {
    for (let index = 0; index < 3; index += 1) {
      await suite.stack.api('POST', '/api/v1/tasks', {
        as: 'write',
        body: { type: 'diagnostic.sleep', payload: { ms: 1 }, delayMs: 3_600_000 },
      });
    }
    const { page } = await open('write');
    await page.setViewportSize({ width: 390, height: 844 });
    await visit(page, '/tasks');
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    ).toBe(0);
    const toggle = page.getByRole('button', { name: 'Schedule a task' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel('Payload (JSON)').isVisible()).toBe(false);
    // The button comes before the list, the first card starts with its status.
    const toggleTop = (await toggle.boundingBox())!.y;
    const firstRow = page.locator('tr[data-task-id]').first();
    expect((await firstRow.boundingBox())!.y).toBeGreaterThan(toggleTop);
    const cells = await firstRow.locator('td').evaluateAll((tds) =>
      tds
        .filter((td) => getComputedStyle(td).display !== 'none')
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((td) => td.getAttribute('data-label') ?? td.className),
    );
    expect(cells.slice(0, 2)).toEqual(['select-cell', 'Status']);
    await checkPage(page, 'tasks-phone-cards');
    await toggle.click();
    await page.getByLabel('Payload (JSON)').waitFor();
    await checkPage(page, 'tasks-phone-form');
  });

  it('answers a missing task with a real 404', async () => {
    const session = await open('read');
    const { page } = session;
    const answer = await page.goto('/tasks/00000000-0000-4000-8000-000000000000');
    expect(answer?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Not found', level: 1 }).waitFor();
    expect(await page.title()).toBe('Task not found · Profile console');
    await session.expectNotFoundLogged();
    await checkPage(page, 'task-not-found');
  });
});
