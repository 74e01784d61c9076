import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { badUserInput } from '../../graphql/errors.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { MatchSuggestions } from './match.types.js';
import { findNeed, findProject, projectMatches, requirementMatches } from './matching.service.js';

const MAX_SUGGESTIONS = 20;

@Resolver()
export class MatchingResolver {
  @Query(() => MatchSuggestions, {
    description:
      'Matching of the three lists. With `projectId`: resources for each unfilled requirement, nearest region first. With `needId`: projects that could answer the need. Pass exactly one.',
  })
  async matchSuggestions(
    @Ctx() { em }: Context,
    @Arg('projectId', () => ID, { nullable: true }) projectId?: string,
    @Arg('needId', () => ID, { nullable: true }) needId?: string,
    @Arg('first', () => Int, {
      defaultValue: 5,
      description: `Suggestions per requirement (or projects), 1–${MAX_SUGGESTIONS}.`,
    })
    first = 5,
  ): Promise<MatchSuggestions> {
    if ((projectId == null) === (needId == null))
      throw badUserInput('Pass exactly one of "projectId" and "needId".', 'projectId');
    if (!Number.isInteger(first) || first < 1 || first > MAX_SUGGESTIONS) {
      throw badUserInput(`"first" must be between 1 and ${MAX_SUGGESTIONS}.`, 'first');
    }
    if (projectId != null) {
      const project = await findProject(em, decodeGlobalId(projectId, 'Project', 'projectId'));
      return { requirements: await requirementMatches(em, project, first), projects: [] };
    }
    const need = await findNeed(em, decodeGlobalId(needId!, 'Need', 'needId'));
    return { requirements: [], projects: await projectMatches(em, need, first) };
  }
}
