import type { MetricsHistory, RouteHistory } from '@profile/api-contract';
import type { ChartSeries } from '../components/charts/chart-series';

/** The api's own routes (not the probes' and Prometheus's), busiest over the hour first. */
export function busiestRoutes(history: MetricsHistory, count: number): RouteHistory[] {
  const total = (route: RouteHistory) =>
    route.requestsPerSecond.reduce((sum, value) => sum + value, 0);
  return history.routes
    .filter(({ route }) => route.startsWith('/api/'))
    .filter((route) => total(route) > 0)
    .sort((a, b) => total(b) - total(a))
    .slice(0, count);
}

export const routeName = ({ method, route }: Pick<RouteHistory, 'method' | 'route'>) =>
  `${method} ${route}`;

/** Requests per second of every route together, per minute. */
export function allRequests(history: MetricsHistory): ChartSeries {
  return {
    name: 'Requests/s',
    values: history.minutes.map((_, index) =>
      history.routes.reduce((sum, route) => sum + route.requestsPerSecond[index], 0),
    ),
  };
}

/** Task attempts that ended in each minute, whatever their outcome. */
export function attemptsEnded(history: MetricsHistory): ChartSeries {
  return {
    name: 'Task attempts/min',
    values: history.tasks.succeeded.map(
      (succeeded, index) => succeeded + history.tasks.failed[index],
    ),
  };
}

/** Where the numbers come from, in words. */
export function sourceOf(history: MetricsHistory): string {
  return history.source === 'prometheus'
    ? 'From Prometheus.'
    : 'From the api’s own per-minute samples (and the recorded task attempts).';
}
