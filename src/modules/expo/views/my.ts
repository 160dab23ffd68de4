// "My programme": the starred items, the calendar feed, and what the stars need without an account.
import { html, type SafeHtml } from '../../../platform/html.ts';
import { csrfField, lp } from '../../../platform/layout.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { expoMessages } from '../expo.messages.ts';
import type { Places, PublishedOccurrence } from '../expo.queries.ts';
import { titleIn } from '../expo.publish-data.ts';
import { eventPath, myProgrammePath, venuePath, whenLabel } from './format.ts';

export const myStarsPath = (locale: Locale) => lp(locale, '/program/mitt/stjarnor', '/program/mine/stars');
export const myFeedCreatePath = (locale: Locale) => lp(locale, '/program/mitt/kalender', '/program/mine/calendar');
export const myIcsPath = (locale: Locale) => lp(locale, '/program/mitt.ics', '/program/mine.ics');
export const feedPath = (locale: Locale, token: string) => lp(locale, `/program/kalender/${token}`, `/program/calendar/${token}`);

export interface MyViewModel {
  locale: Locale;
  tz: string;
  signedIn: boolean;
  csrf?: string | undefined;
  /** The starred items, in time order of their first date. */
  events: { slug: string; occurrences: PublishedOccurrence[] }[];
  places: Places;
  slugs: string[];
  hasFeed: boolean;
  /** A new feed URL, shown once. */
  feedUrl?: string | undefined;
  baseUrl: string;
}

export function myView(m: MyViewModel): SafeHtml {
  const t = expoMessages(m.locale);
  const back = myProgrammePath(m.locale);
  const list = m.events.length
    ? html`<ul class="my-list">${m.events.map(({ slug, occurrences }) => {
        const first = occurrences[0];
        if (!first) return '';
        const d = first.data;
        const v = m.places.venues.get(first.venue_id);
        return html`<li class="programme-item" data-event-id="${d.id}" data-event-slug="${slug}">
          <span class="item-main"><a href="${eventPath(m.locale, slug)}">${titleIn(d, m.locale)}</a>
          <span class="item-meta">${whenLabel(first, m.tz, m.locale)}${occurrences.length > 1 ? ` (+${occurrences.length - 1})` : ''}${v ? html` · <a href="${venuePath(m.locale, v.slug)}">${m.locale === 'en' && v.name_en ? v.name_en : v.name_sv}</a>` : ''}</span></span>
          ${m.signedIn
            ? html`<form method="post" action="${myStarsPath(m.locale)}" class="inline-form">${csrfField(m.csrf ?? '')}<input type="hidden" name="remove" value="${slug}"><input type="hidden" name="back" value="${back}"><button type="submit" class="star-button" aria-pressed="true">${t.unstar}<span class="visually-hidden">: ${titleIn(d, m.locale)}</span></button></form>`
            : ''}
        </li>`;
      })}</ul>`
    : html`<p>${t.myEmpty}</p>`;
  return html`<p class="lead">${t.myLead}</p>
<div${m.signedIn ? html` data-module="my-programme" data-signed-in="1"` : html` data-module="my-programme stars" data-star-label="${t.star}"`}>
${!m.signedIn ? html`<p class="no-js-note">${t.myNeedsJs}</p>` : ''}
${list}
${m.slugs.length && !m.signedIn ? html`<p><a class="button secondary" href="${myIcsPath(m.locale)}?s=${m.slugs.join(',')}" download>${t.addToCalendar}</a></p>` : ''}
</div>
${m.signedIn
  ? html`<section aria-labelledby="feed-title"><h2 id="feed-title">${t.myFeedTitle}</h2><p>${t.myFeedLead}</p>
  ${m.feedUrl ? html`<p>${t.myFeedShown}</p><p><code class="feed-url">${m.feedUrl}</code></p>` : ''}
  <form method="post" action="${myFeedCreatePath(m.locale)}">${csrfField(m.csrf ?? '')}<button type="submit" class="button secondary">${m.hasFeed || m.feedUrl ? t.myFeedRenew : t.myFeedCreate}</button></form></section>`
  : html`<p><a href="${lp(m.locale, '/logga-in', '/sign-in')}?next=${encodeURIComponent(back)}">${t.mySignIn}</a></p>`}`;
}
