import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';

/** A V8 CPU profile, as `--cpu-prof` and the inspector's Profiler.stop write it. */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface TimeShare {
  area: string;
  /** Of the samples in which the process was not idle, 0 to 1. */
  share: number;
}

/** Where, in the service's own sources, a frame of its bundle came from. */
export type SourceOf = (url: string, line: number, column: number) => string | undefined;

interface AreaRule {
  area: string;
  /** A package name, a `node:` module, or a workspace source path, as a prefix. */
  matches: RegExp;
}

// In order: the first rule that matches a frame's package, Node module or source file names its area.
const AREAS: AreaRule[] = [
  {
    area: 'logging: pino, its serializers and the writes to stdout',
    matches:
      /^(pino|pino-std-serializers|sonic-boom|fast-redact|quick-format-unescaped|on-exit-leak-free|node:internal\/fs|node:fs|libs\/service-core\/src\/lib\/logging)\b/,
  },
  {
    area: 'metrics: prom-client',
    matches: /^(prom-client|tdigest|bintrees|@willsoto\/|libs\/service-core\/src\/lib\/metrics)/,
  },
  {
    area: 'Node: HTTP parsing, sockets and streams',
    matches:
      /^node:(_http_|http|net|internal\/(http|net|stream_base_commons|streams\/|js_stream_socket|dns|errors|validators)|events|buffer|stream|internal\/buffer|internal\/url|url|internal\/event_target)/,
  },
  {
    area: 'Node: promise and tick scheduling',
    matches: /^node:internal\/process\/task_queues|^\(microtasks\)$/,
  },
  { area: 'Node: timers', matches: /^node:(timers|internal\/timers)/ },
  { area: 'Node: crypto (API key digests, ids)', matches: /^node:(crypto|internal\/crypto)/ },
  {
    area: 'Fastify',
    matches:
      /^(fastify|find-my-way|@fastify\/|fast-querystring|fast-json-stringify|fast-decode-uri-component|avvio|abstract-logging|toad-cache|rfdc|secure-json-parse|light-my-request|process-warning)\b/,
  },
  {
    area: 'Nest: router, guards, pipes, filters',
    matches: /^(@nestjs\/|rxjs|reflect-metadata|iterare|path-to-regexp|uid)\b/,
  },
  {
    area: 'ioredis',
    matches: /^(ioredis|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback)\b/,
  },
  {
    area: 'pg',
    matches:
      /^(pg|pg-protocol|pg-pool|pg-types|pg-cloudflare|postgres-array|postgres-bytea|postgres-date|postgres-interval|pgpass|pg-connection-string|pg-int8)\b/,
  },
  { area: 'TypeORM', matches: /^(typeorm|sql-highlight|dayjs|app-root-path)\b/ },
  { area: 'RabbitMQ client', matches: /^(amqplib|amqp-connection-manager|@golevelup\/)/ },
  {
    area: 'validation: zod and the contract',
    matches: /^(zod|libs\/api-contract|libs\/profile-domain)\b/,
  },
  { area: 'the cache client (libs/cache)', matches: /^libs\/cache\b/ },
  { area: 'API keys and rate limit', matches: /^apps\/api\/src\/platform\/(auth|rate-limit)\b/ },
  { area: 'request ids, hooks and shutdown (service-core)', matches: /^libs\/service-core\b/ },
  { area: 'the api: profiles', matches: /^apps\/api\/src\/features\/profiles\b/ },
  { area: 'the api: tasks', matches: /^apps\/api\/src\/features\/tasks\b/ },
  { area: 'the api: outbox', matches: /^apps\/api\/src\/platform\/outbox\b/ },
  {
    area: 'the api: HTTP, problems, validation',
    matches: /^apps\/api\/src\/platform\/(http|problems|validation|pagination)\b/,
  },
  { area: 'the api: other', matches: /^apps\/api\b/ },
];

const GARBAGE_COLLECTION = 'garbage collection';
const V8_INTERNALS = 'V8 internals (compiling, runtime calls)';
const OTHER = 'other';
const SKIPPED = new Set(['(idle)']);

/**
 * Shares of the profile's busy samples by area. A sample counts for the innermost frame that has
 * a source (a builtin such as JSON.stringify counts for its caller); frames of a bundle are traced
 * back to their source files with `sourceOf`.
 */
export function whereTheTimeGoes(
  profile: CpuProfile,
  sourceOf: SourceOf = () => undefined,
): TimeShare[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const samplesByNode = new Map<number, number>();
  for (const id of profile.samples) samplesByNode.set(id, (samplesByNode.get(id) ?? 0) + 1);

  const byArea = new Map<string, number>();
  let busy = 0;
  for (const [id, count] of samplesByNode) {
    const leaf = nodes.get(id);
    if (!leaf || SKIPPED.has(leaf.callFrame.functionName)) continue;
    busy += count;
    const area = areaOf(leaf, nodes, parents, sourceOf);
    byArea.set(area, (byArea.get(area) ?? 0) + count);
  }
  return [...byArea]
    .map(([area, count]) => ({ area, share: busy > 0 ? count / busy : 0 }))
    .sort((a, b) => b.share - a.share);
}

function areaOf(
  leaf: ProfileNode,
  nodes: Map<number, ProfileNode>,
  parents: Map<number, number>,
  sourceOf: SourceOf,
): string {
  switch (leaf.callFrame.functionName) {
    case '(garbage collector)':
      return GARBAGE_COLLECTION;
    case '(program)':
      return V8_INTERNALS;
    case '(root)':
      return OTHER;
  }
  for (
    let node: ProfileNode | undefined = leaf;
    node;
    node = nodes.get(parents.get(node.id) ?? -1)
  ) {
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    if (functionName === 'runMicrotasks' && url === '') return areaByName('(microtasks)');
    if (url === '') continue;
    return areaByName(sourceOf(url, lineNumber, columnNumber) ?? moduleOf(url));
  }
  return V8_INTERNALS;
}

function areaByName(name: string): string {
  return AREAS.find(({ matches }) => matches.test(name))?.area ?? `${OTHER}: ${name.split('/')[0]}`;
}

/** The package a file belongs to, or the `node:` module it is. */
function moduleOf(url: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1];
  return url;
}

/**
 * Looks frames of a webpack bundle up in its source map (`<bundle>.map`), answering the
 * workspace-relative source path, such as libs/cache/src/lib/redis-fifo.ts.
 */
export function bundleSources(bundlePath: string): SourceOf {
  const map = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')));
  const bundleUrl = `file://${bundlePath}`;
  return (url, line, column) => {
    if (url !== bundleUrl && url !== bundlePath) return undefined;
    const source = map.findEntry(line, column);
    const path = 'originalSource' in source ? source.originalSource : undefined;
    return path?.replace(/^.*?\/((apps|libs)\/)/, '$1');
  };
}
