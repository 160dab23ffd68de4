// Query strings of the staff area (audit log filters, pages). Imports nothing of ours.
import { Type } from '@sinclair/typebox';

export const AuditFilterQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  entity_type: Type.Optional(Type.String({ maxLength: 100 })),
  entity_id: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ maxLength: 10, format: 'date' })),
  to: Type.Optional(Type.String({ maxLength: 10, format: 'date' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});
