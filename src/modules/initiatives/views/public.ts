// Public pages of the portfolio: the filtered list, the map, the lessons library and an initiative.
import { html, jsonLd, richText, richTextToPlain, type SafeHtml } from '../../../platform/html.ts';
import { formatDate, formatNumber, formatSek, intlTag, isoDateTime, type Locale } from '../../../platform/i18n/i18n.ts';
import { notice } from '../../../platform/layout.ts';
import {
  AIM_LABELS,
  COLLABORATION_LABELS,
  FOLLOW_UP_LABELS,
  initiativesMessages,
  SDG_LABELS,
  SECTOR_LABELS,
  sdgLabel,
  STAGE_LABELS,
  TECHNOLOGY_LABELS,
} from '../initiatives.messages.ts';
import { AIMS, COLLABORATION_KINDS, SECTORS, STAGES, TECHNOLOGIES, type Sector, type Stage } from '../initiatives.schema.ts';
import { filtersToQuery, type Facet, type FacetCounts, type GoalView, type InitiativeDetail, type ListFilters, type ListItem, type StageHistoryEntry } from '../initiatives.queries.ts';
import { API_LIST, initiativePaths } from '../initiatives.paths.ts';
import type { InitiativeEvent } from '../initiatives.links.ts';
import { linksMessages } from '../initiatives.links.messages.ts';

/** The locale's text, falling back to Swedish when the English is missing. */
export const pick = (locale: Locale, sv: string, en: string): string => (locale === 'en' && en.trim() ? en : sv);

/** A calendar day (YYYY-MM-DD) in words. */
export const formatDay = (day: string, locale: Locale): string => formatDate(new Date(`${day}T12:00:00Z`), locale);

export function stageTag(stage: Stage, locale: Locale): SafeHtml {
  return html`<span class="stage stage-${stage}">${STAGE_LABELS[stage][locale]}</span>`;
}

export function followUpStatus(status: 'green' | 'yellow' | 'red', locale: Locale): SafeHtml {
  return html`<span class="rag rag-${status}"><span class="rag-dot" aria-hidden="true"></span>${FOLLOW_UP_LABELS[status][locale]}</span>`;
}

function sdgList(sdgs: number[], locale: Locale, link: boolean): SafeHtml {
  if (!sdgs.length) return html``;
  return html`<ul class="sdgs">${sdgs.map((n) => html`<li class="sdg sdg-${n}">${link ? html`<a href="${initiativePaths.list(locale)}?sdg=${n}">${sdgLabel(n, locale)}</a>` : sdgLabel(n, locale)}</li>`)}</ul>`;
}

// ---------- filters ----------

export interface FilterOptions {
  organisations: { id: number; slug: string; name: string }[];
}

interface FacetDef {
  key: Facet;
  label: string;
  options: { value: string; label: string; count: number }[];
  selected: string | undefined;
}

function facetDefs(locale: Locale, f: ListFilters, counts: FacetCounts, opts: FilterOptions): FacetDef[] {
  const t = initiativesMessages(locale);
  const from = <K extends string>(facet: Facet, keys: readonly K[], lab: (k: K) => string) => keys.map((k) => ({ value: String(k), label: lab(k), count: counts[facet].get(String(k)) ?? 0 }));
  return [
    { key: 'stage', label: t.filterStage, options: from('stage', STAGES, (k) => STAGE_LABELS[k][locale]), selected: f.stage },
    { key: 'sdg', label: t.filterSdg, options: Array.from({ length: 17 }, (_, i) => ({ value: String(i + 1), label: sdgLabel(i + 1, locale), count: counts.sdg.get(String(i + 1)) ?? 0 })), selected: f.sdg ? String(f.sdg) : undefined },
    { key: 'aim', label: t.filterAim, options: from('aim', AIMS, (k) => AIM_LABELS[k][locale]), selected: f.aim },
    { key: 'org', label: t.filterOrg, options: opts.organisations.map((o) => ({ value: o.slug, label: o.name, count: counts.org.get(String(o.id)) ?? 0 })), selected: f.org },
    { key: 'sector', label: t.filterSector, options: from('sector', SECTORS, (k) => SECTOR_LABELS[k][locale]), selected: f.sector },
    { key: 'tech', label: t.filterTech, options: from('tech', TECHNOLOGIES, (k) => TECHNOLOGY_LABELS[k][locale]), selected: f.tech },
    { key: 'collab', label: t.filterCollab, options: from('collab', COLLABORATION_KINDS, (k) => COLLABORATION_LABELS[k][locale]), selected: f.collab },
  ];
}

