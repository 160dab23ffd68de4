// Input schemas for the content module. Imports nothing of ours.
import { Type } from '@sinclair/typebox';

export const SearchQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });

export const AccessibilityReportForm = Type.Object({
  page_url: Type.Optional(Type.String({ maxLength: 500 })),
  description: Type.String({ minLength: 1, maxLength: 5000 }),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
});
