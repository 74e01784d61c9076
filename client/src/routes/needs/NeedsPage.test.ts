import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { I18n } from '../../lib/i18n.svelte';
import { Session } from '../../lib/session.svelte';
import NeedsPage from './NeedsPage.svelte';
import { fakeClient, type Answer } from './fake-client';

function need(n: number, overrides: Record<string, unknown> = {}) {
  return {
    id: `n${n}`,
    titleZh: `需求${n}`,
    titleEn: `Need ${n}`,
    descriptionZh: `描述${n}`,
    descriptionEn: `About need ${n}`,
    category: 'PUBLIC_SAFETY',
    status: 'OPEN',
    createdAt: '2026-03-05T08:00:00.000Z',
    supportCount: 2,
    supportedBy: false,
    region: { id: 'reg-g1', nameZh: '长寿湾居民区第1网格', nameEn: 'Changshouwan, Grid 1' },
    reporter: { id: 'org-c', nameZh: '长寿湾居民区委员会', nameEn: 'Changshouwan Committee' },
    projects: [],
    ...overrides,
  };
}

const page = (nodes: unknown[], totalCount = nodes.length, endCursor: string | null = null) => ({
  data: { needs: { totalCount, pageInfo: { hasNextPage: Boolean(endCursor), endCursor }, nodes } },
});

const WATER = {
  id: 'org-w',
  nameZh: '静沪水务运营有限公司',
  nameEn: 'Jinghu Water',
  kind: 'WORK_UNIT',
  role: 'REPRESENTATIVE',
  regionId: 'reg-c',
};
const COMMITTEE = {
  id: 'org-c',
  nameZh: '长寿湾居民区委员会',
  nameEn: 'Changshouwan Committee',
  kind: 'COMMITTEE',
  role: 'ADMIN',
  regionId: 'reg-c',
};

/** A page with a client answering by operation (`needs` for the needs query) and a loaded session. */
function setup(
  needs: (variables: Record<string, unknown>) => Answer,
  { organization = WATER as typeof WATER | null, locale = 'zh' as 'zh' | 'en', support = [] as Answer[] } = {},
) {
  let supports = 0;
  const fake = fakeClient((name, variables) => {
    if (name === 'Needs') return needs(variables);
    if (name === 'City') return { data: { regions: { nodes: [{ id: 'reg-root' }] } } };
    if (name === 'NeedsRegions') {
      const filter = variables.filter as { level?: string; parentId?: string };
      if (filter.level === 'DISTRICT')
        return {
          data: { regions: { nodes: [{ id: 'reg-d', nameZh: '静安区', nameEn: "Jing'an", level: 'DISTRICT' }] } },
        };
      return {
        data: { regions: { nodes: [{ id: 'reg-s', nameZh: '曹家渡街道', nameEn: 'Caojiadu', level: 'SUBDISTRICT' }] } },
      };
    }
    if (name === 'SupportNeed') return support[supports++];
    if (name === 'CommitteeArea') return { data: { area: null, communities: { nodes: [] } } };
    throw new Error(`unexpected ${name}`);
  });
  const session = new Session(fake.client);
  session.viewer = organization ? { displayName: '周洁', organizations: [organization] } : null;
  session.actingFor = organization?.id ?? null;
  session.loaded = true;
  render(NeedsPage, { client: fake.client, i18n: new I18n(locale), session, follow: () => {} });
  return fake;
}

