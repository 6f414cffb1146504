import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const PROFILE_READS_METRIC = 'profile_reads_total';

export const profileReadsMetricProvider = makeCounterProvider({
  name: PROFILE_READS_METRIC,
  help: 'Profiles read by id, by where the answer came from (cache or database).',
  labelNames: ['source'],
});
