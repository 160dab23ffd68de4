// Swedish and English texts of the initiatives module.
import { defineMessages, type Locale } from '../../platform/i18n/i18n.ts';
import type { Aim, CollaborationKind, FollowUpStatus, Sector, Stage, Technology } from './initiatives.schema.ts';

type Labels<K extends string> = Record<K, { sv: string; en: string }>;

export const STAGE_LABELS: Labels<Stage> = {
  idea: { sv: 'Idé', en: 'Idea' },
  pilot: { sv: 'Pilot', en: 'Pilot' },
  scale_up: { sv: 'Skala upp', en: 'Scale up' },
  realised: { sv: 'Realiserad', en: 'Realised' },
  stopped: { sv: 'Avbruten', en: 'Stopped' },
};

export const AIM_LABELS: Labels<Aim> = {
  quality_of_life: { sv: 'Livskvalitet utifrån invånarna', en: 'Quality of life, starting from residents' },
  global_goals: { sv: 'De globala hållbarhetsmålen', en: 'The global sustainability goals' },
  innovation: { sv: 'Innovation för välfärden och staden', en: 'Innovation for welfare and the city' },
  technology: { sv: 'Teknik som medel för bättre service', en: 'Technology as a means to better services' },
  engagement: { sv: 'Engagemang hos invånare, kollegor, näringsliv, föreningsliv och akademi', en: 'Engaging residents, colleagues, business, associations and academia' },
  enabler: { sv: 'Staden som möjliggörare och utförare', en: 'The city as enabler and doer' },
};

export const SECTOR_LABELS: Labels<Sector> = {
  welfare: { sv: 'Vård och omsorg', en: 'Health and social care' },
  education: { sv: 'Skola och lärande', en: 'Schools and learning' },
  urban_development: { sv: 'Stadsutveckling', en: 'Urban development' },
  environment: { sv: 'Miljö och klimat', en: 'Environment and climate' },
  mobility: { sv: 'Mobilitet och trafik', en: 'Mobility and traffic' },
  energy: { sv: 'Energi', en: 'Energy' },
  water_waste: { sv: 'Vatten och kretslopp', en: 'Water and recycling' },
  housing: { sv: 'Boende', en: 'Housing' },
  culture_leisure: { sv: 'Kultur och fritid', en: 'Culture and leisure' },
  business: { sv: 'Näringsliv och arbete', en: 'Business and jobs' },
  digital_services: { sv: 'Digital service och förvaltning', en: 'Digital services and administration' },
  safety: { sv: 'Trygghet och säkerhet', en: 'Safety and security' },
};

export const TECHNOLOGY_LABELS: Labels<Technology> = {
  ai: { sv: 'AI och maskininlärning', en: 'AI and machine learning' },
  iot: { sv: 'Sakernas internet (IoT)', en: 'Internet of things (IoT)' },
  sensors: { sv: 'Sensorer', en: 'Sensors' },
  digital_twin: { sv: 'Digital tvilling', en: 'Digital twin' },
  vr_ar: { sv: 'VR och AR', en: 'VR and AR' },
  robotics: { sv: 'Robotik och automation', en: 'Robotics and automation' },
  open_data: { sv: 'Öppna data', en: 'Open data' },
  data_platform: { sv: 'Dataplattform', en: 'Data platform' },
  e_service: { sv: 'E-tjänster och appar', en: 'E-services and apps' },
  welfare_tech: { sv: 'Välfärdsteknik', en: 'Welfare technology' },
  energy_tech: { sv: 'Energiteknik', en: 'Energy technology' },
  drones: { sv: 'Drönare', en: 'Drones' },
};

export const COLLABORATION_LABELS: Labels<CollaborationKind> = {
  partner: { sv: 'Företag som partner', en: 'A company as partner' },
  testbed: { sv: 'Testbädd', en: 'A testbed' },
  academia: { sv: 'Akademi och forskning', en: 'Academia and research' },
  residents: { sv: 'Invånare som medskapare', en: 'Residents as co-creators' },
  public_sector: { sv: 'Andra offentliga aktörer', en: 'Other public bodies' },
  funding: { sv: 'Medfinansiering', en: 'Co-funding' },
};

