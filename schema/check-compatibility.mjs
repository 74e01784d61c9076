#!/usr/bin/env node
/**
 * Schema compatibility check (`pnpm schema:check`): compares schema/schema.graphql with the
 * newest released schema in schema/releases/ (`v<major>.<minor>[.<patch>].graphql`) and exits
 * with 1, listing each breaking change that schema/intended-breaking-changes.json does not
 * list. Breaking changes are graphql-js's `findBreakingChanges` (a field, type, argument or
 * enum value removed, a type changed, a required argument or input field added, …); an entry
 * `{ "type", "description", "reason" }` must match one of them exactly. Dangerous changes
 * (`findDangerousChanges`, e.g. an enum value added) are printed and do not fail the check.
 *
 * Options (paths; defaults are the files next to this script):
 *   --schema <file>     the schema to check
 *   --releases <dir>    the released schemas
 *   --intended <file>   the breaking changes meant to ship
 *
 * Exit codes: 0 compatible, 1 unlisted breaking changes, 2 the check could not run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSchema, findBreakingChanges, findDangerousChanges, isInterfaceType, isObjectType } from 'graphql';

const here = path.dirname(fileURLToPath(import.meta.url));
const RELEASE_FILE = /^v(\d+(?:\.\d+){0,2})\.graphql$/;

function fail(message) {
  console.error(`schema check: ${message}`);
  process.exit(2);
}

/** The newest release in `dir` by version number (v0.10 is newer than v0.9). */
function newestRelease(dir) {
  const releases = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .map((name) => ({ name, match: RELEASE_FILE.exec(name) }))
        .filter(({ match }) => match)
        .map(({ name, match }) => ({ name, version: match[1].split('.').map(Number) }))
    : [];
  if (releases.length === 0) fail(`no released schema (v<major>.<minor>.graphql) in ${dir}`);
  const compare = (a, b) => {
    for (let i = 0; i < 3; i++) if ((a.version[i] ?? 0) !== (b.version[i] ?? 0)) return a.version[i] - b.version[i];
    return 0;
  };
  return path.join(dir, releases.sort(compare).at(-1).name);
}

function readSchema(file) {
  try {
    return buildSchema(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(`${file}: ${error.message}`);
  }
}

/** The breaking changes meant to ship: `[{ "type", "description", "reason" }]`; none when the file is missing. */
function readIntended(file) {
  if (!fs.existsSync(file)) return [];
  let entries;
  try {
    entries = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(`${file}: ${error.message}`);
  }
  const valid = (e) =>
    e &&
    typeof e === 'object' &&
    ['type', 'description', 'reason'].every((key) => typeof e[key] === 'string' && e[key].trim() !== '');
  if (!Array.isArray(entries) || !entries.every(valid)) {
    fail(`${file} must be an array of { "type", "description", "reason" } with non-empty strings`);
  }
  return entries;
}

/** The deprecation reason a field had in `schema` ("Type.field was removed."), or null. */
function deprecationOfRemovedField(schema, description) {
  const match = /^(\w+)\.(\w+) was removed\.$/.exec(description);
  const type = match && schema.getType(match[1]);
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return null;
  return type.getFields()[match[2]]?.deprecationReason ?? null;
}

const { values: options } = parseArgs({
  options: {
    schema: { type: 'string', default: path.join(here, 'schema.graphql') },
    releases: { type: 'string', default: path.join(here, 'releases') },
    intended: { type: 'string', default: path.join(here, 'intended-breaking-changes.json') },
  },
});
const releaseFile = newestRelease(options.releases);
const released = readSchema(releaseFile);
const current = readSchema(options.schema);
const intended = readIntended(options.intended);
const relative = (file) => path.relative(process.cwd(), file) || file;
const isListed = (change) => (e) => e.type === change.type && e.description === change.description;

const breaking = findBreakingChanges(released, current);
const unlisted = breaking.filter((change) => !intended.some(isListed(change)));
for (const change of breaking) {
  const entry = intended.find(isListed(change));
  if (!entry) continue;
  console.log(`intended breaking change ${change.type}: ${change.description} (${entry.reason})`);
  if (change.type === 'FIELD_REMOVED' && !deprecationOfRemovedField(released, change.description)) {
    console.log(`  note: it was not @deprecated in ${relative(releaseFile)}; the policy deprecates before removing`);
  }
}
for (const entry of intended.filter((e) => !breaking.some((change) => isListed(change)(e)))) {
  console.log(`note: listed but not found (remove it after the release): ${entry.type}: ${entry.description}`);
}
for (const change of findDangerousChanges(released, current)) {
  console.log(`dangerous (allowed) ${change.type}: ${change.description}`);
}

if (unlisted.length > 0) {
  console.error(
    `${relative(options.schema)} breaks ${relative(releaseFile)} in ${unlisted.length} way(s) not listed in ${relative(options.intended)}:`,
  );
  for (const change of unlisted) console.error(`  ${change.type}: ${change.description}`);
  console.error(
    'Keep the old field or value (deprecate it with @deprecated(reason: "Use … instead.")), or, if the break is ' +
      'meant to ship in the next release, add { "type", "description", "reason" } for it to that file.',
  );
  process.exit(1);
}
console.log(
  `${relative(options.schema)} is compatible with ${relative(releaseFile)}` +
    (breaking.length ? ` (${breaking.length} intended breaking change(s))` : ''),
);
