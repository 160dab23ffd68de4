// Staff pages of the initiatives module: the list, the editor form, one initiative's overview
// (publishing, stage moves, decisions, internal comments), impact goals, images and links, and the
// portfolio overview with charts that are plain HTML and SVG, each with a data table.
import { html, type SafeHtml } from '../../../platform/html.ts';
import { checkbox, csrfField, errorSummary, notice, selectField, textArea, textField } from '../../../platform/layout.ts';
import { formatDate, formatDateTime, formatNumber, isoDateTime, type Locale } from '../../../platform/i18n/i18n.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { AIM_LABELS, COLLABORATION_LABELS, FOLLOW_UP_LABELS, initiativesMessages, SECTOR_LABELS, sdgLabel, STAGE_LABELS, TECHNOLOGY_LABELS } from '../initiatives.messages.ts';
import { staffMessages } from '../initiatives.staff.messages.ts';
import { challengeMessages } from '../initiatives.challenges.messages.ts';
import { AIMS, COLLABORATION_KINDS, ENDED_STAGES, FOLLOW_UP_STATUSES, SECTORS, STAGE_ORDER, STAGES, TECHNOLOGIES, type Stage } from '../initiatives.schema.ts';
import type { InitiativeAction } from '../initiatives.policy.ts';
import type { InitiativeDetail, PortfolioOverview } from '../initiatives.queries.ts';
import { ADMIN, initiativePaths } from '../initiatives.paths.ts';
import { formatDay, pick, stageHistory, stageTag } from './public.ts';
import { areaToText } from '../initiatives.values.ts';

export type FormValues = Record<string, string | string[] | undefined>;
export interface FormState {
  values?: FormValues;
  errors?: FieldErrors;
}
type Abilities = Record<InitiativeAction, boolean>;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function crumbs(locale: Locale, ...rest: { label: string; href?: string }[]) {
  const s = staffMessages(locale);
  return [{ label: s.admin, href: '/admin' }, { label: s.navInitiatives, href: ADMIN }, ...rest];
}
export { crumbs as staffCrumbs };

// ---------- list ----------

export interface StaffRow {
  id: number;
  title_sv: string;
  title_en: string;
  stage: Stage;
  published: boolean;
  updated_at: Date;
  owner_name: string;
  has_pending: boolean;
}
export interface DecisionRow {
  id: number;
  from_stage: Stage | null;
  to_stage: Stage;
  reason: string;
  requested_by_name: string;
  requested_at: Date;
  initiative_id: number;
  title_sv: string;
  title_en: string;
  owner_name: string;
}

export function staffListView(locale: Locale, rows: StaffRow[], decisions: DecisionRow[], canCreate: boolean, isLeadOrTeam: boolean, q = '', canManageChallenges = false): SafeHtml {
  const s = staffMessages(locale);
  const t = initiativesMessages(locale);
  return html`<p>${s.staffListLead}</p>
${canCreate ? html`<p><a class="button" href="${ADMIN}/new">${s.newInitiative}</a></p>` : ''}
${canManageChallenges ? html`<p><a href="${ADMIN}/challenges">${challengeMessages(locale).listTitle}</a></p>` : ''}
${isLeadOrTeam
  ? html`<section class="staff-section" aria-labelledby="decisions-title"><h2 id="decisions-title">${s.decisionsTitle}</h2>
  ${decisions.length
    ? html`<ul>${decisions.map(
        (d) => html`<li><a href="${ADMIN}/${d.initiative_id}">${pick(locale, d.title_sv, d.title_en)}</a> (${d.owner_name}): ${d.from_stage ? STAGE_LABELS[d.from_stage][locale] : ''} → ${STAGE_LABELS[d.to_stage][locale]}. ${s.requestedBy(d.requested_by_name, formatDate(d.requested_at, locale))}</li>`,
      )}</ul>`
    : html`<p>${s.noDecisions}</p>`}
</section>`
  : ''}
<section class="staff-section" aria-labelledby="list-title"><h2 id="list-title">${s.staffListTitle}</h2>
<form method="get" action="${ADMIN}" role="search" class="search-form" aria-label="${t.searchLabel}">
  ${textField({ name: 'q', label: t.searchLabel, type: 'search', value: q, maxlength: 200 })}
  <button type="submit" class="button">${t.applyFilters}</button>
</form>
${rows.length
  ? html`<div class="table-scroll"><table class="admin-table">
  <thead><tr><th scope="col">${s.colTitle}</th><th scope="col">${s.colOwner}</th><th scope="col">${s.colStage}</th><th scope="col">${s.colStatus}</th><th scope="col">${s.colUpdated}</th></tr></thead>
  <tbody>${rows.map(
    (r) => html`<tr><th scope="row"><a href="${ADMIN}/${r.id}">${pick(locale, r.title_sv, r.title_en)}</a>${r.has_pending ? html`<br><span class="tag tag-draft">${s.pendingMove}</span>` : ''}</th>
    <td>${r.owner_name}</td><td>${stageTag(r.stage, locale)}</td>
    <td><span class="tag ${r.published ? 'tag-published' : 'tag-draft'}">${r.published ? s.statusPublished : s.statusDraft}</span></td>
    <td><time datetime="${isoDateTime(r.updated_at)}">${formatDate(r.updated_at, locale)}</time></td></tr>`,
  )}</tbody></table></div>`
  : html`<p>${q ? t.noResults : s.staffListEmpty}</p>`}
</section>`;
}

