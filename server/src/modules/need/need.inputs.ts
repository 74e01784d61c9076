import { TitleField, LongTextField, IdempotencyKeyField } from '../common/input-fields.js';
import { Field, ID, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';
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

  @Field(() => ID, { nullable: true, description: 'Needs this organization supports.' })
  supportedById?: string;
}

@InputType()
export class ReportNeedInput {
  @Field(() => ID, { description: 'The committee reporting it (acting for it).' })
  committeeId: string;

  @Field(() => ID, { description: 'A community or a grid within the committee’s region.' })
  regionId: string;

  @Field(() => Category)
  category: Category;

  @TitleField()
  titleZh: string;

  @TitleField()
  titleEn: string;

  @LongTextField()
  descriptionZh?: string;

  @LongTextField()
  descriptionEn?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Fields left out stay as they are.' })
export class UpdateNeedInput {
  @Field(() => ID)
  needId: string;

  @Field(() => Category, { nullable: true })
  category?: Category;

  @TitleField({ optional: true })
  titleZh?: string;

  @TitleField({ optional: true })
  titleEn?: string;

  @LongTextField()
  descriptionZh?: string;

  @LongTextField()
  descriptionEn?: string;
}

@InputType()
export class SupportNeedInput {
  @Field(() => ID)
  needId: string;

  @Field(() => ID, { description: 'The organization that supports it (acting for it).' })
  organizationId: string;
}
