import type { ApiFailure } from '@profile/api-contract';

/** Why a page could not show `what`, in an operator's words, with what to do next. */
export function ApiFailureNotice({ failure, what }: { failure: ApiFailure; what: string }) {
  if (failure.kind === 'unreachable') {
    return (
      <div className="alert alert-error" role="alert">
        <h2>The API cannot be reached</h2>
        <p>
          Could not load {what}: {failure.message}. This page shows it again as soon as the API
          answers; reload to try now.
        </p>
      </div>
    );
  }
  if (failure.kind === 'unexpected') {
    const requestId = failure.headers.get('x-request-id');
    return (
      <div className="alert alert-error" role="alert">
        <h2>
          {failure.status >= 500
            ? 'The API could not answer'
            : 'The API answered in a form the console does not know'}
        </h2>
        <p>
          Could not load {what}: {failure.message}. Reload to try again; if this persists, the
          console and the API may be of different versions.
        </p>
        <p className="muted">
          HTTP {failure.status}
          {requestId && `; request id ${requestId}`}
        </p>
      </div>
    );
  }
  const { status, problem } = failure;
  const heading =
    status === 403
      ? 'Your key’s scope does not allow this'
      : status === 404
        ? 'Not found'
        : status === 429
          ? 'Too many requests'
          : status >= 500
            ? 'The API could not answer'
            : 'The API refused the request';
  const advice =
    status === 429 ? ' Wait a moment, then reload.' : status >= 500 ? ' Reload to try again.' : '';
  const references = [
    problem.requestId && `request id ${problem.requestId}`,
    problem.errorId && `error id ${problem.errorId}`,
  ].filter(Boolean);
  return (
    <div className="alert alert-error" role="alert">
      <h2>{heading}</h2>
      <p>
        Could not load {what}: {problem.detail}
        {advice}
      </p>
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => (
            <li key={`${error.path}:${error.message}`}>
              {error.path || 'request'} {error.message}
            </li>
          ))}
        </ul>
      )}
      {references.length > 0 && (
        <p className="muted">
          HTTP {status}; {references.join(', ')}
        </p>
      )}
    </div>
  );
}