// ---------- the editor form ----------

export interface EditorOptions {
  owners: { id: number; name: string }[];
  organisations: { id: number; name: string }[];
  challenges: { id: number; title_sv: string; title_en: string; retired_at: Date | null }[];
}

export function valuesFromDetail(d: InitiativeDetail): FormValues {
  const r = d.row;
  return {
    title_sv: r.title_sv,
    title_en: r.title_en,
    summary_sv: r.summary_sv,
    summary_en: r.summary_en,
    what_sv: r.what_sv,
    what_en: r.what_en,
    why_sv: r.why_sv,
    why_en: r.why_en,
    how_sv: r.how_sv,
    how_en: r.how_en,
    expected_impact_sv: r.expected_impact_sv,
    expected_impact_en: r.expected_impact_en,
    innovation_potential_sv: r.innovation_potential_sv,
    innovation_potential_en: r.innovation_potential_en,
    challenge_id: r.challenge_id ? String(r.challenge_id) : '',
    owner_organisation_id: String(r.owner_organisation_id),
    owner_unit: r.owner_unit,
    contact_name: r.contact_name,
    contact_email: r.contact_email ?? '',
    participant_ids: d.participants.map((p) => String(p.id)),
    other_partners: r.other_partners,
    sector: r.sector ?? '',
    technologies: r.technologies,
    sdgs: r.sdgs.map(String),
    sdg_targets: r.sdg_targets.join(', '),
    aims: r.aims,
    collaboration_kinds: r.collaboration_kinds,
    collaboration_sought_sv: r.collaboration_sought_sv,
    collaboration_sought_en: r.collaboration_sought_en,
    resident_involvement_sv: r.resident_involvement_sv,
    resident_involvement_en: r.resident_involvement_en,
    testbeds: r.testbeds,
    location_name: r.location_name,
    location_lat: r.location_lat === null ? '' : String(r.location_lat),
    location_lng: r.location_lng === null ? '' : String(r.location_lng),
    location_area: areaToText(r.location_area),
    estimated_budget_sek: r.estimated_budget_ore === null ? '' : String(r.estimated_budget_ore / 100),
    version: String(r.version),
  };
}

export function editorLabels(locale: Locale): Record<string, string> {
  const s = staffMessages(locale) as unknown as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) if (k.startsWith('f_') && typeof v === 'string' && !k.endsWith('_hint')) out[k.slice(2)] = v;
  return out;
}

function checkboxGroup(name: string, legend: string, options: { value: string; label: string }[], checked: string[], error: string | undefined, columns = false): SafeHtml {
  return html`<fieldset class="checkbox-group${error ? ' field-error' : ''}" id="f-${name}"${error ? html` aria-describedby="f-${name}-error"` : ''}>
  <legend>${legend}</legend>
  ${error ? html`<p class="error-message" id="f-${name}-error">${error}</p>` : ''}
  <div${columns ? html` class="checkbox-columns"` : ''}>${options.map((o) => checkbox({ name, label: o.label, value: o.value, checked: checked.includes(o.value) }))}</div>
</fieldset>`;
}

