import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hitRateLimit } from '../rate-limit/attempt-limit.js';
import express from 'express';
import { corsFor } from '../../cors.js';
import { isDatabaseUnavailable } from '../../database/database-errors.js';
import type { ContextBase } from '../../graphql/context.js';
import { CodedError, ErrorCode, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../graphql/errors.js';
import { toGlobalId } from '../../graphql/relay/global-id.js';
import { selectRows } from '../../graphql/rows.js';
import { authenticate } from '../auth/authenticate.js';
import { pgArray } from '../common/pg-array.js';
import { regionForFilter } from '../region/region-scope.js';
import type { RegionNode } from '../region/region.node.js';
import { CSV_HEAD, csvLine, type CsvRow } from './csv-format.js';

/** Projects read per batch; their requirements, commitments and milestones come in one more statement. */
const PROJECTS_PER_BATCH = 500;

interface ProjectRow {
  id: string;
  title_zh: string;
  title_en: string;
  status: string;
  category: string;
  ends_on: string | null;
  progress: number | null;
  region_code: string;
  region_name_zh: string;
  region_name_en: string;
  lead_id: string;
  lead_zh: string;
  lead_en: string;
}

/** The next batch of projects in the region's subtree, by id after `after`. */
const PROJECTS = `select p.id, p.title_zh, p.title_en, p.status, p.category, p.ends_on::text as ends_on, p.progress,
    r.code as region_code, r.name_zh as region_name_zh, r.name_en as region_name_en,
    o.id as lead_id, o.name_zh as lead_zh, o.name_en as lead_en
  from project p join region r on r.id = p.region_id join organization o on o.id = p.lead_committee_id
  where r.path like ? and p.id > ?::uuid
  order by p.id limit ?`;

interface ChildRow {
  record: 'requirement' | 'commitment' | 'milestone';
  project_id: string;
  id: string;
  requirement_id: string | null;
  title_zh: string | null;
  title_en: string | null;
  organization_id: string | null;
  organization_zh: string | null;
  organization_en: string | null;
  kind: string | null;
  unit: string | null;
  quantity: number | null;
  committed: number | null;
  delivered: number | null;
  status: string | null;
  due_on: string | null;
  weight: number | null;
  progress: number | null;
  note: string | null;
}

/** Requirements, commitments and milestones of a batch of projects, in file order. */
const CHILDREN = `select * from (
    select 'requirement' as record, 1 as rank, q.project_id, q.id, null::uuid as requirement_id,
      q.title_zh::text, q.title_en::text, null::uuid as organization_id, null::text as organization_zh,
      null::text as organization_en, q.kind, q.unit, q.quantity, q.committed, q.delivered, null::text as status,
      null::text as due_on, null::int as weight, null::int as progress, null::text as note
    from requirement q where q.project_id = any(?::uuid[])
    union all
    select 'commitment', 2, c.project_id, c.id, c.requirement_id, null, null, o.id, o.name_zh, o.name_en,
      null, c.unit, c.quantity, null, null, c.status, null, null, null, c.note
    from commitment c join organization o on o.id = c.organization_id where c.project_id = any(?::uuid[])
    union all
    select 'milestone', 3, m.project_id, m.id, null, m.title_zh, m.title_en, o.id, o.name_zh, o.name_en,
      null, null, null, null, null, null, m.due_on::text, m.weight, m.progress, m.note
    from milestone m left join organization o on o.id = m.owner_organization_id where m.project_id = any(?::uuid[])
  ) as children order by project_id, rank, id`;

const GLOBAL_TYPE = { requirement: 'Requirement', commitment: 'Commitment', milestone: 'Milestone' } as const;

function projectColumns(p: ProjectRow): CsvRow {
  return {
    project_id: toGlobalId('Project', p.id),
    project_title_zh: p.title_zh,
    project_title_en: p.title_en,
    project_status: p.status,
    region_code: p.region_code,
    region_name_zh: p.region_name_zh,
    region_name_en: p.region_name_en,
  };
}

function projectLine(p: ProjectRow, shared: CsvRow): string {
  return csvLine({
    record: 'project',
    ...shared,
    id: shared.project_id,
    title_zh: p.title_zh,
    title_en: p.title_en,
    organization_id: toGlobalId('Organization', p.lead_id),
    organization_zh: p.lead_zh,
    organization_en: p.lead_en,
    kind: p.category,
    status: p.status,
    due_on: p.ends_on,
    // As Project.progress shows it: one decimal.
    progress: p.progress == null ? null : Math.round(p.progress * 10) / 10,
  });
}

function childLine(c: ChildRow, shared: CsvRow): string {
  return csvLine({
    ...c,
    ...shared,
    id: toGlobalId(GLOBAL_TYPE[c.record], c.id),
    requirement_id: c.requirement_id && toGlobalId('Requirement', c.requirement_id),
    organization_id: c.organization_id && toGlobalId('Organization', c.organization_id),
  });
}

/** The CSV lines of a batch of projects: each project, then its requirements, commitments and milestones. */
async function batchLines(em: EntityManager, projects: ProjectRow[]): Promise<string> {
  const ids = pgArray(projects.map((p) => p.id));
  const children = await selectRows<ChildRow>(em, CHILDREN, [ids, ids, ids]);
  let text = '';
  let next = 0;
  for (const project of projects) {
    const shared = projectColumns(project);
    text += projectLine(project, shared);
    for (; next < children.length && children[next].project_id === project.id; next++) {
      text += childLine(children[next], shared);
    }
  }
  return text;
}

function nextProjects(em: EntityManager, region: RegionNode, after: string): Promise<ProjectRow[]> {
  const subtree = `${region.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return selectRows<ProjectRow>(em, PROJECTS, [subtree, after, PROJECTS_PER_BATCH]);
}

/** Resolves when the response can take more, or is gone. */
function drained(res: express.Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** An error as /graphql answers one: `{ errors: [{ message, extensions: { code, … } }] }`. */
function jsonError(
  res: express.Response,
  status: number,
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

const HTTP_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
};

/**
 * `GET /export/projects.csv?regionId=<Region ID>`: every project in the region's subtree with
 * its requirements, commitments and milestones, one row each (format in csv-format.ts).
 *
 * Credentials as for /graphql (a session cookie or `Authorization: Bearer`; bad ones are 401),
 * and as open as the GraphQL reads of projects: anonymous callers may export too. Plain rows,
 * no entities. The file is streamed a batch of projects at a time (two statements: the
 * projects, then their requirements, commitments and milestones), each statement on a pooled
 * connection given back before anything is written to the client, so a slow download holds no
 * connection and no transaction. The file is what was stored while it was read: a change
 * committed meanwhile may show in one batch and not in another.
 */
export function projectsCsvRouter(base: ContextBase): express.Router {
  const router = express.Router();
  router.use(corsFor(base.config.corsOrigins));
  router.get('/', async (req, res) => {
    const requestId = req.get('x-request-id')?.slice(0, 100) || randomUUID();
    res.setHeader('x-request-id', requestId);
    const em = base.em.fork();
    let streaming = false;
    try {
      const viewer = await authenticate(em, {
        authorization: req.headers.authorization ?? null,
        cookie: req.headers.cookie ?? null,
      });
      // Each export reads a whole subtree: a few a minute per caller (person, token or address).
      const p = viewer.principal;
      const caller =
        p.kind === 'user' ? `user:${p.user.id}` : p.kind === 'token' ? `token:${p.token.id}` : `ip:${req.ip}`;
      await hitRateLimit(em, `export:${caller}`, { limit: base.config.exportsPerMinute, windowSeconds: 60 });
      const regionId = req.query.regionId;
      if (typeof regionId !== 'string' || regionId === '') {
        return jsonError(res, 400, ErrorCode.BAD_USER_INPUT, 'Give the region: ?regionId=<Region ID>.');
      }
      const region = await regionForFilter(em, regionId, 'regionId');
      let projects = await nextProjects(em, region, '00000000-0000-0000-0000-000000000000');
      let text = CSV_HEAD + (projects.length ? await batchLines(em, projects) : '');
      res.status(200);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader(
        'content-disposition',
        `attachment; filename="projects-${region.code.replace(/[^\w.-]/g, '_')}.csv"`,
      );
      res.setHeader('cache-control', 'no-store');
      res.setHeader('x-content-type-options', 'nosniff');
      streaming = true;
      for (;;) {
        if (!res.write(text)) await drained(res);
        if (res.destroyed || projects.length < PROJECTS_PER_BATCH) break;
        projects = await nextProjects(em, region, projects.at(-1)!.id);
        if (projects.length === 0) break;
        text = await batchLines(em, projects);
      }
      res.end();
    } catch (error) {
      if (streaming) {
        // Part of the file is out: cut the connection, so the download fails rather than
        // leaving a file that looks whole.
        base.logger.error({ err: error, requestId }, 'projects CSV export failed');
        res.destroy();
        return;
      }
      const code = error instanceof CodedError ? String(error.extensions.code) : '';
      const status = HTTP_STATUS[code];
      if (status) {
        const { retryAfter } = (error as CodedError).extensions;
        if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter));
        return jsonError(res, status, code as ErrorCode, (error as CodedError).message);
      }
      if (isDatabaseUnavailable(error)) {
        base.logger.error({ err: error, requestId, code: ErrorCode.SERVICE_UNAVAILABLE }, 'database unavailable');
        res.setHeader('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        return jsonError(
          res,
          503,
          ErrorCode.SERVICE_UNAVAILABLE,
          `The service is temporarily unavailable; try again in ${UNAVAILABLE_RETRY_AFTER_SECONDS} s.`,
          { retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS, requestId },
        );
      }
      base.logger.error({ err: error, requestId }, 'projects CSV export failed');
      jsonError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { requestId });
    }
  });
  return router;
}
