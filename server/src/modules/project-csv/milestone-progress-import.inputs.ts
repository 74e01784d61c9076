import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { MutationPayload } from '../../graphql/payload.js';

@InputType()
export class ImportMilestoneProgressInput {
  @Field({
    description:
      'A projects CSV as GET /export/projects.csv writes it, possibly edited in a spreadsheet (BOM optional, CRLF or LF line ends): the progress and note of its milestone rows are applied; other rows are not.',
  })
  csv: string;
}

@ObjectType()
export class ImportMilestoneProgressPayload extends MutationPayload {
  @Field(() => Int, {
    nullable: true,
    description: 'Milestones whose progress or note changed; null when the file was refused.',
  })
  updatedMilestones: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Milestone rows equal to what is stored (left alone); null when the file was refused.',
  })
  unchangedMilestones: number | null;
}
