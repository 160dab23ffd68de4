// Demo data for H22 City Expo 2022: the real areas and programme items from the public facts, and a
// deterministic generator of invented items (marked is_demo) that fills the 35 days.
import type { AccessibilityFeature, AreaKind, Audience, EventStatus, EventType, OpeningHours, PriceEntry, Theme } from './expo.schema.ts';
import { ACCESSIBILITY_FEATURES, AUDIENCES, THEMES } from './expo.schema.ts';
import { addDays, dateRange, weekdayOf } from './expo.time.ts';

export const EDITION = {
  slug: 'h22-city-expo-2022',
  acronym: 'h22expo',
  name_sv: 'H22 City Expo',
  name_en: 'H22 City Expo',
  starts_on: '2022-05-30',
  ends_on: '2022-07-03',
  time_zone: 'Europe/Stockholm',
  description_sv:
    'H22 City Expo var ett stopp på Helsingborgs resa mot en smartare och mer hållbar stad: under 35 dagar visades vad som åstadkommits fram till 2022, i tre huvudområden, i stadskärnan och på satelliter i regionen.',
  description_en:
    "H22 City Expo was a stop on Helsingborg's journey towards a smarter and more sustainable city: for 35 days it showed what had been achieved by 2022, in three main areas, in the city centre and at satellites in the region.",
};

export interface SeedOrganisation {
  slug: string;
  name: string;
  kind: 'administration' | 'company' | 'federation' | 'partner' | 'association' | 'academia';
  is_demo?: boolean;
}

/** Organisations the programme names; inserted only when missing (the accounts seed may own them). */
export const SEED_ORGANISATIONS: SeedOrganisation[] = [
  { slug: 'helsingborg-arena-scen', name: 'Helsingborg Arena & Scen AB', kind: 'company' },
  { slug: 'helsingborgshem', name: 'Helsingborgshem', kind: 'company' },
  { slug: 'oresundskraft', name: 'Öresundskraft', kind: 'company' },
  { slug: 'nsr', name: 'NSR', kind: 'company' },
  { slug: 'nsva', name: 'NSVA', kind: 'company' },
  { slug: 'helsingborgs-hamn', name: 'Helsingborgs Hamn', kind: 'company' },
  { slug: 'stadsbyggnadsforvaltningen', name: 'Stadsbyggnadsförvaltningen', kind: 'administration' },
  { slug: 'stadsledningsforvaltningen', name: 'Stadsledningsförvaltningen', kind: 'administration' },
  { slug: 'miljoforvaltningen', name: 'Miljöförvaltningen', kind: 'administration' },
  { slug: 'vard-och-omsorgsforvaltningen', name: 'Vård- och omsorgsförvaltningen', kind: 'administration' },
  { slug: 'skol-och-fritidsforvaltningen', name: 'Skol- och fritidsförvaltningen', kind: 'administration' },
  { slug: 'kulturforvaltningen', name: 'Kulturförvaltningen', kind: 'administration' },
  { slug: 'microsoft', name: 'Microsoft', kind: 'partner' },
  { slug: 'ikea', name: 'IKEA', kind: 'partner' },
  { slug: 'abb', name: 'ABB', kind: 'partner' },
  { slug: 'ibm', name: 'IBM', kind: 'partner' },
  { slug: 'boklok', name: 'BoKlok', kind: 'partner' },
  { slug: 'nowaste', name: 'Nowaste', kind: 'partner' },
  { slug: 'oecd-opsi', name: 'OECD OPSI', kind: 'partner' },
  { slug: 'urban-future', name: 'Urban Future', kind: 'partner' },
  { slug: 'lunds-universitet', name: 'Lunds universitet', kind: 'academia' },
  { slug: 'foreningen-gront-helsingborg', name: 'Föreningen Grönt Helsingborg', kind: 'association', is_demo: true },
  { slug: 'drottninghogs-kvartersrad', name: 'Drottninghögs kvartersråd', kind: 'association', is_demo: true },
];

type Polygon = { type: 'Polygon'; coordinates: number[][][] };
type Point = { type: 'Point'; coordinates: number[] };

/** A rectangle around a centre, as a GeoJSON polygon (lon, lat). */
function box(lat: number, lon: number, dLat: number, dLon: number): Polygon {
  const r = (n: number) => Math.round(n * 1e5) / 1e5;
  return {
    type: 'Polygon',
    coordinates: [[[r(lon - dLon), r(lat - dLat)], [r(lon + dLon), r(lat - dLat)], [r(lon + dLon), r(lat + dLat)], [r(lon - dLon), r(lat + dLat)], [r(lon - dLon), r(lat - dLat)]]],
  };
}
const point = (lat: number, lon: number): Point => ({ type: 'Point', coordinates: [lon, lat] });

export interface SeedArea {
  slug: string;
  kind: AreaKind;
  name_sv: string;
  name_en: string;
  description_sv: string;
  description_en: string;
  geometry: Polygon | Point;
  position: number;
}

