import { Args, Ctx, Extensions, FieldResolver, Resolver, Root, registerEnumType } from 'type-graphql';
import { PER_VIEWER } from '../../websocket/fan-out.js';
import { actsFor, actsForOrGoverns } from '../auth/policy.js';
import { organizationRef } from '../organization/organization-access.js';
import { EDIT_WINDOW_MINUTES, withinEditWindow } from './comment.service.js';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { ProjectNode } from '../project/project.node.js';
import { UserNode } from '../user/user.node.js';
import { ruleBlockers, supportsNeeded } from './consultation-rule.js';
import { CONSULTATION_SQL, type ConsultationRow } from './consultation-summary.js';
import { CommentNode, CommentPart, Consultation, PositionNode } from './consultation.nodes.js';

const CommentConnection = ConnectionType(CommentNode);
const PositionConnection = ConnectionType(PositionNode);
const OLDEST_FIRST = [{ property: 'id' as const, direction: 'asc' as const }];

@Resolver(() => ProjectNode)
export class ProjectConsultationResolver {
  @FieldResolver(() => Consultation, { description: 'Positions of its participants against its consultation rule.' })
  async consultation(@Root() project: ProjectNode, @Ctx() { loaders }: Context): Promise<Consultation> {
    const row = (await loaders.aggregate<ConsultationRow>('Project.consultation', CONSULTATION_SQL, project.id))!;
    const blockers = ruleBlockers(row, row);
    return Object.assign(new Consultation(), {
      rule: { support: row.support, objections: row.objections },
      participants: row.participants,
      supports: row.supports,
      supportsNeeded: supportsNeeded(row.support, row.participants),
      objects: row.objects,
      abstains: row.abstains,
      met: blockers.length === 0,
      blockers,
      missingIds: row.missingIds,
      unansweredIds: row.unansweredIds,
    });
  }