export function editorForm(p: { locale: Locale; csrf: string; action: string; mode: 'create' | 'edit'; values: FormValues; errors?: FieldErrors | undefined; options: EditorOptions }): SafeHtml {
  const { locale, values: v, errors: e = {} } = p;
  const s = staffMessages(locale);
  const L = editorLabels(locale);
  const text = (name: string, max: number, extra: { required?: boolean; type?: 'email' | 'text'; hint?: string; lang?: Locale } = {}) =>
    textField({ name, label: L[name] ?? name, value: one(v[name]), error: e[name], maxlength: max, ...extra });
  const area = (name: string, max: number, lang: Locale, rows = 5) => textArea({ name, label: L[name] ?? name, value: one(v[name]), error: e[name], maxlength: max, rows, lang, hint: s.richTextHint });
  const langFields = (lang: Locale) =>
    (['what', 'why', 'how', 'expected_impact', 'innovation_potential', 'resident_involvement'] as const).map((f) => area(`${f}_${lang}`, f === 'expected_impact' || f === 'innovation_potential' || f === 'resident_involvement' ? 5000 : 10000, lang)).concat(area(`collaboration_sought_${lang}`, 2000, lang, 3));
  return html`${errorSummary(locale, e, L)}
<form method="post" action="${p.action}" novalidate class="stack admin-form">
  ${csrfField(p.csrf)}
  ${v.version ? html`<input type="hidden" name="version" value="${one(v.version) ?? ''}">` : ''}
  <fieldset><legend>${s.basicsLegend}</legend>
    ${text('title_sv', 200, { required: true, lang: 'sv' })}
    ${text('title_en', 200, { lang: 'en' })}
    ${textArea({ name: 'summary_sv', label: L.summary_sv ?? '', value: one(v.summary_sv), error: e.summary_sv, maxlength: 500, rows: 2, lang: 'sv' })}
    ${textArea({ name: 'summary_en', label: L.summary_en ?? '', value: one(v.summary_en), error: e.summary_en, maxlength: 500, rows: 2, lang: 'en' })}
    ${selectField({ name: 'owner_organisation_id', label: L.owner_organisation_id ?? '', value: one(v.owner_organisation_id), error: e.owner_organisation_id, required: true, options: p.options.owners.map((o) => ({ value: String(o.id), label: o.name })) })}
    ${text('owner_unit', 200)}
    ${selectField({ name: 'challenge_id', label: L.challenge_id ?? '', value: one(v.challenge_id), error: e.challenge_id, options: [{ value: '', label: s.none }, ...p.options.challenges
      // A retired challenge is offered only to the initiative that already answers it.
      .filter((c) => c.retired_at === null || String(c.id) === one(v.challenge_id))
      .map((c) => ({ value: String(c.id), label: c.retired_at === null ? pick(locale, c.title_sv, c.title_en) : `${pick(locale, c.title_sv, c.title_en)} ${challengeMessages(locale).retiredSuffix}` }))] })}
    ${text('contact_name', 200)}
    ${text('contact_email', 254, { type: 'email' })}
    ${selectField({ name: 'sector', label: L.sector ?? '', value: one(v.sector), error: e.sector, options: [{ value: '', label: s.none }, ...SECTORS.map((k) => ({ value: k, label: SECTOR_LABELS[k][locale] }))] })}
  </fieldset>
  <fieldset><legend>${s.svLegend}</legend>${langFields('sv')}</fieldset>
  <fieldset><legend>${s.enLegend}</legend>${langFields('en')}</fieldset>
  <fieldset><legend>${s.classificationLegend}</legend>
    ${checkboxGroup('sdgs', L.sdgs ?? '', Array.from({ length: 17 }, (_, i) => ({ value: String(i + 1), label: sdgLabel(i + 1, locale) })), many(v.sdgs), e.sdgs, true)}
    ${textField({ name: 'sdg_targets', label: L.sdg_targets ?? '', hint: s.f_sdg_targets_hint, value: one(v.sdg_targets), error: e.sdg_targets, maxlength: 500 })}
    ${checkboxGroup('aims', L.aims ?? '', AIMS.map((k) => ({ value: k, label: AIM_LABELS[k][locale] })), many(v.aims), e.aims)}
    ${checkboxGroup('technologies', L.technologies ?? '', TECHNOLOGIES.map((k) => ({ value: k, label: TECHNOLOGY_LABELS[k][locale] })), many(v.technologies), e.technologies, true)}
  </fieldset>
  <fieldset><legend>${s.partnersLegend}</legend>
    ${checkboxGroup('participant_ids', L.participant_ids ?? '', p.options.organisations.map((o) => ({ value: String(o.id), label: o.name })), many(v.participant_ids), e.participant_ids, true)}
    ${textArea({ name: 'other_partners', label: L.other_partners ?? '', value: one(v.other_partners), error: e.other_partners, maxlength: 2000, rows: 2 })}
    ${checkboxGroup('collaboration_kinds', L.collaboration_kinds ?? '', COLLABORATION_KINDS.map((k) => ({ value: k, label: COLLABORATION_LABELS[k][locale] })), many(v.collaboration_kinds), e.collaboration_kinds)}
    ${text('testbeds', 1000)}
  </fieldset>
  <fieldset><legend>${s.placeLegend}</legend>
    ${text('location_name', 200)}
    ${textField({ name: 'location_lat', label: L.location_lat ?? '', hint: s.f_location_hint, value: one(v.location_lat), error: e.location_lat, maxlength: 40 })}
    ${textField({ name: 'location_lng', label: L.location_lng ?? '', value: one(v.location_lng), error: e.location_lng, maxlength: 40 })}
    ${textArea({ name: 'location_area', label: L.location_area ?? '', hint: s.f_location_area_hint, value: one(v.location_area), error: e.location_area, maxlength: 40000, rows: 6 })}
  </fieldset>
  <fieldset><legend>${s.moneyLegend}</legend>
    ${text('estimated_budget_sek', 40)}
  </fieldset>
  <button type="submit" class="button">${p.mode === 'create' ? s.create : s.save}</button>
</form>`;
}

