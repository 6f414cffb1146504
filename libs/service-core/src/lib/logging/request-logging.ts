import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onResponseHookHandler,
  RouteOptions,
} from 'fastify';
import type { Logger } from 'pino';
import { hooksOf } from '../http/route-hooks';

/** Probes are polled every few seconds by the kubelet and Prometheus: logging them is noise. */
const isProbe = (route: string) => route.startsWith('/health/') || route === '/metrics';

const aborted = Symbol('aborted');

/**
 * One line per request, written when its response has been sent: the request's id, method, path
 * and route pattern, its status and how long it took, at `error` level for a 5xx. A request the
 * client gave up on is logged when it aborts instead. Each route's hook is made once, when the
 * route is added, with its pattern; requests no route matched are logged by a global hook.
 */
export function logCompletedRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (isProbe(route.url)) return;
    route.onResponse = [...hooksOf(route.onResponse), completionLogger(logger, route.url)];
  });
  const unmatched = completionLogger(logger, undefined);
  fastify.addHook('onResponse', function (request, reply, done) {
    if (request.is404) unmatched.call(this, request, reply, done);
    else done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    (request as FastifyRequest & { [aborted]?: true })[aborted] = true;
    logger.info({ req: requestOf(request, request.routeOptions.url) }, 'request aborted');
    done();
  });
}

function completionLogger(logger: Logger, route: string | undefined): onResponseHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!(request as FastifyRequest & { [aborted]?: true })[aborted]) {
      const line = { req: requestOf(request, route), res: reply, responseTime: reply.elapsedTime };
      if (reply.statusCode >= 500) logger.error(line, 'request completed');
      else logger.info(line, 'request completed');
    }
    done();
  };
}

function requestOf(request: FastifyRequest, route: string | undefined) {
  return { id: request.id, method: request.method, url: request.url, route };
}
