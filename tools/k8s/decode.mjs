#!/usr/bin/env node
// Reads Kubernetes manifests the way kubectl does: kubectl itself decodes them (YAML 1.1, where an
// unquoted `no` is a boolean and `0644` an octal number) with `kubectl label --local`, which needs no
// cluster, removing a label no object carries so that nothing changes. Anything that reads
// manifests here reads them through this, never with a YAML 1.2 parser of its own.
//   node tools/k8s/decode.mjs <file|->   prints the objects as one JSON `List`
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NO_SUCH_LABEL = 'decode.profile/unused-';

/** The objects kubectl decodes from `manifests` (YAML or JSON text, one or more documents, Lists flattened). */
export function kubectlDecode(manifests) {
  const json = execFileSync(
    process.env.KUBECTL ?? 'kubectl',
    ['label', '--local', '-f', '-', NO_SUCH_LABEL, '-o', 'json'],
    { input: manifests, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  // kubectl prints one indented JSON object per input object: each starts with a line `{`.
  return json
    .split(/^(?=\{$)/m)
    .filter((chunk) => chunk.trim())
    .map((chunk) => JSON.parse(chunk));
}

/** Objects as one v1 List, the form render.mjs prints and kubectl applies item by item. */
export const asList = (items) => ({ apiVersion: 'v1', kind: 'List', items });

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [source] = process.argv.slice(2);
  if (!source) {
    console.error('usage: decode.mjs <file|->');
    process.exit(2);
  }
  const text = readFileSync(source === '-' ? 0 : source, 'utf8');
  process.stdout.write(`${JSON.stringify(asList(kubectlDecode(text)), null, 2)}\n`);
}