// ---------- one initiative ----------

export function subnav(locale: Locale, d: InitiativeDetail, current: 'overview' | 'edit' | 'impact' | 'media', ab: Abilities): SafeHtml {
  const s = staffMessages(locale);
  const base = `${ADMIN}/${d.row.id}`;
  const tabs = [
    { key: 'overview', href: base, label: s.tabOverview, show: true },
    { key: 'edit', href: `${base}/edit`, label: s.tabEdit, show: ab.edit },
    { key: 'impact', href: `${base}/impact`, label: s.tabImpact, show: true },
    { key: 'media', href: `${base}/media`, label: s.tabMedia, show: ab.edit },
  ];
  return html`<nav class="view-switch" aria-label="${s.subnav}"><ul>
  ${tabs.filter((x) => x.show).map((x) => html`<li><a href="${x.href}"${x.key === current ? html` aria-current="page"` : ''}>${x.label}</a></li>`)}
  ${d.row.published ? html`<li><a href="${initiativePaths.item(locale, d.row.slug)}">${s.viewPublic}</a></li>` : ''}
</ul></nav>`;
}

export interface OverviewProps {
  locale: Locale;
  csrf: string;
  d: InitiativeDetail;
  abilities: Abilities;
  comments: { id: number; author_name: string; body: string; created_at: Date }[];
  flash?: string | undefined;
  refused?: string | undefined;
  stageForm?: FormState;
  decisionForm?: FormState;
  commentForm?: FormState;
}

