import { describe, expect, it } from 'vitest';
import { redactSqlLiterals } from './logger.js';

describe('log redaction', () => {
  it('hides every quoted value of a failed statement', () => {
    const message = `insert into "app_user" ("email", "password_hash") values ('a@b.c', '$argon2id$v=19$m=19456,t=2,p=1$abc'), ('it''s', 'x') - relation "app_user" does not exist`;
    const redacted = redactSqlLiterals(message);
    expect(redacted).toBe(
      `insert into "app_user" ("email", "password_hash") values ('…', '…'), ('…', '…') - relation "app_user" does not exist`,
    );
    expect(redacted).not.toContain('argon2');
  });
});
