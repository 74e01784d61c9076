import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { LiveSocket, PROJECT_ACTIVITY } from '../support/live.js';
import { JINGHU, lookup, SHENJIAN } from '../support/lookup.js';
import { rowCounts } from '../support/row-counts.js';

const fx = useSeededServer('progress_updates');
const make = listFactories(fx);
let rep: Headers;
let jinghu: string;

beforeAll(async () => {
  rep = await make.representative();
  jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
});

const POST = `mutation($i: PostProgressUpdateInput!) { postProgressUpdate(input: $i) {
  progressUpdate { id text links organization { nameEn } project { id } } userErrors { field code } } }`;

describe('progress updates', () => {
  it("are posted by a participant and appear in the project's activity, live", async () => {
    const projectId = await make.joinedProject();
    const socket = await LiveSocket.open(fx.server.graphqlUrl, { headers: rep });
    try {
      const feed = socket.subscribe(PROJECT_ACTIVITY, { p: projectId });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const links = ['https://photos.example/park/1.jpg', 'http://jinghu.example/report.pdf'];
      const res = await gql<any>(
        fx.server.graphqlUrl,
        POST,
        { i: { projectId, organizationId: jinghu, text: '  第一批水管已铺设。 First pipes laid. ', links } },
        rep,
      );
      expect(res.data.postProgressUpdate.userErrors).toEqual([]);
      const posted = res.data.postProgressUpdate.progressUpdate;
      expect(posted).toMatchObject({
        text: '第一批水管已铺设。 First pipes laid.',
        links,
        organization: { nameEn: JINGHU },
        project: { id: projectId },
      });
      const [event] = await feed.waitForEvents((e) => e.activity.type === 'progress.posted');
      expect(event.activity).toMatchObject({
        subjectType: 'ProgressUpdate',
        subject: { __typename: 'ProgressUpdate', id: posted.id },
        actorOrganization: { nameEn: JINGHU },
        changes: { text: { before: null, after: posted.text }, links: { before: null, after: links } },
      });
      // And in the activity query, newest first.
      const listed = await gql<any>(
        fx.server.graphqlUrl,
        `query($p: ID!) { activity(filter: { projectId: $p }, first: 1) { nodes { type subject { id } } } }`,
        { p: projectId },
      );
      expect(listed.data.activity.nodes).toEqual([{ type: 'progress.posted', subject: { id: posted.id } }]);
    } finally {
      socket.close();
    }
  });

  it('refuses non-participants, empty text, bad links and closed projects; nothing is written', async () => {
    const projectId = await make.joinedProject();
    const shenjian = await lookup(fx.server.graphqlUrl).organization(SHENJIAN);
    const renewal = await sessionHeaders(fx.db, 'rep.renewal@cobuild.demo');
    const before = await rowCounts(fx.db);
    const outsider = await gql<any>(
      fx.server.graphqlUrl,
      POST,
      { i: { projectId, organizationId: shenjian, text: 'Not ours.' } },
      renewal,
    );
    expect(outsider.data.postProgressUpdate.userErrors).toEqual([
      { field: ['input', 'organizationId'], code: 'NOT_A_PARTICIPANT' },
    ]);
    // Acting for an organization one does not belong to.
    const foreign = await gql<any>(
      fx.server.graphqlUrl,
      POST,
      { i: { projectId, organizationId: jinghu, text: 'x' } },
      renewal,
    );
    expect(errorCodes(foreign)).toEqual(['FORBIDDEN']);
    for (const [fields, field, code] of [
      [{ text: '   ' }, ['input', 'text'], 'INVALID'],
      [{ text: 'x'.repeat(5_001) }, ['input', 'text'], 'TOO_LONG'],
      [{ text: 'ok', links: ['javascript:alert(1)'] }, ['input', 'links'], 'INVALID'],
      [
        { text: 'ok', links: Array.from({ length: 11 }, (_, i) => `https://example.org/${i}`) },
        ['input', 'links'],
        'TOO_LONG',
      ],
    ] as const) {
      const res = await gql<any>(
        fx.server.graphqlUrl,
        POST,
        { i: { projectId, organizationId: jinghu, ...fields } },
        rep,
      );
      expect(res.data.postProgressUpdate.userErrors, JSON.stringify(fields)).toEqual([{ field, code }]);
    }
    expect(await rowCounts(fx.db)).toEqual(before);
    await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { project { status } } }`,
      { i: { projectId, status: 'CANCELLED' } },
      await make.committeeAdmin(),
    );
    const closed = await gql<any>(
      fx.server.graphqlUrl,
      POST,
      { i: { projectId, organizationId: jinghu, text: 'Late.' } },
      rep,
    );
    expect(closed.data.postProgressUpdate.userErrors).toEqual([
      { field: ['input', 'projectId'], code: 'PROJECT_CLOSED' },
    ]);
  });
});
