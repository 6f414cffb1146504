import type { DeadLetterPage } from '@profile/api-contract';
import type { Task } from '@profile/profile-domain';
import { eventually } from '@profile/testing';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { checkPage, visit } from './support/browser';
import { consoleSuite } from './support/console-suite';

// The topology's names (libs/messaging), which the console itself never imports.
const queues = { taskWork: 'tasks.work' };
const exchanges = { tasks: 'tasks' };
const deadTasks = 'tasks.work.dead';

describe('dead letters in the console', () => {
  const suite = consoleSuite('dead_letters');
  const { open } = suite;

  const deadLetterIds = async () =>
    (await suite.stack.api<DeadLetterPage>('GET', '/api/v1/dead-letters')).body.items.map(
      ({ messageId }) => messageId,
    );

  /**
   * A task's first attempt, dead-lettered: with the worker stopped, the test takes the attempt's
   * message from tasks.work and rejects it, as a worker rejects what it cannot handle.
   */
  const deadLetteredTask = async (): Promise<{ task: Task; messageId: string }> => {
    await suite.stack.stopWorker();
    try {
      const task = (
        await suite.stack.api<Task>('POST', '/api/v1/tasks', {
          as: 'write',
          body: { type: 'diagnostic.sleep', payload: { ms: 1 } },
        })
      ).body;
      const connection = await connect(suite.stack.amqpUrl);
      try {
        const channel = await connection.createChannel();
        let messageId: string | undefined;
        await eventually(async () => {
          const message = await channel.get(queues.taskWork);
          expect(message).not.toBe(false);
          if (!message) return;
          const body = JSON.parse(message.content.toString()) as { taskId?: string };
          if (body.taskId !== task.id) {
            channel.nack(message, false, true);
            throw new Error('another task’s message');
          }
          messageId = String(message.properties.messageId);
          channel.nack(message, false, false);
        });
        await eventually(async () => expect(await deadLetterIds()).toContain(messageId));
        return { task, messageId: messageId! };
      } finally {
        await connection.close();
      }
    } finally {
      await suite.stack.startWorker();
    }
  };

  it('shows a dead-lettered task message, and replays it so that the task runs', async () => {
    const { task, messageId } = await deadLetteredTask();
    const { page } = await open('admin');
    await visit(page, '/dead-letters');
    const row = page.locator(`tr[data-message-id="${messageId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/diagnostic\.sleep\s+tasks\.work\.dead\s+rejected/);
    await page.getByText(`${deadTasks}: 1`).waitFor();
    await checkPage(page, 'dead-letters');

    await row.getByRole('link').click();
    await page
      .getByRole('heading', { name: `diagnostic.sleep ${messageId.slice(0, 8)}` })
      .waitFor();
    expect(await page.title()).toBe(`Dead letter ${messageId.slice(0, 8)} · Profile console`);
    await page.getByText(`exchange ${exchanges.tasks}, key diagnostic.sleep`).waitFor();
    expect(await page.locator('pre.json').first().innerText()).toContain(task.id);
    await checkPage(page, 'dead-letter');

    await page.getByRole('button', { name: 'Replay' }).click();
    await page
      .getByRole('status')
      .getByText(`Replayed ${messageId.slice(0, 8)} to ${exchanges.tasks}.`)
      .waitFor();
    await page.waitForURL('**/dead-letters');
    await page.getByText('No message is dead-lettered.').waitFor();
    await eventually(async () =>
      expect((await suite.stack.api<Task>('GET', `/api/v1/tasks/${task.id}`)).body.status).toBe(
        'succeeded',
      ),
    );
  });

  it('discards a dead-lettered message only once the dialog is confirmed', async () => {
    // A message the worker cannot read: it dead-letters it at once.
    const messageId = randomUUID();
    const connection = await connect(suite.stack.amqpUrl);
    try {
      const channel = await connection.createConfirmChannel();
      channel.publish(exchanges.tasks, 'diagnostic.sleep', Buffer.from('{"not":"a task"}'), {
        messageId,
        type: 'diagnostic.sleep',
        contentType: 'application/json',
      });
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    await eventually(async () => expect(await deadLetterIds()).toContain(messageId));

    const { page } = await open('admin');
    await visit(page, `/dead-letters/${messageId}`);
    await page.getByRole('button', { name: 'Discard' }).click();
    const dialog = page.getByRole('dialog', { name: `Discard message ${messageId.slice(0, 8)}?` });
    await dialog.waitFor();
    await checkPage(page, 'dead-letter-discard-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await deadLetterIds()).toContain(messageId);

    await page.getByRole('button', { name: 'Discard' }).click();
    await dialog.getByRole('button', { name: 'Discard message' }).click();
    await page
      .getByRole('status')
      .getByText(`Discarded ${messageId.slice(0, 8)}.`)
      .waitFor();
    await page.waitForURL('**/dead-letters');
    expect(await deadLetterIds()).not.toContain(messageId);
  });

  it('is for admin keys only', async () => {
    const { page } = await open('write');
    expect(
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allInnerTexts(),
    ).not.toContain('Dead letters');
    await visit(page, '/dead-letters');
    await page.getByText('Viewing dead letters needs a key with the admin scope').waitFor();
    await checkPage(page, 'dead-letters-not-admin');
  });
});
