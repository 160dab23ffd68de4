// Staff pages for the expo's places: the edition, areas and venues. Thin: authorize with the places
// policy, parse, call a command, redirect or re-render with what was typed.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { adminPage, requireUser } from '../../platform/admin.ts';
import { parseForm } from '../../platform/forms.ts';
import { notFound, type FieldErrors } from '../../platform/errors.ts';
import { idParam } from '../../platform/http.ts';
import { expoMessages } from './expo.messages.ts';
import { placesMessages, type PlacesMessages } from './expo.places.messages.ts';
import { placesPolicy } from './expo.policy.ts';
import { AreaForm, EditionForm, PLACE_LIMITS, VenueForm, WEEKDAYS, type VenueFormValue } from './expo.schema.ts';
import { currentEdition, listAreas, listVenues } from './expo.queries.ts';
import { countVenuesInArea, getArea, getVenue, occurrenceCountsByVenue, venueUsage } from './expo.places.queries.ts';
import { deleteArea, deleteVenue, saveArea, saveEdition, saveVenue } from './expo.places.commands.ts';
import { areaInputFromForm, editionInputFromForm, parseGeometry, venueInputFromForm } from './expo.places.rules.ts';
import type { EditionInfo } from './expo.rules.ts';
import type { FormValues } from './views/admin.ts';
import { EXPO_STYLES } from './views/public.ts';
import { areaPath, venuePath } from './views/format.ts';
import {
  PLACES_PATH,
  areaAdminPath,
  areaFormView,
  areaValues,
  deleteView,
  editionFormView,
  editionValues,
  placesListView,
  venueAdminPath,
  venueFormView,
  venueValues,
} from './views/places.ts';


