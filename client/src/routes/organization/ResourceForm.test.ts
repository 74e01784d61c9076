import { Client, makeErrorResult, type Exchange, type Operation, type OperationResult } from '@urql/core';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { fromPromise, mergeMap, pipe } from 'wonka';
import { I18n } from '../../lib/i18n.svelte';
import ResourceForm from './ResourceForm.svelte';

type Answer = Record<string, unknown> | 'network' | Promise<Record<string, unknown>>;

/**
 * A client that answers each mutation in turn from `answers` (a payload, a promise of one, or
 * 'network' for a lost connection) and records the mutations' inputs.
 */
function mockClient(answers: Answer[]) {
  const sent: Record<string, unknown>[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      mergeMap((operation: Operation) => {
        sent.push((operation.variables as { i: Record<string, unknown> }).i);
        const answer = answers[sent.length - 1];
        const name = JSON.stringify(operation.query).includes('updateResource') ? 'updateResource' : 'publishResource';
        const result = async (): Promise<OperationResult> =>
          answer === 'network'
            ? makeErrorResult(operation, new TypeError('Failed to fetch'))
            : { operation, data: { [name]: await answer }, stale: false, hasNext: false };
        return fromPromise(result());
      }),
    );
  return { client: new Client({ url: '/graphql', exchanges: [exchange] }), sent };
}

const published = { resource: { id: 'r9', titleZh: '周末志愿队', titleEn: 'Weekend crew' }, userErrors: [] };
const optionsOf = (select: HTMLElement) => [...select.querySelectorAll('option')].map((o) => o.textContent);

function renderForm(answers: Answer[], editing: Record<string, unknown> | null = null) {
  const { client, sent } = mockClient(answers);
  const done: unknown[] = [];
  render(ResourceForm, {
    client,
    i18n: new I18n('en'),
    organizationId: 'o1',
    editing: editing as never,
    onDone: (r: unknown) => done.push(r),
    onCancel: () => {},
  });
  return { sent, done };
}

