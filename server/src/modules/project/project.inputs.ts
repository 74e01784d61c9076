import { ArrayMaxSize, IsOptional, MaxLength, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { DESCRIPTION_MAX, TITLE_MAX } from '../common/text-limits.js';
import { Category } from '../common/enums.js';
import { ProjectStatus } from './project.entity.js';

@InputType({ description: 'Filters of `projects`; all given conditions must hold.' })
export class ProjectFilter {
  @Field(() => [ProjectStatus], { nullable: true })
  status?: ProjectStatus[];

  @Field(() => [Category], { nullable: true })
  category?: Category[];

  @Field(() => ID, { nullable: true, description: 'Projects serving this region or a region below it.' })
  regionId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Projects in which this organization takes part (as lead or partner).',
  })
  participantOrganizationId?: string;

  @Field({ nullable: true, description: 'Words of the Chinese or English title.' })
  @MaxLength(100)
  text?: string;
}

export const MAX_NEEDS_PER_PROJECT = 20;

@InputType()
export class CreateProjectInput {
  @Field(() => ID, { description: 'The lead committee (acting for it).' })
  committeeId: string;

  @Field(() => ID, { description: "The region it serves: the committee's region or one below it." })
  regionId: string;

  @Field(() => Category)
  category: Category;

  @Field()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  titleZh: string;

  @Field()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  titleEn: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(DESCRIPTION_MAX)
  summaryZh?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(DESCRIPTION_MAX)
  summaryEn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  startsOn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  endsOn?: string;

  @Field(() => [ID], { nullable: true, description: `Needs it answers (at most ${MAX_NEEDS_PER_PROJECT}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_NEEDS_PER_PROJECT)
  needIds?: string[];

  @Field({ nullable: true, description: 'Retrying with the same key and input has one effect.' })
  @IsOptional()
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'Fields left out stay as they are; `needIds` replaces the list.' })
export class UpdateProjectInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => Category, { nullable: true })
  category?: Category;

  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  titleZh?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  titleEn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(DESCRIPTION_MAX)
  summaryZh?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(DESCRIPTION_MAX)
  summaryEn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  startsOn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  endsOn?: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_NEEDS_PER_PROJECT)
  needIds?: string[];
}

@InputType()
export class ChangeProjectStatusInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => ProjectStatus, {
    description:
      'The next status: PROPOSED › CONSULTING › APPROVED › IN_PROGRESS › COMPLETED, or CANCELLED before completion.',
  })
  status: ProjectStatus;
}
