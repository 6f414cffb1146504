import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { LiveRefresh } from '../../../../components/ui/live-refresh';
import { PageHeader } from '../../../../components/ui/page-header';
import { ScopeNotice } from '../../../../components/ui/scope-notice';
import { ScrollingTable } from '../../../../components/ui/scrolling-table';
import { Truncated } from '../../../../components/ui/truncated';
import { DEAD_LETTER_PAGE_SIZE, listDeadLetters } from '../../../../lib/api/dead-letters-api';
import { formatDateTime, shortId } from '../../../../lib/format';
import { abilitiesOf } from '../../../../lib/scopes';
import { requireOperator } from '../../../../lib/session/operator';

export const metadata: Metadata = { title: 'Dead letters' };

export default async function DeadLettersPage() {
  const { apiKey, operator } = await requireOperator();
  const title = 'Dead-lettered messages';
  if (!abilitiesOf(operator.scope).administer) {
    return (
      <>
        <PageHeader title={title} />
        <ScopeNotice operator={operator} required="admin" doing="Viewing dead letters" />
      </>
    );
  }
  const answer = await listDeadLetters(apiKey);
  const now = new Date().toISOString();
  return (
    <>
      <PageHeader
        title={title}
        subtitle="Messages RabbitMQ set aside: malformed ones at once, failing ones after their queue’s delivery limit. Replay one where it was first published, or discard it."
      />
      <LiveRefresh intervalMs={10_000} renderedAt={formatDateTime(now)} />
      {!answer.ok ? (
        <ApiFailureNotice failure={answer} what="the dead letters" />
      ) : (
        <>
          <ul className="queue-counts">
            {answer.data.queues.map((queue) => (
              <li key={queue.name}>
                <code>{queue.name}</code>: <strong>{queue.messages}</strong>
              </li>
            ))}
          </ul>
          {answer.data.items.length === 0 ? (
            <p className="empty">No message is dead-lettered.</p>
          ) : (
            <ScrollingTable
              label="Dead-lettered messages"
              cards
              columns={['Message', 'Type', 'Queue', 'Reason', 'Dead-lettered', 'Deaths']}
            >
              {answer.data.items.map((letter, index) => (
                <tr
                  key={`${letter.messageId ?? 'none'}-${index}`}
                  data-message-id={letter.messageId}
                >
                  <td className="card-lead">
                    {letter.messageId ? (
                      <Link href={`/dead-letters/${letter.messageId}`} title={letter.messageId}>
                        <code>{shortId(letter.messageId)}</code>
                      </Link>
                    ) : (
                      <span className="muted">no id</span>
                    )}
                  </td>
                  <td data-label="Type">
                    {letter.type ? (
                      <Truncated text={letter.type} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td data-label="Queue">
                    <code>{letter.queue}</code>
                  </td>
                  <td data-label="Reason">{letter.reason ?? '—'}</td>
                  <td data-label="Dead-lettered" className="time">
                    {letter.deadLetteredAt ? (
                      <time dateTime={letter.deadLetteredAt}>
                        {formatDateTime(letter.deadLetteredAt)}
                      </time>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label="Deaths" className="numeric">
                    {letter.deaths}
                  </td>
                </tr>
              ))}
            </ScrollingTable>
          )}
          {answer.data.items.length >= DEAD_LETTER_PAGE_SIZE && (
            <p className="muted">The first {DEAD_LETTER_PAGE_SIZE} messages are shown.</p>
          )}
        </>
      )}
    </>
  );
}
