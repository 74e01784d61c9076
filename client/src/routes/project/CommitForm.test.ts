import { Client, CombinedError, type Exchange, type Operation } from '@urql/core';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { map, pipe } from 'wonka';
import { I18n } from '../../lib/i18n.svelte';
import CommitForm from './CommitForm.svelte';

/** A client answering the resources query and each commitResource in turn from `answers`. */
function mockClient(answers: unknown[]) {
  const commits: Record<string, unknown>[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      map((operation: Operation) => {
        const variables = operation.variables as { i?: Record<string, unknown> };
        let data: unknown;
        if (operation.kind === 'mutation') {
          commits.push(variables.i!);
          const answer = answers[commits.length - 1];
          if (answer instanceof Error) {
            const error = new CombinedError({ networkError: answer });
            return { operation, error, stale: false, hasNext: false };
          }
          data = { commitResource: answer };
        } else if (operation.query.definitions.some((d) => 'name' in d && d.name?.value === 'CommitSuggestions')) {
          data = {
            matchSuggestions: {
              requirements: [
                {
                  open: 40,
                  requirement: { id: 'q1' },
                  resources: [
                    // Another organization's resource is not offered to this one.
                    {
                      reason: 'theirs',
                      reasonZh: '别人的',
                      resource: { id: 'x9', remaining: 99, owner: { id: 'o2' } },
                    },
                    {
                      reason: 'Same district, covers 40 of 40 person-hours',
                      reasonZh: '同区，可满足 40 / 40 人·小时',
                      resource: { id: 'r1', remaining: 70, owner: { id: 'o1' } },
                    },
                  ],
                },
              ],
            },
          };
        } else {
          data = {
            resources: {
              nodes: [
                { id: 'r1', titleZh: '周末志愿队', titleEn: 'Weekend crew', unit: 'PERSON_HOUR', remaining: 70 },
                { id: 'r2', titleZh: '资金', titleEn: 'Funds', unit: 'YUAN', remaining: 500 },
              ],
            },
          };
        }
        return { operation, data, stale: false, hasNext: false };
      }),
    );
  return { client: new Client({ url: '/graphql', exchanges: [exchange] }), commits };
}

const requirement = { id: 'q1', kind: 'VOLUNTEER_HOURS', unit: 'PERSON_HOUR' } as const;

describe('CommitForm', () => {
  it('offers the resources of the requirement’s unit, shows a refusal beside its field, and commits with a fresh key', async () => {
    const { client, commits } = mockClient([
      {
        commitment: null,
        userErrors: [{ field: ['input', 'quantity'], code: 'EXCEEDS_REQUIREMENT', message: 'needs only 20 more' }],
      },
      { commitment: { id: 'c1', status: 'PLEDGED', quantity: 20 }, userErrors: [] },
    ]);
    let done = 0;
    render(CommitForm, {
      client,
      i18n: new I18n('en'),
      requirement,
      title: 'Volunteers',
      organizationId: 'o1',
      onDone: () => done++,
    });
    await screen.findByRole('option', { name: 'Weekend crew · 70 left' });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'No particular resource',
      'Weekend crew · 70 left',
    ]);

    const quantity = screen.getByLabelText('Quantity') as HTMLInputElement;
    await fireEvent.input(quantity, { target: { value: '30' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Commit' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('More than the requirement still needs.');
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    expect(quantity.getAttribute('aria-describedby')).toBe(alert.id);
    expect(quantity.value).toBe('30');
    expect(done).toBe(0);

    await fireEvent.input(quantity, { target: { value: '20' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Commit' }));
    await vi.waitFor(() => expect(done).toBe(1));
    expect(commits.map((c) => c.quantity)).toEqual([30, 20]);
    expect(commits[0]).toMatchObject({ requirementId: 'q1', organizationId: 'o1', unit: 'PERSON_HOUR' });
    // Another input, another key: the refused attempt's key is not reused.
    expect(commits[0].idempotencyKey).not.toBe(commits[1].idempotencyKey);
  });

  it('offers the matching’s suggestions among one’s own resources; taking one fills the form', async () => {
    const { client, commits } = mockClient([
      { commitment: { id: 'c1', status: 'PLEDGED', quantity: 40 }, userErrors: [] },
    ]);
    render(CommitForm, {
      client,
      i18n: new I18n('en'),
      requirement,
      title: 'Volunteers',
      organizationId: 'o1',
      projectId: 'p1',
      onDone: () => {},
    });
    const take = await screen.findByRole('button', { name: 'Commit 40 person-hours from “Weekend crew”' });
    expect(screen.getByText('Same district, covers 40 of 40 person-hours')).toBeTruthy();
    expect(screen.queryByText('theirs')).toBeNull();
    await fireEvent.click(take);
    expect((screen.getByLabelText('From resource') as HTMLSelectElement).value).toBe('r1');
    expect((screen.getByLabelText('Quantity') as HTMLInputElement).value).toBe('40');
    await fireEvent.click(screen.getByRole('button', { name: 'Commit' }));
    await vi.waitFor(() => expect(commits).toHaveLength(1));
    expect(commits[0]).toMatchObject({ resourceId: 'r1', quantity: 40 });
  });

  it('says a lost answer in words with a Retry that sends the same commitment again, under the same key', async () => {
    const { client, commits } = mockClient([
      new Error('socket hang up'),
      { commitment: { id: 'c1', status: 'PLEDGED', quantity: 5 }, userErrors: [] },
    ]);
    let done = 0;
    const props = {
      client,
      i18n: new I18n('en'),
      requirement,
      title: 'Volunteers',
      organizationId: 'o1',
      onDone: () => done++,
    };
    const { rerender } = render(CommitForm, props);
    await screen.findByRole('option', { name: 'Weekend crew · 70 left' });
    await fireEvent.input(screen.getByLabelText('Quantity'), { target: { value: '5' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Commit' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server could not be reached.');
    expect(alert.textContent).not.toContain('socket hang up');
    // The page reads again meanwhile (a live event): the same requirement as a new object.
    await rerender({ ...props, requirement: { ...requirement } });
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await vi.waitFor(() => expect(done).toBe(1));
    expect(commits.map((c) => c.quantity)).toEqual([5, 5]);
    expect(commits[1].idempotencyKey).toBe(commits[0].idempotencyKey);
  });
});