/** The GET form: search, one select per facet with a count per value, sort. Works without JavaScript. */
export function filterForm(locale: Locale, action: string, f: ListFilters, counts: FacetCounts, opts: FilterOptions, showSort = true): SafeHtml {
  const t = initiativesMessages(locale);
  const defs = facetDefs(locale, f, counts, opts);
  // One formatter for the page's many counts (a new Intl.NumberFormat per number is slow).
  const count = new Intl.NumberFormat(intlTag(locale));
  return html`<form method="get" action="${action}" class="filters" role="search" aria-labelledby="filters-title">
  <h2 id="filters-title" class="visually-hidden">${t.filtersTitle}</h2>
  <div class="field filters-q">
    <label for="f-q">${t.searchLabel}</label>
    <p class="hint" id="f-q-hint">${t.searchHint}</p>
    <input id="f-q" name="q" type="search" value="${f.q ?? ''}" maxlength="200" aria-describedby="f-q-hint">
  </div>
  <div class="filters-grid">
  ${defs.map(
    (d) => html`<div class="field">
    <label for="f-${d.key}">${d.label}</label>
    <select id="f-${d.key}" name="${d.key}">
      <option value="">${t.filterAll}</option>
      ${d.options
        .filter((o) => o.count > 0 || o.value === d.selected)
        .map((o) => html`<option value="${o.value}"${o.value === d.selected ? html` selected` : ''}>${o.label} (${count.format(o.count)})</option>`)}
    </select>
  </div>`,
  )}
  ${showSort
    ? html`<div class="field">
    <label for="f-sort">${t.sortLabel}</label>
    <select id="f-sort" name="sort">
      ${f.q ? html`<option value="relevance"${f.sort === 'relevance' ? html` selected` : ''}>${t.sortRelevance}</option>` : ''}
      <option value="updated"${f.sort === 'updated' ? html` selected` : ''}>${t.sortUpdated}</option>
      <option value="name"${f.sort === 'name' ? html` selected` : ''}>${t.sortName}</option>
    </select>
  </div>`
    : ''}
  </div>
  <button type="submit" class="button">${t.applyFilters}</button>
</form>
${activeFilters(locale, action, f, defs)}`;
}

function activeFilters(locale: Locale, action: string, f: ListFilters, defs: FacetDef[]): SafeHtml {
  const t = initiativesMessages(locale);
  const chips: { label: string; href: string }[] = [];
  if (f.q) chips.push({ label: `”${f.q}”`, href: action + filtersToQuery(f, { q: undefined, sort: undefined }) });
  for (const d of defs) {
    if (!d.selected) continue;
    const o = d.options.find((x) => x.value === d.selected);
    chips.push({ label: `${d.label}: ${o?.label ?? d.selected}`, href: action + filtersToQuery(f, { [d.key]: undefined }) });
  }
  if (!chips.length) return html``;
  return html`<div class="active-filters"><h2 class="visually-hidden">${t.activeFilters}</h2><ul>
  ${chips.map((c) => html`<li><a href="${c.href}" aria-label="${t.removeFilter(c.label)}">${c.label} <span aria-hidden="true">×</span></a></li>`)}
  <li><a href="${action}">${t.clearFilters}</a></li>
</ul></div>`;
}

function viewsNav(locale: Locale, current: 'list' | 'map' | 'lessons', query: string): SafeHtml {
  const t = initiativesMessages(locale);
  const items = [
    { key: 'list', href: initiativePaths.list(locale) + query, label: t.viewList },
    { key: 'map', href: initiativePaths.map(locale) + query, label: t.viewMap },
    { key: 'lessons', href: initiativePaths.lessons(locale), label: t.viewLessons },
  ];
  return html`<nav class="view-switch" aria-label="${t.viewsNav}"><ul>${items.map((i) => html`<li><a href="${i.href}"${i.key === current ? html` aria-current="page"` : ''}>${i.label}</a></li>`)}</ul></nav>`;
}

