export * from './lib/cache-keys';
export * from './lib/eventually';
export * from './lib/free-port';
export * from './lib/new-profile';
export * from './lib/service-process';
export * from './lib/tcp-proxy';
export * from './lib/test-database';
export * from './lib/test-vhost';
