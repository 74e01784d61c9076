import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, DEMO_PARTNER_TOKEN, sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { COMMUNITY, JINGAN, JINGHU, lookup, XUHUI } from '../support/lookup.js';
import { rowCounts } from '../support/row-counts.js';

const fx = useSeededServer('projects_csv');
const make = listFactories(fx);
const ids = () => lookup(fx.server.graphqlUrl);

/** The export's header: part of the contract with partners and spreadsheets. */
const HEADER =
  'record,project_id,project_title_zh,project_title_en,project_status,region_code,region_name_zh,region_name_en,' +
  'id,requirement_id,title_zh,title_en,organization_id,organization_zh,organization_en,kind,unit,quantity,' +
  'committed,delivered,status,due_on,weight,progress,note';
const COLUMNS = HEADER.split(',');
const col = (name: string) => COLUMNS.indexOf(name);

/** A CSV reader of the test's own (RFC 4180), so the export is checked by something it did not write. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') cell += text[++i];
      else quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** Rows as a spreadsheet program saves them: quoted where needed, `eol` line ends. */
function toCsv(rows: string[][], eol = '\r\n'): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',') + eol).join('');
}

/** The line of the file where each row of toCsv(rows) starts. */
function startLines(rows: string[][]): number[] {
  let line = 1;
  return rows.map((r) => {
    const start = line;
    line +=
      1 +
      (toCsv([r])
        .slice(0, -2)
        .match(/\r\n|\r|\n/g)?.length ?? 0);
    return start;
  });
}

