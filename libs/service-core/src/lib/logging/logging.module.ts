import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { SERVICE_LOGGER } from './service-logger';

/** Provides the root logger (SERVICE_LOGGER) to every module; createService imports it. */
@Module({})
export class LoggingModule {
  static forLogger(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: SERVICE_LOGGER, useValue: logger }],
      exports: [SERVICE_LOGGER],
    };
  }
}