describe('NeedsPage', () => {
  it('lists needs with their facts and answering projects, pages on, and re-reads on a live event', async () => {
    let live = false;
    const { of, emit } = setup((v) => {
      if (live) return page([need(9, { titleZh: '新需求' }), need(1), need(2)], 4, 'c3');
      return v.after
        ? page([need(3)], 3)
        : page(
            [
              need(1, {
                status: 'MATCHED',
                projects: [{ id: 'p1', titleZh: '滨河步道照明改造', titleEn: 'Path lighting', status: 'IN_PROGRESS' }],
              }),
              need(2),
            ],
            3,
            'c2',
          );
    });
    const first = (await screen.findByRole('heading', { name: '需求1' })).closest('li')!;
    const card = within(first);
    expect(card.getByText('已对接')).toBeTruthy();
    expect(card.getByText('公共安全')).toBeTruthy();
    expect(card.getByText('长寿湾居民区第1网格')).toBeTruthy();
    expect(card.getByText('长寿湾居民区委员会')).toBeTruthy();
    expect(card.getByText('描述1')).toBeTruthy();
    expect(card.getByText('2026/3/5')).toBeTruthy();
    expect(card.getByRole('link', { name: '滨河步道照明改造' }).getAttribute('href')).toBe('/projects/p1');
    expect(card.getByText('进行中')).toBeTruthy();
    expect(card.getByText('2 个单位支持')).toBeTruthy();
    expect(within((await screen.findByRole('heading', { name: '需求2' })).closest('li')!).getByText('尚无项目回应'));
    expect(screen.getByText('显示 2 / 共 3 项需求')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    await screen.findByRole('heading', { name: '需求3' });
    expect(screen.getByText('显示 3 / 共 3 项需求')).toBeTruthy();
    expect(of('Needs').map((v) => [v.first, v.after])).toEqual([
      [20, null],
      [20, 'c2'],
    ]);
    // The acting organization's support is asked for with the list.
    expect(of('Needs')[0]).toMatchObject({ supporter: 'org-w', acting: true, filter: null });

    // Something happens in the city: the list is read again, as long as it is shown.
    await vi.waitFor(() => expect(of('RegionActivity')).toEqual([{ id: 'reg-root' }]));
    live = true;
    emit();
    await screen.findByRole('heading', { name: '新需求' }, { timeout: 2000 });
    expect(of('Needs').at(-1)).toMatchObject({ first: 20, after: null });
    expect(screen.getByText('显示 3 / 共 4 项需求')).toBeTruthy();
  });

  it('narrows by region, status, category and search, and follows the chosen region live', async () => {
    const { of } = setup(() => page([need(1)]), { locale: 'en' });
    await screen.findByRole('heading', { name: 'Need 1' });
    await screen.findByRole('option', { name: "Jing'an" });
    expect((screen.getByLabelText('Subdistrict') as HTMLSelectElement).disabled).toBe(true);
    await fireEvent.change(screen.getByLabelText('District'), { target: { value: 'reg-d' } });
    await screen.findByRole('option', { name: 'Caojiadu' });
    await fireEvent.change(screen.getByLabelText('Subdistrict'), { target: { value: 'reg-s' } });
    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'RESOLVED' } });
    await fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'HEALTH' } });
    await fireEvent.input(screen.getByLabelText('Search titles'), { target: { value: ' lamp ' } });
    await vi.waitFor(() =>
      expect(of('Needs').at(-1)?.filter).toEqual({
        regionId: 'reg-s',
        status: ['RESOLVED'],
        category: ['HEALTH'],
        search: 'lamp',
      }),
    );
    await vi.waitFor(() => expect(of('RegionActivity').at(-1)).toEqual({ id: 'reg-s' }));
    await fireEvent.click(screen.getByLabelText('Only those Jinghu Water supports'));
    await vi.waitFor(() => expect(of('Needs').at(-1)?.filter).toMatchObject({ supportedById: 'org-w' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await vi.waitFor(() => expect(of('Needs').at(-1)?.filter).toBeNull());
  });

  it('supports a need for the acting organization: the count goes up and the button says so', async () => {
    const { of } = setup(() => page([need(1), need(2, { supportedBy: true })]), {
      locale: 'en',
      support: [{ data: { supportNeed: { need: { id: 'n1', supportCount: 3, supportedBy: true }, userErrors: [] } } }],
    });
    const one = within((await screen.findByRole('heading', { name: 'Need 1' })).closest('li')!);
    const two = within(screen.getByRole('heading', { name: 'Need 2' }).closest('li')!);
    // Already supported: said, no button.
    expect(two.getByText('Supported by Jinghu Water')).toBeTruthy();
    expect(two.queryByRole('button')).toBeNull();

    await fireEvent.click(one.getByRole('button', { name: 'Support' }));
    await one.findByText('Supported by Jinghu Water');
    expect(one.getByText('3 organizations support it')).toBeTruthy();
    expect(of('SupportNeed')).toEqual([{ i: { needId: 'n1', organizationId: 'org-w' }, supporter: 'org-w' }]);
  });

  it('shows a refused support beside its button, in words', async () => {
    setup(() => page([need(1), need(2)]), {
      support: [
        {
          data: {
            supportNeed: {
              need: null,
              userErrors: [{ field: ['input', 'organizationId'], code: 'ALREADY_SUPPORTED', message: 'already' }],
            },
          },
        },
        { refused: 'FORBIDDEN' },
      ],
    });
    const one = within((await screen.findByRole('heading', { name: '需求1' })).closest('li')!);
    await fireEvent.click(one.getByRole('button', { name: '支持' }));
    const alert = await one.findByRole('alert');
    expect(alert.textContent?.trim()).toBe('本单位已经支持过这项需求。');
    expect(one.getByRole('button', { name: '支持' }).getAttribute('aria-describedby')).toContain(alert.id);

    // A coded error of the request (not a userError) is said in words too, never the server's text.
    const two = within(screen.getByRole('heading', { name: '需求2' }).closest('li')!);
    await fireEvent.click(two.getByRole('button', { name: '支持' }));
    expect((await two.findByRole('alert')).textContent?.trim()).toBe(
      '你无权以该单位的名义表示支持（需为管理员或代表）。',
    );
    expect(screen.queryByText(/raw server text/)).toBeNull();
  });

  it('offers signing in to people who are not, and reporting only to committees', async () => {
    setup(() => page([need(1)]), { organization: null });
    const one = within((await screen.findByRole('heading', { name: '需求1' })).closest('li')!);
    expect(one.getByRole('link', { name: '登录后可表示支持' }).getAttribute('href')).toBe('/login?next=/needs');
    expect(one.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: '登记需求' })).toBeNull();
  });

  it('lets a committee open the report form', async () => {
    setup(() => page([need(1)]), { organization: COMMITTEE as never });
    await screen.findByRole('heading', { name: '需求1' });
    const open = screen.getByRole('button', { name: '登记需求' });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('form', { name: '登记一项居民需求' })).toBeTruthy();
  });
});