export const FOLLOW_UP_LABELS: Labels<FollowUpStatus> = {
  green: { sv: 'Grön – enligt plan', en: 'Green – on track' },
  yellow: { sv: 'Gul – risk för avvikelse', en: 'Yellow – at risk' },
  red: { sv: 'Röd – avviker', en: 'Red – off track' },
};

/** The 17 UN Sustainable Development Goals, short names. */
export const SDG_LABELS: Record<number, { sv: string; en: string }> = {
  1: { sv: 'Ingen fattigdom', en: 'No poverty' },
  2: { sv: 'Ingen hunger', en: 'Zero hunger' },
  3: { sv: 'Hälsa och välbefinnande', en: 'Good health and well-being' },
  4: { sv: 'God utbildning för alla', en: 'Quality education' },
  5: { sv: 'Jämställdhet', en: 'Gender equality' },
  6: { sv: 'Rent vatten och sanitet för alla', en: 'Clean water and sanitation' },
  7: { sv: 'Hållbar energi för alla', en: 'Affordable and clean energy' },
  8: { sv: 'Anständiga arbetsvillkor och ekonomisk tillväxt', en: 'Decent work and economic growth' },
  9: { sv: 'Hållbar industri, innovationer och infrastruktur', en: 'Industry, innovation and infrastructure' },
  10: { sv: 'Minskad ojämlikhet', en: 'Reduced inequalities' },
  11: { sv: 'Hållbara städer och samhällen', en: 'Sustainable cities and communities' },
  12: { sv: 'Hållbar konsumtion och produktion', en: 'Responsible consumption and production' },
  13: { sv: 'Bekämpa klimatförändringarna', en: 'Climate action' },
  14: { sv: 'Hav och marina resurser', en: 'Life below water' },
  15: { sv: 'Ekosystem och biologisk mångfald', en: 'Life on land' },
  16: { sv: 'Fredliga och inkluderande samhällen', en: 'Peace, justice and strong institutions' },
  17: { sv: 'Genomförande och globalt partnerskap', en: 'Partnerships for the goals' },
};

export const label = <K extends string>(labels: Labels<K>, key: K, locale: Locale): string => labels[key][locale];
export const sdgLabel = (n: number, locale: Locale): string => `${locale === 'sv' ? 'Mål' : 'Goal'} ${n}: ${SDG_LABELS[n]?.[locale] ?? ''}`;

const sv = {
  // commands: reasons and field messages
  forbiddenEdit: (org: string) => `Bara redaktörer och innovationsledare på ${org} (eller H22:s projektgrupp) kan ändra det här initiativet.`,
  forbiddenCreate: (org: string) => `Du kan inte skapa initiativ för ${org}: du är inte redaktör eller innovationsledare där.`,
  forbiddenDecide: (org: string) => `Bara innovationsledaren på ${org} eller H22:s projektgrupp kan godkänna stegbyten för initiativet.`,
  forbiddenComment: 'Bara medlemmar i ägande eller deltagande organisationer kan kommentera internt.',
  notFoundInitiative: 'Initiativet finns inte.',
  unknownOrganisation: 'Välj en organisation i listan.',
  unknownChallenge: 'Välj en utmaning i listan.',
  invalidSdg: 'Välj mål mellan 1 och 17.',
  invalidSdgTargets: (bad: string) => `”${bad}” är inget delmål. Skriv delmål som 11.2 eller 12.a, åtskilda med komma.`,
  invalidNumber: 'Ange ett tal, till exempel 12 eller 12,5.',
  invalidWholeNumber: (min: number, max: number) => `Ange ett heltal från ${min} till ${max}.`,
  invalidBudget: 'Ange beloppet i kronor, till exempel 250 000.',
  invalidLatitude: 'Latitud är ett tal mellan -90 och 90, till exempel 56,0465.',
  invalidLongitude: 'Longitud är ett tal mellan -180 och 180, till exempel 12,6945.',
  latLngTogether: 'Fyll i både latitud och longitud, eller ingen av dem.',
  invalidDate: 'Ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2026-03-31.',
  targetBeforeBaseline: 'Måldatum kan inte vara före datumet för utgångsvärdet.',
  measuredInFuture: 'Mätdatum kan inte vara i framtiden.',
  measuredBeforeBaseline: 'Mätdatum kan inte vara före datumet för utgångsvärdet.',
  staleVersion: 'Någon annan har sparat initiativet sedan du öppnade formuläret. Dina ändringar finns kvar här nedan – jämför med den senaste versionen och spara igen.',
  moveEnded: (stage: string) => `Initiativet är avslutat (${stage}) och kan inte flyttas.`,
  moveSame: (stage: string) => `Initiativet är redan i steget ${stage}.`,
  moveBackwards: (from: string, to: string) => `Ett initiativ kan inte flyttas bakåt från ${from} till ${to}.`,
  moveNeedsLessons: (stage: string) => `Skriv vilka lärdomar ni har dragit – det krävs för att flytta till ${stage}.`,
  movePending: 'Det finns redan en begäran om stegbyte som väntar på beslut. Den behöver beslutas först.',
  moveStale: (stage: string) => `Initiativet har flyttats till ${stage} sedan begäran gjordes. Begäran kan inte längre godkännas.`,
  moveNotPending: 'Begäran är redan beslutad.',
  invalidUrl: 'Ange en webbadress som börjar med https:// eller en sökväg som börjar med /.',
} as const;