export function overviewView(p: OverviewProps): SafeHtml {
  const { locale, d, abilities: ab } = p;
  const s = staffMessages(locale);
  const r = d.row;
  const base = `${ADMIN}/${r.id}`;
  const pending = d.history.find((h) => h.status === 'pending');
  const ended = ENDED_STAGES.includes(r.stage);
  const targets = STAGES.filter((x) => x !== r.stage && (x === 'stopped' || STAGE_ORDER[x] > STAGE_ORDER[r.stage]));
  const sv = p.stageForm?.values ?? {};
  const se = p.stageForm?.errors ?? {};
  const stageLabels = { to_stage: s.toStage, reason: s.reason, lessons_learned_sv: s.lessonsSv, lessons_learned_en: s.lessonsEn };
  return html`${p.refused ? html`<div class="notice notice-warning" role="alert"><h2>${s.refusedTitle}</h2><p>${p.refused}</p></div>` : ''}
${p.flash ? notice('success', p.flash) : ''}
${subnav(locale, d, 'overview', ab)}
<p>${stageTag(r.stage, locale)} <span class="tag ${r.published ? 'tag-published' : 'tag-draft'}">${r.published ? s.statusPublished : s.statusDraft}</span> ${r.owner_name}</p>

<section class="staff-section" aria-labelledby="publish-title"><h2 id="publish-title">${s.publishTitle}</h2>
  <p>${r.published ? s.isPublished : s.isDraft}</p>
  ${ab.publish
    ? html`<form method="post" action="${base}/publish" class="inline-form">${csrfField(p.csrf)}<input type="hidden" name="published" value="${r.published ? '0' : '1'}"><button type="submit" class="button${r.published ? ' secondary' : ''}">${r.published ? s.unpublish : s.publish}</button></form>`
    : ''}
</section>

${pending
  ? html`<section class="staff-section inline-decision" aria-labelledby="pending-title"><h2 id="pending-title">${s.pendingTitle}</h2>
  <p>${s.pendingText(pending.from ? STAGE_LABELS[pending.from][locale] : '', STAGE_LABELS[pending.to][locale], pending.requestedBy)}</p>
  ${pending.reason ? html`<p><strong>${s.reason}</strong> ${pending.reason}</p>` : ''}
  ${pending.lessonsSv || pending.lessonsEn ? html`<p><strong>${s.lessonsSv}</strong> ${pick(locale, pending.lessonsSv, pending.lessonsEn)}</p>` : ''}
  ${ab.decideStageMove
    ? html`${errorSummary(locale, p.decisionForm?.errors, { decision: s.pendingTitle, decision_comment: s.decisionComment })}
    <form method="post" action="${ADMIN}/stage-moves/${pending.id}/decide" class="stack" novalidate>
      ${csrfField(p.csrf)}
      <p class="visually-hidden" id="f-decision">${s.pendingTitle}</p>
      ${textArea({ name: 'decision_comment', label: s.decisionComment, value: one(p.decisionForm?.values?.decision_comment), error: p.decisionForm?.errors?.decision_comment, maxlength: 2000, rows: 2 })}
      <button type="submit" name="decision" value="approve" class="button">${s.approve}</button>
      <button type="submit" name="decision" value="reject" class="button secondary">${s.reject}</button>
    </form>`
    : html`<p>${s.waitingForLead}</p>`}
</section>`
  : ''}

<section class="staff-section" aria-labelledby="stage-title"><h2 id="stage-title">${s.stageTitle}</h2>
  <p>${s.currentStage(STAGE_LABELS[r.stage][locale])}</p>
  ${ended
    ? html`<p>${s.endedNotice}</p>`
    : ab.requestStageMove && !pending
      ? html`${errorSummary(locale, se, stageLabels)}
  <form method="post" action="${base}/stage" class="stack stage-form" novalidate>
    ${csrfField(p.csrf)}
    ${selectField({ name: 'to_stage', label: s.toStage, value: one(sv.to_stage), error: se.to_stage, required: true, options: targets.map((x) => ({ value: x, label: STAGE_LABELS[x][locale] })) })}
    ${textArea({ name: 'reason', label: s.reason, value: one(sv.reason), error: se.reason, required: true, maxlength: 2000, rows: 3 })}
    ${textArea({ name: 'lessons_learned_sv', label: s.lessonsSv, hint: s.lessonsHint, value: one(sv.lessons_learned_sv), error: se.lessons_learned_sv, maxlength: 10000, rows: 4, lang: 'sv' })}
    ${textArea({ name: 'lessons_learned_en', label: s.lessonsEn, value: one(sv.lessons_learned_en), error: se.lessons_learned_en, maxlength: 10000, rows: 4, lang: 'en' })}
    ${ab.decideStageMove ? '' : html`<p class="hint">${s.requestHint(r.owner_name)}</p>`}
    <button type="submit" class="button">${ab.decideStageMove ? s.moveNow : s.requestMove}</button>
  </form>`
      : ''}
</section>

<section class="staff-section" aria-labelledby="history-title"><h2 id="history-title">${s.historyTitle}</h2>
  ${stageHistory(locale, d.history, { showPeople: true })}
</section>

<section class="staff-section" aria-labelledby="comments-title"><h2 id="comments-title">${s.commentsTitle}</h2>
  <p class="hint">${s.commentsHint}</p>
  ${p.comments.length
    ? html`<ol class="comments">${p.comments.map((c) => html`<li><p class="who">${c.author_name}, <time datetime="${isoDateTime(c.created_at)}">${formatDateTime(c.created_at, locale)}</time></p><p class="report-description">${c.body}</p></li>`)}</ol>`
    : html`<p>${s.noComments}</p>`}
  ${ab.comment
    ? html`${errorSummary(locale, p.commentForm?.errors, { body: s.commentLabel })}
  <form method="post" action="${base}/comments" class="stack" novalidate>
    ${csrfField(p.csrf)}
    ${textArea({ name: 'body', label: s.commentLabel, value: one(p.commentForm?.values?.body), error: p.commentForm?.errors?.body, required: true, maxlength: 5000, rows: 3 })}
    <button type="submit" class="button">${s.addComment}</button>
  </form>`
    : ''}
</section>`;
}

// ---------- impact goals ----------

export interface ImpactProps {
  locale: Locale;
  csrf: string;
  d: InitiativeDetail;
  abilities: Abilities;
  flash?: string | undefined;
  goalForm?: FormState;
  /** The goal whose follow-up form is shown (one at a time, so field ids stay unique). */
  followUp?: FormState & { goalId: number };
}

