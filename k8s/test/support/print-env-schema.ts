// Prints the variables of an app's environment schema as JSON, and what the schema says of a given
// environment: {"variables": {"NAME": {"hasDefault", "default"}}, "problems": ["NAME: message"]}.
//   node -r @swc-node/register k8s/test/support/print-env-schema.ts <module.ts> <schema export> [env.json]
// A separate process, so that the k8s checks read the apps' real schemas without importing the apps
// (which module boundaries forbid, and which would make this ops project depend on them).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

interface ZodLike {
  shape?: Record<string, ZodLike>;
  def?: { in?: ZodLike; innerType?: ZodLike; schema?: ZodLike };
  safeParse(value: unknown): {
    success: boolean;
    data?: unknown;
    error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
  };
}

/** The object schema under refinements, pipes or wrappers. */
function objectShape(schema: ZodLike): Record<string, ZodLike> {
  for (let current: ZodLike | undefined = schema; current;) {
    if (current.shape) return current.shape;
    current = current.def?.in ?? current.def?.innerType ?? current.def?.schema;
  }
  throw new Error('not a zod object schema');
}

const [modulePath, exportName, envFile] = process.argv.slice(2);
if (!modulePath || !exportName) {
  process.stderr.write('usage: print-env-schema.ts <module.ts> <schema export> [env.json]\n');
  process.exit(2);
}
const schema = (createRequire(__filename)(resolve(modulePath)) as Record<string, ZodLike>)[
  exportName
];
if (!schema) throw new Error(`${modulePath} exports no ${exportName}`);

const variables = Object.fromEntries(
  Object.entries(objectShape(schema)).map(([name, field]) => {
    // A field has a default when it accepts being unset.
    const unset = field.safeParse(undefined);
    return [name, { hasDefault: unset.success, default: unset.success ? unset.data : null }];
  }),
);
const problems = envFile
  ? (schema.safeParse(JSON.parse(readFileSync(envFile, 'utf8'))).error?.issues ?? []).map(
      (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`,
    )
  : [];
process.stdout.write(`${JSON.stringify({ variables, problems })}\n`);
