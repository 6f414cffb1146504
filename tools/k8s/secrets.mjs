#!/usr/bin/env node
// Writes the Secrets of k8s/simple/secrets.spec.json as env files into the given folder (one
// `<secret>.env` per Secret), for `kubectl create secret generic --from-env-file`, and prints one
// line `<namespace> <secret>` per Secret. Random values are made once and kept in `values.json`
// there: PostgreSQL and RabbitMQ take their passwords only when their volume is first initialised,
// so a later start must reuse them.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const specPath = join(import.meta.dirname, '../../k8s/simple/secrets.spec.json');
const DEFAULT_NAMESPACE = 'profile';
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: secrets.mjs <output folder>');
  process.exit(2);
}

const spec = JSON.parse(readFileSync(specPath, 'utf8'));
mkdirSync(outDir, { recursive: true, mode: 0o700 });
const valuesPath = join(outDir, 'values.json');
const kept = existsSync(valuesPath) ? JSON.parse(readFileSync(valuesPath, 'utf8')) : {};

const values = {};
for (const [name, how] of Object.entries(spec.values)) {
  if (typeof how === 'string') values[name] = how;
  else if (Number.isInteger(how.randomHex))
    values[name] = kept[name] ?? randomBytes(how.randomHex).toString('hex');
  else
    throw new Error(
      `secrets.spec.json: value ${name} is neither a string nor {"randomHex": bytes}`,
    );
}
writeSecretFile(valuesPath, `${JSON.stringify(values, null, 2)}\n`);

for (const [secret, keys] of Object.entries(spec.secrets)) {
  const lines = Object.entries(keys).map(
    ([key, template]) => `${key}=${fill(template, secret, key)}`,
  );
  writeSecretFile(join(outDir, `${secret}.env`), `${lines.join('\n')}\n`);
  console.log(`${spec.namespaces?.[secret] ?? DEFAULT_NAMESPACE} ${secret}`);
}
console.error(`wrote ${Object.keys(spec.secrets).join(', ')} to ${outDir}`);

function fill(template, secret, key) {
  return template.replace(/\$\{(\w+)\}/g, (_, name) => {
    if (!(name in values))
      throw new Error(`secrets.spec.json: ${secret}.${key} uses unknown value ${name}`);
    return values[name];
  });
}

function writeSecretFile(path, content) {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}