export const SEED_AREAS: SeedArea[] = [
  {
    slug: 'oceanhamnen',
    kind: 'main',
    name_sv: 'Oceanhamnen',
    name_en: 'Oceanhamnen',
    description_sv: 'Ett av expots tre huvudområden: den nya stadsdelen i hamnen under temat ”Open up for Circularity”, med RecoLab och House of Resources.',
    description_en: 'One of the three main areas of the expo: the new harbour district under the theme “Open up for Circularity”, with RecoLab and House of Resources.',
    geometry: box(56.0388, 12.6918, 0.0018, 0.0035),
    position: 10,
  },
  {
    slug: 'drottninghog',
    kind: 'main',
    name_sv: 'Drottninghög',
    name_en: 'Drottninghög',
    description_sv: 'Huvudområdet i stadsdelen Drottninghög: visningslägenheter i de förnyade husen, en lägenhet från 1972 i förstärkt verklighet och programpunkter om boende och social hållbarhet.',
    description_en: 'The main area in the Drottninghög district: show flats in the renewed buildings, a flat from 1972 in augmented reality, and items on housing and social sustainability.',
    geometry: box(56.0606, 12.7423, 0.0022, 0.0045),
    position: 20,
  },
  {
    slug: 'seau',
    kind: 'main',
    name_sv: 'SeaU',
    name_en: 'SeaU',
    description_sv: 'Huvudområdet vid vattnet intill Campus Helsingborg, med paviljonger och en scen.',
    description_en: 'The main area by the water next to Campus Helsingborg, with pavilions and a stage.',
    geometry: box(56.0428, 12.6952, 0.0012, 0.0025),
    position: 30,
  },
  {
    slug: 'stadskarnan',
    kind: 'city',
    name_sv: 'Stadskärnan',
    name_en: 'City centre',
    description_sv: 'Stadsområdet i centrala Helsingborg: H22 Arena på Hamntorget, Planetgatan på Sundstorget, Dunkers kulturhus, Konserthuset och Stortorget.',
    description_en: 'The city area in central Helsingborg: H22 Arena at Hamntorget, Planetgatan at Sundstorget, Dunkers kulturhus, the Concert Hall and Stortorget.',
    geometry: box(56.0458, 12.6925, 0.0025, 0.004),
    position: 40,
  },
  {
    slug: 'slottshagen-fredriksdal',
    kind: 'main',
    name_sv: 'Slottshagen och Fredriksdal',
    name_en: 'Slottshagen and Fredriksdal',
    description_sv: 'Parken vid Kärnan där expot invigdes den 31 maj, och Fredriksdal där IKEA:s Camp Tillsammans pågick i fem veckor.',
    description_en: 'The park by Kärnan where the expo opened on 31 May, and Fredriksdal, where IKEA’s Camp Tillsammans ran for five weeks.',
    geometry: {
      type: 'Polygon',
      coordinates: [[[12.6965, 56.0470], [12.7185, 56.0550], [12.7190, 56.0595], [12.7140, 56.0600], [12.6975, 56.0500], [12.6965, 56.0470]]],
    },
    position: 50,
  },
  {
    slug: 'satelliter-skane',
    kind: 'satellite',
    name_sv: 'Satelliter i Skåne',
    name_en: 'Satellites in Skåne',
    description_sv: 'Programpunkter runt om i Skåne: Lund, Malmö, Landskrona, Höganäs och Ängelholm.',
    description_en: 'Programme items around Skåne: Lund, Malmö, Landskrona, Höganäs and Ängelholm.',
    geometry: point(55.85, 13.0),
    position: 60,
  },
  {
    slug: 'greater-copenhagen',
    kind: 'satellite',
    name_sv: 'Satelliter i Greater Copenhagen',
    name_en: 'Satellites in Greater Copenhagen',
    description_sv: 'Programpunkter på andra sidan sundet, i Helsingør och Köpenhamn.',
    description_en: 'Programme items across the strait, in Helsingør and Copenhagen.',
    geometry: point(55.85, 12.6),
    position: 70,
  },
];

export interface SeedVenue {
  slug: string;
  area: string;
  name_sv: string;
  name_en?: string;
  street: string;
  postal_code: string;
  city: string;
  municipality: string;
  country: string;
  lat: number;
  lon: number;
  capacity: number | null;
  hours: 'day' | 'evening' | 'office' | 'weekdays' | 'always';
  accessibility: AccessibilityFeature[];
  exclusive: boolean;
  is_demo: boolean;
}

const HBG = { city: 'Helsingborg', municipality: 'Helsingborg', country: 'SE' };
const v = (slug: string, area: string, name_sv: string, street: string, postal_code: string, lat: number, lon: number, o: Partial<SeedVenue> = {}): SeedVenue => ({
  slug,
  area,
  name_sv,
  street,
  postal_code,
  ...HBG,
  lat,
  lon,
  capacity: null,
  hours: 'day',
  accessibility: ['step_free', 'accessible_toilet'],
  exclusive: false,
  is_demo: true,
  ...o,
});

