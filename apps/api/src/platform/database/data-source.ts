// The DataSource the TypeORM CLI uses to run and generate migrations.
import { DataSource } from 'typeorm';
import { loadApiEnvironment } from '../config/api-environment';
import { databaseOptions } from './database-options';

export default new DataSource(databaseOptions(loadApiEnvironment()));
