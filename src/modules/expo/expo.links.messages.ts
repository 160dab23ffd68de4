// Texts of the links between programme items and innovation initiatives, in Swedish and English.
import { defineMessages } from '../../platform/i18n/i18n.ts';

const sv = {
  // public event page
  shownTitle: 'Del av innovationsarbetet',
  shownLead: 'Programpunkten visar de här innovationsinitiativen:',
  stage: 'Fas',
  // staff
  linksTitle: 'Innovationsinitiativ',
  linksLead: 'Länka publicerade innovationsinitiativ som programpunkten visar. Länkarna syns publikt efter nästa publicering av programmet.',
  linksField: 'Initiativ som programpunkten visar',
  linksNone: 'Inga initiativ är länkade.',
  linksSelected: 'Länkade nu',
  linksOwn: 'Er organisations publicerade initiativ',
  linksFound: 'Sökträffar',
  linksNoOptions: 'Inga initiativ att välja här – sök efter titel.',
  linksSearch: 'Sök initiativ på titel',
  linksSearchButton: 'Sök',
  linksSave: 'Spara länkarna',
  linksSaved: 'Länkarna till innovationsinitiativ är sparade.',
  linksNoMatch: 'Inga publicerade initiativ matchar sökningen.',
  notPublished: 'inte publicerat',
  errTooMany: (max: number) => `Välj högst ${max} initiativ.`,
  errNotPublished: 'Ett valt initiativ finns inte eller är inte publicerat. Välj bland de publicerade initiativen.',
};

export const expoLinksMessages = defineMessages(sv, {
  shownTitle: 'Innovation initiatives shown',
  shownLead: 'This programme item shows these innovation initiatives:',
  stage: 'Stage',
  linksTitle: 'Innovation initiatives',
  linksLead: 'Link published innovation initiatives that the programme item shows. The links appear publicly with the next release of the programme.',
  linksField: 'Initiatives the programme item shows',
  linksNone: 'No initiatives are linked.',
  linksSelected: 'Linked now',
  linksOwn: "Your organisation's published initiatives",
  linksFound: 'Search results',
  linksNoOptions: 'No initiatives to choose from here – search by title.',
  linksSearch: 'Search initiatives by title',
  linksSearchButton: 'Search',
  linksSave: 'Save the links',
  linksSaved: 'The links to innovation initiatives are saved.',
  linksNoMatch: 'No published initiative matches the search.',
  notPublished: 'not published',
  errTooMany: (max: number) => `Choose at most ${max} initiatives.`,
  errNotPublished: 'A chosen initiative does not exist or is not published. Choose among the published initiatives.',
});
