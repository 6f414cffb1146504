import { Injectable, Module } from '@nestjs/common';
import { InjectMetric, makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { FastifyInstance, onResponseHookHandler, RouteOptions } from 'fastify';
import type { Histogram } from 'prom-client';
import { hooksOf } from './http/route-hooks';

/** The HTTP duration histogram's name; the api's metric history samples it. */
export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';
const UNMATCHED = 'unmatched';

/**
 * Times every HTTP response, labelled by the route pattern (never the raw URL, to bound
 * cardinality). Each route's hook is made once, when the route is added, with its pattern.
 */
@Injectable()
export class HttpMetrics {
  constructor(@InjectMetric(HTTP_DURATION_METRIC) private readonly duration: Histogram<string>) {}

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route: RouteOptions) => {
      route.onResponse = [...hooksOf(route.onResponse), this.observer(route.url)];
    });
    const unmatched = this.observer(UNMATCHED);
    fastify.addHook('onResponse', function (request, reply, done) {
      if (request.is404) unmatched.call(this, request, reply, done);
      else done();
    });
  }

  private observer(route: string): onResponseHookHandler {
    return (request, reply, done) => {
      this.duration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    };
  }
}

/** `/metrics` with process metrics and the HTTP duration histogram. */
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [
    HttpMetrics,
    makeHistogramProvider({
      name: HTTP_DURATION_METRIC,
      help: 'HTTP request duration in seconds, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
  ],
  exports: [HttpMetrics, PrometheusModule],
})
export class MetricsModule {}
