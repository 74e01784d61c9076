import type { EntityManager } from '@mikro-orm/postgresql';
import { recordActivity } from '../activity/activity.service.js';
import { actsFor, actsForOrGoverns, assertAllowed } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { inWriteTransaction } from '../auth/write-transaction.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { findForInput } from '../common/find-for-input.js';
import { once } from '../idempotency/idempotency.js';
import { organizationForInput } from '../organization/organization-access.js';
import { OrganizationKind, type Organization } from '../organization/organization.entity.js';
import { assertParticipates } from '../project/participant.service.js';
import { assertOpen } from '../project/project-write.service.js';
import { Project } from '../project/project.entity.js';
import { Comment, type Mention } from './comment.entity.js';
import type { Stance } from './consultation-rule.js';
import type { EditCommentInput, PostCommentInput, RemoveCommentInput } from './consultation.inputs.js';

/** How long after posting its author may edit a comment. */
export const EDIT_WINDOW_MINUTES = 15;

/** Whether a comment posted at `createdAt` may still be edited. */
export function withinEditWindow(createdAt: Date, now = Date.now()): boolean {
  return now - createdAt.getTime() <= EDIT_WINDOW_MINUTES * 60_000;
}

/** At most this many @ signs of a comment are looked up. */
const MAX_MENTIONS = 20;

/**
 * The organizations a text mentions: each "@" directly followed by an organization's Chinese
 * or English name (the longest that fits), in text order.
 */
export async function resolveMentions(tx: EntityManager, text: string): Promise<Mention[]> {
  const ats = [...text.matchAll(/@/g)].map((m) => m.index).slice(0, MAX_MENTIONS);
  if (ats.length === 0) return [];
  const named = await tx.execute<{ id: string; name_zh: string; name_en: string }[]>(
    `select id, name_zh, name_en from organization
     where strpos(?, '@' || name_zh) > 0 or strpos(?, '@' || name_en) > 0 order by id`,
    [text, text],
  );
  const mentions: Mention[] = [];
  for (const at of ats) {
    if (mentions.length && at < mentions[mentions.length - 1].start + mentions[mentions.length - 1].length) continue;
    let best: Mention | null = null;
    for (const o of named) {
      for (const name of [o.name_zh, o.name_en]) {
        const end = at + 1 + name.length;
        // A Latin name ends at a word's end ("@Red" does not mention "Red" in "@Redwood").
        const cut = /[\p{L}\p{N}]$/u.test(name) && /^[A-Za-z0-9]/.test(text.slice(end, end + 1));
        if (text.startsWith(name, at + 1) && !cut && (!best || name.length + 1 > best.length)) {
          best = { start: at, length: name.length + 1, organizationId: o.id };
        }
      }
    }
    if (best) mentions.push(best);
  }
  return mentions;
}

/**
 * Who discusses a project: its active participants, and the committees whose region
 * contains the project's (they oversee it).
 */
async function assertTakesPart(
  tx: EntityManager,
  project: Project,
  organization: Organization,
  what: string,
): Promise<void> {
  if (organization.kind === OrganizationKind.COMMITTEE && project.region.path.startsWith(organization.region.path)) {
    return;
  }
  await assertParticipates(tx, project, organization, what);
}

/** A reply answers a live top-level comment of the same project. */
async function parentForInput(tx: EntityManager, project: Project, globalId: string): Promise<Comment> {
  // Share-locked: it cannot be removed while the reply is written (the project is locked first).
  const parent = await findForInput(tx, Comment, globalId, ['input', 'parentId'], { lock: 'share' });
  if (parent.project.id !== project.id) {
    throw new DomainError(UserErrorCode.INVALID, 'The comment replied to belongs to another project.', [
      'input',
      'parentId',
    ]);
  }
  if (parent.parent) {
    throw new DomainError(UserErrorCode.INVALID, 'Replies are one level deep: reply to the comment it answers.', [
      'input',
      'parentId',
    ]);
  }
  if (parent.removedAt) {
    throw new DomainError(UserErrorCode.COMMENT_REMOVED, 'The comment replied to was removed.', ['input', 'parentId']);
  }
  return parent;
}

/** Adds a comment (and its activity row) to the transaction's unit of work. */
export async function writeComment(
  tx: EntityManager,
  viewer: Viewer,
  target: { project: Project; organization: Organization; text: string; parent?: Comment; stance?: Stance },
): Promise<Comment> {
  const { project, organization, text, parent, stance } = target;
  const comment = tx.create(Comment, {
    project,
    organization,
    author: viewer.user?.id ?? null,
    parent: parent ?? null,
    text,
    mentions: await resolveMentions(tx, text),
    stance: stance ?? null,
  });
  recordActivity(tx, viewer, {
    type: 'comment.posted',
    subjectType: 'Comment',
    subjectId: comment.id,
    regionPath: project.region.path,
    project,
    actorOrganization: organization,
    // The text itself stays on the comment (the log is append-only: a removed comment's text
    // must not live on in it); the event tells how long it is and what it answers.
    changes: {
      length: { before: null, after: text.length },
      ...(parent ? { parentId: { before: null, after: parent.id } } : {}),
    },
  });
  return comment;
}

