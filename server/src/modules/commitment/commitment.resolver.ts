import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { Requirement } from '../project/requirement.entity.js';
import { Resource } from '../resource/resource.entity.js';
import { Commitment } from './commitment.entity.js';

@Resolver(() => Commitment)
export class CommitmentResolver {
  @FieldResolver(() => Organization, { description: 'The organization that commits.' })
  organization(@Root() commitment: Commitment, @Ctx() { loaders }: Context): Promise<Organization> {
    return loaders.load(Organization, commitment.organization);
  }

  @FieldResolver(() => Requirement)
  requirement(@Root() commitment: Commitment, @Ctx() { loaders }: Context): Promise<Requirement> {
    return loaders.load(Requirement, commitment.requirement);
  }

  @FieldResolver(() => Project)
  project(@Root() commitment: Commitment, @Ctx() { loaders }: Context): Promise<Project> {
    return loaders.load(Project, commitment.project);
  }

  @FieldResolver(() => Resource, { nullable: true, description: 'The resource it draws on, if any.' })
  resource(@Root() commitment: Commitment, @Ctx() { loaders }: Context): Promise<Resource | null> {
    return loaders.load(Resource, commitment.resource);
  }
}
