import { Arg, Args, Ctx, Extensions, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { PER_VIEWER } from '../../websocket/fan-out.js';
import { movesFor, NEXT_STATUSES } from './project-lifecycle.js';
import { ProjectStatus } from './project.entity.js';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { ActivityNode } from '../activity/activity.node.js';
import { MilestoneNode } from '../milestone/milestone.node.js';
import { NeedNode } from '../need/need.node.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { RegionNode } from '../region/region.node.js';
import { ParticipantNode } from './participant.node.js';
import { ProjectNeed } from './project-need.entity.js';
import { ProjectNode } from './project.node.js';
import { ProjectFilter } from './project.inputs.js';
import { listProjects } from './project.service.js';
import { RequirementNode } from './requirement.node.js';

export const ProjectConnection = ConnectionType(ProjectNode);
const ParticipantConnection = ConnectionType(ParticipantNode);
const RequirementConnection = ConnectionType(RequirementNode);
const MilestoneConnection = ConnectionType(MilestoneNode);
const ActivityConnection = ConnectionType(ActivityNode);

/** Children in the order they were added (ids are time-ordered). */
const BY_ID = [{ property: 'id' as const, direction: 'asc' as const }];

interface ProjectFillRate {
  id: string;
  fill_rate: number;
}

/**
 * Fill rate: committed ÷ required quantity over all requirements (each requirement's counter
 * never exceeds its quantity). Indexed lookups of the page's projects' requirements only.
 */
const FILL_RATE = `select p.id, coalesce(sum(r.committed)::float / nullif(sum(r.quantity), 0), 0) as fill_rate
  from unnest(?::uuid[]) as p(id) left join requirement r on r.project_id = p.id group by p.id`;

/** Milestones due before today and not at 100 %, per project of the page (index on project, due date). */
const OVERDUE_MILESTONES = `select m.project_id as id, count(*)::int as overdue from milestone m
  where m.project_id = any(?::uuid[]) and m.due_on < (now() at time zone 'utc')::date and m.progress < 100
  group by m.project_id`;

@Resolver(() => ProjectNode)
export class ProjectResolver {
  @FieldResolver(() => [ProjectStatus], {
    description:
      'The statuses the viewer may try to move the project to (its edges the viewer may take: the lead committee every one, an admin of a committee above it only CANCELLED; empty for anyone else). APPROVED still needs the consultation rule met and COMPLETED a finished project: see Project.consultation and the CANNOT_COMPLETE blockers.',
  })
  @Extensions(PER_VIEWER)
  async allowedTransitions(
    @Root() project: ProjectNode,
    @Ctx() { loaders, viewer }: Context,
  ): Promise<ProjectStatus[]> {
    if (NEXT_STATUSES[project.status].length === 0 || viewer.principal.kind !== 'user') return [];
    const lead = await loaders.node(OrganizationNode, project.leadCommitteeId);
    const region = await loaders.node(RegionNode, lead.regionId);
    return movesFor(viewer, { id: lead.id, kind: lead.kind, region: { path: region.path } }, project.status);
  }

  @FieldResolver(() => Int, { description: 'How many of its milestones are overdue (due before today, not at 100 %).' })
  async overdueMilestones(@Root() project: ProjectNode, @Ctx() { loaders }: Context): Promise<number> {
    return (
      (
        await loaders.aggregate<{ id: string; overdue: number }>(
          'Project.overdueMilestones',
          OVERDUE_MILESTONES,
          project.id,
        )
      )?.overdue ?? 0
    );
  }

  @FieldResolver(() => Float, { description: 'Share of required quantities covered by active commitments, 0–1.' })
  async fillRate(@Root() project: ProjectNode, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.aggregate<ProjectFillRate>('Project.fillRate', FILL_RATE, project.id))?.fill_rate ?? 0;
  }

  @FieldResolver(() => Float, { description: 'Weighted mean progress of the milestones, 0–100; 0 without milestones.' })
  progress(@Root() project: ProjectNode): number {
    return Math.round(project.progress * 10) / 10;
  }

  @Query(() => ProjectConnection, { description: 'Shared projects, newest first.' })
  projects(
    @Ctx() { em }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter,
  ): Promise<Connection<ProjectNode>> {
    return listProjects(em, filter, args);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The committee that leads the project.' })
  leadCommittee(@Root() project: ProjectNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, project.leadCommitteeId);
  }

  @FieldResolver(() => RegionNode)
  region(@Root() project: ProjectNode, @Ctx() { loaders }: Context): Promise<RegionNode> {
    return loaders.node(RegionNode, project.regionId);
  }

  @FieldResolver(() => ParticipantConnection, { description: 'Organizations taking part, in the order they joined.' })
  participants(
    @Root() project: ProjectNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<ParticipantNode>> {
    return loaders.children(
      { name: 'Project.participants', type: ParticipantNode, parent: 'project', orderBy: BY_ID },
      project.id,
      args,
    );
  }

  @FieldResolver(() => RequirementConnection, { description: 'What the project needs, in the order added.' })
  requirements(
    @Root() project: ProjectNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<RequirementNode>> {
    return loaders.children(
      { name: 'Project.requirements', type: RequirementNode, parent: 'project', orderBy: BY_ID },
      project.id,
      args,
    );
  }

  @FieldResolver(() => MilestoneConnection, { description: 'Milestones in the order they were planned.' })
  milestones(
    @Root() project: ProjectNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<MilestoneNode>> {
    return loaders.children(
      { name: 'Project.milestones', type: MilestoneNode, parent: 'project', orderBy: BY_ID },
      project.id,
      args,
    );
  }

  @FieldResolver(() => ActivityConnection, { description: 'What happened in the project, newest first.' })
  activity(
    @Root() project: ProjectNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<ActivityNode>> {
    return loaders.children(
      {
        name: 'Project.activity',
        type: ActivityNode,
        parent: 'project',
        orderBy: [{ property: 'id', direction: 'desc' }],
      },
      project.id,
      args,
    );
  }

  @FieldResolver(() => [NeedNode], { description: "The residents' needs this project answers." })
  needs(@Root() project: ProjectNode, @Ctx() { loaders }: Context): Promise<NeedNode[]> {
    return loaders.linked(
      { name: 'Project.needs', type: NeedNode, link: ProjectNeed, parent: 'project', child: 'need' },
      project.id,
    );
  }
}

@Resolver(() => ParticipantNode)
export class ParticipantResolver {
  @FieldResolver(() => OrganizationNode)
  organization(@Root() participant: ParticipantNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, participant.organizationId);
  }

  @FieldResolver(() => ProjectNode)
  project(@Root() participant: ParticipantNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, participant.projectId);
  }
}
