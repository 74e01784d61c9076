import { Client, type Exchange, type Operation } from '@urql/core';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { filter, map, pipe } from 'wonka';
import { I18n } from '../../lib/i18n.svelte';
import ProjectsPage from './ProjectsPage.svelte';

function project(n: number, status = 'IN_PROGRESS') {
  return {
    id: `p${n}`,
    titleZh: `项目${n}`,
    titleEn: `Project ${n}`,
    status,
    category: 'GREEN_SPACE',
    region: { id: 'r1', nameZh: '静安区', nameEn: "Jing'an District" },
    leadCommittee: { id: 'c1', nameZh: '静安区共建委员会', nameEn: "Jing'an Committee" },
  };
}

/** A client whose exchange answers from `respond` and records each operation's variables. */
function mockClient(respond: (variables: Record<string, unknown>) => unknown) {
  const seen: Record<string, unknown>[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((operation: Operation) => operation.kind === 'query'),
      map((operation: Operation) => {
        seen.push(operation.variables as Record<string, unknown>);
        return {
          operation,
          data: respond(operation.variables as Record<string, unknown>),
          stale: false,
          hasNext: false,
        };
      }),
    );
  return { client: new Client({ url: '/graphql', exchanges: [exchange] }), seen };
}

function page(nodes: ReturnType<typeof project>[], totalCount: number, endCursor: string | null, hasNextPage: boolean) {
  return { projects: { totalCount, pageInfo: { hasNextPage, endCursor }, edges: nodes.map((node) => ({ node })) } };
}

describe('ProjectsPage', () => {
  it('lists projects in Chinese and loads the next page with the end cursor', async () => {
    const { client, seen } = mockClient((v) =>
      v.after ? page([project(3)], 3, 'c3', false) : page([project(1), project(2)], 3, 'c2', true),
    );
    render(ProjectsPage, { client, i18n: new I18n('zh') });
    expect(await screen.findByText('项目1')).toBeTruthy();
    expect(screen.getByText('显示 2 / 共 3 个项目')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('项目3')).toBeTruthy();
    expect(seen.map((v) => v.after)).toEqual([null, 'c2']);
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();
  });

  it('filters by status and shows English names', async () => {
    const { client, seen } = mockClient((v) =>
      v.filter ? page([project(9, 'COMPLETED')], 1, 'c9', false) : page([project(1)], 1, 'c1', false),
    );
    render(ProjectsPage, { client, i18n: new I18n('en') });
    expect(await screen.findByText('Project 1')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    expect(await screen.findByText('Project 9')).toBeTruthy();
    expect(screen.queryByText('Project 1')).toBeNull();
    expect(seen.at(-1)?.filter).toEqual({ status: ['COMPLETED'] });
  });

  it('shows an alert when the API fails', async () => {
    const exchange: Exchange = () => (ops$) =>
      pipe(
        ops$,
        filter((operation: Operation) => operation.kind === 'query'),
        map((operation: Operation) => ({
          operation,
          error: Object.assign(new Error('[Network] down'), {
            graphQLErrors: [],
            networkError: new Error('down'),
          }) as never,
          stale: false,
          hasNext: false,
        })),
      );
    render(ProjectsPage, { client: new Client({ url: '/graphql', exchanges: [exchange] }), i18n: new I18n('en') });
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load projects');
  });
});