// ---------- list ----------

/** The same selection for the CSV/XLSX exports, in the page's language. */
function exportQuery(f: ListFilters, locale: Locale): string {
  const q = filtersToQuery({ ...f, sort: 'updated' });
  return `${q}${q ? '&' : '?'}lang=${locale}`;
}

export function initiativeCard(locale: Locale, i: ListItem, headingLevel: 2 | 3 = 2): SafeHtml {
  const t = initiativesMessages(locale);
  const title = html`<a href="${initiativePaths.item(locale, i.slug)}">${i.title}</a>`;
  return html`<li class="initiative-card">
  ${headingLevel === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
  <p class="meta">${stageTag(i.stage, locale)} <span>${t.ownerLabel}: ${i.ownerName}</span>${i.isDemo ? html` <span class="tag">${t.demoLabel}</span>` : ''}</p>
  ${i.summary ? html`<p>${i.summary}</p>` : ''}
  ${sdgList(i.sdgs, locale, false)}
  <p class="updated">${t.updatedLabel} <time datetime="${isoDateTime(i.updatedAt)}">${formatDate(i.updatedAt, locale)}</time></p>
</li>`;
}

export interface ListViewProps {
  locale: Locale;
  filters: ListFilters;
  counts: FacetCounts;
  options: FilterOptions;
  items: ListItem[];
  page: number;
  pageSize: number;
}

export function listView(p: ListViewProps): SafeHtml {
  const { locale, filters: f, counts } = p;
  const t = initiativesMessages(locale);
  const action = initiativePaths.list(locale);
  const total = counts.total;
  const from = total === 0 ? 0 : (p.page - 1) * p.pageSize + 1;
  const to = Math.min(total, p.page * p.pageSize);
  const pages = Math.max(1, Math.ceil(total / p.pageSize));
  const query = filtersToQuery(f);
  return html`<p class="lead">${t.listLead}</p>
${viewsNav(locale, 'list', query)}
${filterForm(locale, action, f, counts, p.options)}
${f.fuzzy && f.q ? notice('info', t.fuzzyNotice(f.q)) : ''}
<p role="status" class="result-count">${total === 0 ? t.noResults : t.showing(from, to, total)}</p>
<ol class="initiative-list">${p.items.map((i) => initiativeCard(locale, i))}</ol>
${pages > 1
  ? html`<nav class="pagination" aria-label="${t.pagination}"><ul>
  ${p.page > 1 ? html`<li><a rel="prev" href="${action}${filtersToQuery(f, { page: p.page - 1 === 1 ? undefined : p.page - 1 })}">${t.previousPage}</a></li>` : ''}
  <li><span aria-current="page">${t.pageN(p.page)} / ${pages}</span></li>
  ${p.page < pages ? html`<li><a rel="next" href="${action}${filtersToQuery(f, { page: p.page + 1 })}">${t.nextPage}</a></li>` : ''}
</ul></nav>`
  : ''}
<section class="downloads" aria-labelledby="downloads-title">
  <h2 id="downloads-title">${t.exportTitle}</h2>
  <ul>
    <li><a href="${API_LIST}.csv${exportQuery(f, locale)}">${t.exportCsv}</a></li>
    <li><a href="${API_LIST}.xlsx${exportQuery(f, locale)}">${t.exportXlsx}</a></li>
    <li><a href="/api/v1/docs">${t.exportApi}</a></li>
  </ul>
</section>`;
}

// ---------- map ----------

