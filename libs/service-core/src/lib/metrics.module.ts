import { Injectable, Module } from '@nestjs/common';
import { InjectMetric, makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';

/** The HTTP duration histogram's name; the api's metric history samples it. */
export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

/** Times every HTTP response, labelled by the route pattern (never the raw URL, to bound cardinality). */
@Injectable()
export class HttpMetrics {
  constructor(@InjectMetric(HTTP_DURATION_METRIC) private readonly duration: Histogram<string>) {}

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      this.duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
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
