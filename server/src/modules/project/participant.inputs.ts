import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A project and the organization joining, leaving or being invited.' })
export class ParticipationInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => ID)
  organizationId: string;
}
