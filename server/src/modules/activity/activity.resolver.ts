import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { Activity } from './activity.entity.js';

@Resolver(() => Activity)
export class ActivityResolver {
  @FieldResolver(() => Project, { nullable: true, description: 'The project it happened in, if any.' })
  project(@Root() activity: Activity, @Ctx() { loaders }: Context): Promise<Project | null> {
    return loaders.load(Project, activity.project);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization that acted.' })
  actorOrganization(@Root() activity: Activity, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.load(Organization, activity.actorOrganization);
  }
}