function rawValues(body: unknown): FormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: FormValues = {};
  for (const [k, v] of Object.entries(b)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

const geometryProblem = (text: string, t: PlacesMessages): string | undefined => {
  const g = parseGeometry(text, t);
  return g.ok ? undefined : g.error;
};

/** What was typed, shaped like the parsed form, so the range checks can run beside the schema's messages. */
function looseVenue(v: FormValues): VenueFormValue {
  const one = (k: string) => {
    const x = v[k];
    const s = (Array.isArray(x) ? x[0] : x)?.trim();
    return s ? s : undefined;
  };
  const out: Record<string, unknown> = { name_sv: one('name_sv') ?? '', lat: one('lat') ?? '', lon: one('lon') ?? '', area_id: one('area_id') ?? '0', capacity: one('capacity'), accessibility: [], exclusive: false };
  for (const d of WEEKDAYS) {
    out[`hours_${d}_opens`] = one(`hours_${d}_opens`);
    out[`hours_${d}_closes`] = one(`hours_${d}_closes`);
    out[`hours_${d}_closed`] = !!one(`hours_${d}_closed`);
  }
  return out as unknown as VenueFormValue;
}

const DONE = ['area-created', 'area-saved', 'area-deleted', 'venue-created', 'venue-saved', 'venue-deleted', 'edition-saved'] as const;

export const expoPlacesRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const guard = (request: FastifyRequest) => {
    requireUser(request);
    placesPolicy.authorize(request.actor, 'manage', undefined);
  };
  const edition = async (): Promise<EditionInfo> => {
    const e = await currentEdition(ctx.db);
    if (!e) throw notFound('No expo edition');
    return e;
  };
  const crumbs = (request: FastifyRequest, extra: { label: string; href?: string }[] = []) => [
    { label: 'Admin', href: '/admin' },
    { label: expoMessages(request.locale).adminTitle, href: '/admin/program' },
    { label: placesMessages(request.locale).placesTitle, ...(extra.length ? { href: PLACES_PATH } : {}) },
    ...extra,
  ];
  const render = (request: FastifyRequest, reply: FastifyReply, title: string, body: Parameters<typeof adminPage>[2]['body'], status = 200, extra: { label: string; href?: string }[] = [{ label: title }]) =>
    adminPage(request, reply, { title, styles: EXPO_STYLES, breadcrumbs: crumbs(request, extra), body }, status);

  // ---------- the list ----------

  app.get(PLACES_PATH, async (request, reply) => {
    guard(request);
    const e = await edition();
    const t = placesMessages(request.locale);
    const [areas, venues, occurrences] = await Promise.all([listAreas(ctx.db, e.id), listVenues(ctx.db, e.id), occurrenceCountsByVenue(ctx.db, e.id)]);
    const q = request.query as Record<string, unknown>;
    const done = DONE.find((d) => d === q.done);
    const text: Record<(typeof DONE)[number], string> = {
      'area-created': t.areaCreated,
      'area-saved': t.areaSaved,
      'area-deleted': t.areaDeleted,
      'venue-created': t.venueCreated,
      'venue-saved': t.venueSaved,
      'venue-deleted': t.venueDeleted,
      'edition-saved': t.editionSaved,
    };
    return render(request, reply, t.placesTitle, placesListView({ locale: request.locale, edition: e, areas, venues, occurrences, notices: done ? [{ kind: 'success', text: text[done] }] : [] }), 200, []);
  });

  // ---------- the edition ----------

  const renderEdition = (request: FastifyRequest, reply: FastifyReply, values: FormValues, errors?: FieldErrors, status = 200) => {
    const t = placesMessages(request.locale);
    return render(request, reply, t.editionEdit, editionFormView({ locale: request.locale, csrf: request.csrfToken(), action: `${PLACES_PATH}/edition`, values, errors, isNew: false }), status);
  };

  app.get(`${PLACES_PATH}/edition`, async (request, reply) => {
    guard(request);
    return renderEdition(request, reply, editionValues(await edition()));
  });

  app.post(`${PLACES_PATH}/edition`, async (request, reply) => {
    guard(request);
    const t = placesMessages(request.locale);
    const values = rawValues(request.body);
    const form = parseForm(EditionForm, request.body, request.locale);
    if (!form.ok) return renderEdition(request, reply, values, form.errors, 400);
    const { input, errors } = editionInputFromForm(form.value, t);
    if (!input) return renderEdition(request, reply, values, errors, 400);
    const r = await saveEdition(ctx, request.actor, input);
    if (r.outcome === 'not_found') throw notFound('No expo edition');
    if (r.outcome === 'outside') {
      const message = t.errOccurrencesOutside(r.count, r.first, r.last, r.items, r.itemCount);
      return renderEdition(request, reply, values, { starts_on: message, ends_on: message }, 422);
    }
    return reply.redirect(`${PLACES_PATH}?done=edition-saved`, 303);
  });

  // ---------- areas ----------

  const renderArea = async (request: FastifyRequest, reply: FastifyReply, o: { id?: number; slug?: string; values: FormValues; errors?: FieldErrors; status?: number }) => {
    const t = placesMessages(request.locale);
    const isNew = o.id === undefined;
    const title = isNew ? t.newArea : `${t.editArea}: ${o.values.name_sv ?? ''}`;
    const body = areaFormView({
      locale: request.locale,
      csrf: request.csrfToken(),
      action: isNew ? `${PLACES_PATH}/areas/new` : areaAdminPath(o.id!),
      values: o.values,
      errors: o.errors,
      isNew,
      deleteHref: isNew ? undefined : `${areaAdminPath(o.id!)}/delete`,
      publicHref: o.slug ? areaPath(request.locale, o.slug) : undefined,
    });
    return render(request, reply, isNew ? t.newArea : t.editArea, body, o.status ?? 200, [{ label: title }]);
  };

  const loadArea = async (request: FastifyRequest) => {
    guard(request);
    const area = await getArea(ctx.db, idParam(request));
    if (!area) throw notFound();
    return area;
  };

  app.get(`${PLACES_PATH}/areas/new`, async (request, reply) => {
    guard(request);
    return renderArea(request, reply, { values: { kind: 'main', position: '0' } });
  });

  const postArea = async (request: FastifyRequest, reply: FastifyReply, id: number | undefined, slug: string | undefined) => {
    const t = placesMessages(request.locale);
    const values = rawValues(request.body);
    const form = parseForm(AreaForm, request.body, request.locale);
    // The geometry is checked even when another field failed, so every message shows at once.
    const geometryError = form.ok ? undefined : typeof values.geometry === 'string' && values.geometry.length <= PLACE_LIMITS.geometry && !form.errors.geometry ? geometryProblem(values.geometry, t) : undefined;
    if (!form.ok) return renderArea(request, reply, { id, slug, values, errors: { ...form.errors, ...(geometryError ? { geometry: geometryError } : {}) }, status: 400 });
    const { input, errors } = areaInputFromForm(form.value, t);
    if (!input) return renderArea(request, reply, { id, slug, values, errors, status: 400 });
    const r = await saveArea(ctx, request.actor, { id, input, locale: request.locale });
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'invalid') return renderArea(request, reply, { id, slug, values, errors: r.errors, status: 422 });
    return reply.redirect(`${PLACES_PATH}?done=${id === undefined ? 'area-created' : 'area-saved'}`, 303);
  };

  app.post(`${PLACES_PATH}/areas/new`, async (request, reply) => {
    guard(request);
    return postArea(request, reply, undefined, undefined);
  });

  app.get(`${PLACES_PATH}/areas/:id`, async (request, reply) => {
    const area = await loadArea(request);
    return renderArea(request, reply, { id: area.id, slug: area.slug, values: areaValues(area) });
  });

  app.post(`${PLACES_PATH}/areas/:id`, async (request, reply) => {
    const area = await loadArea(request);
    return postArea(request, reply, area.id, area.slug);
  });

  const renderAreaDelete = async (request: FastifyRequest, reply: FastifyReply, area: { id: number; name_sv: string }, venues: number, status = 200) => {
    const t = placesMessages(request.locale);
    const body = deleteView({
      locale: request.locale,
      csrf: request.csrfToken(),
      action: `${areaAdminPath(area.id)}/delete`,
      question: t.deleteAreaQuestion(area.name_sv),
      blocked: venues > 0 ? t.areaHasVenues(venues) : undefined,
      backHref: areaAdminPath(area.id),
    });
    return render(request, reply, t.deleteArea, body, status, [{ label: area.name_sv, href: areaAdminPath(area.id) }, { label: t.deleteArea }]);
  };

  app.get(`${PLACES_PATH}/areas/:id/delete`, async (request, reply) => {
    const area = await loadArea(request);
    return renderAreaDelete(request, reply, area, await countVenuesInArea(ctx.db, area.id));
  });

  app.post(`${PLACES_PATH}/areas/:id/delete`, async (request, reply) => {
    const area = await loadArea(request);
    const r = await deleteArea(ctx, request.actor, area.id);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'in_use') return renderAreaDelete(request, reply, area, r.count, 409);
    return reply.redirect(`${PLACES_PATH}?done=area-deleted`, 303);
  });

  // ---------- venues ----------

  const renderVenue = async (request: FastifyRequest, reply: FastifyReply, o: { id?: number; slug?: string; values: FormValues; errors?: FieldErrors; status?: number }) => {
    const t = placesMessages(request.locale);
    const e = await edition();
    const areas = await listAreas(ctx.db, e.id);
    const isNew = o.id === undefined;
    const title = isNew ? t.newVenue : `${t.editVenue}: ${o.values.name_sv ?? ''}`;
    const body = venueFormView({
      locale: request.locale,
      csrf: request.csrfToken(),
      action: isNew ? `${PLACES_PATH}/venues/new` : venueAdminPath(o.id!),
      values: o.values,
      errors: o.errors,
      isNew,
      areas,
      deleteHref: isNew ? undefined : `${venueAdminPath(o.id!)}/delete`,
      publicHref: o.slug ? venuePath(request.locale, o.slug) : undefined,
    });
    return render(request, reply, isNew ? t.newVenue : t.editVenue, body, o.status ?? 200, [{ label: title }]);
  };

  const loadVenue = async (request: FastifyRequest) => {
    guard(request);
    const venue = await getVenue(ctx.db, idParam(request));
    if (!venue) throw notFound();
    return venue;
  };

  app.get(`${PLACES_PATH}/venues/new`, async (request, reply) => {
    guard(request);
    const q = request.query as Record<string, unknown>;
    const area = typeof q.area === 'string' && /^\d{1,12}$/.test(q.area) ? q.area : undefined;
    return renderVenue(request, reply, { values: { city: 'Helsingborg', ...(area ? { area_id: area } : {}) } });
  });

  const postVenue = async (request: FastifyRequest, reply: FastifyReply, id: number | undefined, slug: string | undefined) => {
    const t = placesMessages(request.locale);
    const values = rawValues(request.body);
    const form = parseForm(VenueForm, request.body, request.locale);
    // Range and shape messages for coordinates, capacity and hours come with the schema's, in one render.
    const own = venueInputFromForm(form.ok ? form.value : looseVenue(values), t);
    if (!form.ok || !own.input) return renderVenue(request, reply, { id, slug, values, errors: { ...own.errors, ...(form.ok ? {} : form.errors) }, status: 400 });
    const r = await saveVenue(ctx, request.actor, { id, input: own.input, locale: request.locale });
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'invalid') return renderVenue(request, reply, { id, slug, values, errors: r.errors, status: 422 });
    return reply.redirect(`${PLACES_PATH}?done=${id === undefined ? 'venue-created' : 'venue-saved'}`, 303);
  };

  app.post(`${PLACES_PATH}/venues/new`, async (request, reply) => {
    guard(request);
    return postVenue(request, reply, undefined, undefined);
  });

  app.get(`${PLACES_PATH}/venues/:id`, async (request, reply) => {
    const venue = await loadVenue(request);
    return renderVenue(request, reply, { id: venue.id, slug: venue.slug, values: venueValues(venue) });
  });

  app.post(`${PLACES_PATH}/venues/:id`, async (request, reply) => {
    const venue = await loadVenue(request);
    return postVenue(request, reply, venue.id, venue.slug);
  });

  const renderVenueDelete = async (request: FastifyRequest, reply: FastifyReply, venue: { id: number; name_sv: string }, used: number, status = 200) => {
    const t = placesMessages(request.locale);
    const body = deleteView({
      locale: request.locale,
      csrf: request.csrfToken(),
      action: `${venueAdminPath(venue.id)}/delete`,
      question: t.deleteVenueQuestion(venue.name_sv),
      blocked: used > 0 ? t.venueHasOccurrences(used) : undefined,
      backHref: venueAdminPath(venue.id),
    });
    return render(request, reply, t.deleteVenue, body, status, [{ label: venue.name_sv, href: venueAdminPath(venue.id) }, { label: t.deleteVenue }]);
  };

  app.get(`${PLACES_PATH}/venues/:id/delete`, async (request, reply) => {
    const venue = await loadVenue(request);
    const used = await venueUsage(ctx.db, venue.id);
    return renderVenueDelete(request, reply, venue, Math.max(used.occurrences, used.recurrences));
  });

  app.post(`${PLACES_PATH}/venues/:id/delete`, async (request, reply) => {
    const venue = await loadVenue(request);
    const r = await deleteVenue(ctx, request.actor, venue.id);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'in_use') return renderVenueDelete(request, reply, venue, r.count, 409);
    return reply.redirect(`${PLACES_PATH}?done=venue-deleted`, 303);
  });
};