export function impactView(p: ImpactProps): SafeHtml {
  const { locale, d } = p;
  const s = staffMessages(locale);
  const t = initiativesMessages(locale);
  const base = `${ADMIN}/${d.row.id}`;
  const gv = p.goalForm?.values ?? {};
  const ge = p.goalForm?.errors ?? {};
  const goalLabels = { indicator_sv: s.f_indicator_sv, indicator_en: s.f_indicator_en, unit: s.f_unit, baseline_value: s.f_baseline_value, baseline_date: s.f_baseline_date, target_value: s.f_target_value, target_date: s.f_target_date, follow_up_months: s.f_follow_up_months };
  const fuLabels = { measured_on: s.f_measured_on, value: s.f_value, status: s.f_status, comment: s.f_comment };
  return html`${p.flash ? notice('success', p.flash) : ''}
${subnav(locale, d, 'impact', p.abilities)}
${d.goals.length === 0 ? html`<p>${s.goalsEmpty}</p>` : ''}
${d.goals.map((g) => {
  const indicator = pick(locale, g.indicatorSv, g.indicatorEn);
  const unit = g.unit ? ` ${g.unit}` : '';
  const num = (n: number) => `${formatNumber(n, locale, { maximumFractionDigits: 2 })}${unit}`;
  const fu = p.followUp?.goalId === g.id ? p.followUp : undefined;
  const fv = fu?.values ?? {};
  const fe = fu?.errors ?? {};
  const id = (name: string) => `${name}-${g.id}`;
  return html`<section class="staff-section impact-goal" aria-labelledby="goal-${g.id}">
  <h2 id="goal-${g.id}">${indicator}</h2>
  <p>${t.baseline}: ${t.valueOn(num(g.baselineValue), formatDay(g.baselineDate, locale))}. ${t.target}: ${t.valueOn(num(g.targetValue), formatDay(g.targetDate, locale))}.</p>
  <p${g.overdue ? html` class="overdue"` : ''}>${g.overdue ? html`<strong>${t.overdue(formatDay(g.nextDue, locale))}</strong>` : t.nextDue(formatDay(g.nextDue, locale))}</p>
  ${g.followUps.length
    ? html`<div class="table-scroll"><table><caption>${t.followUpsOf(indicator)}</caption>
    <thead><tr><th scope="col">${t.measuredOn}</th><th scope="col">${t.value}</th><th scope="col">${t.status}</th><th scope="col">${t.comment}</th></tr></thead>
    <tbody>${g.followUps.map((f) => html`<tr><th scope="row">${formatDay(f.measuredOn, locale)}</th><td>${num(f.value)}</td><td><span class="rag rag-${f.status}"><span class="rag-dot" aria-hidden="true"></span>${FOLLOW_UP_LABELS[f.status][locale]}</span></td><td>${f.comment} <span class="muted">(${f.recordedBy})</span></td></tr>`)}</tbody></table></div>`
    : html`<p>${t.noFollowUps}</p>`}
  ${p.abilities.manageImpact && !fu ? html`<p><a href="${base}/impact?goal=${g.id}#${id('fu')}">${s.followUpTitle(indicator)}</a></p>` : ''}
  ${p.abilities.manageImpact && fu
    ? html`<h3 id="${id('fu')}">${s.followUpTitle(indicator)}</h3>
  ${errorSummary(locale, fe, fuLabels)}
  <form method="post" action="${ADMIN}/goals/${g.id}/follow-ups" class="stack" novalidate aria-labelledby="${id('fu')}">
    ${csrfField(p.csrf)}
    ${textField({ name: 'measured_on', label: s.f_measured_on, hint: s.dateHint, type: 'date', value: one(fv.measured_on), error: fe.measured_on, required: true })}
    ${textField({ name: 'value', label: `${s.f_value}${unit}`, value: one(fv.value), error: fe.value, required: true, maxlength: 40 })}
    ${selectField({ name: 'status', label: s.f_status, value: one(fv.status), error: fe.status, required: true, options: FOLLOW_UP_STATUSES.map((x) => ({ value: x, label: FOLLOW_UP_LABELS[x][locale] })) })}
    ${textArea({ name: 'comment', label: s.f_comment, value: one(fv.comment), error: fe.comment, required: true, maxlength: 2000, rows: 2 })}
    <button type="submit" class="button">${s.recordFollowUp}</button>
  </form>`
    : ''}
</section>`;
})}
${p.abilities.manageImpact
  ? html`<section class="staff-section" aria-labelledby="add-goal"><h2 id="add-goal">${s.addGoalTitle}</h2>
  ${errorSummary(locale, ge, goalLabels)}
  <form method="post" action="${base}/goals" class="stack" novalidate>
    ${csrfField(p.csrf)}
    ${textField({ name: 'indicator_sv', label: s.f_indicator_sv, value: one(gv.indicator_sv), error: ge.indicator_sv, required: true, maxlength: 300, lang: 'sv' })}
    ${textField({ name: 'indicator_en', label: s.f_indicator_en, value: one(gv.indicator_en), error: ge.indicator_en, maxlength: 300, lang: 'en' })}
    ${textField({ name: 'unit', label: s.f_unit, hint: s.f_unit_hint, value: one(gv.unit), error: ge.unit, maxlength: 50 })}
    ${textField({ name: 'baseline_value', label: s.f_baseline_value, value: one(gv.baseline_value), error: ge.baseline_value, required: true, maxlength: 40 })}
    ${textField({ name: 'baseline_date', label: s.f_baseline_date, hint: s.dateHint, type: 'date', value: one(gv.baseline_date), error: ge.baseline_date, required: true })}
    ${textField({ name: 'target_value', label: s.f_target_value, value: one(gv.target_value), error: ge.target_value, required: true, maxlength: 40 })}
    ${textField({ name: 'target_date', label: s.f_target_date, hint: s.dateHint, type: 'date', value: one(gv.target_date), error: ge.target_date, required: true })}
    ${textField({ name: 'follow_up_months', label: s.f_follow_up_months, type: 'number', value: one(gv.follow_up_months) ?? '6', error: ge.follow_up_months })}
    <button type="submit" class="button">${s.addGoal}</button>
  </form>
</section>`
  : ''}`;
}