  @FieldResolver(() => CommentConnection, { description: 'Top-level comments of its consultation, oldest first.' })
  comments(
    @Root() project: ProjectNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<CommentNode>> {
    return loaders.children(
      {
        name: 'Project.comments',
        type: CommentNode,
        parent: 'project',
        orderBy: OLDEST_FIRST,
        where: { parentId: null },
      },
      project.id,
      args,
    );
  }

  @FieldResolver(() => PositionConnection, { description: 'Positions of its participants, in the order first stated.' })
  positions(
    @Root() project: ProjectNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<PositionNode>> {
    return loaders.children(
      { name: 'Project.positions', type: PositionNode, parent: 'project', orderBy: OLDEST_FIRST },
      project.id,
      args,
    );
  }
}

@Resolver(() => Consultation)
export class ConsultationResolver {
  @FieldResolver(() => [OrganizationNode], { description: 'Active participants that have stated no position yet.' })
  missing(@Root() consultation: Consultation, @Ctx() { loaders }: Context): Promise<OrganizationNode[]> {
    return Promise.all(consultation.missingIds.map((id) => loaders.node(OrganizationNode, id)));
  }

  @FieldResolver(() => [PositionNode], {
    description: 'OBJECT positions the lead committee has not yet replied to (by replying to their statement).',
  })
  unansweredObjections(@Root() consultation: Consultation, @Ctx() { loaders }: Context): Promise<PositionNode[]> {
    return Promise.all(consultation.unansweredIds.map((id) => loaders.node(PositionNode, id)));
  }
}

/** What may be done to a comment: editComment, removeComment. */
export enum CommentAction {
  EDIT = 'EDIT',
  REMOVE = 'REMOVE',
}
registerEnumType(CommentAction, { name: 'CommentAction', description: 'EDIT: editComment; REMOVE: removeComment.' });

/** Comments that state a standing position (they stay while it stands). */
const STANDING_STATEMENTS = 'SELECT statement_id AS id FROM consultation_position WHERE statement_id = ANY($1)';

@Resolver(() => CommentNode)
export class CommentResolver {
  @Extensions(PER_VIEWER)
  @FieldResolver(() => [CommentAction], {
    description: `What the viewer may do to it now: EDIT (its author, still acting for its organization, within ${EDIT_WINDOW_MINUTES} minutes, not a statement of position), REMOVE (its author or the lead committee, unless it states a standing position).`,
  })
  async allowedActions(@Root() comment: CommentNode, @Ctx() { loaders, viewer }: Context): Promise<CommentAction[]> {
    if (comment.removedAt || viewer.principal.kind !== 'user') return [];
    const byAuthor = comment.authorId === viewer.user?.id && actsFor(viewer, { id: comment.organizationId });
    const project = await loaders.node(ProjectNode, comment.projectId);
    const lead = await organizationRef(loaders, await loaders.node(OrganizationNode, project.leadCommitteeId));
    const actions: CommentAction[] = [];
    if (byAuthor && !comment.stance && withinEditWindow(comment.createdAt)) actions.push(CommentAction.EDIT);
    const standing = comment.stance && (await loaders.aggregate('Comment.standing', STANDING_STATEMENTS, comment.id));
    if ((byAuthor || actsForOrGoverns(viewer, lead)) && !standing) actions.push(CommentAction.REMOVE);
    return actions;
  }

  @FieldResolver(() => ProjectNode)
  project(@Root() comment: CommentNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, comment.projectId);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The organization its author speaks for.' })
  organization(@Root() comment: CommentNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, comment.organizationId);
  }

  @FieldResolver(() => String, { nullable: true, description: "Its author's display name." })
  async author(@Root() comment: CommentNode, @Ctx() { loaders }: Context): Promise<string | null> {
    return (await loaders.node(UserNode, comment.authorId))?.displayName ?? null;
  }

  @FieldResolver(() => CommentNode, { nullable: true, description: 'The comment it replies to.' })
  parent(@Root() comment: CommentNode, @Ctx() { loaders }: Context): Promise<CommentNode | null> {
    return loaders.node(CommentNode, comment.parentId);
  }

  @FieldResolver(() => CommentConnection, { description: 'Replies to it, oldest first.' })
  replies(
    @Root() comment: CommentNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<CommentNode>> {
    return loaders.children(
      { name: 'Comment.replies', type: CommentNode, parent: 'parent', orderBy: OLDEST_FIRST },
      comment.id,
      args,
    );
  }

  @FieldResolver(() => Boolean, { description: 'Removed by its author or the lead committee (a tombstone).' })
  removed(@Root() comment: CommentNode): boolean {
    return comment.removedAt != null;
  }

  @FieldResolver(() => [CommentPart], {
    description: 'The text cut into plain pieces and @mentions (with their organization), to show mentions as links.',
  })
  parts(@Root() comment: CommentNode): CommentPart[] {
    const text = comment.text;
    if (text == null) return [];
    const parts: CommentPart[] = [];
    let at = 0;
    for (const m of comment.mentions) {
      if (m.start > at) parts.push({ text: text.slice(at, m.start), organizationId: null });
      parts.push({ text: text.slice(m.start, m.start + m.length), organizationId: m.organizationId });
      at = m.start + m.length;
    }
    if (at < text.length) parts.push({ text: text.slice(at), organizationId: null });
    return parts;
  }

  @FieldResolver(() => [OrganizationNode], { description: 'The organizations it mentions, in text order.' })
  mentioned(@Root() comment: CommentNode, @Ctx() { loaders }: Context): Promise<OrganizationNode[]> {
    return Promise.all(comment.mentions.map((m) => loaders.node(OrganizationNode, m.organizationId)));
  }
}

@Resolver(() => CommentPart)
export class CommentPartResolver {
  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The organization an @mention links to.' })
  organization(@Root() part: CommentPart, @Ctx() { loaders }: Context): Promise<OrganizationNode | null> {
    return loaders.node(OrganizationNode, part.organizationId);
  }
}

@Resolver(() => PositionNode)
export class PositionResolver {
  @FieldResolver(() => ProjectNode)
  project(@Root() position: PositionNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, position.projectId);
  }

  @FieldResolver(() => OrganizationNode)
  organization(@Root() position: PositionNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, position.organizationId);
  }

  @FieldResolver(() => CommentNode, { description: 'The comment that stated it; the lead committee replies to it.' })
  statement(@Root() position: PositionNode, @Ctx() { loaders }: Context): Promise<CommentNode> {
    return loaders.node(CommentNode, position.statementId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why: the text of its statement (null if removed).' })
  async reason(@Root() position: PositionNode, @Ctx() { loaders }: Context): Promise<string | null> {
    return (await loaders.node(CommentNode, position.statementId)).text;
  }
}
