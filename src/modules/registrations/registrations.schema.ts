// Input and output schemas of the registrations module. Imports nothing of ours.
import { Type, type Static } from '@sinclair/typebox';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'offered', 'cancelled', 'checked_in'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
/** Statuses that hold seats: offered seats are reserved until the offer is answered or expires. */
export const SEAT_HOLDING: readonly RegistrationStatus[] = ['confirmed', 'checked_in', 'offered'];
export const CANCEL_REASONS = ['visitor', 'staff', 'offer_expired', 'offer_declined', 'no_show'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export interface Question {
  id: string;
  label_sv: string;
  label_en: string;
  required: boolean;
}

/** Limits shared by forms, the API and the commands (the database checks the same). */
export const LIMITS = {
  name: 200,
  email: 254,
  answer: 500,
  questionLabel: 200,
  questions: 5,
  groupSize: 20,
  capacity: 100_000,
  waitlist: 100_000,
  offerHours: 168,
  eraseDays: 365,
  idempotencyKey: 200,
  messageSubject: 200,
  messageBody: 5000,
} as const;

export const QUESTION_IDS = ['q1', 'q2', 'q3', 'q4', 'q5'] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

/** Ticket codes: Crockford base32 without I, L, O and U, so a code read aloud or typed is unambiguous. */
export const TICKET_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TICKET_CODE_PATTERN = '^[0-9A-HJKMNP-TV-Z]{8}$';

// ---------- the public sign-up form (parsed with parseForm) ----------

const Answer = Type.Optional(Type.String({ maxLength: LIMITS.answer }));

export const SignUpForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: LIMITS.name }),
  email: Type.String({ minLength: 1, maxLength: LIMITS.email, format: 'email' }),
  // The range depends on the occurrence's settings; the command says what is allowed.
  seats: Type.Integer(),
  // A key made when the form was drawn: a double click or a resubmitted form creates one registration.
  idem: Type.Optional(Type.String({ maxLength: LIMITS.idempotencyKey })),
  q1: Answer,
  q2: Answer,
  q3: Answer,
  q4: Answer,
  q5: Answer,
});
export type SignUpFormValue = Static<typeof SignUpForm>;

export const CheckInForm = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });

// ---------- staff forms ----------

export const EventSettingsForm = Type.Object({
  capacity: Type.Integer(),
  max_group_size: Type.Integer(),
  waitlist_capacity: Type.Integer(),
  offer_hours: Type.Integer(),
  erase_after_days: Type.Integer(),
  account_required: Type.Boolean(),
  apply_all: Type.Boolean(),
  opens_at: Type.Optional(Type.String({ maxLength: 40 })),
  closes_at: Type.Optional(Type.String({ maxLength: 40 })),
  q1_sv: Type.Optional(Type.String({ maxLength: LIMITS.questionLabel })),
  q1_en: Type.Optional(Type.String({ maxLength: LIMITS.questionLabel })),
  q1_required: Type.Boolean(),
  q2_sv: Type.Optional(Type.String({ maxLength: LIMITS.questionLabel })),
  q2_en: Type.Optional(Type.String({ maxLength: LIMITS.questionLabel })),
  q2_required: Type.Boolean(),
  q3_sv: Type.Optional(Type.String({ maxLength: LIMITS.questionLabel })),
  q3_en: Type.Optional(Type.String({ maxLength: LIMITS.questionLabel })),
  q3_required: Type.Boolean(),
});
export type EventSettingsFormValue = Static<typeof EventSettingsForm>;

export const OccurrenceSettingsForm = Type.Object({
  capacity: Type.Integer(),
  enabled: Type.Boolean(),
  opens_at: Type.Optional(Type.String({ maxLength: 40 })),
  closes_at: Type.Optional(Type.String({ maxLength: 40 })),
});
export type OccurrenceSettingsFormValue = Static<typeof OccurrenceSettingsForm>;

export const MessageForm = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: LIMITS.messageSubject }),
  body: Type.String({ minLength: 1, maxLength: LIMITS.messageBody }),
  include_waiting: Type.Boolean(),
});