// ---------- images and links ----------

export interface MediaProps {
  locale: Locale;
  csrf: string;
  d: InitiativeDetail;
  abilities: Abilities;
  flash?: string | undefined;
  imageForm?: FormState;
  linkForm?: FormState;
}

export function mediaView(p: MediaProps): SafeHtml {
  const { locale, d } = p;
  const s = staffMessages(locale);
  const base = `${ADMIN}/${d.row.id}`;
  const iv = p.imageForm?.values ?? {};
  const ie = p.imageForm?.errors ?? {};
  const lv = p.linkForm?.values ?? {};
  const le = p.linkForm?.errors ?? {};
  const removeForm = (action: string, what: string) => html`<form method="post" action="${action}" class="inline-form">${csrfField(p.csrf)}<button type="submit" class="link-button">${s.remove(what)}</button></form>`;
  return html`${p.flash ? notice('success', p.flash) : ''}
${subnav(locale, d, 'media', p.abilities)}
<section class="staff-section" aria-labelledby="images-title"><h2 id="images-title">${s.imagesTitle}</h2>
  ${d.images.length
    ? html`<ul>${d.images.map((im) => html`<li><img src="${im.url}" alt="${pick(locale, im.alt_sv, im.alt_en)}" width="160"> ${pick(locale, im.alt_sv, im.alt_en)} ${removeForm(`${base}/images/${im.id}/delete`, pick(locale, im.alt_sv, im.alt_en))}</li>`)}</ul>`
    : html`<p>${s.noImages}</p>`}
  ${errorSummary(locale, ie, { image_url: s.f_url, alt_sv: s.f_alt_sv, alt_en: s.f_alt_en })}
  <form method="post" action="${base}/images" class="stack" novalidate>
    ${csrfField(p.csrf)}
    ${textField({ name: 'image_url', label: s.f_url, hint: s.f_image_url_hint, value: one(iv.image_url), error: ie.image_url, required: true, maxlength: 1000 })}
    ${textField({ name: 'alt_sv', label: s.f_alt_sv, hint: s.f_alt_sv_hint, value: one(iv.alt_sv), error: ie.alt_sv, required: true, maxlength: 300, lang: 'sv' })}
    ${textField({ name: 'alt_en', label: s.f_alt_en, value: one(iv.alt_en), error: ie.alt_en, maxlength: 300, lang: 'en' })}
    <button type="submit" class="button">${s.addImage}</button>
  </form>
</section>
<section class="staff-section" aria-labelledby="links-title"><h2 id="links-title">${s.linksTitle}</h2>
  ${d.links.length
    ? html`<ul>${d.links.map((l) => html`<li><a href="${l.url}">${pick(locale, l.label_sv, l.label_en)}</a> ${removeForm(`${base}/links/${l.id}/delete`, pick(locale, l.label_sv, l.label_en))}</li>`)}</ul>`
    : html`<p>${s.noLinks}</p>`}
  ${errorSummary(locale, le, { link_url: s.f_url, label_sv: s.f_label_sv, label_en: s.f_label_en })}
  <form method="post" action="${base}/links" class="stack" novalidate>
    ${csrfField(p.csrf)}
    ${textField({ name: 'link_url', label: s.f_url, type: 'url', value: one(lv.link_url), error: le.link_url, required: true, maxlength: 1000 })}
    ${textField({ name: 'label_sv', label: s.f_label_sv, value: one(lv.label_sv), error: le.label_sv, required: true, maxlength: 200, lang: 'sv' })}
    ${textField({ name: 'label_en', label: s.f_label_en, value: one(lv.label_en), error: le.label_en, maxlength: 200, lang: 'en' })}
    <button type="submit" class="button">${s.addLink}</button>
  </form>
</section>`;
}

// ---------- portfolio overview ----------

