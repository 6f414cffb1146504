export * from './lib/bootstrap';
export * from './lib/health.module';
export * from './lib/logging.module';
export * from './lib/metrics.module';
export * from './lib/readiness.service';
export * from './lib/request-id';
export * from './lib/service-environment';
export * from './lib/shutdown';
