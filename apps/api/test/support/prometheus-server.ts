import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, ServiceProcess } from '@profile/testing';

const PROMETHEUS = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

/**
 * A Prometheus server of the test's own (Debian's `prometheus`), on a free port with a temporary
 * database, scraping the given targets every second under the job names k8s/monitoring uses.
 */
export class PrometheusServer {
  private constructor(
    readonly url: string,
    private readonly process: ServiceProcess,
    private readonly directory: string,
  ) {}

  static async start(jobs: Record<string, string>): Promise<PrometheusServer> {
    const directory = mkdtempSync(join(tmpdir(), 'prometheus-'));
    const config = join(directory, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        ...Object.entries(jobs).map(
          ([job, target]) =>
            `  - { job_name: ${job}, static_configs: [{ targets: ['${new URL(target).host}'] }] }`,
        ),
      ].join('\n'),
    );
    const port = await freePort();
    const process = ServiceProcess.start({
      executable: PROMETHEUS,
      args: [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(directory, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      env: {},
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await process.waitForHttp(`${url}/-/ready`);
    } catch (error) {
      await process.stop('SIGKILL');
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
    return new PrometheusServer(url, process, directory);
  }

  /** Waits until Prometheus has scraped every job at least once (so later increases count). */
  async scraped(jobs: readonly string[]): Promise<void> {
    await eventually(async () => {
      const url = new URL('/api/v1/query', this.url);
      url.searchParams.set('query', 'up == 1');
      const answer = (await (await fetch(url)).json()) as {
        data: { result: Array<{ metric: { job: string } }> };
      };
      expect(answer.data.result.map(({ metric }) => metric.job).sort()).toEqual([...jobs].sort());
    }, 15_000);
  }

  async stop(): Promise<void> {
    await this.process.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