async function fill(label: string, value: string) {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe('ResourceForm', () => {
  it('offers only the units that fit the chosen kind', async () => {
    renderForm([]);
    const kind = screen.getByLabelText('Kind') as HTMLSelectElement;
    const unit = screen.getByLabelText('Unit') as HTMLSelectElement;
    expect(optionsOf(unit)).toEqual(['person-hours']);

    await fireEvent.change(kind, { target: { value: 'VENUE' } });
    expect(optionsOf(unit)).toEqual(['sessions', 'm²', 'seats', 'hours']);
    await fireEvent.change(unit, { target: { value: 'HOUR' } });

    // Expertise is also counted in hours: the chosen unit stays.
    await fireEvent.change(kind, { target: { value: 'EXPERTISE' } });
    expect(optionsOf(unit)).toEqual(['hours', 'person-hours', 'sessions']);
    expect(unit.value).toBe('HOUR');

    // Funds are counted in yuan only: the unit follows.
    await fireEvent.change(kind, { target: { value: 'FUNDS' } });
    expect(optionsOf(unit)).toEqual(['yuan']);
    expect(unit.value).toBe('YUAN');
  });

  it('shows a refusal beside its field, keeps what was typed, and publishes the next input with a new key', async () => {
    const { sent, done } = renderForm([
      {
        resource: null,
        userErrors: [{ field: ['input', 'capacity'], code: 'INVALID', message: 'capacity must not be less than 1.' }],
      },
      published,
    ]);
    await fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'FUNDS' } });
    await fill('Capacity', '0');
    await fill('Title in Chinese', '社区基金');
    await fill('Title in English', 'Community fund');
    await fill('Available from (optional)', '2026-03-01');
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The capacity is a whole number from 1 to 1,000,000,000.');
    const capacity = screen.getByLabelText('Capacity') as HTMLInputElement;
    expect(capacity.getAttribute('aria-invalid')).toBe('true');
    expect(capacity.getAttribute('aria-describedby')).toBe(alert.id);
    // Never the server's words, and nothing typed is lost.
    expect(document.body.textContent).not.toContain('must not be less');
    expect(capacity.value).toBe('0');
    expect((screen.getByLabelText('Title in Chinese') as HTMLInputElement).value).toBe('社区基金');
    expect((screen.getByLabelText('Title in English') as HTMLInputElement).value).toBe('Community fund');
    expect((screen.getByLabelText('Unit') as HTMLSelectElement).value).toBe('YUAN');
    expect(done).toEqual([]);

    await fill('Capacity', '5000');
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await vi.waitFor(() => expect(done).toEqual([published.resource]));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sent.map((i) => i.capacity)).toEqual([0, 5000]);
    expect(sent[1]).toMatchObject({
      organizationId: 'o1',
      kind: 'FUNDS',
      unit: 'YUAN',
      titleZh: '社区基金',
      titleEn: 'Community fund',
      availableFrom: '2026-03-01',
    });
    expect(sent[1]).not.toHaveProperty('availableUntil');
    expect(sent[1]).not.toHaveProperty('descriptionZh');
    // Another input, another key: the refused attempt's key is not reused.
    expect(typeof sent[0].idempotencyKey).toBe('string');
    expect(sent[0].idempotencyKey).not.toBe(sent[1].idempotencyKey);
  });

  it('publishes once on a double submit', async () => {
    let answer!: (payload: Record<string, unknown>) => void;
    const { sent, done } = renderForm([new Promise((resolve) => (answer = resolve))]);
    await fill('Capacity', '40');
    await fill('Title in Chinese', '周末志愿队');
    await fill('Title in English', 'Weekend crew');
    const submit = screen.getByRole('button', { name: 'Publish' });
    await fireEvent.click(submit);
    await fireEvent.click(submit);
    expect(screen.getByRole('button', { name: 'Publishing…' })).toHaveProperty('disabled', true);
    answer(published);
    await vi.waitFor(() => expect(done).toHaveLength(1));
    expect(sent).toHaveLength(1);
  });

  it('explains a lost connection in words, retries the same input with the same key, a changed one with a new key', async () => {
    const { sent, done } = renderForm(['network', 'network', published]);
    await fill('Capacity', '40');
    await fill('Title in Chinese', '周末志愿队');
    await fill('Title in English', 'Weekend crew');
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server could not be reached. What you typed is kept');
    expect(alert.textContent).not.toContain('Failed to fetch');

    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    await screen.findByRole('alert');
    // The same input again: it may have arrived, so the same key (published once either way).
    expect(sent[1].idempotencyKey).toBe(sent[0].idempotencyKey);

    await fill('Capacity', '45');
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await vi.waitFor(() => expect(done).toHaveLength(1));
    expect(sent[2].capacity).toBe(45);
    expect(sent[2].idempotencyKey).not.toBe(sent[1].idempotencyKey);
  });

  it('edits a resource: kind and unit fixed, a capacity below what is committed refused beside the field', async () => {
    const resource = {
      id: 'r1',
      kind: 'VOLUNTEER_HOURS',
      unit: 'PERSON_HOUR',
      capacity: 100,
      committed: 30,
      titleZh: '周末志愿队',
      titleEn: 'Weekend crew',
      descriptionZh: null,
      descriptionEn: null,
      availableFrom: '2026-01-01',
      availableUntil: null,
    };
    const { sent, done } = renderForm(
      [
        {
          resource: null,
          userErrors: [{ field: ['input', 'capacity'], code: 'CAPACITY_BELOW_COMMITTED', message: 'below' }],
        },
        { resource: { ...resource, capacity: 30 }, userErrors: [] },
      ],
      resource,
    );
    expect(screen.queryByLabelText('Kind')).toBeNull();
    expect(screen.getByText('Volunteer time · person-hours')).toBeTruthy();
    const capacity = screen.getByLabelText('Capacity') as HTMLInputElement;
    expect(capacity.value).toBe('100');
    expect(screen.getByText('30 committed; the capacity may not go below that.')).toBeTruthy();

    await fill('Capacity', '20');
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The capacity may not drop below what is already committed.');
    expect(capacity.getAttribute('aria-describedby')).toContain(alert.id);
    expect(capacity.value).toBe('20');

    // A date once set cannot be removed through the API: said beside the field, nothing sent.
    await fill('Available from (optional)', '');
    await fill('Capacity', '30');
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'A date once set cannot be removed, only changed to another date.',
    );
    expect(sent).toHaveLength(1);

    await fill('Available from (optional)', '2026-02-01');
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(done).toHaveLength(1));
    expect(sent[1]).toMatchObject({ resourceId: 'r1', capacity: 30, availableFrom: '2026-02-01' });
    expect(sent[1]).not.toHaveProperty('idempotencyKey');
  });
});
