import 'reflect-metadata';
import fs from 'node:fs';
import { openSession } from '../modules/auth/auth.service.js';
import { membershipsOf } from '../modules/auth/authenticate.js';
import { Session } from '../modules/auth/session.entity.js';
import { Viewer } from '../modules/auth/viewer.js';
import { DomainError, DomainErrors } from '../modules/common/domain-error.js';
import { importMilestoneProgress } from '../modules/project-csv/milestone-progress-import.service.js';
import { User } from '../modules/user/user.entity.js';
import { cliDatabase } from './cli-database.js';

/**
 * `pnpm --filter @cobuild/server import-milestones --as <email> <file.csv>`: applies the
 * milestone progress of a projects CSV as that person, through the same service as the
 * `importMilestoneProgress` mutation (their rights, their name on the events). The command
 * signs in as them for its run (a session it revokes at the end). Prints what changed, or
 * every refused row; exits 1 when refused, 2 on wrong usage.
 */
const args = process.argv.slice(2);
const as = args.indexOf('--as');
const email = as >= 0 ? args[as + 1] : undefined;
const file = args.filter((_, i) => i !== as && i !== as + 1)[0];
if (!email || !file) {
  console.error('usage: import-milestones --as <email> <file.csv>');
  process.exit(2);
}
const csv = fs.readFileSync(file, 'utf8');
const db = await cliDatabase();
let code = 0;
try {
  const em = db.orm.em.fork();
  const user = await em.findOne(User, { email: email.trim().toLowerCase() });
  if (!user) {
    console.error(`No account with the email ${email}.`);
    code = 2;
  } else {
    const { session } = await em.transactional((tx) =>
      openSession(tx, { address: 'cli', previousSessionSecret: null }, user),
    );
    try {
      const viewer = new Viewer({
        kind: 'user',
        user: { id: user.id },
        sessionId: session.id,
        memberships: await membershipsOf(em, user.id),
      });
      const { updated, unchanged } = await importMilestoneProgress(viewer, em.fork(), { csv });
      console.log(`${updated} milestones updated, ${unchanged} unchanged.`);
    } catch (error) {
      const refused = error instanceof DomainErrors ? error.errors : error instanceof DomainError ? [error] : null;
      if (!refused) throw error;
      for (const e of refused) console.error(`${e.code}: ${e.message}`);
      console.error('Nothing was imported.');
      code = 1;
    } finally {
      await em.nativeUpdate(Session, { id: session.id }, { revokedAt: new Date() });
    }
  }
} finally {
  await db.close();
}
process.exit(code);