// ---------- API ----------

export const OccurrenceParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'Occurrence id' }) });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });

export const ApiSignUpBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.name }),
    email: Type.String({ minLength: 3, maxLength: LIMITS.email, format: 'email' }),
    seats: Type.Integer({ description: 'Seats for the whole group, from 1 to the occurrence\'s maximum group size' }),
    answers: Type.Optional(Type.Record(Type.String({ maxLength: 10 }), Type.String({ maxLength: LIMITS.answer }), { description: 'Answers by question id (q1 …)' })),
  },
  { additionalProperties: false },
);

const StatusSchema = Type.Union(REGISTRATION_STATUSES.map((s) => Type.Literal(s)));

export const RegistrationCreated = Type.Object({
  id: Type.Integer(),
  status: StatusSchema,
  position: Type.Optional(Type.Integer({ description: 'Place on the waiting list (1 = next in line); only when waitlisted' })),
  seats: Type.Integer(),
  ticketCode: Type.String({ description: 'Short human-readable code, shown as XXXX-XXXX' }),
  manageUrl: Type.String({ description: 'Signed, unguessable URL: GET shows the registration, DELETE cancels it. No account needed.' }),
  pageUrl: Type.String({ description: 'The same registration as a web page for people (ticket, cancel, accept an offer)' }),
});

export const RegistrationView = Type.Object({
  id: Type.Integer(),
  status: StatusSchema,
  position: Type.Optional(Type.Integer()),
  seats: Type.Integer(),
  name: Type.String(),
  ticketCode: Type.String(),
  offerExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  occurrence: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    venue: Type.String(),
  }),
});

export const CONFLICT_REASONS = ['not_open_yet', 'closed', 'full', 'waitlist_full', 'already_registered', 'idempotency_mismatch', 'account_required', 'not_cancellable'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** Problem details with a machine-readable `reason` for refused sign-ups. */
export const RegistrationProblem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    reason: Type.Optional(Type.Union(CONFLICT_REASONS.map((r) => Type.Literal(r)))),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { description: 'RFC 9457 problem details; `reason` says why a sign-up was refused' },
);

export const Attendee = Type.Object({
  id: Type.Integer(),
  arrival: Type.Integer(),
  status: StatusSchema,
  position: Type.Optional(Type.Integer()),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  seats: Type.Integer(),
  answers: Type.Record(Type.String(), Type.String()),
  ticketCode: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  checkedInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  offerExpiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const Counts = Type.Object({
  capacity: Type.Integer(),
  confirmedSeats: Type.Integer({ description: 'Seats confirmed, checked in included' }),
  offeredSeats: Type.Integer(),
  available: Type.Integer(),
  waitlisted: Type.Integer({ description: 'People (registrations) waiting' }),
  waitlistedSeats: Type.Integer(),
  checkedIn: Type.Integer({ description: 'Seats checked in' }),
  cancelled: Type.Integer({ description: 'Cancelled registrations' }),
});

export const AttendeeList = Type.Object({ occurrenceId: Type.Integer(), counts: Counts, items: Type.Array(Attendee) });

export const CheckInBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const CheckInResult = Type.Object({
  outcome: Type.Union([Type.Literal('checked_in'), Type.Literal('already_checked_in'), Type.Literal('not_valid')]),
  registration: Type.Optional(Attendee),
  message: Type.String(),
});

/** The `registration` object of an occurrence in the programme's API (GET /api/v1/events). */
export const OccurrenceRegistrationSchema = Type.Object(
  {
    capacity: Type.Integer(),
    confirmedSeats: Type.Integer({ description: 'Seats confirmed, checked in included' }),
    available: Type.Integer({ description: 'Seats free now (offered seats are held)' }),
    waitlisted: Type.Integer({ description: 'People on the waiting list' }),
    opensAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null: open already' }),
    closesAt: Type.String({ format: 'date-time' }),
  },
  { description: 'Present when registration on the platform is turned on for the occurrence; sign up with POST /api/v1/occurrences/{id}/registrations' },
);
