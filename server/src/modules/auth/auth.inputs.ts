import { MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class LoginInput {
  @Field()
  @MaxLength(254)
  email: string;

  @Field()
  @MaxLength(200)
  password: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @MaxLength(200)
  currentPassword: string;

  @Field({ description: 'At least 10 characters.' })
  @MaxLength(200)
  newPassword: string;
}