export function mapView(p: { locale: Locale; filters: ListFilters; counts: FacetCounts; options: FilterOptions; points: ListItem[]; tileUrl: string }): SafeHtml {
  const { locale, filters: f } = p;
  const t = initiativesMessages(locale);
  const groups = new Map<string, ListItem[]>();
  for (const i of p.points) {
    const key = i.locationName || '–';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const places = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'sv'));
  return html`<p class="lead">${t.mapLead}</p>
${viewsNav(locale, 'map', filtersToQuery(f))}
${filterForm(locale, initiativePaths.map(locale), f, p.counts, p.options, false)}
<p role="status" class="result-count">${t.mapCount(p.points.length)}</p>
<div class="initiative-map" data-module="initiative-map" data-tiles="${p.tileUrl}" role="region" aria-label="${t.mapRegion}" hidden></div>
<h2 id="map-places">${t.mapListTitle}</h2>
<ul class="map-places" aria-labelledby="map-places">
  ${places.map(
    ([place, items]) => html`<li><h3>${place} <span class="count">(${items.length})</span></h3>
    <ul>${items.map((i) => html`<li class="map-point" data-lat="${i.lat ?? ''}" data-lng="${i.lng ?? ''}"${i.area ? html` data-area="${JSON.stringify(i.area)}"` : ''} data-stage="${i.stage}"><a href="${initiativePaths.item(locale, i.slug)}">${i.title}</a> ${stageTag(i.stage, locale)}</li>`)}</ul>
  </li>`,
  )}
</ul>`;
}

// ---------- lessons ----------

export interface LessonItem {
  slug: string;
  title: string;
  stage: Stage;
  endedAt: Date;
  ownerName: string;
  sector: string | null;
  lessons: string;
  reason: string;
}

export function lessonsView(locale: Locale, items: LessonItem[], stage: 'realised' | 'stopped' | undefined): SafeHtml {
  const t = initiativesMessages(locale);
  const base = initiativePaths.lessons(locale);
  const tabs: { value: 'realised' | 'stopped' | undefined; label: string }[] = [
    { value: undefined, label: t.lessonsFilterAll },
    { value: 'realised', label: STAGE_LABELS.realised[locale] },
    { value: 'stopped', label: STAGE_LABELS.stopped[locale] },
  ];
  return html`<p class="lead">${t.lessonsLead}</p>
${viewsNav(locale, 'lessons', '')}
<nav class="view-switch" aria-label="${t.filterStage}"><ul>${tabs.map((x) => html`<li><a href="${base}${x.value ? `?stage=${x.value}` : ''}"${x.value === stage ? html` aria-current="page"` : ''}>${x.label}</a></li>`)}</ul></nav>
<p role="status" class="result-count">${items.length ? t.lessonsCount(items.length) : t.noLessons}</p>
<ol class="lessons-list">
  ${items.map(
    (i) => html`<li><article class="lesson">
    <h2><a href="${initiativePaths.item(locale, i.slug)}">${i.title}</a></h2>
    <p class="meta">${stageTag(i.stage, locale)} <span>${t.ownerLabel}: ${i.ownerName}</span>${i.sector ? html` <span>${SECTOR_LABELS[i.sector as Sector]?.[locale] ?? ''}</span>` : ''} <span>${t.endedOn} <time datetime="${isoDateTime(i.endedAt)}">${formatDate(i.endedAt, locale)}</time></span></p>
    ${i.stage === 'stopped' && i.reason ? html`<p><strong>${t.whyEnded}:</strong> ${i.reason}</p>` : ''}
    <div class="lesson-text">${richText(i.lessons, { headingLevel: 3 })}</div>
  </article></li>`,
  )}
</ol>`;
}

// ---------- one initiative ----------