/** A horizontal bar chart as a list: the numbers are text, the bars decoration; a table follows in <details>. */
function barChart(p: { id: string; title: string; rows: { label: string; n: number }[]; locale: Locale; className?: string }): SafeHtml {
  const s = staffMessages(p.locale);
  const max = Math.max(1, ...p.rows.map((r) => r.n));
  return html`<figure class="staff-section" aria-labelledby="${p.id}">
  <figcaption><h2 id="${p.id}">${p.title}</h2></figcaption>
  <ul class="chart${p.className ? ` ${p.className}` : ''}">
    ${p.rows.map(
      (r) => html`<li><span class="label">${r.label}</span><span class="bar-track"><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect x="0" y="0" height="10" width="${((r.n / max) * 100).toFixed(2)}"></rect></svg></span><span class="value">${formatNumber(r.n, p.locale)}</span></li>`,
    )}
  </ul>
  <details><summary>${s.showTable}: ${p.title}</summary>
    <table><thead><tr><th scope="col">${p.title}</th><th scope="col">${s.count}</th></tr></thead>
    <tbody>${p.rows.map((r) => html`<tr><th scope="row">${r.label}</th><td>${formatNumber(r.n, p.locale)}</td></tr>`)}</tbody></table>
  </details>
</figure>`;
}

export function portfolioView(locale: Locale, o: PortfolioOverview, scope: string): SafeHtml {
  const s = staffMessages(locale);
  const total = Object.values(o.byStage).reduce((a, b) => a + b, 0);
  return html`<p>${scope} ${s.total}: ${formatNumber(total, locale)}.</p>
${barChart({ id: 'funnel', title: s.funnelTitle, locale, className: 'funnel', rows: STAGES.map((x) => ({ label: STAGE_LABELS[x][locale], n: o.byStage[x] })) })}
<section class="staff-section" aria-labelledby="by-org"><h2 id="by-org">${s.byOrgTitle}</h2>
  <ul class="chart">${(() => {
    const max = Math.max(1, ...o.byOrganisation.map((x) => x.total));
    return o.byOrganisation.map((x) => html`<li><span class="label">${x.name}</span><span class="bar-track"><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect x="0" y="0" height="10" width="${((x.total / max) * 100).toFixed(2)}"></rect></svg></span><span class="value">${formatNumber(x.total, locale)}</span></li>`);
  })()}</ul>
  <div class="table-scroll"><table>
    <caption>${s.byOrgTitle}</caption>
    <thead><tr><th scope="col">${s.colOwner}</th>${STAGES.map((x) => html`<th scope="col">${STAGE_LABELS[x][locale]}</th>`)}<th scope="col">${s.total}</th></tr></thead>
    <tbody>${o.byOrganisation.map((x) => html`<tr><th scope="row">${x.name}</th>${STAGES.map((st) => html`<td>${formatNumber(x.byStage[st] ?? 0, locale)}</td>`)}<td>${formatNumber(x.total, locale)}</td></tr>`)}</tbody>
  </table></div>
</section>
${barChart({ id: 'by-sdg', title: s.bySdgTitle, locale, rows: o.bySdg.map((x) => ({ label: sdgLabel(x.sdg, locale), n: x.n })) })}
${barChart({ id: 'by-aim', title: s.byAimTitle, locale, rows: o.byAim.map((x) => ({ label: AIM_LABELS[x.aim][locale], n: x.n })) })}
<section class="staff-section" aria-labelledby="stale"><h2 id="stale">${s.staleTitle}</h2>
  ${o.stale.length
    ? html`<div class="table-scroll"><table><thead><tr><th scope="col">${s.colTitle}</th><th scope="col">${s.colOwner}</th><th scope="col">${s.colStage}</th><th scope="col">${s.colLastUpdate}</th></tr></thead>
    <tbody>${o.stale.map((x) => html`<tr><th scope="row"><a href="${ADMIN}/${x.id}">${pick(locale, x.title_sv, x.title_en)}</a></th><td>${x.owner}</td><td>${stageTag(x.stage, locale)}</td><td><time datetime="${isoDateTime(x.updated_at)}">${formatDate(x.updated_at, locale)}</time></td></tr>`)}</tbody></table></div>`
    : html`<p>${s.staleEmpty}</p>`}
</section>
<section class="staff-section" aria-labelledby="overdue"><h2 id="overdue">${s.overdueTitle}</h2>
  ${o.overdue.length
    ? html`<div class="table-scroll"><table><thead><tr><th scope="col">${s.colTitle}</th><th scope="col">${s.colOwner}</th><th scope="col">${s.colIndicator}</th><th scope="col">${s.colDue}</th></tr></thead>
    <tbody>${o.overdue.map((x) => html`<tr><th scope="row"><a href="${ADMIN}/${x.initiative_id}/impact">${pick(locale, x.title_sv, x.title_en)}</a></th><td>${x.owner}</td><td>${pick(locale, x.indicator_sv, x.indicator_en)}</td><td>${formatDay(x.nextDue, locale)}</td></tr>`)}</tbody></table></div>`
    : html`<p>${s.overdueEmpty}</p>`}
</section>`;
}