export const initiativesMessages = defineMessages(sv, {
  forbiddenEdit: (org: string) => `Only editors and innovation leads of ${org} (or the H22 programme team) can change this initiative.`,
  forbiddenCreate: (org: string) => `You cannot create initiatives for ${org}: you are not an editor or innovation lead there.`,
  forbiddenDecide: (org: string) => `Only the innovation lead of ${org} or the H22 programme team can approve stage moves of this initiative.`,
  forbiddenComment: 'Only members of the owning or participating organisations can comment internally.',
  notFoundInitiative: 'The initiative does not exist.',
  unknownOrganisation: 'Choose an organisation from the list.',
  unknownChallenge: 'Choose a challenge from the list.',
  invalidSdg: 'Choose goals from 1 to 17.',
  invalidSdgTargets: (bad: string) => `“${bad}” is not a target. Write targets such as 11.2 or 12.a, separated by commas.`,
  invalidNumber: 'Enter a number, for example 12 or 12.5.',
  invalidWholeNumber: (min: number, max: number) => `Enter a whole number from ${min} to ${max}.`,
  invalidBudget: 'Enter the amount in kronor, for example 250000.',
  invalidLatitude: 'Latitude is a number between -90 and 90, for example 56.0465.',
  invalidLongitude: 'Longitude is a number between -180 and 180, for example 12.6945.',
  latLngTogether: 'Fill in both latitude and longitude, or neither.',
  invalidDate: 'Enter a date as YYYY-MM-DD, for example 2026-03-31.',
  targetBeforeBaseline: 'The target date cannot be before the baseline date.',
  measuredInFuture: 'The measurement date cannot be in the future.',
  measuredBeforeBaseline: 'The measurement date cannot be before the baseline date.',
  staleVersion: 'Someone else saved this initiative after you opened the form. Your changes are kept below – compare them with the latest version and save again.',
  moveEnded: (stage: string) => `The initiative has ended (${stage}) and cannot be moved.`,
  moveSame: (stage: string) => `The initiative is already at the stage ${stage}.`,
  moveBackwards: (from: string, to: string) => `An initiative cannot move backwards from ${from} to ${to}.`,
  moveNeedsLessons: (stage: string) => `Write down the lessons learned – they are required to move to ${stage}.`,
  movePending: 'A stage move request is already waiting for a decision. It needs to be decided first.',
  moveStale: (stage: string) => `The initiative has moved to ${stage} since the request was made. The request can no longer be approved.`,
  moveNotPending: 'The request has already been decided.',
  invalidUrl: 'Enter a web address starting with https:// or a path starting with /.',
});