function goalTable(locale: Locale, g: GoalView): SafeHtml {
  const t = initiativesMessages(locale);
  const unit = g.unit ? ` ${g.unit}` : '';
  const num = (n: number) => `${formatNumber(n, locale, { maximumFractionDigits: 2 })}${unit}`;
  const indicator = pick(locale, g.indicatorSv, g.indicatorEn);
  const latest = g.followUps[g.followUps.length - 1];
  return html`<section class="impact-goal" aria-labelledby="goal-${g.id}">
  <h3 id="goal-${g.id}">${indicator}</h3>
  <dl class="goal-facts">
    <div><dt>${t.baseline}</dt><dd>${t.valueOn(num(g.baselineValue), formatDay(g.baselineDate, locale))}</dd></div>
    <div><dt>${t.target}</dt><dd>${t.valueOn(num(g.targetValue), formatDay(g.targetDate, locale))}</dd></div>
    <div><dt>${t.latestStatus}</dt><dd>${latest ? html`${followUpStatus(latest.status, locale)} – ${t.valueOn(num(latest.value), formatDay(latest.measuredOn, locale))}` : t.noFollowUps}</dd></div>
  </dl>
  ${g.overdue ? html`<p class="overdue"><strong>${t.overdue(formatDay(g.nextDue, locale))}</strong></p>` : ''}
  ${g.followUps.length
    ? html`<div class="table-scroll"><table>
    <caption>${t.followUpsOf(indicator)}</caption>
    <thead><tr><th scope="col">${t.measuredOn}</th><th scope="col">${t.value}</th><th scope="col">${t.status}</th><th scope="col">${t.comment}</th></tr></thead>
    <tbody>${g.followUps.map((f) => html`<tr><th scope="row"><time datetime="${f.measuredOn}">${formatDay(f.measuredOn, locale)}</time></th><td>${num(f.value)}</td><td>${followUpStatus(f.status, locale)}</td><td>${f.comment}</td></tr>`)}</tbody>
  </table></div>`
    : ''}
</section>`;
}

export function stageHistory(locale: Locale, history: StageHistoryEntry[], opts: { showPeople: boolean }): SafeHtml {
  const t = initiativesMessages(locale);
  const approved = history.filter((h) => h.status === 'approved');
  return html`<ol class="stage-history">
  ${approved.map((h) => {
    const at = h.decidedAt ?? h.requestedAt;
    return html`<li><time datetime="${isoDateTime(at)}">${formatDate(at, locale)}</time>:
      <strong>${h.from ? t.historyMoved(STAGE_LABELS[h.from][locale], STAGE_LABELS[h.to][locale]) : t.historyStarted(STAGE_LABELS[h.to][locale])}</strong>${h.reason ? html` – ${h.reason}` : ''}${opts.showPeople && h.decidedBy ? html` <span class="who">(${h.requestedBy}${h.decidedBy !== h.requestedBy ? ` → ${h.decidedBy}` : ''})</span>` : ''}</li>`;
  })}
</ol>`;
}

/** "At H22 City Expo": the published programme items that show the initiative. */
function expoEventsSection(locale: Locale, events: InitiativeEvent[]): SafeHtml | '' {
  if (!events.length) return '';
  const t = linksMessages(locale);
  return html`<section aria-labelledby="at-expo" class="initiative-expo-events"><h2 id="at-expo">${t.atExpoTitle}</h2>
<p>${t.atExpoLead}</p>
<ul>${events.map((e) => html`<li><a href="${e.path}">${e.title}</a> – <span class="visually-hidden">${t.firstDate}: </span><time datetime="${isoDateTime(e.startsAt)}">${formatDate(e.startsAt, locale)}</time>${e.place ? html`, <span class="visually-hidden">${t.place}: </span>${e.place}` : ''}</li>`)}</ul></section>`;
}

/** schema.org `location`: a Place whose `geo` is the point (GeoCoordinates), the area (GeoShape polygon), or both. */
function placeJsonLd(name: string, lat: number | null, lng: number | null, area: [number, number][] | null): Record<string, unknown> {
  const geo: Record<string, unknown>[] = [];
  if (lat !== null && lng !== null) geo.push({ '@type': 'GeoCoordinates', latitude: lat, longitude: lng });
  if (area) geo.push({ '@type': 'GeoShape', polygon: area.map(([a, o]) => `${a} ${o}`).join(' ') });
  if (!geo.length) return {};
  return { location: { '@type': 'Place', ...(name ? { name } : {}), geo: geo.length === 1 ? geo[0] : geo } };
}

