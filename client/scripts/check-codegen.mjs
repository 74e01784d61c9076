// `pnpm --filter @cobuild/client codegen:check`: fails when src/graphql-env.d.ts (the schema's
// types that gql.tada reads, generated from schema/schema.graphql by `codegen`) has drifted
// from the schema, and when a document of the client does not validate against the schema.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const committed = new URL('../src/graphql-env.d.ts', import.meta.url);
const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cobuild-codegen-')), 'graphql-env.d.ts');
const run = (...args) =>
  execFileSync('npx', ['gql-tada', ...args], { cwd: new URL('..', import.meta.url), stdio: 'pipe' });
run('generate', 'output', '--output', fresh);
if (fs.readFileSync(fresh, 'utf8') !== fs.readFileSync(committed, 'utf8')) {
  console.error(
    'client/src/graphql-env.d.ts differs from schema/schema.graphql: run `pnpm --filter @cobuild/client codegen`.',
  );
  process.exit(1);
}
try {
  run('check');
} catch (error) {
  console.error(String(error.stdout ?? ''), String(error.stderr ?? ''));
  console.error('A GraphQL document of the client does not validate against the schema.');
  process.exit(1);
}
console.log('client GraphQL types match the schema; every document validates.');
