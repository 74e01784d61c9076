import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, MaxLength, MinLength } from 'class-validator';
import { DESCRIPTION_MAX, TITLE_MAX } from '../common/text-limits.js';
import { Category } from '../common/enums.js';
import { NeedStatus } from './need.entity.js';

@InputType({ description: 'Filters of `needs`; all given conditions must hold.' })
export class NeedFilter {
  @Field(() => [NeedStatus], { nullable: true })
  status?: NeedStatus[];

  @Field(() => [Category], { nullable: true })
  category?: Category[];

  @Field(() => ID, { nullable: true, description: 'Needs of this region or below it.' })
  regionId?: string;

  @Field({ nullable: true, description: 'Part of the Chinese or English title.' })
  @MaxLength(100)
  search?: string;
}

@InputType()
export class ReportNeedInput {
  @Field(() => ID, { description: 'The committee reporting it (acting for it).' })
  committeeId: string;

  @Field(() => ID, { description: 'A community or a grid within the committee’s region.' })
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
  descriptionZh?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(DESCRIPTION_MAX)
  descriptionEn?: string;

  @Field({ nullable: true, description: 'Retrying with the same key and input has one effect.' })
  @IsOptional()
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'Fields left out stay as they are.' })
export class UpdateNeedInput {
  @Field(() => ID)
  needId: string;

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
  descriptionZh?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(DESCRIPTION_MAX)
  descriptionEn?: string;
}

@InputType()
export class SupportNeedInput {
  @Field(() => ID)
  needId: string;

  @Field(() => ID, { description: 'The organization that supports it (acting for it).' })
  organizationId: string;
}
