// Input schemas for the accounts module (forms and JSON). Imports nothing of ours.
import { Type } from '@sinclair/typebox';

export const SignInForm = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254, format: 'email' }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
});
