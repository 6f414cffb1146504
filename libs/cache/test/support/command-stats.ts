import Redis from 'ioredis';

export interface CommandStat {
  calls: number;
  failedCalls: number;
}

/** INFO commandstats of the server at `url`, by lower-case command name. */
export async function commandStats(url: string): Promise<Record<string, CommandStat>> {
  const client = new Redis(url);
  try {
    const info = await client.info('commandstats');
    const stats: Record<string, CommandStat> = {};
    for (const match of info.matchAll(/^cmdstat_(\S+?):calls=(\d+),.*failed_calls=(\d+)/gm)) {
      stats[match[1]] = { calls: Number(match[2]), failedCalls: Number(match[3]) };
    }
    return stats;
  } finally {
    client.disconnect();
  }
}
