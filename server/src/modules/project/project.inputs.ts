import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { TitleField, LongTextField, IdempotencyKeyField } from '../common/input-fields.js';
import { Field, ID, InputType } from 'type-graphql';
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

  @TitleField()
  titleZh: string;

  @TitleField()
  titleEn: string;

  @LongTextField()
  summaryZh?: string;

  @LongTextField()
  summaryEn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  startsOn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  endsOn?: string;

  @Field(() => [ID], { nullable: true, description: `Needs it answers (at most ${MAX_NEEDS_PER_PROJECT}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_NEEDS_PER_PROJECT)
  needIds?: string[];

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Fields left out stay as they are; `needIds` replaces the list.' })
export class UpdateProjectInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => Category, { nullable: true })
  category?: Category;

  @TitleField({ optional: true })
  titleZh?: string;

  @TitleField({ optional: true })
  titleEn?: string;

  @LongTextField()
  summaryZh?: string;

  @LongTextField()
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
