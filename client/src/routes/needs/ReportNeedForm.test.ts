import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { I18n } from '../../lib/i18n.svelte';
import ReportNeedForm from './ReportNeedForm.svelte';
import { fakeClient, type Answer } from './fake-client';

const committee = { id: 'org-c', nameZh: '长寿湾居民区委员会', nameEn: 'Changshouwan Committee', regionId: 'reg-c' };
const community = { id: 'reg-c', nameZh: '长寿湾居民区', nameEn: 'Changshouwan Community', level: 'COMMUNITY' };
const grids = [
  { id: 'reg-g1', nameZh: '长寿湾居民区第1网格', nameEn: 'Changshouwan, Grid 1', level: 'GRID' },
  { id: 'reg-g2', nameZh: '长寿湾居民区第2网格', nameEn: 'Changshouwan, Grid 2', level: 'GRID' },
];

/** A client answering the committee's area and grids, and each reportNeed in turn from `reports`. */
function client(reports: Answer[]) {
  let n = 0;
  return fakeClient((name) => {
    if (name === 'CommitteeArea')
      return { data: { area: { ...community, parent: null }, communities: { nodes: [community] } } };
    if (name === 'NeedsRegions') return { data: { regions: { nodes: grids } } };
    if (name === 'ReportNeed') return reports[n++];
    throw new Error(`unexpected ${name}`);
  });
}

const reported = (id: string) => ({
  data: { reportNeed: { need: { id, titleZh: '路灯太暗', titleEn: 'Dim street lamps' }, userErrors: [] } },
});

function setup(reports: Answer[], locale: 'zh' | 'en' = 'en') {
  const fake = client(reports);
  const done: string[] = [];
  render(ReportNeedForm, {
    id: 'report-need',
    client: fake.client,
    i18n: new I18n(locale),
    committee,
    onReported: (id: string) => done.push(id),
    onClose: () => {},
  });
  return { ...fake, done };
}

async function fill(fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) {
    const control = screen.getByLabelText(label);
    if (control instanceof HTMLSelectElement) await fireEvent.change(control, { target: { value } });
    else await fireEvent.input(control, { target: { value } });
  }
}

