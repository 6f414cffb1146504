/** What a log line is given about a request: a Fastify or Node request, or the fields below. */
interface LoggableRequest {
  id?: unknown;
  method?: string;
  url?: string;
  /** The route pattern, e.g. /api/v1/profiles/:id; absent when no route matched. */
  route?: string;
}

export interface RequestFields {
  id: unknown;
  method: string | undefined;
  /** The URL without its query string, which may hold personal data (a search for an e-mail). */
  path: string;
  route: string | undefined;
}

/** The `req` serializer: whatever request object a line carries, only these fields are written. */
export function requestFields({ id, method, url, route }: LoggableRequest): RequestFields {
  return { id, method, path: pathOf(url), route };
}

export function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The `res` serializer: a response is logged by its status alone. */
export function responseFields({ statusCode }: { statusCode: number }): { statusCode: number } {
  return { statusCode };
}
