import { fetchApiReadiness } from '../lib/api-readiness';

export const dynamic = 'force-dynamic';

export default async function StatusPage() {
  const readiness = await fetchApiReadiness();

  return (
    <section aria-labelledby="status-heading">
      <h1 id="status-heading">System status</h1>
      {readiness.reachable ? (
        <>
          <p>
            API:{' '}
            <span className={readiness.report.status === 'ok' ? 'state-up' : 'state-down'}>
              {readiness.report.status === 'ok' ? 'ready' : 'not ready'}
            </span>{' '}
            <span className="muted">(HTTP {readiness.httpStatus})</span>
          </p>
          <table className="status-table">
            <caption className="muted">Dependencies as the API sees them</caption>
            <thead>
              <tr>
                <th scope="col">Dependency</th>
                <th scope="col">State</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(readiness.report.details).map(([name, dependency]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className={`state-${dependency.status}`}>{dependency.status}</td>
                  <td className="muted">{dependency.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p role="alert">
          API: <span className="state-down">unreachable</span>{' '}
          <span className="muted">({readiness.reason})</span>
        </p>
      )}
    </section>
  );
}