async function exportCsv(regionId: string | null, headers: Headers = {}) {
  const url = new URL(`${fx.server.url}/export/projects.csv`);
  if (regionId !== null) url.searchParams.set('regionId', regionId);
  const res = await fetch(url, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

/** The rows of a region's export, header first (BOM dropped). */
async function exportedRows(regionId: string, headers: Headers = {}): Promise<string[][]> {
  const { res, text } = await exportCsv(regionId, headers);
  expect(res.status).toBe(200);
  return parseCsv(text.replace(/^\uFEFF/, ''));
}

const IMPORT = `mutation($i: ImportMilestoneProgressInput!) {
  importMilestoneProgress(input: $i) { updatedMilestones unchangedMilestones userErrors { field message code } }
}`;

async function importCsv(csv: string, headers: Headers) {
  const res = await gql<any>(fx.server.graphqlUrl, IMPORT, { i: { csv } }, headers);
  expect(errorCodes(res), JSON.stringify(res.errors)).toEqual([]);
  return res.data.importMilestoneProgress;
}

const MILESTONES = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Milestone { id progress note project { progress } } } }`;

async function milestones(...milestoneIds: string[]) {
  return (await gql<any>(fx.server.graphqlUrl, MILESTONES, { ids: milestoneIds })).data.nodes;
}

/** Everything an import could have changed: row counts, newest event, every milestone's progress and note. */
async function snapshot() {
  return {
    rows: await rowCounts(fx.db),
    milestones: await fx.db.query(`select id, progress, note, updated_at from milestone order by id`),
  };
}

let lead: Headers;
let jinghu: string;
let community: string;
let projectId: string;
let requirementId: string;
let commitmentId: string;
/** Of the lead only; the owner's (Jinghu Water's), whose title starts with "=" and whose note has a line break. */
let survey: string;
let works: string;
let xuhuiProject: string;
let xuhuiMilestone: string;

const ADD_MILESTONE = `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } userErrors { field code } } }`;

beforeAll(async () => {
  lead = await make.committeeAdmin();
  jinghu = await ids().organization(JINGHU);
  community = await ids().region(COMMUNITY);
  projectId = await make.project({ titleZh: '滨河绿道, "二期"', titleEn: 'Riverside greenway, "phase 2"' });
  await make.run(
    `mutation($i: ParticipationInput!) { joinProject(input: $i) { participant { id } userErrors { field code } } }`,
    { projectId, organizationId: jinghu },
    await make.representative(),
    'joinProject',
  );
  requirementId = await make.requirement(projectId, { titleZh: '植树志愿者', titleEn: 'Planting volunteers' });
  commitmentId = (
    await make.run(
      `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { field code } } }`,
      { requirementId, organizationId: jinghu, quantity: 30, unit: 'PERSON_HOUR', note: '+30 on weekends' },
      await make.representative(),
      'commitResource',
    )
  ).commitment.id;
  survey = (
    await make.run(ADD_MILESTONE, { projectId, titleZh: '现场勘察', titleEn: 'Site survey' }, lead, 'addMilestone')
  ).milestone.id;
  works = (
    await make.run(
      ADD_MILESTONE,
      {
        projectId,
        titleZh: '施工',
        titleEn: '=1+1 works',
        weight: 3,
        ownerOrganizationId: jinghu,
        note: 'Crew booked,\n"spring" start',
      },
      lead,
      'addMilestone',
    )
  ).milestone.id;

  const xuhuiAdmin = await sessionHeaders(fx.db, 'xuhui.admin@cobuild.demo');
  xuhuiProject = (
    await make.run(
      `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } userErrors { field code } } }`,
      {
        committeeId: await ids().committee(XUHUI),
        regionId: await ids().region(XUHUI),
        category: 'HEALTH',
        titleZh: '徐汇健康驿站',
        titleEn: 'Xuhui health corner',
      },
      xuhuiAdmin,
      'createProject',
    )
  ).project.id;
  xuhuiMilestone = (
    await make.run(
      ADD_MILESTONE,
      { projectId: xuhuiProject, titleZh: '选址', titleEn: 'Site' },
      xuhuiAdmin,
      'addMilestone',
    )
  ).milestone.id;
});

describe('GET /export/projects.csv', () => {
  it('is a UTF-8 CSV with a BOM and one header, Chinese readable, text quoted and inert for spreadsheets', async () => {
    const { res, bytes, text } = await exportCsv(community);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="projects-${COMMUNITY}.csv"`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    // As a text editor shows it: quotes doubled inside a quoted cell, Chinese as such.
    expect(text).toContain(`,"滨河绿道, ""二期""","Riverside greenway, ""phase 2""",`);
    expect(text).toContain(`,"Crew booked,\n""spring"" start"\r\n`);
    // A title that a spreadsheet would run as a formula starts with an apostrophe.
    expect(text).toContain(`,施工,'=1+1 works,`);
    expect(text).toContain(`,'+30 on weekends\r\n`);

    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(COLUMNS);
    expect(rows.every((r) => r.length === COLUMNS.length)).toBe(true);
    const mine = rows.filter((r) => r[col('project_id')] === projectId);
    expect(mine.map((r) => [r[col('record')], r[col('id')]])).toEqual([
      ['project', projectId],
      ['requirement', requirementId],
      ['commitment', commitmentId],
      ['milestone', survey],
      ['milestone', works],
    ]);
    const cells = (r: string[], ...names: string[]) => Object.fromEntries(names.map((n) => [n, r[col(n)]]));
    for (const r of mine) {
      expect(cells(r, 'project_title_zh', 'project_status', 'region_code', 'region_name_zh')).toEqual({
        project_title_zh: '滨河绿道, "二期"',
        project_status: 'PROPOSED',
        region_code: COMMUNITY,
        region_name_zh: expect.stringMatching(/[\u4e00-\u9fff]/),
      });
    }
    expect(cells(mine[1], 'title_zh', 'kind', 'unit', 'quantity', 'committed', 'delivered')).toEqual({
      title_zh: '植树志愿者',
      kind: 'VOLUNTEER_HOURS',
      unit: 'PERSON_HOUR',
      quantity: '1000',
      committed: '30',
      delivered: '0',
    });
    expect(
      cells(mine[2], 'requirement_id', 'organization_id', 'organization_en', 'quantity', 'status', 'note'),
    ).toEqual({
      requirement_id: requirementId,
      organization_id: jinghu,
      organization_en: JINGHU,
      quantity: '30',
      status: 'PLEDGED',
      note: "'+30 on weekends",
    });
    expect(cells(mine[4], 'title_zh', 'title_en', 'organization_en', 'weight', 'progress', 'note')).toEqual({
      title_zh: '施工',
      title_en: "'=1+1 works",
      organization_en: JINGHU,
      weight: '3',
      progress: '0',
      note: 'Crew booked,\n"spring" start',
    });
    // Rows are ordered: by project, then kind, then id; the same file every time.
    const projectIds = rows.slice(1).map((r) => r[col('project_id')]);
    expect(projectIds.filter((p, i) => p !== projectIds[i - 1])).toEqual([...new Set(projectIds)]);
    expect((await exportCsv(community)).text).toBe(text);
  });

  it("holds the region's whole subtree and nothing outside it", async () => {
    const district = await exportedRows(await ids().region(JINGAN));
    const projectsOf = (rows: string[][]) =>
      new Set(rows.filter((r) => r[col('record')] === 'project').map((r) => r[col('id')]));
    expect(projectsOf(district).has(projectId)).toBe(true);
    expect(projectsOf(district).has(xuhuiProject)).toBe(false);
    const xuhui = await exportedRows(await ids().region(XUHUI));
    expect(projectsOf(xuhui).has(xuhuiProject)).toBe(true);
    expect(projectsOf(xuhui).has(projectId)).toBe(false);
    expect(
      xuhui.filter((r) => r[col('record')] === 'project').every((r) => r[col('region_code')].startsWith(XUHUI)),
    ).toBe(true);
  });

  it('takes the credentials /graphql takes: a bad token is 401, a good one or a session reads', async () => {
    const bad = await exportCsv(community, bearer('cbt_not-a-token'));
    expect(bad.res.status).toBe(401);
    expect(JSON.parse(bad.text)).toEqual({
      errors: [{ message: 'The API token is unknown, expired or revoked.', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect((await exportCsv(community, { authorization: 'Basic x' })).res.status).toBe(401);
    expect((await exportCsv(community, bearer(DEMO_PARTNER_TOKEN))).res.status).toBe(200);
    expect((await exportCsv(community, lead)).res.status).toBe(200);
  });

  it('answers 400 for a missing or malformed regionId and 404 for an unknown region', async () => {
    const codeOf = async (regionId: string | null) => {
      const { res, text } = await exportCsv(regionId);
      return [res.status, JSON.parse(text).errors[0].extensions.code];
    };
    expect(await codeOf(null)).toEqual([400, 'BAD_USER_INPUT']);
    expect(await codeOf('')).toEqual([400, 'BAD_USER_INPUT']);
    expect(await codeOf('not-an-id')).toEqual([400, 'BAD_USER_INPUT']);
    expect(await codeOf(projectId)).toEqual([400, 'BAD_USER_INPUT']);
    const unknown = Buffer.from(`Region:${randomUUID()}`).toString('base64url');
    expect(await codeOf(unknown)).toEqual([404, 'NOT_FOUND']);
    const { text } = await exportCsv(unknown);
    expect(JSON.parse(text).errors[0].message).toBe(`No region with ID ${unknown}.`);
  });
});

describe('importMilestoneProgress', () => {
  it('round-trips: progress edited in the exported file is applied like updateMilestone, and exported again', async () => {
    const rows = await exportedRows(community, lead);
    const row = (id: string) => rows.find((r) => r[col('id')] === id)!;
    row(survey)[col('progress')] = '40';
    row(works)[col('progress')] = '75';
    row(works)[col('note')] = '-2 weeks: rain';
    const milestoneRows = rows.filter((r) => r[col('record')] === 'milestone').length;
    const before = (await rowCounts(fx.db))['activity.max_id'];

    // Saved by a spreadsheet program: LF line ends, no BOM.
    const result = await importCsv(toCsv(rows, '\n'), lead);
    expect(result).toEqual({ updatedMilestones: 2, unchangedMilestones: milestoneRows - 2, userErrors: [] });

    // (40 × 1 + 75 × 3) / 4
    expect(await milestones(survey, works)).toEqual([
      { id: survey, progress: 40, note: null, project: { progress: 66.3 } },
      { id: works, progress: 75, note: '-2 weeks: rain', project: { progress: 66.3 } },
    ]);
    const events = await gql<any>(
      fx.server.graphqlUrl,
      `query($p: ID!) { activity(filter: { projectId: $p, types: ["milestone.updated"] }, first: 10) { nodes { id subject { id } changes } } }`,
      { p: projectId },
    );
    const updates = events.data.activity.nodes.filter(
      (e: any) => Number(Buffer.from(e.id, 'base64url').toString().split(':')[1]) > before,
    );
    expect(updates.map((e: any) => [e.subject.id, e.changes])).toEqual(
      expect.arrayContaining([
        [survey, { progress: { before: 0, after: 40 } }],
        [
          works,
          {
            progress: { before: 0, after: 75 },
            note: { before: 'Crew booked,\n"spring" start', after: '-2 weeks: rain' },
          },
        ],
      ]),
    );
    expect(updates).toHaveLength(2);

    const again = await exportedRows(community);
    const exported = (id: string) => again.find((r) => r[col('id')] === id)!;
    expect(exported(survey)[col('progress')]).toBe('40');
    expect(exported(works)[col('progress')]).toBe('75');
    expect(exported(works)[col('note')]).toBe("'-2 weeks: rain");
    expect(exported(projectId)[col('progress')]).toBe('66.3');

    // The new export, as it is, changes nothing: no row needs a right, no event is written.
    const unchanged = await snapshot();
    const { text } = await exportCsv(community);
    expect(await importCsv(text, lead)).toEqual({
      updatedMilestones: 0,
      unchangedMilestones: milestoneRows,
      userErrors: [],
    });
    expect(await snapshot()).toEqual(unchanged);
  });

  it("lets the milestone's owner organization report its own progress, and no one else's", async () => {
    const rep = await make.representative();
    const rows = await exportedRows(community, rep);
    const row = (id: string) => rows.find((r) => r[col('id')] === id)!;
    row(works)[col('progress')] = '90';
    expect(await importCsv(toCsv(rows), rep)).toMatchObject({ updatedMilestones: 1, userErrors: [] });
    expect((await milestones(works))[0].progress).toBe(90);

    row(survey)[col('progress')] = '99';
    const refused = await importCsv(toCsv(rows), rep);
    const line = startLines(rows)[rows.indexOf(row(survey))];
    expect(refused).toEqual({
      updatedMilestones: null,
      unchangedMilestones: null,
      userErrors: [
        {
          field: ['input', 'csv', String(line), 'id'],
          code: 'FORBIDDEN',
          message: `Line ${line}: id: Only the lead committee or the milestone’s owner may change it.`,
        },
      ],
    });
  });

  it('runs from the command line too, as a named person, through the same service', async () => {
    const rep = await make.representative();
    const rows = await exportedRows(community, rep);
    const row = (id: string) => rows.find((r) => r[col('id')] === id)!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cobuild-csv-'));
    const file = path.join(dir, 'progress.csv');
    const cli = (email: string) =>
      spawnSync(
        process.execPath,
        [
          fileURLToPath(new URL('../../server/dist/cli/import-milestone-progress.js', import.meta.url)),
          '--as',
          email,
          file,
        ],
        { env: { ...process.env, DATABASE_URL: fx.db.url, LOG_LEVEL: 'warn' }, encoding: 'utf8' },
      );
    const [{ started }] = await fx.db.query<{ started: Date }>(`select clock_timestamp() as started`);
    try {
      row(works)[col('progress')] = '77';
      fs.writeFileSync(file, '\uFEFF' + toCsv(rows));
      const ok = cli('rep.water@cobuild.demo');
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('1 milestones updated');
      expect((await milestones(works))[0].progress).toBe(77);
      const [event] = await fx.db.query<{ changes: unknown; email: string }>(
        `select a.changes, u.email from activity a join app_user u on u.id = a.actor_user_id
         where a.type = 'milestone.updated' and a.subject_id = $1 order by a.id desc limit 1`,
        [Buffer.from(works, 'base64url').toString().split(':')[1]],
      );
      expect(event).toMatchObject({ email: 'rep.water@cobuild.demo', changes: { progress: { after: 77 } } });

      // Jinghu Water's representative may not change the lead's survey: refused, nothing applied.
      row(works)[col('progress')] = '80';
      row(survey)[col('progress')] = '55';
      fs.writeFileSync(file, toCsv(rows));
      const refused = cli('rep.water@cobuild.demo');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(
        /FORBIDDEN: Line \d+: id: Only the lead committee or the milestone’s owner may change it\./,
      );
      expect(refused.stderr).toContain('Nothing was imported.');
      expect((await milestones(works))[0].progress).toBe(77);
      // Each run signed in for itself, and its session ended with it.
      const sessions = await fx.db.query<{ revoked: boolean }>(
        `select s.revoked_at is not null as revoked from session s join app_user u on u.id = s.user_id
         where u.email = 'rep.water@cobuild.demo' and s.created_at >= $1`,
        [started],
      );
      expect(sessions).toEqual([{ revoked: true }, { revoked: true }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('refuses a bad file as a whole, naming each bad line, and changes nothing', () => {
    /** The header and the milestone rows of the community's export, ready to be spoiled. */
    let base: string[][];
    beforeAll(async () => {
      const rows = await exportedRows(community, lead);
      base = [rows[0], ...rows.filter((r) => r[col('project_id')] === projectId && r[col('record')] === 'milestone')];
      base[1][col('progress')] = String((Number(base[1][col('progress')]) + 1) % 100);
    });

    async function refused(csv: string) {
      const before = await snapshot();
      const result = await importCsv(csv, lead);
      expect(await snapshot()).toEqual(before);
      expect(result.updatedMilestones).toBeNull();
      return result.userErrors.map((e: any) => ({ ...e, message: e.message.slice(0, 200) }));
    }

    /** A copy of the base rows changed by `edit`; lines follow from the cells. */
    function spoiled(edit: (rows: string[][]) => void): { csv: string; lines: number[]; rows: string[][] } {
      const rows = base.map((r) => [...r]);
      edit(rows);
      return { csv: toCsv(rows), lines: startLines(rows), rows };
    }

    it('a wrong header: one error, on line 1, naming the column', async () => {
      const { csv } = spoiled((rows) => (rows[0][col('progress')] = 'percent'));
      expect(await refused(csv)).toEqual([
        {
          field: ['input', 'csv', '1', 'progress'],
          code: 'INVALID',
          message: expect.stringMatching(/^Line 1: column 24 should be "progress", not "percent"\./),
        },
      ]);
      const missing = toCsv(base.map((r) => r.slice(0, -1)));
      expect((await refused(missing))[0]).toMatchObject({
        field: ['input', 'csv', '1', 'note'],
        message: expect.stringMatching(/^Line 1: column 25 "note" is missing\./),
      });
    });

    it('text that was not decoded as UTF-8 (U+FFFD), or holds NUL', async () => {
      const { csv, lines } = spoiled((rows) => (rows[2][col('title_zh')] = '施\uFFFD\uFFFD'));
      const [error] = await refused(csv);
      expect(error).toMatchObject({ field: ['input', 'csv'], code: 'INVALID' });
      expect(error.message).toMatch(`The file was not read as UTF-8 text (U+FFFD on line ${lines[2]})`);
      // NUL never gets as far: every text input holding one is refused before anything runs.
      const before = await snapshot();
      const nul = await gql<any>(
        fx.server.graphqlUrl,
        IMPORT,
        { i: { csv: csv.replaceAll('\uFFFD', '\u0000') } },
        lead,
      );
      expect([nul.status, errorCodes(nul)]).toEqual([400, ['BAD_USER_INPUT']]);
      expect(await snapshot()).toEqual(before);
    });

    it('the same milestone twice', async () => {
      const { csv, lines } = spoiled((rows) => rows.push([...rows[1]]));
      expect(await refused(csv)).toEqual([
        {
          field: ['input', 'csv', String(lines[3]), 'id'],
          code: 'INVALID',
          message: `Line ${lines[3]}: id: the same milestone as line ${lines[1]}; keep one row.`,
        },
      ]);
    });

    it('an unknown or malformed milestone ID', async () => {
      const unknown = Buffer.from(`Milestone:${randomUUID()}`).toString('base64url');
      const { csv, lines } = spoiled((rows) => {
        rows.push([...rows[2]], [...rows[2]]);
        rows[3][col('id')] = unknown;
        rows[4][col('id')] = projectId;
      });
      expect(await refused(csv)).toEqual([
        {
          field: ['input', 'csv', String(lines[3]), 'id'],
          code: 'NOT_FOUND',
          message: `Line ${lines[3]}: id: no milestone has this ID.`,
        },
        {
          field: ['input', 'csv', String(lines[4]), 'id'],
          code: 'INVALID',
          message: `Line ${lines[4]}: id: "${projectId}" is not the ID of a milestone.`,
        },
      ]);
    });

    it('progress out of range or not a number: every bad row at once', async () => {
      const { csv, lines } = spoiled((rows) => {
        rows[1][col('progress')] = '101';
        rows[2][col('progress')] = 'abc';
      });
      expect(await refused(csv)).toEqual([
        {
          field: ['input', 'csv', String(lines[1]), 'progress'],
          code: 'INVALID',
          message: `Line ${lines[1]}: progress: must be a whole number from 0 to 100, not "101".`,
        },
        {
          field: ['input', 'csv', String(lines[2]), 'progress'],
          code: 'INVALID',
          message: `Line ${lines[2]}: progress: must be a whole number from 0 to 100, not "abc".`,
        },
      ]);
    });

    it('a row of a project the caller does not lead: the valid rows before it are not applied either', async () => {
      const xuhui = await exportedRows(await ids().region(XUHUI));
      const foreign = xuhui.find((r) => r[col('id')] === xuhuiMilestone)!;
      foreign[col('progress')] = '50';
      const { csv, lines, rows } = spoiled((rows) => {
        rows[2][col('progress')] = String((Number(rows[2][col('progress')]) + 1) % 100);
        rows.push(foreign);
      });
      expect(await refused(csv)).toEqual([
        {
          field: ['input', 'csv', String(lines[3]), 'id'],
          code: 'FORBIDDEN',
          message: `Line ${lines[3]}: id: Only the lead committee or the milestone’s owner may change it.`,
        },
      ]);
      // The same file without the foreign row goes through.
      expect(await importCsv(toCsv(rows.slice(0, 3)), lead)).toMatchObject({ updatedMilestones: 2, userErrors: [] });
    });

    it('more than 10,000 rows below the header, before reading any of them', async () => {
      const row = toCsv([COLUMNS.map((c) => (c === 'record' ? 'milestone' : ''))]);
      const csv = toCsv([COLUMNS]) + row.repeat(10_001);
      expect(await refused(csv)).toEqual([
        {
          field: ['input', 'csv'],
          code: 'TOO_LONG',
          message: 'The file has more than 10,000 rows below its header; import it in parts.',
        },
      ]);
    });
  });
});
