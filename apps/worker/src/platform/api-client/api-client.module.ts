import { Module } from '@nestjs/common';
import { ProfileApiClient } from './profile-api.client';

/** The worker's client of the api, for handlers that read current data. */
@Module({ providers: [ProfileApiClient], exports: [ProfileApiClient] })
export class ApiClientModule {}
