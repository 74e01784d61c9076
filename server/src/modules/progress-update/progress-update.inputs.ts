import { ArrayMaxSize, IsOptional, IsUrl, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IdempotencyKeyField } from '../common/input-fields.js';
import { DESCRIPTION_MAX } from '../common/text-limits.js';

@InputType()
export class PostProgressUpdateInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => ID, { description: 'The participating organization that reports.' })
  organizationId: string;

  @Field({ description: 'What happened: 1–5,000 characters (trimmed).' })
  @MinLength(1, { message: 'text must not be empty' })
  @MaxLength(DESCRIPTION_MAX)
  text: string;

  @Field(() => [String], { nullable: true, description: 'Up to 10 http(s) links (photos, documents, posts).' })
  @IsOptional()
  @ArrayMaxSize(10)
  @MaxLength(2_000, { each: true })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { each: true, message: 'each link must be an http(s) URL' },
  )
  links?: string[];

  @IdempotencyKeyField()
  idempotencyKey?: string;
}
