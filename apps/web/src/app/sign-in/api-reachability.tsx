import { fetchApiReadiness } from '../../lib/api-readiness';

/** Whether sign-in can work right now: the api's public readiness, streamed in after the form. */
export async function ApiReachability() {
  const readiness = await fetchApiReadiness();
  if (!readiness.reachable) {
    return (
      <p className="alert alert-error" role="alert">
        The API cannot be reached, so no key can be checked until it is back.
      </p>
    );
  }
  const ready = readiness.report.status === 'ok';
  return (
    <p className="muted">
      API:{' '}
      <span className={ready ? 'state-up' : 'state-down'}>{ready ? 'ready' : 'not ready'}</span>
    </p>
  );
}
