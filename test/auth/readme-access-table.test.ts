import fs from 'node:fs';
import { DEMO_ACCOUNTS, DEMO_PARTNER_TOKEN, DEMO_PASSWORD, MUTATION_RULES } from '@cobuild/server';
import { describe, expect, it } from 'vitest';

const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists exactly the access rules of the code', () => {
    const section = readme.split('<!-- access-rules:start -->')[1].split('<!-- access-rules:end -->')[0];
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|').map((c) => c.trim()));
    const fromReadme = rows.map(([, name, callers, who]) => ({
      name: name.replaceAll('`', ''),
      callers: callers.replaceAll('`', '').split(', '),
      who,
    }));
    const fromCode = Object.entries(MUTATION_RULES).map(([name, r]) => ({ name, callers: [...r.callers], who: r.who }));
    expect(fromReadme).toEqual(fromCode);
  });

  it('lists the demo accounts, password and token that the seed creates', () => {
    for (const account of DEMO_ACCOUNTS) expect(readme).toContain(`\`${account.email}\``);
    expect(readme).toContain(`\`${DEMO_PASSWORD}\``);
    expect(readme).toContain(DEMO_PARTNER_TOKEN);
  });
});
