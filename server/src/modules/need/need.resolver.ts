import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Organization } from '../organization/organization.entity.js';
import { ProjectNeed } from '../project/project-need.entity.js';
import { Project } from '../project/project.entity.js';
import { Region } from '../region/region.entity.js';
import { Need } from './need.entity.js';
import { NeedFilter } from './need.inputs.js';
import { listNeeds } from './need.service.js';

const NeedConnection = ConnectionType(Need);

@Resolver(() => Need)
export class NeedResolver {
  @Query(() => NeedConnection, { description: "Residents' needs, newest first." })
  needs(
    @Ctx() { em }: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => NeedFilter, { nullable: true }) filter?: NeedFilter,
  ): Promise<Connection<Need>> {
    return listNeeds(em, filter, args);
  }

  @FieldResolver(() => Organization, { description: 'The committee that reported the need.' })
  reporter(@Root() need: Need, @Ctx() { loaders }: Context): Promise<Organization> {
    return loaders.load(Organization, need.reporter);
  }

  @FieldResolver(() => Region, { description: 'The community or grid where it arose.' })
  region(@Root() need: Need, @Ctx() { loaders }: Context): Promise<Region> {
    return loaders.load(Region, need.region);
  }

  @FieldResolver(() => [Project], { description: 'Projects that answer this need.' })
  async projects(@Root() need: Need, @Ctx() { loaders }: Context): Promise<Project[]> {
    const links = await loaders.all(
      {
        name: 'Need.projects',
        entity: ProjectNeed,
        parent: 'need',
        orderBy: { createdAt: 'asc' },
        populate: ['project'],
      },
      need.id,
    );
    return links.map((l) => l.project);
  }
}
