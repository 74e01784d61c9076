import { Arg, Args, Ctx, FieldResolver, Float, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Activity } from '../activity/activity.entity.js';
import { Milestone } from '../milestone/milestone.entity.js';
import { Need } from '../need/need.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';
import { Participant } from './participant.entity.js';
import { ProjectNeed } from './project-need.entity.js';
import { Project } from './project.entity.js';
import { ProjectFilter } from './project.inputs.js';
import { listProjects } from './project.service.js';
import { Requirement } from './requirement.entity.js';

export const ProjectConnection = ConnectionType(Project);
const ParticipantConnection = ConnectionType(Participant);
const RequirementConnection = ConnectionType(Requirement);
const MilestoneConnection = ConnectionType(Milestone);
const ActivityConnection = ConnectionType(Activity);

interface ProjectFigures {
  id: string;
  fill_rate: number;
  progress: number | null;
}

/**
 * Fill rate: committed ÷ required quantity over all requirements (each requirement's counter
 * never exceeds its quantity); progress: weighted mean of milestones. Indexed lookups of the
 * page's projects only.
 */
const FIGURES = `select p.id, coalesce(f.fill_rate, 0) as fill_rate, m.progress
  from unnest(?::uuid[]) as p(id)
  left join lateral (select sum(r.committed)::float / nullif(sum(r.quantity), 0) as fill_rate
    from requirement r where r.project_id = p.id) f on true
  left join lateral (select sum(ms.progress * ms.weight)::float / nullif(sum(ms.weight), 0) as progress
    from milestone ms where ms.project_id = p.id) m on true`;

@Resolver(() => Project)
export class ProjectResolver {
  @FieldResolver(() => Float, { description: 'Share of required quantities covered by active commitments, 0–1.' })
  async fillRate(@Root() project: Project, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.aggregate<ProjectFigures>('Project.figures', FIGURES, project.id))?.fill_rate ?? 0;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Weighted mean progress of the milestones, 0–100; null without milestones.',
  })
  async progress(@Root() project: Project, @Ctx() { loaders }: Context): Promise<number | null> {
    const figures = await loaders.aggregate<ProjectFigures>('Project.figures', FIGURES, project.id);
    return figures?.progress == null ? null : Math.round(figures.progress * 10) / 10;
  }

  @Query(() => ProjectConnection, { description: 'Shared projects, newest first.' })
  projects(
    @Ctx() { em }: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter,
  ): Promise<Connection<Project>> {
    return listProjects(em, filter, args);
  }

  @FieldResolver(() => Organization, { description: 'The committee that leads the project.' })
  leadCommittee(@Root() project: Project, @Ctx() { loaders }: Context): Promise<Organization> {
    return loaders.load(Organization, project.leadCommittee);
  }

  @FieldResolver(() => Region)
  region(@Root() project: Project, @Ctx() { loaders }: Context): Promise<Region> {
    return loaders.load(Region, project.region);
  }

  @FieldResolver(() => ParticipantConnection, { description: 'Organizations taking part, in the order they joined.' })
  participants(
    @Root() project: Project,
    @Ctx() { loaders }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<Participant>> {
    return loaders.children(
      {
        name: 'Project.participants',
        entity: Participant,
        parent: 'project',
        orderBy: [{ property: 'id', direction: 'asc' }],
      },
      project.id,
      args,
    );
  }

  @FieldResolver(() => RequirementConnection, { description: 'What the project needs, in the order added.' })
  requirements(
    @Root() project: Project,
    @Ctx() { loaders }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<Requirement>> {
    return loaders.children(
      {
        name: 'Project.requirements',
        entity: Requirement,
        parent: 'project',
        orderBy: [{ property: 'id', direction: 'asc' }],
      },
      project.id,
      args,
    );
  }

  @FieldResolver(() => MilestoneConnection, { description: 'Milestones in the order they were planned.' })
  milestones(
    @Root() project: Project,
    @Ctx() { loaders }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<Milestone>> {
    return loaders.children(
      {
        name: 'Project.milestones',
        entity: Milestone,
        parent: 'project',
        orderBy: [{ property: 'id', direction: 'asc' }],
      },
      project.id,
      args,
    );
  }

  @FieldResolver(() => ActivityConnection, { description: 'What happened in the project, newest first.' })
  activity(
    @Root() project: Project,
    @Ctx() { loaders }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<Activity>> {
    return loaders.children(
      {
        name: 'Project.activity',
        entity: Activity,
        parent: 'project',
        orderBy: [{ property: 'id', direction: 'desc' }],
      },
      project.id,
      args,
    );
  }

  @FieldResolver(() => [Need], { description: "The residents' needs this project answers." })
  async needs(@Root() project: Project, @Ctx() { loaders }: Context): Promise<Need[]> {
    const links = await loaders.all(
      {
        name: 'Project.needs',
        entity: ProjectNeed,
        parent: 'project',
        orderBy: { createdAt: 'asc' },
        populate: ['need'],
      },
      project.id,
    );
    return links.map((l) => l.need);
  }
}

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => Organization)
  organization(@Root() participant: Participant, @Ctx() { loaders }: Context): Promise<Organization> {
    return loaders.load(Organization, participant.organization);
  }

  @FieldResolver(() => Project)
  project(@Root() participant: Participant, @Ctx() { loaders }: Context): Promise<Project> {
    return loaders.load(Project, participant.project);
  }
}
