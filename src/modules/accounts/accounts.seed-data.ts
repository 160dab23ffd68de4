// The real organisations of Helsingborg's H22 programme. Other modules refer to them by slug
// (see ORGANISATION_SLUGS in index.ts), so a slug here must never change once released.
import type { OrganisationKind } from '../../db/types.ts';

export interface SeedOrganisation {
  slug: string;
  name: string;
  kind: OrganisationKind;
  description_sv: string;
  description_en: string;
  website: string | null;
}

const city = 'https://helsingborg.se';

export const SEED_ORGANISATIONS = [
  // ---- the City of Helsingborg's administrations (förvaltningar) ----
  {
    slug: 'stadsledningsforvaltningen',
    name: 'Stadsledningsförvaltningen',
    kind: 'administration',
    description_sv: 'Stödjer kommunstyrelsen och leder, samordnar och följer upp stadens gemensamma arbete, bland annat digitalisering och innovation.',
    description_en: "Supports the municipal executive board and leads, coordinates and follows up the city's shared work, including digitalisation and innovation.",
    website: city,
  },
  {
    slug: 'stadsbyggnadsforvaltningen',
    name: 'Stadsbyggnadsförvaltningen',
    kind: 'administration',
    description_sv: 'Planerar och bygger staden: detaljplaner, bygglov, gator, parker och trafik.',
    description_en: 'Plans and builds the city: zoning plans, building permits, streets, parks and traffic.',
    website: city,
  },
  {
    slug: 'skol-och-fritidsforvaltningen',
    name: 'Skol- och fritidsförvaltningen',
    kind: 'administration',
    description_sv: 'Ansvarar för förskola, grundskola och fritidsverksamhet för barn och unga.',
    description_en: 'Responsible for preschool, compulsory school and leisure activities for children and young people.',
    website: city,
  },
  {
    slug: 'vard-och-omsorgsforvaltningen',
    name: 'Vård- och omsorgsförvaltningen',
    kind: 'administration',
    description_sv: 'Ger vård och omsorg till äldre och till personer med funktionsnedsättning.',
    description_en: 'Provides care for older people and for people with disabilities.',
    website: city,
  },
  {
    slug: 'socialforvaltningen',
    name: 'Socialförvaltningen',
    kind: 'administration',
    description_sv: 'Ger stöd och skydd till barn, unga, vuxna och familjer som behöver det.',
    description_en: 'Gives support and protection to children, young people, adults and families who need it.',
    website: city,
  },
  {
    slug: 'arbetsmarknadsforvaltningen',
    name: 'Arbetsmarknadsförvaltningen',
    kind: 'administration',
    description_sv: 'Hjälper helsingborgare till arbete och studier, bland annat genom vuxenutbildning.',
    description_en: 'Helps the people of Helsingborg into work and studies, among other things through adult education.',
    website: city,
  },
  {
    slug: 'kulturforvaltningen',
    name: 'Kulturförvaltningen',
    kind: 'administration',
    description_sv: 'Ansvarar för stadens kulturverksamheter, som bibliotek, museer och scener.',
    description_en: "Responsible for the city's cultural services, such as libraries, museums and stages.",
    website: city,
  },
  {
    slug: 'miljoforvaltningen',
    name: 'Miljöförvaltningen',
    kind: 'administration',
    description_sv: 'Arbetar för en god och hållbar miljö genom tillsyn, miljöövervakning och stöd till stadens klimat- och miljöarbete.',
    description_en: "Works for a good and sustainable environment through inspection, environmental monitoring and support for the city's climate and environmental work.",
    website: city,
  },
  {
    slug: 'fastighetsforvaltningen',
    name: 'Fastighetsförvaltningen',
    kind: 'administration',
    description_sv: 'Äger, förvaltar och utvecklar stadens fastigheter och mark.',
    description_en: "Owns, manages and develops the city's buildings and land.",
    website: city,
  },
  // ---- municipal companies (bolag) ----
  {
    slug: 'helsingborgshem',
    name: 'Helsingborgshem',
    kind: 'company',
    description_sv: 'Helsingborgs stads allmännyttiga bostadsbolag.',
    description_en: "The City of Helsingborg's public housing company.",
    website: 'https://www.helsingborgshem.se',
  },
  {
    slug: 'oresundskraft',
    name: 'Öresundskraft',
    kind: 'company',
    description_sv: 'Stadens energibolag: el, fjärrvärme, fjärrkyla och bredband.',
    description_en: "The city's energy company: electricity, district heating, district cooling and broadband.",
    website: 'https://www.oresundskraft.se',
  },
  {
    slug: 'nsr',
    name: 'NSR',
    kind: 'company',
    description_sv: 'Nordvästra Skånes Renhållnings AB tar hand om avfall och återvinning i nordvästra Skåne.',
    description_en: 'Nordvästra Skånes Renhållnings AB handles waste and recycling in north-west Skåne.',
    website: 'https://www.nsr.se',
  },
  {
    slug: 'nsva',
    name: 'NSVA',
    kind: 'company',
    description_sv: 'Nordvästra Skånes Vatten och Avlopp ansvarar för dricksvatten och avlopp i nordvästra Skåne.',
    description_en: 'Nordvästra Skånes Vatten och Avlopp is responsible for drinking water and sewage in north-west Skåne.',
    website: 'https://www.nsva.se',
  },
  {
    slug: 'helsingborgs-hamn',
    name: 'Helsingborgs Hamn',
    kind: 'company',
    description_sv: 'Stadens hamnbolag. En engångsutdelning från Helsingborgs Hamn finansierar H22.',
    description_en: "The city's port company. A one-off dividend from the Port of Helsingborg funds H22.",
    website: null,
  },
  {
    slug: 'helsingborg-arena-scen',
    name: 'Helsingborg Arena & Scen AB',
    kind: 'company',
    description_sv: 'Driver arenor och scener i Helsingborg för idrott, kultur och evenemang.',
    description_en: 'Runs arenas and stages in Helsingborg for sport, culture and events.',
    website: null,
  },
  // ---- federation (förbund) ----
  {
    slug: 'raddningstjansten-skane-nordvast',
    name: 'Räddningstjänsten Skåne Nordväst',
    kind: 'federation',
    description_sv: 'Kommunalförbund för räddningstjänst i nordvästra Skåne, där Helsingborg är medlem.',
    description_en: 'A municipal federation for fire and rescue services in north-west Skåne, of which Helsingborg is a member.',
    website: null,
  },
  // ---- partners ----
  {
    slug: 'microsoft',
    name: 'Microsoft',
    kind: 'partner',
    description_sv: 'Internationellt teknikföretag och partner i H22.',
    description_en: 'International technology company and H22 partner.',
    website: 'https://www.microsoft.com',
  },
  {
    slug: 'abb',
    name: 'ABB',
    kind: 'partner',
    description_sv: 'Teknikföretag inom elektrifiering och automation och partner i H22.',
    description_en: 'Technology company in electrification and automation and H22 partner.',
    website: 'https://www.abb.com',
  },
  {
    slug: 'ibm',
    name: 'IBM',
    kind: 'partner',
    description_sv: 'Internationellt teknikföretag och partner i H22.',
    description_en: 'International technology company and H22 partner.',
    website: 'https://www.ibm.com',
  },
  {
    slug: 'ikea',
    name: 'IKEA',
    kind: 'partner',
    description_sv: 'Heminredningsföretag med rötter i Småland och verksamhet i Helsingborg, partner i H22.',
    description_en: 'Home furnishing company with roots in Småland and operations in Helsingborg, H22 partner.',
    website: 'https://www.ikea.com',
  },
  {
    slug: 'oecd-opsi',
    name: 'OECD OPSI',
    kind: 'partner',
    description_sv: 'OECD:s observatorium för innovation i offentlig sektor (Observatory of Public Sector Innovation).',
    description_en: "The OECD's Observatory of Public Sector Innovation.",
    website: 'https://oecd-opsi.org',
  },
  {
    slug: 'boklok',
    name: 'BoKlok',
    kind: 'partner',
    description_sv: 'Bostadskoncept från IKEA och Skanska och partner i H22.',
    description_en: 'Housing concept from IKEA and Skanska and H22 partner.',
    website: 'https://www.boklok.se',
  },
  {
    slug: 'nowaste',
    name: 'Nowaste',
    kind: 'partner',
    description_sv: 'Logistikföretag och partner i H22.',
    description_en: 'Logistics company and H22 partner.',
    website: null,
  },
  // ---- academia ----
  {
    slug: 'lunds-universitet',
    name: 'Lunds universitet',
    kind: 'academia',
    description_sv: 'Universitet med Campus Helsingborg i staden.',
    description_en: 'University with Campus Helsingborg in the city.',
    website: 'https://www.lu.se',
  },
] as const satisfies readonly SeedOrganisation[];

export type OrganisationSlug = (typeof SEED_ORGANISATIONS)[number]['slug'];
