/**
 * The console's liveness probe: 200 while this server answers requests. It asks nothing of the api
 * and needs no session (proxy.ts lets it through), so a slow or absent api never restarts a web
 * pod; readiness is the sign-in page, which does reach the api.
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
