import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ActionButton } from '../../../../components/ui/action-button';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { ConfirmButton } from '../../../../components/ui/confirm-button';
import { CopyButton } from '../../../../components/ui/copy-button';
import { PageHeader } from '../../../../components/ui/page-header';
import { ScopeNotice } from '../../../../components/ui/scope-notice';
import { readDeadLetter } from '../../../../lib/api/dead-letters-api';
import { formatDateTime, shortId } from '../../../../lib/format';
import { isMissing } from '../../../../lib/missing';
import { abilitiesOf } from '../../../../lib/scopes';
import { requireOperator } from '../../../../lib/session/operator';
import { discardDeadLetterAction, replayDeadLetterAction } from '../actions';

interface Props {
  params: Promise<{ messageId: string }>;
}

const load = cache(async (messageId: string) => {
  const { apiKey } = await requireOperator();
  return readDeadLetter(apiKey, messageId);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { messageId } = await params;
  return { title: `Dead letter ${shortId(messageId)}` };
}

/** A body shown as indented JSON when it is JSON, as it is otherwise. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export default async function DeadLetterPage({ params }: Props) {
  const { messageId } = await params;
  const { operator } = await requireOperator();
  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link href="/dead-letters">Dead letters</Link> / {shortId(messageId)}
    </nav>
  );
  if (!abilitiesOf(operator.scope).administer) {
    return (
      <>
        {breadcrumb}
        <ScopeNotice operator={operator} required="admin" doing="Viewing dead letters" />
      </>
    );
  }
  const answer = await load(messageId);
  if (isMissing(answer)) notFound();
  if (!answer.ok) {
    return (
      <>
        {breadcrumb}
        <ApiFailureNotice failure={answer} what="this message" />
      </>
    );
  }
  const letter = answer.data;
  return (
    <>
      {breadcrumb}
      <PageHeader
        title={`${letter.type ?? 'Message'} ${shortId(messageId)}`}
        subtitle={
          <span className="with-copy">
            <code>{messageId}</code> <CopyButton value={messageId} label="message id" />
          </span>
        }
        actions={
          <>
            <ActionButton
              label="Replay"
              pendingLabel="Replaying…"
              action={replayDeadLetterAction}
              input={{ messageId }}
              available={letter.exchange !== null}
            />
            <ConfirmButton
              label="Discard"
              title={`Discard message ${shortId(messageId)}?`}
              description={
                <p>
                  It is removed from <code>{letter.queue}</code> for good, and never delivered.
                </p>
              }
              confirmLabel="Discard message"
              pendingLabel="Discarding…"
              action={discardDeadLetterAction}
              input={{ messageId }}
              danger
            />
          </>
        }
      />
      <div className="columns">
        <section aria-labelledby="letter-heading" className="panel">
          <h2 id="letter-heading">Where it came from</h2>
          <dl className="fields">
            <dt>Queue</dt>
            <dd>
              <code>{letter.queue}</code>
            </dd>
            <dt>First published to</dt>
            <dd className="breakable">
              {letter.exchange === null ? (
                <span className="muted">unknown: it cannot be replayed</span>
              ) : (
                <>
                  exchange <code>{letter.exchange}</code>, key <code>{letter.routingKey}</code>
                </>
              )}
            </dd>
            <dt>Reason</dt>
            <dd>{letter.reason ?? '—'}</dd>
            <dt>Dead-lettered</dt>
            <dd>
              {letter.deadLetteredAt ? formatDateTime(letter.deadLetteredAt) : '—'}
              {letter.deadLetteredFrom && (
                <>
                  {' '}
                  from <code>{letter.deadLetteredFrom}</code>
                </>
              )}
            </dd>
            <dt>Deaths</dt>
            <dd>{letter.deaths}</dd>
            <dt>Correlation id</dt>
            <dd className="breakable">{letter.correlationId ?? '—'}</dd>
            <dt>Content type</dt>
            <dd>{letter.contentType ?? '—'}</dd>
          </dl>
        </section>
        <section aria-labelledby="body-heading" className="panel">
          <h2 id="body-heading">Body</h2>
          <pre className="json">{pretty(letter.body)}</pre>
          <h3>Headers</h3>
          <pre className="json">{JSON.stringify(letter.headers, null, 2)}</pre>
        </section>
      </div>
    </>
  );
}
