import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** `pnpm schema:check` (schema/check-compatibility.mjs), run on temporary copies of the schema. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = path.join(ROOT, 'schema/check-compatibility.mjs');
const SCHEMA = fs.readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8');

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A folder with `schema.graphql`, `releases/<release>` and, if given, the intended breaking changes. */
function workspace(current: string, releases: Record<string, string>, intended?: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cobuild-schema-check-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'schema.graphql'), current);
  fs.mkdirSync(path.join(dir, 'releases'));
  for (const [name, text] of Object.entries(releases)) fs.writeFileSync(path.join(dir, 'releases', name), text);
  if (intended !== undefined) fs.writeFileSync(path.join(dir, 'intended.json'), JSON.stringify(intended));
  return dir;
}

function check(dir: string) {
  const result = spawnSync(
    process.execPath,
    [
      SCRIPT,
      '--schema',
      path.join(dir, 'schema.graphql'),
      '--releases',
      path.join(dir, 'releases'),
      '--intended',
      path.join(dir, 'intended.json'),
    ],
    { encoding: 'utf8' },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The schema without `Project.endsOn` (its description line and the field). */
function withoutProjectEndsOn(schema: string): string {
  const removed = schema.replace(
    /(type Project implements Node \{[\s\S]*?)\n {2}"""Target end date \(YYYY-MM-DD\)\."""\n {2}endsOn: LocalDate\n/,
    '$1\n',
  );
  expect(removed).not.toBe(schema);
  return removed;
}

const REMOVED = { type: 'FIELD_REMOVED', description: 'Project.endsOn was removed.' };

describe('schema compatibility check', () => {
  it('passes on the repository: schema/schema.graphql keeps what the newest release offers', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('is compatible with schema/releases/v0.1.graphql');
  });

  it('fails on a removed field, naming it', () => {
    const result = check(workspace(withoutProjectEndsOn(SCHEMA), { 'v0.1.graphql': SCHEMA }, []));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('FIELD_REMOVED: Project.endsOn was removed.');
  });

  it('passes when that removal is listed as intended, with its reason', () => {
    const intended = [{ ...REMOVED, reason: 'Replaced by Project.schedule (deprecated in v0.1).' }];
    const result = check(workspace(withoutProjectEndsOn(SCHEMA), { 'v0.1.graphql': SCHEMA }, intended));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('intended breaking change FIELD_REMOVED: Project.endsOn was removed.');
    // The policy deprecates before removing: a removal of a field that was not deprecated is pointed out.
    expect(result.stdout).toContain('was not @deprecated');
  });

  it('compares with the newest release by version number, and lets additions through', () => {
    const added = SCHEMA.replace('type Project implements Node {', 'type Project implements Node {\n  code: String\n');
    // v0.10 is newer than v0.9: the field it added may not go.
    const releases = { 'v0.9.graphql': SCHEMA, 'v0.10.graphql': added };
    expect(check(workspace(added, releases, [])).status).toBe(0);
    const result = check(workspace(SCHEMA, releases, []));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('FIELD_REMOVED: Project.code was removed.');
    expect(result.stderr).toContain('v0.10.graphql');
  });

  it('refuses an intended entry without a reason', () => {
    const result = check(workspace(withoutProjectEndsOn(SCHEMA), { 'v0.1.graphql': SCHEMA }, [REMOVED]));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"reason"');
  });
});
