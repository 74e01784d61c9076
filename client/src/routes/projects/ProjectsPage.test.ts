import { Client, type Exchange, type Operation } from '@urql/core';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { filter, map, pipe } from 'wonka';
import { I18n } from '../../lib/i18n.svelte';
import { Router } from '../../lib/router.svelte';
import ProjectsPage from './ProjectsPage.svelte';

function project(n: number, status = 'IN_PROGRESS') {
  return {
    id: `p${n}`,
    titleZh: `项目${n}`,
    titleEn: `Project ${n}`,
    status,
    category: 'GREEN_SPACE',
    progress: 40,
    fillRate: 0.5,
    region: { id: 'r1', nameZh: '静安区', nameEn: "Jing'an District" },
    leadCommittee: { id: 'c1', nameZh: '静安区共建委员会', nameEn: "Jing'an Committee" },
  };
}

type Variables = Record<string, any>;

/**
 * A client whose exchange answers the projects query from `respond` (the region pickers get
 * two districts) and records each projects query's variables; `fail` makes every answer an error.
 */
function mockClient(respond: (variables: Variables) => unknown, fail = false) {
  const seen: Variables[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((operation: Operation) => operation.kind === 'query'),
      map((operation: Operation) => {
        const variables = operation.variables as Variables;
        const name = (operation.query.definitions[0] as { name?: { value: string } }).name?.value;
        if (fail) {
          const error = Object.assign(new Error('[Network] socket hang up'), {
            graphQLErrors: [],
            networkError: new Error('socket hang up'),
          });
          return { operation, error: error as never, stale: false, hasNext: false };
        }
        if (name === 'Projects') seen.push(variables);
        const data =
          name === 'Projects'
            ? respond(variables)
            : name === 'Districts'
              ? {
                  regions: {
                    nodes: [
                      { id: 'd1', nameZh: '静安区', nameEn: "Jing'an" },
                      { id: 'd2', nameZh: '徐汇区', nameEn: 'Xuhui' },
                    ],
                  },
                }
              : { regions: { nodes: [] } };
        return { operation, data, stale: false, hasNext: false };
      }),
    );
  return { client: new Client({ url: '/graphql', exchanges: [exchange] }), seen };
}

function page(nodes: ReturnType<typeof project>[], totalCount: number, endCursor: string | null, hasNextPage: boolean) {
  return { projects: { totalCount, pageInfo: { hasNextPage, endCursor }, edges: nodes.map((node) => ({ node })) } };
}

describe('ProjectsPage', () => {
  beforeEach(() => history.replaceState(null, '', '/projects'));

  it('lists projects in Chinese and loads the next page with the end cursor', async () => {
    const { client, seen } = mockClient((v) =>
      v.after ? page([project(3)], 3, 'c3', false) : page([project(1), project(2)], 3, 'c2', true),
    );
    render(ProjectsPage, { client, i18n: new I18n('zh'), router: new Router() });
    expect(await screen.findByText('项目1')).toBeTruthy();
    expect(screen.getByText('显示 2 / 共 3 个项目')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('项目3')).toBeTruthy();
    expect(seen.map((v) => v.after)).toEqual([null, 'c2']);
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();
  });

  it('filters by status, category, district and text; the filters are in the address', async () => {
    const { client, seen } = mockClient((v) =>
      v.filter ? page([project(9, 'COMPLETED')], 1, 'c9', false) : page([project(1)], 1, 'c1', false),
    );
    const router = new Router();
    render(ProjectsPage, { client, i18n: new I18n('en'), router });
    expect(await screen.findByText('Project 1')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    expect(await screen.findByText('Project 9')).toBeTruthy();
    expect(screen.queryByText('Project 1')).toBeNull();
    expect(seen.at(-1)?.filter).toEqual({ status: ['COMPLETED'] });

    await fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'ELDERLY_CARE' } });
    await screen.findByRole('option', { name: 'Xuhui' });
    await fireEvent.change(screen.getByLabelText('District'), { target: { value: 'd2' } });
    await fireEvent.input(screen.getByLabelText('Title contains'), { target: { value: ' garden ' } });
    await fireEvent.submit(screen.getByRole('search'));
    await screen.findByText('Project 9');
    expect(seen.at(-1)?.filter).toEqual({
      status: ['COMPLETED'],
      category: ['ELDERLY_CARE'],
      regionId: 'd2',
      text: 'garden',
    });
    expect(router.search).toBe('?status=COMPLETED&category=ELDERLY_CARE&region=d2&q=garden');

    await fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findByText('Project 1');
    expect(seen.at(-1)?.filter).toBeNull();
  });

  it('shows a board with a column per status, each with its count', async () => {
    history.replaceState(null, '', '/projects?view=board&category=HEALTH');
    const { client, seen } = mockClient((v) => {
      const [status] = v.filter.status;
      return status === 'IN_PROGRESS' ? page([project(1), project(2)], 2, 'c2', false) : page([], 0, null, false);
    });
    render(ProjectsPage, { client, i18n: new I18n('en'), router: new Router() });
    const column = await screen.findByRole('region', { name: 'In progress 2' });
    expect(await within(column).findByText('Project 1')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Completed 0' })).getByText('None')).toBeTruthy();
    expect(seen.map((v) => v.filter.status[0]).sort()).toEqual(
      ['APPROVED', 'CANCELLED', 'COMPLETED', 'CONSULTING', 'IN_PROGRESS', 'PROPOSED'].sort(),
    );
    expect(seen.every((v) => v.filter.category[0] === 'HEALTH')).toBe(true);
    expect(screen.getByRole('button', { name: 'Board' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('says in words that the list could not load, with a retry, never the raw error', async () => {
    const { client } = mockClient(() => null, true);
    render(ProjectsPage, { client, i18n: new I18n('en'), router: new Router() });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load projects. Check the connection and retry.');
    expect(alert.textContent).not.toContain('socket hang up');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
