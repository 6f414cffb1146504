#!/usr/bin/env node
// `make dev` pipes `nx run-many -t serve` through this filter: every JSON log line an app writes
// (after Nx's "<app>: " label) becomes one readable, coloured line; anything else passes through
// unchanged. The apps themselves always write JSON, as they do in the cluster.
import { createInterface } from 'node:readline';
import { prettyFactory } from 'pino-pretty';

const prettify = prettyFactory({
  colorize: Boolean(process.stdout.isTTY),
  messageKey: 'message',
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'service',
  singleLine: true,
});

/** The log record in `line` (a JSON object with a level), or undefined. */
function logRecord(json) {
  try {
    const record = JSON.parse(json);
    return record && typeof record === 'object' && 'level' in record ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The line made readable; an error's stack spans several lines, each keeps the app's label. */
function pretty(line) {
  const start = line.indexOf('{');
  const record = start === -1 ? undefined : logRecord(line.slice(start));
  if (!record) return line;
  const label = line.slice(0, start);
  return prettify(record)
    .trimEnd()
    .split('\n')
    .map((part) => `${label}${part}`)
    .join('\n');
}

// Ctrl-C reaches Nx and this filter together: keep printing until Nx has stopped the apps and
// closed the pipe, so that their last lines are not lost.
process.on('SIGINT', () => undefined);
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  process.stdout.write(`${pretty(line)}\n`);
}