describe('ReportNeedForm', () => {
  it('shows a refusal beside its field, keeps what was typed, and reports with a new key; the next need gets another', async () => {
    const { of, done } = setup([
      {
        data: {
          reportNeed: {
            need: null,
            userErrors: [{ field: ['input', 'titleEn'], code: 'TOO_LONG', message: 'titleEn must be shorter' }],
          },
        },
      },
      reported('n1'),
      reported('n2'),
    ]);
    // The committee's one community is chosen; its grids (or the whole community) are offered.
    await screen.findByRole('option', { name: 'Changshouwan, Grid 2' });
    expect((screen.getByLabelText('Community') as HTMLSelectElement).value).toBe('reg-c');
    expect(screen.getAllByRole('option', { name: /Grid|whole/ }).map((o) => o.textContent)).toEqual([
      'The whole community',
      'Changshouwan, Grid 1',
      'Changshouwan, Grid 2',
    ]);

    const long = 'Dim '.repeat(60);
    await fill({
      Grid: 'reg-g2',
      Category: 'PUBLIC_SAFETY',
      'Title in Chinese': '路灯太暗',
      'Title in English': long,
      'Description in English (optional)': 'Lamps too far apart.',
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Report' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Too long: titles take up to 200 characters, descriptions up to 5,000.');
    const titleEn = screen.getByLabelText('Title in English') as HTMLInputElement;
    expect(titleEn.getAttribute('aria-invalid')).toBe('true');
    expect(titleEn.getAttribute('aria-describedby')).toBe(alert.id);
    expect(screen.getByLabelText('Title in Chinese').getAttribute('aria-invalid')).toBeNull();
    // Nothing typed is lost.
    expect(titleEn.value).toBe(long);
    expect((screen.getByLabelText('Title in Chinese') as HTMLInputElement).value).toBe('路灯太暗');
    expect((screen.getByLabelText('Description in English (optional)') as HTMLTextAreaElement).value).toBe(
      'Lamps too far apart.',
    );
    expect((screen.getByLabelText('Grid') as HTMLSelectElement).value).toBe('reg-g2');
    expect(done).toEqual([]);

    await fill({ 'Title in English': 'Dim street lamps' });
    await fireEvent.click(screen.getByRole('button', { name: 'Report' }));
    expect((await screen.findByRole('status')).textContent).toBe('Reported “Dim street lamps”.');
    expect(done).toEqual(['n1']);
    const [refused, accepted] = of('ReportNeed').map((v) => v.i as Record<string, unknown>);
    expect(accepted).toMatchObject({
      committeeId: 'org-c',
      regionId: 'reg-g2',
      category: 'PUBLIC_SAFETY',
      titleZh: '路灯太暗',
      titleEn: 'Dim street lamps',
      descriptionEn: 'Lamps too far apart.',
    });
    expect(accepted).not.toHaveProperty('descriptionZh');
    // Another input after a refusal: another key.
    expect(refused.idempotencyKey).toEqual(expect.any(String));
    expect(accepted.idempotencyKey).not.toBe(refused.idempotencyKey);

    // The form is ready for the next need of the same place; it gets a key of its own.
    expect((screen.getByLabelText('Title in English') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Grid') as HTMLSelectElement).value).toBe('reg-g2');
    await fill({
      Category: 'TRANSPORT',
      'Title in Chinese': '缺少非机动车停车位',
      'Title in English': 'No bike parking',
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Report' }));
    await vi.waitFor(() => expect(done).toEqual(['n1', 'n2']));
    const keys = of('ReportNeed').map((v) => (v.i as { idempotencyKey: string }).idempotencyKey);
    expect(new Set(keys).size).toBe(3);
  });

  it('after a network failure says so in words and retries with the same key', async () => {
    const { of, done } = setup([{ network: true }, reported('n1')], 'zh');
    await screen.findByRole('option', { name: '长寿湾居民区第1网格' });
    await fill({ 类别: 'PUBLIC_SAFETY', 中文标题: '路灯太暗', 英文标题: 'Dim street lamps' });
    await fireEvent.click(screen.getByRole('button', { name: '登记' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('无法连接服务器，请检查网络后重试。');
    expect(alert.textContent).not.toContain('Failed to fetch');
    expect((screen.getByLabelText('英文标题') as HTMLInputElement).value).toBe('Dim street lamps');

    await fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect((await screen.findByRole('status')).textContent).toBe('已登记「路灯太暗」。');
    expect(done).toEqual(['n1']);
    const [lost, retried] = of('ReportNeed').map((v) => v.i as Record<string, unknown>);
    // The retry is the same need: the server does it at most once.
    expect(retried).toEqual(lost);
    expect(retried.regionId).toBe('reg-c');
  });

  it('says a refused request (FORBIDDEN) in words, and the next attempt gets a new key', async () => {
    const { of } = setup([{ refused: 'FORBIDDEN' }, reported('n1')]);
    await screen.findByRole('option', { name: 'Changshouwan, Grid 1' });
    await fill({ Category: 'HEALTH', 'Title in Chinese': '缺少药店', 'Title in English': 'No pharmacy' });
    await fireEvent.click(screen.getByRole('button', { name: 'Report' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'You may not report needs for this committee (admins and representatives may).',
    );
    expect(screen.queryByText(/raw server text/)).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Report' }));
    await screen.findByRole('status');
    const [refused, accepted] = of('ReportNeed').map((v) => (v.i as { idempotencyKey: string }).idempotencyKey);
    expect(accepted).not.toBe(refused);
  });

  it('says beside each empty required field what is missing, and sends nothing', async () => {
    const { of } = setup([]);
    await screen.findByRole('option', { name: 'Changshouwan, Grid 1' });
    await fill({ 'Title in Chinese': '路灯太暗' });
    await fireEvent.click(screen.getByRole('button', { name: 'Report' }));
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual(['Fill this in.', 'Fill this in.']);
    expect(screen.getByLabelText('Category').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Title in English').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Title in Chinese').getAttribute('aria-invalid')).toBeNull();
    expect(of('ReportNeed')).toEqual([]);
  });
});
