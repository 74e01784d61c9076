import { ArrayMaxSize, IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateApiTokenInput {
  @Field(() => ID)
  organizationId: string;

  @Field({ description: 'What the token is for, e.g. "Volunteer platform sync".' })
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Scopes: `read` (always included), `write:commitments`, `write:resources`. Default: read only.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  scopes?: string[];

  @Field({ nullable: true, description: 'When it stops working; at most one year ahead. Default: 90 days.' })
  expiresAt?: Date;
}

@InputType()
export class RevokeApiTokenInput {
  @Field(() => ID)
  apiTokenId: string;
}