/** Venues: real places of Helsingborg and the region; the rooms inside them are illustrative (is_demo). */
export const SEED_VENUES: SeedVenue[] = [
  // Oceanhamnen
  v('recolab', 'oceanhamnen', 'RecoLab', 'Oceanhamnen', '252 25', 56.0381, 12.6932, { capacity: 40, is_demo: false, accessibility: ['step_free'] }),
  v('house-of-resources', 'oceanhamnen', 'House of Resources', 'Oceanhamnen', '252 25', 56.0392, 12.6905, { name_en: 'House of Resources', capacity: 300, is_demo: false }),
  v('oceanhamnen-kajscenen', 'oceanhamnen', 'Kajscenen Oceanhamnen', 'Oceanhamnen', '252 25', 56.0386, 12.6891, { name_en: 'Quay stage Oceanhamnen', capacity: 800, hours: 'evening', exclusive: true, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop'] }),
  v('havoteket', 'oceanhamnen', 'Havoteket', 'Oceanhamnen', '252 25', 56.0378, 12.6915, { capacity: 30, is_demo: false, accessibility: ['step_free', 'seating'] }),
  v('oceanpiren-paviljong', 'oceanhamnen', 'Paviljongen på Oceanpiren', 'Oceanpiren', '252 25', 56.0374, 12.6880, { name_en: 'Oceanpiren pavilion', capacity: 120, exclusive: true }),
  v('oceanhamnen-utstallningshall', 'oceanhamnen', 'Utställningshallen Oceanhamnen', 'Oceanhamnen', '252 25', 56.0396, 12.6925, { name_en: 'Oceanhamnen exhibition hall', capacity: 500 }),
  v('oceanhamnen-strandpromenaden', 'oceanhamnen', 'Strandpromenaden Oceanhamnen', 'Oceanhamnen', '252 25', 56.0371, 12.6900, { name_en: 'Oceanhamnen seaside promenade', hours: 'always', accessibility: ['step_free'] }),
  v('oceanhamnen-verkstaden', 'oceanhamnen', 'Verkstaden', 'Oceanhamnen', '252 25', 56.0390, 12.6940, { name_en: 'The Workshop', capacity: 40, exclusive: true }),
  // City centre
  v('h22-arena-hamntorget', 'stadskarnan', 'H22 Arena Hamntorget', 'Hamntorget', '252 21', 56.0443, 12.6911, { capacity: 1500, hours: 'evening', exclusive: true, is_demo: false, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating'] }),
  v('planetgatan-sundstorget', 'stadskarnan', 'Planetgatan på Sundstorget', 'Sundstorget', '252 21', 56.0441, 12.6932, { name_en: 'Planetgatan at Sundstorget', hours: 'always', is_demo: false, accessibility: ['step_free'] }),
  v('dunkers-sal-a', 'stadskarnan', 'Dunkers kulturhus, sal A', 'Kungsgatan 11', '252 21', 56.0476, 12.6889, { name_en: 'Dunkers kulturhus, hall A', capacity: 250, exclusive: true, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating'] }),
  v('dunkers-foajen', 'stadskarnan', 'Dunkers kulturhus, foajén', 'Kungsgatan 11', '252 21', 56.0477, 12.6891, { name_en: 'Dunkers kulturhus, foyer', capacity: 300 }),
  v('konserthuset', 'stadskarnan', 'Helsingborgs konserthus', 'Drottninggatan 19', '252 21', 56.0490, 12.6882, { name_en: 'Helsingborg Concert Hall', capacity: 900, hours: 'evening', exclusive: true, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating'] }),
  v('stadsbiblioteket', 'stadskarnan', 'Stadsbiblioteket', 'Stadsparken', '252 21', 56.0501, 12.6958, { name_en: 'City Library', capacity: 80, hours: 'weekdays', accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating', 'quiet_space'] }),
  v('radhuset', 'stadskarnan', 'Rådhuset, rådhussalen', 'Drottninggatan 1', '252 21', 56.0452, 12.6925, { name_en: 'Town Hall, council chamber', capacity: 120, hours: 'office', exclusive: true, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating'] }),
  v('stortorget-scen', 'stadskarnan', 'Scenen på Stortorget', 'Stortorget', '252 23', 56.0458, 12.6946, { name_en: 'Stortorget stage', capacity: 600, hours: 'evening', exclusive: true, accessibility: ['step_free'] }),
  v('space-to-innovate', 'stadskarnan', 'Space to Innovate', 'Kungsgatan', '252 21', 56.0468, 12.6905, { capacity: 60, is_demo: false }),
  v('stadsteatern', 'stadskarnan', 'Helsingborgs stadsteater', 'Karl Johans gata 1', '252 67', 56.0493, 12.6890, { name_en: 'Helsingborg City Theatre', capacity: 400, hours: 'evening', exclusive: true, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating'] }),
  v('kulturmagasinet', 'stadskarnan', 'Kulturmagasinet', 'Fredriksdalsgatan 2', '252 23', 56.0463, 12.6980, { capacity: 150 }),
  v('silviabo', 'stadskarnan', 'SilviaBo', 'Helsingborg', '252 20', 56.0520, 12.7010, { capacity: 15, hours: 'office', is_demo: false, accessibility: ['step_free', 'accessible_toilet', 'seating', 'quiet_space'] }),
  v('knutpunkten-motesrum', 'stadskarnan', 'Knutpunkten, mötesrummet', 'Järnvägsgatan 10', '252 24', 56.0431, 12.6955, { name_en: 'Knutpunkten, meeting room', capacity: 50, hours: 'office', exclusive: true }),
  // SeaU
  v('campus-aulan', 'seau', 'Campus Helsingborg, aulan', 'Universitetsplatsen 2', '252 25', 56.0440, 12.6957, { name_en: 'Campus Helsingborg, auditorium', capacity: 350, hours: 'office', exclusive: true, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating'] }),
  v('campus-innovationsrummet', 'seau', 'Campus Helsingborg, innovationsrummet', 'Universitetsplatsen 2', '252 25', 56.0438, 12.6960, { name_en: 'Campus Helsingborg, innovation room', capacity: 40, hours: 'office', exclusive: true }),
  v('seau-paviljongen', 'seau', 'SeaU-paviljongen', 'Hamnplan', '252 25', 56.0426, 12.6947, { name_en: 'SeaU pavilion', capacity: 100 }),
  v('seau-strandscenen', 'seau', 'Strandscenen SeaU', 'Hamnplan', '252 25', 56.0422, 12.6942, { name_en: 'SeaU beach stage', capacity: 400, hours: 'evening', exclusive: true, accessibility: ['step_free'] }),
  v('seau-testbadden', 'seau', 'Testbädden vid vattnet', 'Hamnplan', '252 25', 56.0430, 12.6940, { name_en: 'Testbed by the water', capacity: 60 }),
  // Drottninghög
  v('drottninghog-visningslagenheter', 'drottninghog', 'Visningslägenheterna på Drottninghög', 'Drottninghögsvägen', '254 56', 56.0610, 12.7410, { name_en: 'Show flats in Drottninghög', capacity: 20, is_demo: false, accessibility: ['step_free'] }),
  v('drottninghog-1972', 'drottninghog', 'Lägenheten från 1972 (AR)', 'Drottninghögsvägen', '254 56', 56.0607, 12.7418, { name_en: 'The 1972 flat (AR)', capacity: 10, is_demo: false, accessibility: ['step_free'] }),
  v('drottninghog-biblioteket', 'drottninghog', 'Drottninghögs bibliotek', 'Drottninghögs centrum', '254 56', 56.0600, 12.7430, { name_en: 'Drottninghög library', capacity: 60, hours: 'weekdays', accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating', 'quiet_space'] }),
  v('drottninghog-torget', 'drottninghog', 'Torget på Drottninghög', 'Drottninghögs centrum', '254 56', 56.0598, 12.7438, { name_en: 'Drottninghög square', capacity: 500, hours: 'evening', exclusive: true, accessibility: ['step_free', 'accessible_toilet'] }),
  v('drottninghog-stadsodlingen', 'drottninghog', 'Stadsodlingen på Drottninghög', 'Drottninghögsvägen', '254 56', 56.0615, 12.7445, { name_en: 'Drottninghög urban farm', capacity: 40, hours: 'day', accessibility: ['step_free', 'seating'] }),
  v('drottninghog-folketshus', 'drottninghog', 'Mötesplatsen Drottninghög', 'Drottninghögs centrum', '254 56', 56.0603, 12.7425, { name_en: 'Drottninghög meeting place', capacity: 120, exclusive: true, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'seating'] }),
  v('drottninghog-skolan', 'drottninghog', 'Drottninghögsskolan, aulan', 'Drottninghögsvägen', '254 56', 56.0620, 12.7400, { name_en: 'Drottninghög school, hall', capacity: 200, hours: 'office', exclusive: true, accessibility: ['step_free', 'accessible_toilet', 'seating'] }),
  // Slottshagen and Fredriksdal
  v('slottshagen-scenen', 'slottshagen-fredriksdal', 'Stora scenen i Slottshagen', 'Slottshagen', '252 23', 56.0489, 12.7004, { name_en: 'Slottshagen main stage', capacity: 5000, hours: 'evening', exclusive: true, is_demo: false, accessibility: ['step_free', 'accessible_toilet', 'hearing_loop'] }),
  v('slottshagen-paviljongen', 'slottshagen-fredriksdal', 'Paviljongen i Slottshagen', 'Slottshagen', '252 23', 56.0484, 12.6995, { name_en: 'Slottshagen pavilion', capacity: 150 }),
  v('karnan', 'slottshagen-fredriksdal', 'Kärnan', 'Slottshagen', '252 23', 56.0475, 12.6981, { capacity: 40, accessibility: ['seating'] }),
  v('camp-tillsammans', 'slottshagen-fredriksdal', 'Camp Tillsammans, Fredriksdal', 'Gisela Trapps väg 1', '254 37', 56.0570, 12.7160, { name_en: 'Camp Tillsammans, Fredriksdal', capacity: 400, is_demo: false, accessibility: ['step_free', 'accessible_toilet', 'seating'] }),
  v('fredriksdal-friluftsteatern', 'slottshagen-fredriksdal', 'Friluftsteatern på Fredriksdal', 'Gisela Trapps väg 1', '254 37', 56.0576, 12.7172, { name_en: 'Fredriksdal open-air theatre', capacity: 900, hours: 'evening', exclusive: true, accessibility: ['step_free', 'seating'] }),
  // Satellites in Skåne
  v('lund-designcentrum', 'satelliter-skane', 'Ingvar Kamprad Designcentrum, Lund', 'Sölvegatan 26', '223 62', 55.7119, 13.2103, { name_en: 'Ingvar Kamprad Design Centre, Lund', city: 'Lund', municipality: 'Lund', capacity: 150, hours: 'office', exclusive: true }),
  v('malmo-media-evolution', 'satelliter-skane', 'Media Evolution City, Malmö', 'Stora Varvsgatan 6A', '211 19', 55.6133, 12.9755, { city: 'Malmö', municipality: 'Malmö', capacity: 200, hours: 'office', exclusive: true }),
  v('landskrona-citadellet', 'satelliter-skane', 'Citadellet, Landskrona', 'Citadellet', '261 31', 55.8708, 12.8302, { name_en: 'The Citadel, Landskrona', city: 'Landskrona', municipality: 'Landskrona', capacity: 120, accessibility: ['seating'] }),
  v('hoganas-biblioteket', 'satelliter-skane', 'Höganäs stadsbibliotek', 'Centralgatan 20', '263 38', 56.1997, 12.5570, { name_en: 'Höganäs library', city: 'Höganäs', municipality: 'Höganäs', capacity: 60, hours: 'weekdays' }),
  v('angelholm-kulturhuset', 'satelliter-skane', 'Kulturhuset Ängelholm', 'Storgatan 36', '262 32', 56.2428, 12.8621, { name_en: 'Ängelholm culture house', city: 'Ängelholm', municipality: 'Ängelholm', capacity: 100 }),
  // Greater Copenhagen
  v('helsingor-kulturvaerftet', 'greater-copenhagen', 'Kulturværftet, Helsingør', 'Allégade 2', '3000', 56.0392, 12.6219, { city: 'Helsingør', municipality: 'Helsingør', country: 'DK', capacity: 300, exclusive: true }),
  v('kobenhavn-blox', 'greater-copenhagen', 'BLOX, København', 'Bryghuspladsen 8', '1473', 55.6727, 12.5779, { name_en: 'BLOX, Copenhagen', city: 'København', municipality: 'København', country: 'DK', capacity: 250, hours: 'office', exclusive: true }),
];

export function openingHoursFor(kind: SeedVenue['hours']): OpeningHours {
  const all = (opens: string, closes: string, days = [1, 2, 3, 4, 5, 6, 7]) => Object.fromEntries(days.map((d) => [String(d), { opens, closes }])) as OpeningHours;
  switch (kind) {
    case 'day':
      return all('10:00', '18:00');
    case 'evening':
      return all('10:00', '23:00');
    case 'office':
      return all('08:00', '18:00', [1, 2, 3, 4, 5]);
    case 'weekdays':
      return { ...all('10:00', '19:00', [1, 2, 3, 4, 5]), ...all('11:00', '16:00', [6]) };
    case 'always':
      return {};
  }
}

// ---------- programme items ----------

export interface SeedSlot {
  venue: string;
  date: string;
  start: string;
  end: string;
  status?: EventStatus;
}

export interface SeedEvent {
  key: string;
  type: EventType;
  title_sv: string;
  title_en: string;
  description_sv: string;
  description_en: string;
  themes: Theme[];
  sdgs: number[];
  audience: Audience[];
  age_min: number | null;
  age_max: number | null;
  languages: string[];
  accessibility: AccessibilityFeature[];
  prices: PriceEntry[];
  booking_mode: 'none' | 'external' | 'registration';
  booking_url: string | null;
  status: EventStatus;
  organisers: string[];
  slots: SeedSlot[];
  recurrence?: { venue: string; weekdays: number[]; first: string; last: string; start: string; end: string; exceptions: string[] };
  period?: { venue: string; from: string; to: string };
  is_demo: boolean;
  state: 'accepted' | 'submitted' | 'draft';
}

const days = (from: string, to: string, venue: string, start: string, end: string): SeedSlot[] => dateRange(from, to).map((date) => ({ venue, date, start, end }));

const real = (e: Omit<SeedEvent, 'is_demo' | 'state' | 'age_min' | 'age_max' | 'booking_url' | 'status'> & Partial<SeedEvent>): SeedEvent => ({
  age_min: null,
  age_max: null,
  booking_url: null,
  status: 'scheduled',
  is_demo: false,
  state: 'accepted',
  ...e,
});

/** Programme items named in the public facts about H22 City Expo. */
export const REAL_EVENTS: SeedEvent[] = [
  real({
    key: 'invigning',
    type: 'performance',
    title_sv: 'Officiell invigning av H22 City Expo',
    title_en: 'Official opening of H22 City Expo',
    description_sv: 'H22 City Expo invigs officiellt i Slottshagen. Välkommen till en kväll med tal, musik och en första blick på 35 dagar av idéer för en smartare och mer hållbar stad.',
    description_en: 'H22 City Expo opens officially in Slottshagen. Welcome to an evening of speeches, music and a first look at 35 days of ideas for a smarter and more sustainable city.',
    themes: ['quality_of_life', 'engagement'],
    sdgs: [11, 17],
    audience: ['general', 'families'],
    languages: ['sv'],
    accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'sign_language'],
    prices: [],
    booking_mode: 'none',
    organisers: ['helsingborg-arena-scen', 'stadsledningsforvaltningen'],
    slots: [{ venue: 'slottshagen-scenen', date: '2022-05-31', start: '18:00', end: '20:30' }],
  }),
  real({
    key: 'urban-brilliance',
    type: 'conference',
    title_sv: 'Urban Brilliance',
    title_en: 'Urban Brilliance',
    description_sv: 'Europeiska städer delar hur de arbetar med innovation och hållbar stadsutveckling. Med Valencia, Oslo, Greater Copenhagen, Tammerfors, Tallinn och Linz.',
    description_en: 'European cities share how they work with innovation and sustainable urban development. With Valencia, Oslo, Greater Copenhagen, Tampere, Tallinn and Linz.',
    themes: ['innovation', 'enabler'],
    sdgs: [9, 11, 17],
    audience: ['professionals'],
    languages: ['en'],
    accessibility: ['step_free', 'hearing_loop', 'captions'],
    prices: [],
    booking_mode: 'registration',
    organisers: ['stadsledningsforvaltningen'],
    slots: days('2022-05-30', '2022-06-02', 'dunkers-sal-a', '09:00', '16:00'),
  }),
  real({
    key: 'urban-future',
    type: 'conference',
    title_sv: 'Urban Future',
    title_en: 'Urban Future',
    description_sv: 'Konferensen om hållbara städer samlar borgmästare och förändringsledare från städer i hela världen i Helsingborg. Enligt arrangörerna deltog 108 borgmästare från 72 städer.',
    description_en: 'The conference on sustainable cities brings mayors and change-makers from cities around the world to Helsingborg. According to the organisers, 108 mayors from 72 cities took part.',
    themes: ['global_goals', 'innovation', 'enabler'],
    sdgs: [11, 13, 17],
    audience: ['professionals'],
    languages: ['en'],
    accessibility: ['step_free', 'hearing_loop', 'captions'],
    prices: [{ category: 'adult', amount_ore: 450000 }],
    booking_mode: 'external',
    booking_url: 'https://www.urban-future.org/',
    organisers: ['urban-future', 'stadsledningsforvaltningen'],
    slots: days('2022-06-01', '2022-06-03', 'konserthuset', '09:00', '17:30'),
  }),
  real({
    key: 'demokratifestivalen',
    type: 'conference',
    title_sv: 'Demokratifestivalen',
    title_en: 'Democracy Festival',
    description_sv: 'Fyra dagar om demokrati, delaktighet och samtal i H22 Arena på Hamntorget.',
    description_en: 'Four days of democracy, participation and conversation in H22 Arena at Hamntorget.',
    themes: ['engagement', 'quality_of_life'],
    sdgs: [10, 16],
    audience: ['general', 'youth'],
    languages: ['sv'],
    accessibility: ['step_free', 'accessible_toilet', 'hearing_loop', 'sign_language'],
    prices: [],
    booking_mode: 'none',
    organisers: ['helsingborg-arena-scen'],
    slots: days('2022-06-13', '2022-06-16', 'h22-arena-hamntorget', '10:00', '18:00'),
  }),
  real({
    key: 'recolab-visning',
    type: 'guided_tour',
    title_sv: 'Visning av RecoLab: tre rör för avloppsvatten',
    title_en: 'RecoLab tour: three pipes for wastewater',
    description_sv: 'I Oceanhamnen sorteras avloppsvattnet i tre separata rör så att näring och energi kan tas tillvara. Följ med på en visning av RecoLab.',
    description_en: 'In Oceanhamnen wastewater is separated into three pipes so that nutrients and energy can be recovered. Join a tour of RecoLab.',
    themes: ['innovation', 'global_goals'],
    sdgs: [6, 12],
    audience: ['general', 'students', 'professionals'],
    languages: ['sv'],
    accessibility: ['step_free'],
    prices: [],
    booking_mode: 'none',
    organisers: ['nsva'],
    slots: [],
    recurrence: { venue: 'recolab', weekdays: [2, 4, 6], first: '2022-05-31', last: '2022-07-02', start: '11:00', end: '12:00', exceptions: ['2022-06-25'] },
  }),
  real({
    key: 'house-of-resources',
    type: 'exhibition',
    title_sv: 'Open up for Circularity – House of Resources',
    title_en: 'Open up for Circularity – House of Resources',
    description_sv: 'Utställningen i Oceanhamnen om cirkulära flöden: vatten, energi och material som tas tillvara i stället för att bli avfall.',
    description_en: 'The exhibition in Oceanhamnen on circular flows: water, energy and materials recovered instead of becoming waste.',
    themes: ['global_goals', 'innovation'],
    sdgs: [6, 7, 12],
    audience: ['general', 'families'],
    languages: ['sv', 'en'],
    accessibility: ['step_free', 'accessible_toilet'],
    prices: [],
    booking_mode: 'none',
    organisers: ['nsr', 'nsva', 'oresundskraft'],
    slots: [],
    period: { venue: 'house-of-resources', from: '2022-05-30', to: '2022-07-03' },
  }),
  real({
    key: 'planetgatan',
    type: 'exhibition',
    title_sv: 'Planetgatan',
    title_en: 'Planetgatan',
    description_sv: 'En gata på Sundstorget om hur vi kan leva inom planetens gränser.',
    description_en: 'A street at Sundstorget about living within the limits of the planet.',
    themes: ['global_goals', 'quality_of_life'],
    sdgs: [12, 13],
    audience: ['general', 'families'],
    languages: ['sv', 'en'],
    accessibility: ['step_free'],
    prices: [],
    booking_mode: 'none',
    organisers: ['miljoforvaltningen'],
    slots: [],
    period: { venue: 'planetgatan-sundstorget', from: '2022-05-30', to: '2022-07-03' },
  }),
  real({
    key: 'visningslagenheter',
    type: 'exhibition',
    title_sv: 'Visningslägenheterna på Drottninghög',
    title_en: 'The show flats in Drottninghög',
    description_sv: 'Se hur det förnyade Drottninghög bor: visningslägenheter i de nya och renoverade husen.',
    description_en: 'See how the renewed Drottninghög lives: show flats in the new and renovated buildings.',
    themes: ['quality_of_life', 'enabler'],
    sdgs: [11],
    audience: ['general', 'families'],
    languages: ['sv'],
    accessibility: ['step_free'],
    prices: [],
    booking_mode: 'none',
    organisers: ['helsingborgshem'],
    slots: [],
    period: { venue: 'drottninghog-visningslagenheter', from: '2022-05-30', to: '2022-07-03' },
  }),
  real({
    key: 'lagenhet-1972',
    type: 'exhibition',
    title_sv: 'En lägenhet från 1972 i förstärkt verklighet',
    title_en: 'A flat from 1972 in augmented reality',
    description_sv: 'Kliv in i en Drottninghögslägenhet som den såg ut 1972, med hjälp av förstärkt verklighet (AR).',
    description_en: 'Step into a Drottninghög flat as it looked in 1972, through augmented reality (AR).',
    themes: ['technology', 'quality_of_life'],
    sdgs: [11],
    audience: ['general', 'families', 'seniors'],
    languages: ['sv'],
    accessibility: ['step_free'],
    prices: [],
    booking_mode: 'none',
    organisers: ['helsingborgshem'],
    slots: [],
    period: { venue: 'drottninghog-1972', from: '2022-05-30', to: '2022-07-03' },
  }),
  real({
    key: 'havoteket',
    type: 'workshop',
    title_sv: 'Havoteket: upptäck livet i Öresund',
    title_en: 'Havoteket: discover the life in Öresund',
    description_sv: 'Titta närmare på djur och växter från Öresund och lär dig hur vi tar hand om havet.',
    description_en: 'Take a closer look at animals and plants from Öresund and learn how we take care of the sea.',
    themes: ['global_goals', 'quality_of_life'],
    sdgs: [14],
    audience: ['families', 'children'],
    age_min: 6,
    age_max: 12,
    languages: ['sv'],
    accessibility: ['step_free', 'seating'],
    prices: [],
    booking_mode: 'none',
    organisers: ['miljoforvaltningen'],
    slots: [],
    recurrence: { venue: 'havoteket', weekdays: [3, 6, 7], first: '2022-06-01', last: '2022-07-03', start: '13:00', end: '14:30', exceptions: [] },
  }),
  real({
    key: 'silviabo',
    type: 'guided_tour',
    title_sv: 'SilviaBo: ett boende för personer med demenssjukdom',
    title_en: 'SilviaBo: housing for people with dementia',
    description_sv: 'En visning av SilviaBo, där boendemiljö och teknik utformats för personer med demenssjukdom och deras anhöriga.',
    description_en: 'A tour of SilviaBo, where the living environment and technology are designed for people with dementia and their families.',
    themes: ['quality_of_life', 'technology'],
    sdgs: [3, 10],
    audience: ['professionals', 'seniors'],
    languages: ['sv'],
    accessibility: ['step_free', 'accessible_toilet', 'seating'],
    prices: [],
    booking_mode: 'registration',
    organisers: ['vard-och-omsorgsforvaltningen'],
    slots: [],
    recurrence: { venue: 'silviabo', weekdays: [2, 4], first: '2022-05-31', last: '2022-06-30', start: '10:00', end: '11:00', exceptions: ['2022-06-23'] },
  }),
  real({
    key: 'space-to-innovate',
    type: 'exhibition',
    title_sv: 'Space to Innovate',
    title_en: 'Space to Innovate',
    description_sv: 'En plats för att prova idéer och möta dem som utvecklar välfärdens nya lösningar.',
    description_en: 'A place to try out ideas and meet the people developing new solutions for welfare.',
    themes: ['innovation', 'engagement'],
    sdgs: [9],
    audience: ['general', 'professionals'],
    languages: ['sv', 'en'],
    accessibility: ['step_free', 'accessible_toilet'],
    prices: [],
    booking_mode: 'none',
    organisers: ['stadsledningsforvaltningen'],
    slots: [],
    period: { venue: 'space-to-innovate', from: '2022-05-30', to: '2022-07-03' },
  }),
  real({
    key: 'camp-tillsammans',
    type: 'exhibition',
    title_sv: 'Camp Tillsammans',
    title_en: 'Camp Tillsammans',
    description_sv: 'IKEA:s läger på Fredriksdal om att leva, bo och göra saker tillsammans – i fem veckor.',
    description_en: 'IKEA’s camp at Fredriksdal about living, housing and doing things together – for five weeks.',
    themes: ['quality_of_life', 'engagement'],
    sdgs: [11, 12],
    audience: ['general', 'families'],
    languages: ['sv', 'en'],
    accessibility: ['step_free', 'accessible_toilet', 'seating'],
    prices: [],
    booking_mode: 'none',
    organisers: ['ikea'],
    slots: [],
    period: { venue: 'camp-tillsammans', from: '2022-05-30', to: '2022-07-03' },
  }),
];

// ---------- the generator of demo items ----------

/** A small deterministic PRNG (mulberry32), so the demo programme is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS: [string, string, Theme[], number[]][] = [
  ['Cirkulär ekonomi i vardagen', 'Circular economy in everyday life', ['global_goals', 'innovation'], [12]],
  ['Framtidens välfärd', 'The future of welfare', ['quality_of_life', 'innovation'], [3, 10]],
  ['Smarta hem för äldre', 'Smart homes for older people', ['technology', 'quality_of_life'], [3, 11]],
  ['AI i skolan', 'AI in school', ['technology', 'innovation'], [4]],
  ['Hållbara transporter', 'Sustainable transport', ['global_goals', 'enabler'], [11, 13]],
  ['Vätgas och förnybar energi', 'Hydrogen and renewable energy', ['innovation', 'global_goals'], [7, 13]],
  ['Stadsodling', 'Urban farming', ['engagement', 'global_goals'], [2, 11, 15]],
  ['Digital delaktighet', 'Digital inclusion', ['technology', 'engagement'], [10]],
  ['Vatten i staden', 'Water in the city', ['global_goals', 'enabler'], [6, 14]],
  ['Klimatanpassning', 'Climate adaptation', ['global_goals', 'enabler'], [11, 13]],
  ['Medborgardialog', 'Citizen dialogue', ['engagement', 'enabler'], [16]],
  ['Trygghet i offentliga rum', 'Safety in public spaces', ['quality_of_life', 'enabler'], [11, 16]],
  ['Återbruk i byggbranschen', 'Reuse in construction', ['innovation', 'global_goals'], [9, 12]],
  ['Mindre matsvinn', 'Less food waste', ['global_goals', 'engagement'], [2, 12]],
  ['Sensorer i staden', 'Sensors in the city', ['technology', 'enabler'], [9, 11]],
  ['Framtidens hamn', 'The port of the future', ['innovation', 'enabler'], [9, 14]],
  ['Innovation i vården', 'Innovation in care', ['innovation', 'quality_of_life'], [3]],
  ['Unga idéer för staden', 'Young ideas for the city', ['engagement', 'quality_of_life'], [4, 11]],
  ['Biologisk mångfald i staden', 'Biodiversity in the city', ['global_goals', 'quality_of_life'], [15]],
  ['Delningsekonomi', 'The sharing economy', ['engagement', 'innovation'], [12]],
  ['Jämställd stadsplanering', 'Gender-equal urban planning', ['quality_of_life', 'enabler'], [5, 11]],
  ['Hälsa och rörelse', 'Health and movement', ['quality_of_life'], [3]],
  ['Öppna data', 'Open data', ['technology', 'enabler'], [9, 16]],
  ['Energieffektiva hus', 'Energy-efficient buildings', ['innovation', 'global_goals'], [7, 11]],
  ['Fossilfri logistik', 'Fossil-free logistics', ['innovation', 'global_goals'], [9, 13]],
  ['Livslångt lärande', 'Lifelong learning', ['quality_of_life', 'engagement'], [4, 8]],
  ['Testbäddar och piloter', 'Testbeds and pilots', ['innovation', 'enabler'], [9, 17]],
  ['Social hållbarhet på Drottninghög', 'Social sustainability in Drottninghög', ['quality_of_life', 'engagement'], [1, 10, 11]],
];

const FORMATS: Record<EventType, [string, string][]> = {
  talk: [['Föredrag: {t}', 'Talk: {t}'], ['{t} – ett samtal', '{t} – a conversation'], ['Lunchföredrag: {t}', 'Lunch talk: {t}']],
  workshop: [['Workshop: {t}', 'Workshop: {t}'], ['Idéverkstad om {l}', 'Idea workshop on {l}'], ['Prova själv: {t}', 'Try it yourself: {t}']],
  conference: [['Seminariedag: {t}', 'Seminar day: {t}'], ['Forum: {t}', 'Forum: {t}']],
  exhibition: [['Utställning: {t}', 'Exhibition: {t}'], ['{t} – en utställning', '{t} – an exhibition']],
  guided_tour: [['Guidad tur: {t}', 'Guided tour: {t}'], ['Vandring: {t}', 'Walk: {t}']],
  performance: [['Scen: {t}', 'On stage: {t}'], ['Kvällsshow om {l}', 'Evening show on {l}']],
  meeting: [['Nätverksträff: {t}', 'Networking: {t}'], ['Rundabordssamtal: {t}', 'Round table: {t}']],
  other: [['Öppet hus: {t}', 'Open house: {t}'], ['Frågestund: {t}', 'Q&A: {t}']],
};

const TYPE_WEIGHTS: [EventType, number][] = [
  ['talk', 26],
  ['workshop', 20],
  ['guided_tour', 12],
  ['meeting', 10],
  ['performance', 8],
  ['conference', 6],
  ['exhibition', 8],
  ['other', 10],
];

export interface VenueForGen {
  slug: string;
  exclusive: boolean;
  hours: OpeningHours;
  accessibility: AccessibilityFeature[];
}

/**
 * Invented items (is_demo) that fill every day of the expo. Deterministic for a given seed; slots
 * stay inside opening hours and never double-book an exclusive venue.
 */
export function generateDemoEvents(opts: { count: number; seed: number; from: string; to: string; venues: VenueForGen[]; organisations: string[]; keyPrefix?: string }): SeedEvent[] {
  const rnd = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const some = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => rnd() < p);
  const weighted = (): EventType => {
    const total = TYPE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
    let r = rnd() * total;
    for (const [t, w] of TYPE_WEIGHTS) if ((r -= w) < 0) return t;
    return 'other';
  };
  const dates = dateRange(opts.from, opts.to);
  const busy = new Map<string, [number, number][]>(); // exclusive venue|date → booked minutes
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const fromMin = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const free = (venue: VenueForGen, date: string, s: number, e: number) => {
    if (!venue.exclusive) return true;
    const list = busy.get(`${venue.slug}|${date}`) ?? [];
    return list.every(([a, b]) => e <= a || s >= b);
  };
  const book = (venue: VenueForGen, date: string, s: number, e: number) => {
    if (!venue.exclusive) return;
    const k = `${venue.slug}|${date}`;
    busy.set(k, [...(busy.get(k) ?? []), [s, e]]);
  };
  const slotIn = (venue: VenueForGen, date: string, minutes: number): SeedSlot | undefined => {
    const h = venue.hours[String(weekdayOf(date)) as '1'];
    if (Object.keys(venue.hours).length && !h) return undefined;
    const open = h ? toMin(h.opens) : 9 * 60;
    const close = h ? toMin(h.closes) : 21 * 60;
    for (let attempt = 0; attempt < 6; attempt++) {
      const latest = close - minutes;
      if (latest < open) return undefined;
      const s = open + Math.floor((rnd() * (latest - open)) / 15) * 15;
      const e = s + minutes;
      if (free(venue, date, s, e)) {
        book(venue, date, s, e);
        return { venue: venue.slug, date, start: fromMin(s), end: fromMin(e) };
      }
    }
    return undefined;
  };

  const out: SeedEvent[] = [];
  let n = 0;
  let guard = 0;
  while (out.length < opts.count && guard++ < opts.count * 20) {
    n++;
    const type = weighted();
    const [topicSv, topicEn, themes, sdgs] = pick(TOPICS);
    const [fSv, fEn] = pick(FORMATS[type]);
    // "{l}" is the topic inside a sentence: lowercase, unless it starts with an acronym ("AI").
    const lower = (s: string) => (/^[A-ZÅÄÖ]{2}/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));
    const title_sv = fSv.replace('{t}', topicSv).replace('{l}', lower(topicSv));
    const title_en = fEn.replace('{t}', topicEn).replace('{l}', lower(topicEn));
    const venue = pick(opts.venues);
    const audience: Audience[] = some(AUDIENCES, 0.25);
    if (audience.length === 0) audience.push('general');
    const forChildren = audience.includes('children') || audience.includes('families');
    const langRoll = rnd();
    const languages = langRoll < 0.6 ? ['sv'] : langRoll < 0.9 ? ['sv', 'en'] : ['en'];
    const paid = rnd() < 0.25;
    const adult = (5 + Math.floor(rnd() * 25)) * 1000;
    const prices: PriceEntry[] = paid
      ? [
          { category: 'adult', amount_ore: adult },
          { category: 'student', amount_ore: Math.round(adult / 2 / 500) * 500 },
          ...(forChildren ? [{ category: 'child' as const, amount_ore: 0, age_max: 12 }] : []),
          { category: 'senior', amount_ore: Math.round((adult * 0.75) / 500) * 500, age_min: 65 },
        ]
      : [];
    const booking_mode = paid ? 'external' : rnd() < 0.3 ? 'registration' : 'none';
    const statusRoll = rnd();
    const status: EventStatus = statusRoll < 0.03 ? 'cancelled' : statusRoll < 0.05 ? 'rescheduled' : 'scheduled';
    const organisers = [pick(opts.organisations)];
    if (rnd() < 0.3) {
      const co = pick(opts.organisations);
      if (!organisers.includes(co)) organisers.push(co);
    }
    const key = `${opts.keyPrefix ?? 'demo'}-${n}`;
    const base: Omit<SeedEvent, 'slots'> = {
      key,
      type,
      title_sv,
      title_en,
      description_sv: `${topicSv} är en del av H22:s arbete för en smartare stad. Programpunkten visar exempel från Helsingborg och ger tid för frågor.\n\nExempeldata: påhittad programpunkt för demonstrationen.`,
      description_en: `${topicEn} is part of H22's work towards a smarter city. The item shows examples from Helsingborg and leaves time for questions.\n\nDemo data: an invented programme item for the demonstration.`,
      themes: [...new Set([...themes, ...some(THEMES, 0.1)])],
      sdgs: [...new Set(sdgs)].sort((a, b) => a - b),
      audience,
      age_min: forChildren ? 4 + Math.floor(rnd() * 4) : null,
      age_max: forChildren ? 12 + Math.floor(rnd() * 4) : null,
      languages,
      accessibility: some(ACCESSIBILITY_FEATURES.filter((f) => !['step_free', 'accessible_toilet'].includes(f)), 0.15),
      prices,
      booking_mode,
      booking_url: booking_mode === 'external' ? `https://biljetter.example.org/h22/${key}` : null,
      status,
      organisers,
      is_demo: true,
      state: 'accepted',
    };
    if (type === 'exhibition') {
      const start = pick(dates);
      const len = 3 + Math.floor(rnd() * 25);
      const end = addDays(start, len) > opts.to ? opts.to : addDays(start, len);
      out.push({ ...base, slots: [], period: { venue: venue.slug, from: start, to: end } });
      continue;
    }
    const minutes = type === 'conference' ? 240 + Math.floor(rnd() * 4) * 60 : 45 + Math.floor(rnd() * 8) * 15;
    if ((type === 'guided_tour' || type === 'workshop') && rnd() < 0.25) {
      // A weekly item: one or two weekdays for a few weeks, keeping the same time.
      const first = pick(dates.slice(0, 20));
      const slot = slotIn(venue, first, minutes);
      if (!slot) continue;
      const open = (d: number) => Object.keys(venue.hours).length === 0 || !!venue.hours[String(d) as '1'];
      const weekdays = [...new Set([weekdayOf(first), ...(rnd() < 0.5 ? [1 + Math.floor(rnd() * 7)] : [])])].filter(open).sort();
      const until = addDays(first, 14 + Math.floor(rnd() * 14));
      const last = until > opts.to ? opts.to : until;
      // Only exclusive venues could clash: recurrences are kept to open venues.
      if (venue.exclusive) {
        out.push({ ...base, slots: [slot] });
        continue;
      }
      out.push({ ...base, slots: [], recurrence: { venue: venue.slug, weekdays, first, last, start: slot.start, end: slot.end, exceptions: [] } });
      continue;
    }
    const count = rnd() < 0.15 ? 2 + Math.floor(rnd() * 2) : 1;
    const slots: SeedSlot[] = [];
    for (let i = 0; i < count; i++) {
      const s = slotIn(venue, pick(dates), minutes);
      if (s) slots.push(s);
    }
    if (slots.length === 0) continue;
    out.push({ ...base, slots });
  }
  return out;
}
