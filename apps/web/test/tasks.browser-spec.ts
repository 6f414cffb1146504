import type { Task } from '@profile/profile-domain';
import type { Page } from 'playwright-core';
import { checkPage, visit } from './support/browser';
import { consoleSuite } from './support/console-suite';

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
    const id = await schedule(page, {
      type: 'diagnostic.sleep',
      payload: '{"ms": 300}',
      delaySeconds: '3',
    });
    const row = taskRow(page, id);
    await row.getByText('scheduled', { exact: true }).waitFor();
    expect(await row.innerText()).toMatch(/diagnostic\.sleep\s+scheduled\s+in [1-3] s\s+0 \/ 3/);

    // The list updates itself: no reload from here on.
    await row.getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    const task = (await suite.stack.api<Task>('GET', `/api/v1/tasks/${id}`)).body;
    expect(task).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(Date.parse(task.startedAt!) - Date.parse(task.createdAt)).toBeGreaterThanOrEqual(3_000);

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
    await page.locator('pre.error-text', { hasText: task.lastError! }).waitFor();
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

  it('checks the task as it is typed', async () => {
    const { page } = await open('write');
    await visit(page, '/tasks');
    await page.getByLabel('Payload (JSON)').fill('{"ms": 600000}');
    await page.locator('#field-payload-error', { hasText: /^⚠?\s*ms .*60000/ }).waitFor();
    await page.getByLabel('Delay in seconds').fill('-1');
    await page.getByText(/must be a number of seconds from 0 to 604800/).waitFor();
    await page.getByLabel('Payload (JSON)').fill('{"ms": ');
    await page.locator('#field-payload-error', { hasText: 'is not valid JSON' }).waitFor();
    await checkPage(page, 'tasks-invalid');
    const before = await suite.stack.requestCount('POST', '/api/v1/tasks');
    await page.getByRole('button', { name: 'Schedule task' }).click();
    expect(await suite.stack.requestCount('POST', '/api/v1/tasks')).toBe(before);
  });

  it('lets a read key watch tasks but not schedule or cancel them', async () => {
    const scheduled = await suite.stack.api<Task>('POST', '/api/v1/tasks', {
      body: { type: 'diagnostic.sleep', payload: { ms: 10 }, delayMs: 600_000 },
    });
    const { page } = await open('read');
    await visit(page, '/tasks?type=diagnostic.sleep&status=scheduled');
    await taskRow(page, scheduled.body.id).waitFor();
    expect(await page.getByRole('button', { name: /Cancel/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Schedule task' }).count()).toBe(0);
    await page.getByText('Scheduling tasks needs a key with the write scope').waitFor();
    await checkPage(page, 'tasks-read-only');
  });
});