/** The project an input names, share-locked: it cannot change status while this write relies on it. */
export function sharedProjectForInput(tx: EntityManager, globalId: string): Promise<Project> {
  return findForInput(tx, Project, globalId, ['input', 'projectId'], {
    populate: ['region', 'leadCommittee.region'],
    lock: 'share',
  });
}

export async function postComment(viewer: Viewer, em: EntityManager, input: PostCommentInput): Promise<Comment> {
  const id = await inWriteTransaction(viewer, em, async (tx, viewer) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(
      actsFor(viewer, organization),
      "Only the organization's admins and representatives may speak for it.",
    );
    const project = await sharedProjectForInput(tx, input.projectId);
    return once(tx, organization, 'postComment', input.idempotencyKey, input, async () => {
      assertOpen(project);
      await assertTakesPart(tx, project, organization, "and the region's committees discuss a project");
      const parent = input.parentId ? await parentForInput(tx, project, input.parentId) : undefined;
      const comment = await writeComment(tx, viewer, { project, organization, text: input.text, parent });
      await tx.flush();
      return comment.id;
    });
  });
  return em.findOneOrFail(Comment, { id });
}

/** A comment to change, update-locked, with what the access rules read of its project. */
async function commentForInput(tx: EntityManager, globalId: string): Promise<Comment> {
  const comment = await findForInput(tx, Comment, globalId, ['input', 'commentId'], {
    populate: ['project.region', 'project.leadCommittee.region'],
    lock: 'update',
  });
  if (comment.removedAt) {
    throw new DomainError(UserErrorCode.COMMENT_REMOVED, 'The comment was removed.', ['input', 'commentId']);
  }
  return comment;
}

/** Whether the viewer wrote the comment and still speaks for its organization. */
function isAuthor(viewer: Viewer, comment: Comment): boolean {
  return viewer.user != null && comment.author?.id === viewer.user.id && actsFor(viewer, comment.organization);
}

/**
 * Its author edits a comment within EDIT_WINDOW_MINUTES of posting; mentions are read again.
 * A comment that states a position is not edited: its reason changes with recordPosition
 * (until approval), so a reply of the lead committee always answers what it read.
 */
export async function editComment(viewer: Viewer, em: EntityManager, input: EditCommentInput): Promise<Comment> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const comment = await commentForInput(tx, input.commentId);
    assertAllowed(isAuthor(viewer, comment), 'Only its author may edit a comment.');
    if (comment.stance) {
      throw new DomainError(
        UserErrorCode.INVALID,
        'This comment states a position: record the position again (recordPosition) to change its reason.',
        ['input', 'commentId'],
      );
    }
    if (!withinEditWindow(comment.createdAt)) {
      throw new DomainError(
        UserErrorCode.EDIT_WINDOW_CLOSED,
        `A comment can be edited for ${EDIT_WINDOW_MINUTES} minutes after it is posted.`,
        ['input', 'commentId'],
      );
    }
    const before = comment.text;
    comment.text = input.text;
    comment.mentions = await resolveMentions(tx, input.text);
    comment.editedAt = new Date();
    recordActivity(tx, viewer, {
      type: 'comment.edited',
      subjectType: 'Comment',
      subjectId: comment.id,
      regionPath: comment.project.region.path,
      project: comment.project,
      actorOrganization: comment.organization,
      changes: { length: { before: before?.length ?? null, after: input.text.length } },
    });
    return comment;
  });
}

/**
 * Removes a comment, leaving a tombstone (replies stay): its author, or the lead committee
 * (an admin of a committee above it too). The removed text is not kept in the activity log.
 */
export async function removeComment(viewer: Viewer, em: EntityManager, input: RemoveCommentInput): Promise<Comment> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const comment = await commentForInput(tx, input.commentId);
    const byAuthor = isAuthor(viewer, comment);
    assertAllowed(
      byAuthor || actsForOrGoverns(viewer, comment.project.leadCommittee),
      'Only its author or the lead committee may remove a comment.',
    );
    // The statement of a standing position stays: the lead committee answers objections there.
    const [standing] = await tx.execute(`select 1 from consultation_position where statement_id = ?`, [comment.id]);
    if (standing) {
      throw new DomainError(
        UserErrorCode.INVALID,
        "This comment states its organization's current position: record a new position instead.",
        ['input', 'commentId'],
      );
    }
    comment.text = null;
    comment.mentions = [];
    comment.removedAt = new Date();
    recordActivity(tx, viewer, {
      type: 'comment.removed',
      subjectType: 'Comment',
      subjectId: comment.id,
      regionPath: comment.project.region.path,
      project: comment.project,
      actorOrganization: byAuthor ? comment.organization : comment.project.leadCommittee,
      changes: { removed: { before: false, after: true } },
    });
    return comment;
  });
}