export function detailView(locale: Locale, d: InitiativeDetail, baseUrl: string, events: InitiativeEvent[] = [], opts: { tileUrl?: string } = {}): { body: SafeHtml; head: SafeHtml; title: string; description: string } {
  const t = initiativesMessages(locale);
  const r = d.row;
  const title = pick(locale, r.title_sv, r.title_en);
  const summary = pick(locale, r.summary_sv, r.summary_en);
  const text = (sv: string, en: string) => pick(locale, sv, en);
  const section = (id: string, heading: string, src: string) => (src.trim() ? html`<section aria-labelledby="${id}"><h2 id="${id}">${heading}</h2>${richText(src, { headingLevel: 3 })}</section>` : '');
  const ended = r.stage === 'realised' || r.stage === 'stopped';
  const facts: [string, SafeHtml | string][] = [];
  facts.push([t.stageLabel, stageTag(r.stage, locale)]);
  facts.push([t.ownerLabel, r.owner_unit ? `${r.owner_name}, ${r.owner_unit}` : r.owner_name]);
  if (r.challenge_title_sv) facts.push([t.challengeLabel, pick(locale, r.challenge_title_sv, r.challenge_title_en ?? '')]);
  if (r.contact_name) facts.push([t.contactLabel, r.contact_email ? html`${r.contact_name}, <a href="mailto:${r.contact_email}">${r.contact_email}</a>` : r.contact_name]);
  if (d.participants.length) facts.push([t.participantsLabel, html`${d.participants.map((p, k) => html`${k ? ', ' : ''}<a href="${initiativePaths.list(locale)}?org=${p.slug}">${p.name}</a>`)}`]);
  if (r.other_partners) facts.push([t.otherPartnersLabel, r.other_partners]);
  if (r.sector) facts.push([t.sectorLabel, SECTOR_LABELS[r.sector as Sector]?.[locale] ?? r.sector]);
  if (r.technologies.length) facts.push([t.technologiesLabel, r.technologies.map((k) => TECHNOLOGY_LABELS[k as keyof typeof TECHNOLOGY_LABELS]?.[locale] ?? k).join(', ')]);
  if (r.sdg_targets.length) facts.push([t.sdgTargetsLabel, r.sdg_targets.join(', ')]);
  if (r.location_name || r.location_lat !== null) facts.push([t.locationLabel, html`${r.location_name}${r.location_lat !== null ? html` <span class="coords">(${t.coordinates}: ${formatNumber(r.location_lat, locale, { maximumFractionDigits: 5 })}, ${formatNumber(r.location_lng ?? 0, locale, { maximumFractionDigits: 5 })})</span>` : ''}`]);
  if (r.location_area) facts.push([t.areaLabel, html`<span class="map-point" data-lat="${r.location_lat ?? ''}" data-lng="${r.location_lng ?? ''}" data-area="${JSON.stringify(r.location_area)}" data-label="${r.location_name || title}">${t.areaPoints(r.location_area.length)}</span>`]);
  if (r.estimated_budget_ore !== null) facts.push([t.budgetLabel, formatSek(r.estimated_budget_ore, locale)]);
  if (r.testbeds) facts.push([t.testbedsLabel, r.testbeds]);
  facts.push([t.lastUpdated, html`<time datetime="${isoDateTime(r.updated_at)}">${formatDate(r.updated_at, locale)}</time>`]);

  const body = html`${summary ? html`<p class="lead">${summary}</p>` : ''}
${r.is_demo ? html`<p><span class="tag">${t.demoLabel}</span></p>` : ''}
<section aria-labelledby="facts-title" class="facts">
  <h2 id="facts-title" class="visually-hidden">${t.factsTitle}</h2>
  <dl>${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
  ${r.sdgs.length ? html`<h3>${t.sdgsLabel}</h3>${sdgList(r.sdgs, locale, true)}` : ''}
  ${r.aims.length ? html`<h3>${t.aimsLabel}</h3><ul>${r.aims.map((a) => html`<li><a href="${initiativePaths.list(locale)}?aim=${a}">${AIM_LABELS[a][locale]}</a></li>`)}</ul>` : ''}
</section>
${opts.tileUrl && (r.location_lat !== null || r.location_area) ? html`<div class="initiative-map initiative-map-place" data-module="initiative-map" data-tiles="${opts.tileUrl}" role="region" aria-label="${t.placeMapRegion}" hidden></div>${r.location_area ? '' : html`<span class="map-point" data-lat="${r.location_lat ?? ''}" data-lng="${r.location_lng ?? ''}" data-label="${r.location_name || title}" hidden></span>`}` : ''}
${d.images.length
  ? html`<section aria-labelledby="images-title"><h2 id="images-title" class="visually-hidden">${t.imagesTitle}</h2>${d.images.map((im) => html`<figure class="initiative-image"><img src="${im.url}" alt="${pick(locale, im.alt_sv, im.alt_en)}" loading="lazy"></figure>`)}</section>`
  : ''}
${section('what', t.whatTitle, text(r.what_sv, r.what_en))}
${section('why', t.whyTitle, text(r.why_sv, r.why_en))}
${section('how', t.howTitle, text(r.how_sv, r.how_en))}
${section('impact-expected', t.expectedImpactTitle, text(r.expected_impact_sv, r.expected_impact_en))}
${section('potential', t.innovationPotentialTitle, text(r.innovation_potential_sv, r.innovation_potential_en))}
${section('residents', t.residentsTitle, text(r.resident_involvement_sv, r.resident_involvement_en))}
${r.collaboration_kinds.length || r.collaboration_sought_sv || r.collaboration_sought_en
  ? html`<section aria-labelledby="collaboration"><h2 id="collaboration">${t.collaborationTitle}</h2>
  ${r.collaboration_kinds.length ? html`<ul>${r.collaboration_kinds.map((k) => html`<li>${COLLABORATION_LABELS[k as keyof typeof COLLABORATION_LABELS]?.[locale] ?? k}</li>`)}</ul>` : ''}
  ${richText(text(r.collaboration_sought_sv, r.collaboration_sought_en))}</section>`
  : ''}
${d.goals.length ? html`<section aria-labelledby="impact"><h2 id="impact">${t.impactTitle}</h2>${d.goals.map((g) => goalTable(locale, g))}</section>` : ''}
${ended ? section('lessons', t.lessonsLearnedTitle, text(r.lessons_learned_sv, r.lessons_learned_en)) : ''}
<section aria-labelledby="history"><h2 id="history">${t.historyTitle}</h2>${stageHistory(locale, d.history, { showPeople: false })}</section>
${expoEventsSection(locale, events)}
${d.links.length ? html`<section aria-labelledby="links"><h2 id="links">${t.linksTitle}</h2><ul>${d.links.map((l) => html`<li><a href="${l.url}">${pick(locale, l.label_sv, l.label_en)}</a></li>`)}</ul></section>` : ''}`;

  const url = `${baseUrl}${initiativePaths.item(locale, r.slug)}`;
  const head = jsonLd({
    '@context': 'https://schema.org',
    '@type': 'Project',
    '@id': url,
    url,
    name: title,
    description: summary || richTextToPlain(text(r.what_sv, r.what_en)).slice(0, 500),
    inLanguage: locale,
    dateModified: r.updated_at.toISOString(),
    ...(r.first_published_at ? { datePublished: r.first_published_at.toISOString() } : {}),
    parentOrganization: { '@type': 'Organization', name: r.owner_name, ...(r.owner_website ? { url: r.owner_website } : {}) },
    ...(d.participants.length ? { member: d.participants.map((p) => ({ '@type': 'Organization', name: p.name })) } : {}),
    ...placeJsonLd(r.location_name, r.location_lat, r.location_lng, r.location_area),
    keywords: [STAGE_LABELS[r.stage][locale], ...r.sdgs.map((n) => `SDG ${n}: ${SDG_LABELS[n]?.en ?? ''}`), ...r.technologies.map((k) => TECHNOLOGY_LABELS[k as keyof typeof TECHNOLOGY_LABELS]?.[locale] ?? k)].join(', '),
    // The inverse of the events' `about`: the programme items whose subject the project is.
    ...(events.length ? { subjectOf: events.map((e) => ({ '@type': 'Event', url: `${baseUrl}${e.path}`, name: e.title, startDate: e.startsAt.toISOString() })) } : {}),
    ...(d.images[0] ? { image: d.images[0].url.startsWith('/') ? `${baseUrl}${d.images[0].url}` : d.images[0].url } : {}),
  });
  return { body, head, title, description: summary };
}
