// Building blocks of the demo portfolio: the organisations it needs (same slugs as the accounts
// module's real ones), city-wide challenges, initiative concepts, places in Helsingborg and lessons.
// The concepts and their details are invented (some borrow real H22 names such as RecoLab); every
// generated initiative is marked is_demo.
import type { OrganisationKind } from '../../db/types.ts';
import type { Aim, CollaborationKind, Sector, Technology } from './initiatives.schema.ts';

export interface DemoOrganisation {
  slug: string;
  name: string;
  kind: OrganisationKind;
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { slug: 'stadsledningsforvaltningen', name: 'Stadsledningsförvaltningen', kind: 'administration' },
  { slug: 'stadsbyggnadsforvaltningen', name: 'Stadsbyggnadsförvaltningen', kind: 'administration' },
  { slug: 'skol-och-fritidsforvaltningen', name: 'Skol- och fritidsförvaltningen', kind: 'administration' },
  { slug: 'vard-och-omsorgsforvaltningen', name: 'Vård- och omsorgsförvaltningen', kind: 'administration' },
  { slug: 'socialforvaltningen', name: 'Socialförvaltningen', kind: 'administration' },
  { slug: 'arbetsmarknadsforvaltningen', name: 'Arbetsmarknadsförvaltningen', kind: 'administration' },
  { slug: 'kulturforvaltningen', name: 'Kulturförvaltningen', kind: 'administration' },
  { slug: 'miljoforvaltningen', name: 'Miljöförvaltningen', kind: 'administration' },
  { slug: 'fastighetsforvaltningen', name: 'Fastighetsförvaltningen', kind: 'administration' },
  { slug: 'helsingborgshem', name: 'Helsingborgshem', kind: 'company' },
  { slug: 'oresundskraft', name: 'Öresundskraft', kind: 'company' },
  { slug: 'nsr', name: 'NSR', kind: 'company' },
  { slug: 'nsva', name: 'NSVA', kind: 'company' },
  { slug: 'helsingborgs-hamn', name: 'Helsingborgs Hamn', kind: 'company' },
  { slug: 'raddningstjansten-skane-nordvast', name: 'Räddningstjänsten Skåne Nordväst', kind: 'federation' },
  { slug: 'microsoft', name: 'Microsoft', kind: 'partner' },
  { slug: 'abb', name: 'ABB', kind: 'partner' },
  { slug: 'ibm', name: 'IBM', kind: 'partner' },
  { slug: 'ikea', name: 'IKEA', kind: 'partner' },
  { slug: 'boklok', name: 'BoKlok', kind: 'partner' },
  { slug: 'nowaste', name: 'Nowaste', kind: 'partner' },
  { slug: 'lunds-universitet', name: 'Lunds universitet', kind: 'academia' },
];

export interface DemoChallenge {
  slug: string;
  title_sv: string;
  title_en: string;
  description_sv: string;
  description_en: string;
}

export const DEMO_CHALLENGES: readonly DemoChallenge[] = [
  { slug: 'fler-i-arbete', title_sv: 'Fler i arbete och egen försörjning', title_en: 'More people in work and self-sufficient', description_sv: 'Hur hjälper vi fler helsingborgare till arbete, studier och egen försörjning?', description_en: 'How do we help more people in Helsingborg into work, studies and self-sufficiency?' },
  { slug: 'minskad-klimatpaverkan', title_sv: 'Minskad klimatpåverkan', title_en: 'Lower climate impact', description_sv: 'Hur minskar staden, företagen och invånarna sina utsläpp av växthusgaser?', description_en: 'How do the city, businesses and residents cut greenhouse gas emissions?' },
  { slug: 'jamlik-skola', title_sv: 'En jämlik skola', title_en: 'Equal schools', description_sv: 'Hur får alla barn samma möjligheter att lyckas i skolan?', description_en: 'How do all children get the same chance to succeed at school?' },
  { slug: 'trygg-aldre', title_sv: 'Ett tryggt och självständigt liv som äldre', title_en: 'A safe and independent life in old age', description_sv: 'Hur kan äldre bo tryggt hemma längre och känna sig delaktiga?', description_en: 'How can older people live safely at home for longer and feel included?' },
  { slug: 'hallbar-mobilitet', title_sv: 'Hållbar mobilitet', title_en: 'Sustainable mobility', description_sv: 'Hur gör vi det lätt att resa hållbart i staden?', description_en: 'How do we make sustainable travel easy in the city?' },
  { slug: 'cirkulara-resurser', title_sv: 'Cirkulär resursanvändning', title_en: 'Circular use of resources', description_sv: 'Hur tar vi vara på vatten, energi och material i kretslopp?', description_en: 'How do we keep water, energy and materials in circulation?' },
  { slug: 'levande-stadsdelar', title_sv: 'Trygga och levande stadsdelar', title_en: 'Safe and lively neighbourhoods', description_sv: 'Hur blir alla stadsdelar trygga, gröna och levande?', description_en: 'How do all neighbourhoods become safe, green and lively?' },
  { slug: 'effektiv-valfard', title_sv: 'En effektivare välfärd', title_en: 'More efficient welfare', description_sv: 'Hur använder vi digitalisering för att ge bättre service med samma resurser?', description_en: 'How do we use digitalisation to give better service with the same resources?' },
];

export interface Place {
  sv: string;
  en: string;
  /** Preposition in Swedish: "i Oceanhamnen", "på Drottninghög". */
  prep: 'i' | 'på';
  lat: number;
  lng: number;
}

export const PLACES: readonly Place[] = [
  { sv: 'Oceanhamnen', en: 'Oceanhamnen', prep: 'i', lat: 56.0402, lng: 12.693 },
  { sv: 'Drottninghög', en: 'Drottninghög', prep: 'på', lat: 56.0576, lng: 12.7392 },
  { sv: 'Dalhem', en: 'Dalhem', prep: 'i', lat: 56.0639, lng: 12.7474 },
  { sv: 'Söder', en: 'Söder', prep: 'på', lat: 56.037, lng: 12.705 },
  { sv: 'city', en: 'the city centre', prep: 'i', lat: 56.0465, lng: 12.6945 },
  { sv: 'Mariastaden', en: 'Mariastaden', prep: 'i', lat: 56.0855, lng: 12.7364 },
  { sv: 'Råå', en: 'Råå', prep: 'i', lat: 55.999, lng: 12.743 },
  { sv: 'Gantofta', en: 'Gantofta', prep: 'i', lat: 55.983, lng: 12.81 },
  { sv: 'Fredriksdal', en: 'Fredriksdal', prep: 'på', lat: 56.056, lng: 12.713 },
  { sv: 'Berga', en: 'Berga', prep: 'i', lat: 56.068, lng: 12.733 },
  { sv: 'Husensjö', en: 'Husensjö', prep: 'i', lat: 56.056, lng: 12.725 },
  { sv: 'Påarp', en: 'Påarp', prep: 'i', lat: 56.033, lng: 12.817 },
  { sv: 'Ödåkra', en: 'Ödåkra', prep: 'i', lat: 56.104, lng: 12.744 },
  { sv: 'Rydebäck', en: 'Rydebäck', prep: 'i', lat: 55.965, lng: 12.775 },
  { sv: 'Slottshagen', en: 'Slottshagen', prep: 'i', lat: 56.05, lng: 12.698 },
  { sv: 'Västra Ramlösa', en: 'Västra Ramlösa', prep: 'i', lat: 56.02, lng: 12.75 },
  { sv: 'Kattarp', en: 'Kattarp', prep: 'i', lat: 56.163, lng: 12.77 },
  { sv: 'Sundstorget', en: 'Sundstorget', prep: 'på', lat: 56.043, lng: 12.692 },
];

export interface Concept {
  sv: string;
  en: string;
  what_sv: string;
  what_en: string;
  why_sv: string;
  why_en: string;
  sector: Sector;
  tech: Technology[];
  sdgs: number[];
  aims: Aim[];
  owners: string[];
  partners: string[];
  challenge: string;
  collab: CollaborationKind[];
  /** A named, one-off initiative: used once, at its own place. */
  place?: string;
}

const c = (x: Concept) => x;

export const CONCEPTS: readonly Concept[] = [
  c({ sv: 'Digital tillsyn i hemtjänsten', en: 'Digital night checks in home care', what_sv: 'Kameror med integritetsskydd ersätter nattliga besök hos dem som vill.', what_en: 'Privacy-protecting cameras replace night visits for those who want it.', why_sv: 'Många sover sämre när personal kommer in på natten.', why_en: 'Many people sleep worse when staff come in at night.', sector: 'welfare', tech: ['welfare_tech', 'e_service'], sdgs: [3, 10], aims: ['quality_of_life', 'technology'], owners: ['vard-och-omsorgsforvaltningen'], partners: ['microsoft'], challenge: 'trygg-aldre', collab: ['residents'] }),
  c({ sv: 'Robotar som stöd i äldreboendet', en: 'Robots supporting care homes', what_sv: 'Sociala robotar och matningsrobotar provas tillsammans med personal och boende.', what_en: 'Social robots and feeding robots are tried out with staff and residents.', why_sv: 'Fler äldre behöver stöd samtidigt som det blir svårare att rekrytera personal.', why_en: 'More older people need support while recruiting staff gets harder.', sector: 'welfare', tech: ['robotics', 'welfare_tech'], sdgs: [3, 9], aims: ['technology', 'innovation'], owners: ['vard-och-omsorgsforvaltningen'], partners: ['abb', 'lunds-universitet'], challenge: 'trygg-aldre', collab: ['academia', 'partner'] }),
  c({ sv: 'Sensorer som förebygger fallolyckor', en: 'Sensors preventing falls', what_sv: 'Rörelsesensorer larmar personalen innan en fallolycka sker.', what_en: 'Motion sensors alert staff before a fall happens.', why_sv: 'Fallolyckor är den vanligaste orsaken till skador bland äldre.', why_en: 'Falls are the most common cause of injury among older people.', sector: 'welfare', tech: ['sensors', 'ai'], sdgs: [3], aims: ['quality_of_life', 'technology'], owners: ['vard-och-omsorgsforvaltningen'], partners: ['ibm'], challenge: 'trygg-aldre', collab: ['testbed'] }),
  c({ sv: 'SilviaBo – demensvänligt boende', en: 'SilviaBo – dementia-friendly housing', what_sv: 'Ett boende utformat för personer med demens, med teknik som stöttar vardagen.', what_en: 'Housing designed for people with dementia, with technology that supports everyday life.', why_sv: 'Personer med demens ska kunna leva ett så självständigt liv som möjligt.', why_en: 'People with dementia should be able to live as independently as possible.', sector: 'welfare', tech: ['welfare_tech', 'sensors'], sdgs: [3, 11], aims: ['quality_of_life', 'enabler'], owners: ['vard-och-omsorgsforvaltningen'], partners: ['boklok', 'helsingborgshem'], challenge: 'trygg-aldre', collab: ['academia'], place: 'Husensjö' }),
  c({ sv: 'Videomöten med anhöriga', en: 'Video meetings with relatives', what_sv: 'Surfplattor och enkel videotjänst för boende och anhöriga.', what_en: 'Tablets and a simple video service for residents and their relatives.', why_sv: 'Ensamhet bland äldre ökar risken för ohälsa.', why_en: 'Loneliness among older people increases the risk of ill health.', sector: 'welfare', tech: ['e_service'], sdgs: [3, 10], aims: ['quality_of_life', 'engagement'], owners: ['vard-och-omsorgsforvaltningen'], partners: [], challenge: 'trygg-aldre', collab: ['residents'] }),
  c({ sv: 'Läkemedelsrobot för hemmaboende', en: 'Medication robot for people living at home', what_sv: 'En robot påminner och delar ut rätt läkemedel vid rätt tid.', what_en: 'A robot reminds people and dispenses the right medicine at the right time.', why_sv: 'Fel läkemedelsintag leder till onödiga sjukhusbesök.', why_en: 'Taking medicine wrongly leads to needless hospital visits.', sector: 'welfare', tech: ['robotics', 'welfare_tech'], sdgs: [3], aims: ['technology', 'quality_of_life'], owners: ['vard-och-omsorgsforvaltningen'], partners: [], challenge: 'effektiv-valfard', collab: ['partner'] }),
  c({ sv: 'AI-stöd för individanpassat lärande', en: 'AI support for personalised learning', what_sv: 'Ett AI-verktyg föreslår övningar utifrån varje elevs behov.', what_en: "An AI tool suggests exercises based on each pupil's needs.", why_sv: 'Lärare behöver mer tid för eleverna som behöver dem mest.', why_en: 'Teachers need more time for the pupils who need them most.', sector: 'education', tech: ['ai', 'e_service'], sdgs: [4, 10], aims: ['innovation', 'technology'], owners: ['skol-och-fritidsforvaltningen'], partners: ['microsoft', 'lunds-universitet'], challenge: 'jamlik-skola', collab: ['academia', 'partner'] }),
  c({ sv: 'Programmering i förskolan', en: 'Coding in preschool', what_sv: 'Små robotar och lekfulla övningar introducerar programmering.', what_en: 'Small robots and playful exercises introduce coding.', why_sv: 'Digital kompetens grundläggs tidigt och ska inte bero på hemmet.', why_en: 'Digital skills start early and should not depend on home.', sector: 'education', tech: ['robotics'], sdgs: [4, 5], aims: ['engagement', 'innovation'], owners: ['skol-och-fritidsforvaltningen'], partners: [], challenge: 'jamlik-skola', collab: ['academia'] }),
  c({ sv: 'Läxhjälp via app', en: 'Homework help app', what_sv: 'Elever får läxhjälp av studenter via chatt och video på kvällstid.', what_en: 'Pupils get homework help from students via chat and video in the evening.', why_sv: 'Alla har inte någon hemma som kan hjälpa till med skolarbetet.', why_en: 'Not everyone has someone at home who can help with schoolwork.', sector: 'education', tech: ['e_service'], sdgs: [4, 10], aims: ['quality_of_life', 'engagement'], owners: ['skol-och-fritidsforvaltningen'], partners: ['lunds-universitet'], challenge: 'jamlik-skola', collab: ['academia', 'residents'] }),
  c({ sv: 'Fritidsgård på nätet', en: 'Online youth centre', what_sv: 'Fritidsledare möter unga i spel och sociala kanaler.', what_en: 'Youth workers meet young people in games and social channels.', why_sv: 'Många unga finns på nätet snarare än på fritidsgården.', why_en: 'Many young people are online rather than at the youth centre.', sector: 'culture_leisure', tech: ['e_service'], sdgs: [4, 10, 16], aims: ['engagement', 'quality_of_life'], owners: ['skol-och-fritidsforvaltningen'], partners: [], challenge: 'levande-stadsdelar', collab: ['residents'] }),
  c({ sv: 'Klassrum i VR', en: 'VR classroom', what_sv: 'Eleverna besöker platser och miljöer i virtuell verklighet.', what_en: 'Pupils visit places and environments in virtual reality.', why_sv: 'Alla skolor har inte råd med studieresor.', why_en: 'Not every school can afford field trips.', sector: 'education', tech: ['vr_ar'], sdgs: [4], aims: ['technology', 'innovation'], owners: ['skol-och-fritidsforvaltningen'], partners: ['ikea'], challenge: 'jamlik-skola', collab: ['partner'] }),
  c({ sv: 'Digital tvilling av stadsdelen', en: 'Digital twin of the district', what_sv: 'En 3D-modell med realtidsdata används för planering och dialog.', what_en: 'A 3D model with real-time data is used for planning and dialogue.', why_sv: 'Beslut om stadens utveckling blir bättre när alla ser samma underlag.', why_en: "Decisions about the city's development improve when everyone sees the same facts.", sector: 'urban_development', tech: ['digital_twin', 'open_data'], sdgs: [9, 11], aims: ['technology', 'enabler'], owners: ['stadsbyggnadsforvaltningen'], partners: ['ibm', 'microsoft'], challenge: 'levande-stadsdelar', collab: ['partner', 'academia'] }),
  c({ sv: 'Medborgardialog i AR', en: 'Citizen dialogue in AR', what_sv: 'Invånare ser planerade byggnader på plats i mobilen och tycker till.', what_en: 'Residents see planned buildings on site in their phones and give their views.', why_sv: 'Det är svårt att förstå en detaljplan på papper.', why_en: 'A zoning plan is hard to understand on paper.', sector: 'urban_development', tech: ['vr_ar'], sdgs: [11, 16], aims: ['engagement', 'quality_of_life'], owners: ['stadsbyggnadsforvaltningen'], partners: [], challenge: 'levande-stadsdelar', collab: ['residents'] }),
  c({ sv: 'Smarta parkbänkar med solceller', en: 'Smart park benches with solar cells', what_sv: 'Bänkar laddar mobiler och mäter hur parken används.', what_en: 'Benches charge phones and measure how the park is used.', why_sv: 'Parker planeras bättre när vi vet hur de används.', why_en: 'Parks are planned better when we know how they are used.', sector: 'urban_development', tech: ['sensors', 'energy_tech'], sdgs: [7, 11], aims: ['technology'], owners: ['stadsbyggnadsforvaltningen'], partners: ['oresundskraft'], challenge: 'levande-stadsdelar', collab: ['testbed'] }),
  c({ sv: 'Grönytefaktor i bygglovet', en: 'Green space factor in building permits', what_sv: 'Ett digitalt verktyg räknar ut grönytefaktor direkt i bygglovsansökan.', what_en: 'A digital tool calculates the green space factor directly in the permit application.', why_sv: 'Grönska gör staden svalare, vackrare och bättre för den biologiska mångfalden.', why_en: 'Greenery makes the city cooler, more beautiful and better for biodiversity.', sector: 'urban_development', tech: ['data_platform', 'e_service'], sdgs: [11, 15], aims: ['global_goals', 'enabler'], owners: ['stadsbyggnadsforvaltningen'], partners: [], challenge: 'levande-stadsdelar', collab: ['academia'] }),
  c({ sv: 'Trygg belysning som styrs av rörelse', en: 'Motion-controlled safe lighting', what_sv: 'Gatlyktor lyser starkare när någon går förbi och dämpas annars.', what_en: 'Street lights brighten when someone passes and dim otherwise.', why_sv: 'Belysningen ska kännas trygg utan att slösa energi.', why_en: 'Lighting should feel safe without wasting energy.', sector: 'safety', tech: ['sensors', 'iot'], sdgs: [7, 11, 16], aims: ['quality_of_life', 'global_goals'], owners: ['stadsbyggnadsforvaltningen'], partners: ['oresundskraft'], challenge: 'levande-stadsdelar', collab: ['testbed', 'residents'] }),
  c({ sv: 'Luftkvalitetssensorer', en: 'Air quality sensors', what_sv: 'Ett nät av billiga sensorer mäter partiklar och kvävedioxid.', what_en: 'A network of low-cost sensors measures particles and nitrogen dioxide.', why_sv: 'Dålig luft påverkar hälsan, särskilt för barn och äldre.', why_en: 'Poor air affects health, especially for children and older people.', sector: 'environment', tech: ['sensors', 'iot', 'open_data'], sdgs: [3, 11, 13], aims: ['global_goals', 'technology'], owners: ['miljoforvaltningen'], partners: ['lunds-universitet'], challenge: 'minskad-klimatpaverkan', collab: ['academia', 'testbed'] }),
  c({ sv: 'Bullerkarta i realtid', en: 'Real-time noise map', what_sv: 'Sensorer mäter buller och visar det som öppna data på en karta.', what_en: 'Sensors measure noise and show it as open data on a map.', why_sv: 'Buller stör sömn och hälsa i tätt bebyggda områden.', why_en: 'Noise disturbs sleep and health in dense areas.', sector: 'environment', tech: ['sensors', 'open_data'], sdgs: [3, 11], aims: ['quality_of_life', 'technology'], owners: ['miljoforvaltningen'], partners: [], challenge: 'levande-stadsdelar', collab: ['testbed'] }),
  c({ sv: 'Biologisk mångfald mätt med AI', en: 'Measuring biodiversity with AI', what_sv: 'Ljudinspelningar och bilder analyseras med AI för att räkna arter.', what_en: 'Sound recordings and images are analysed with AI to count species.', why_sv: 'Inventeringar för hand är dyra och görs sällan.', why_en: 'Surveys by hand are expensive and rarely done.', sector: 'environment', tech: ['ai', 'sensors'], sdgs: [15], aims: ['global_goals', 'innovation'], owners: ['miljoforvaltningen'], partners: ['lunds-universitet'], challenge: 'minskad-klimatpaverkan', collab: ['academia'] }),
  c({ sv: 'Havoteket – havet för alla', en: 'Havoteket – the sea for everyone', what_sv: 'En plats där barn och vuxna utforskar livet i Öresund.', what_en: 'A place where children and adults explore life in the Öresund strait.', why_sv: 'Kunskap om havet gör fler engagerade i att skydda det.', why_en: 'Knowing the sea makes more people committed to protecting it.', sector: 'environment', tech: ['vr_ar'], sdgs: [14, 4], aims: ['engagement', 'global_goals'], owners: ['miljoforvaltningen'], partners: ['nsva'], challenge: 'cirkulara-resurser', collab: ['residents', 'academia'], place: 'Sundstorget' }),
  c({ sv: 'Självkörande buss', en: 'Self-driving bus', what_sv: 'En självkörande minibuss kör en kort linje i blandad trafik.', what_en: 'A self-driving minibus runs a short route in mixed traffic.', why_sv: 'Kollektivtrafik behöver nå fler till lägre kostnad.', why_en: 'Public transport needs to reach more people at a lower cost.', sector: 'mobility', tech: ['robotics', 'ai'], sdgs: [9, 11], aims: ['technology', 'innovation'], owners: ['stadsbyggnadsforvaltningen'], partners: ['abb'], challenge: 'hallbar-mobilitet', collab: ['testbed', 'partner'] }),
  c({ sv: 'Lånecyklar med el', en: 'Shared e-bikes', what_sv: 'Elcyklar att låna via app, med stationer nära kollektivtrafiken.', what_en: 'E-bikes to borrow via an app, with stations near public transport.', why_sv: 'Fler korta resor kan göras utan bil.', why_en: 'More short trips can be made without a car.', sector: 'mobility', tech: ['iot', 'e_service'], sdgs: [11, 13], aims: ['global_goals', 'quality_of_life'], owners: ['stadsbyggnadsforvaltningen'], partners: [], challenge: 'hallbar-mobilitet', collab: ['partner'] }),
  c({ sv: 'Smart parkering med sensorer', en: 'Smart parking with sensors', what_sv: 'Sensorer visar lediga platser i en app och minskar söktrafiken.', what_en: 'Sensors show free spaces in an app and reduce cruising for parking.', why_sv: 'En stor del av trafiken i centrum är bilar som letar parkering.', why_en: 'Much of the traffic in the centre is cars looking for parking.', sector: 'mobility', tech: ['sensors', 'iot', 'open_data'], sdgs: [11], aims: ['technology'], owners: ['stadsbyggnadsforvaltningen'], partners: ['ibm'], challenge: 'hallbar-mobilitet', collab: ['testbed'] }),
  c({ sv: 'Cykelräknare och öppna trafikdata', en: 'Bicycle counters and open traffic data', what_sv: 'Cykelflöden mäts och publiceras som öppna data varje timme.', what_en: 'Cycle flows are measured and published as open data every hour.', why_sv: 'Bra cykelvägar planeras utifrån hur folk faktiskt cyklar.', why_en: 'Good cycle paths are planned from how people actually cycle.', sector: 'mobility', tech: ['sensors', 'open_data'], sdgs: [11, 13], aims: ['enabler', 'technology'], owners: ['stadsbyggnadsforvaltningen'], partners: [], challenge: 'hallbar-mobilitet', collab: ['academia'] }),
  c({ sv: 'Drönarleveranser av prover', en: 'Drone delivery of samples', what_sv: 'Drönare flyger provrör mellan vårdboenden och laboratoriet.', what_en: 'Drones fly test tubes between care homes and the laboratory.', why_sv: 'Snabbare provsvar ger snabbare behandling.', why_en: 'Faster test results mean faster treatment.', sector: 'welfare', tech: ['drones'], sdgs: [3, 9], aims: ['innovation', 'technology'], owners: ['vard-och-omsorgsforvaltningen'], partners: [], challenge: 'effektiv-valfard', collab: ['partner', 'testbed'] }),
  c({ sv: 'Lokalt energisamhälle med solel', en: 'Local energy community with solar power', what_sv: 'Grannar delar solel och batterier i ett lokalt energisamhälle.', what_en: 'Neighbours share solar power and batteries in a local energy community.', why_sv: 'Lokal förnybar el minskar belastningen på elnätet.', why_en: 'Local renewable power reduces the load on the grid.', sector: 'energy', tech: ['energy_tech', 'iot'], sdgs: [7, 13], aims: ['global_goals', 'engagement'], owners: ['oresundskraft'], partners: ['helsingborgshem'], challenge: 'minskad-klimatpaverkan', collab: ['residents', 'partner'] }),
  c({ sv: 'Smarta elmätare för flexibel förbrukning', en: 'Smart meters for flexible consumption', what_sv: 'Hushåll flyttar sin elförbrukning till timmar då elen är grön och billig.', what_en: 'Households shift their consumption to hours when power is green and cheap.', why_sv: 'Effekttoppar kräver dyr och smutsig reservkraft.', why_en: 'Peaks in demand need expensive and dirty reserve power.', sector: 'energy', tech: ['iot', 'energy_tech', 'data_platform'], sdgs: [7], aims: ['technology', 'global_goals'], owners: ['oresundskraft'], partners: ['abb'], challenge: 'minskad-klimatpaverkan', collab: ['residents'] }),
  c({ sv: 'Fjärrkyla från havsvatten', en: 'District cooling from sea water', what_sv: 'Kallt havsvatten kyler kontor och lokaler via fjärrkylenätet.', what_en: 'Cold sea water cools offices and premises via the district cooling network.', why_sv: 'Kylbehovet ökar när klimatet blir varmare.', why_en: 'The need for cooling grows as the climate gets warmer.', sector: 'energy', tech: ['energy_tech'], sdgs: [7, 13, 14], aims: ['global_goals', 'innovation'], owners: ['oresundskraft'], partners: ['helsingborgs-hamn'], challenge: 'minskad-klimatpaverkan', collab: ['partner'] }),
  c({ sv: 'Laddinfrastruktur för elfordon', en: 'Charging infrastructure for electric vehicles', what_sv: 'Laddplatser som styrs smart efter elnätets kapacitet.', what_en: "Charging points controlled smartly according to the grid's capacity.", why_sv: 'Fler elbilar kräver laddning utan att elnätet överbelastas.', why_en: 'More electric cars need charging without overloading the grid.', sector: 'energy', tech: ['energy_tech', 'iot'], sdgs: [7, 11, 13], aims: ['global_goals', 'enabler'], owners: ['oresundskraft'], partners: ['abb'], challenge: 'hallbar-mobilitet', collab: ['partner'] }),
  c({ sv: 'Vätgas för tunga transporter', en: 'Hydrogen for heavy transport', what_sv: 'En tankstation för vätgas provas för lastbilar i hamnen.', what_en: 'A hydrogen filling station is tried for lorries in the port.', why_sv: 'Tunga transporter står för en stor del av utsläppen.', why_en: 'Heavy transport accounts for a large share of emissions.', sector: 'energy', tech: ['energy_tech'], sdgs: [7, 9, 13], aims: ['global_goals', 'innovation'], owners: ['oresundskraft'], partners: ['helsingborgs-hamn'], challenge: 'minskad-klimatpaverkan', collab: ['partner', 'funding'] }),
  c({ sv: 'RecoLab – tre rör för avloppet', en: 'RecoLab – three pipes for wastewater', what_sv: 'Avloppet sorteras i tre rör så att näring och energi kan tas tillvara.', what_en: 'Wastewater is separated into three pipes so that nutrients and energy can be recovered.', why_sv: 'Avloppsvatten innehåller resurser som annars går förlorade.', why_en: 'Wastewater contains resources that are otherwise lost.', sector: 'water_waste', tech: ['sensors', 'data_platform'], sdgs: [6, 12, 14], aims: ['global_goals', 'innovation'], owners: ['nsva'], partners: ['helsingborgshem', 'lunds-universitet', 'nsr'], challenge: 'cirkulara-resurser', collab: ['academia', 'testbed'], place: 'Oceanhamnen' }),
  c({ sv: 'Sensorer i avloppsnätet', en: 'Sensors in the sewer network', what_sv: 'Nivåsensorer varnar för översvämning vid skyfall.', what_en: 'Level sensors warn of flooding during cloudbursts.', why_sv: 'Skyfallen blir fler och kraftigare.', why_en: 'Cloudbursts are becoming more frequent and heavier.', sector: 'water_waste', tech: ['sensors', 'iot'], sdgs: [6, 11, 13], aims: ['technology', 'global_goals'], owners: ['nsva'], partners: [], challenge: 'cirkulara-resurser', collab: ['testbed'] }),
  c({ sv: 'Smarta sopkärl', en: 'Smart bins', what_sv: 'Sensorer i sopkärlen visar när de behöver tömmas.', what_en: 'Sensors in the bins show when they need emptying.', why_sv: 'Onödiga tömningar kostar pengar och ger utsläpp.', why_en: 'Needless collections cost money and cause emissions.', sector: 'water_waste', tech: ['sensors', 'iot'], sdgs: [11, 12], aims: ['technology', 'global_goals'], owners: ['nsr'], partners: ['stadsbyggnadsforvaltningen'], challenge: 'cirkulara-resurser', collab: ['testbed'] }),
  c({ sv: 'Återbruksgalleria', en: 'Reuse shopping centre', what_sv: 'Butiker som säljer reparerat och återbrukat under ett tak.', what_en: 'Shops selling repaired and reused goods under one roof.', why_sv: 'Det mest hållbara är att använda det som redan finns.', why_en: 'The most sustainable thing is to use what already exists.', sector: 'water_waste', tech: ['e_service'], sdgs: [8, 12], aims: ['global_goals', 'engagement'], owners: ['nsr'], partners: ['ikea'], challenge: 'cirkulara-resurser', collab: ['partner', 'residents'] }),
  c({ sv: 'Matsvinn mäts i skolköken', en: 'Measuring food waste in school kitchens', what_sv: 'Vågar och en app visar hur mycket mat som slängs varje dag.', what_en: 'Scales and an app show how much food is thrown away each day.', why_sv: 'Det som mäts kan minskas.', why_en: 'What is measured can be reduced.', sector: 'education', tech: ['sensors', 'data_platform'], sdgs: [2, 12], aims: ['global_goals', 'engagement'], owners: ['skol-och-fritidsforvaltningen', 'nsr'], partners: ['nowaste'], challenge: 'cirkulara-resurser', collab: ['partner'] }),
  c({ sv: 'Läcksökning med AI', en: 'Leak detection with AI', what_sv: 'AI hittar läckor i vattenledningarna genom att lyssna på flödet.', what_en: 'AI finds leaks in the water mains by listening to the flow.', why_sv: 'En stor del av dricksvattnet läcker ut innan det når kranen.', why_en: 'A large share of drinking water leaks out before it reaches the tap.', sector: 'water_waste', tech: ['ai', 'sensors'], sdgs: [6], aims: ['technology', 'global_goals'], owners: ['nsva'], partners: ['ibm'], challenge: 'cirkulara-resurser', collab: ['partner'] }),
  c({ sv: 'Digitala trapphusskärmar', en: 'Digital stairwell displays', what_sv: 'Skärmar i trapphuset ger information på flera språk.', what_en: 'Screens in the stairwell give information in several languages.', why_sv: 'Alla hyresgäster ska nås av viktig information.', why_en: 'All tenants should receive important information.', sector: 'housing', tech: ['e_service'], sdgs: [10, 11, 16], aims: ['quality_of_life', 'technology'], owners: ['helsingborgshem'], partners: [], challenge: 'levande-stadsdelar', collab: ['residents'] }),
  c({ sv: 'Lägenhet från 1972 i AR', en: 'A 1972 flat in AR', what_sv: 'En visningslägenhet visar i AR hur området såg ut när det byggdes.', what_en: 'A show flat uses AR to show how the area looked when it was built.', why_sv: 'Förnyelsen av området blir begriplig när man ser före och efter.', why_en: 'The renewal of the area makes sense when you see before and after.', sector: 'housing', tech: ['vr_ar'], sdgs: [11], aims: ['engagement', 'quality_of_life'], owners: ['helsingborgshem'], partners: ['kulturforvaltningen'], challenge: 'levande-stadsdelar', collab: ['residents'], place: 'Drottninghög' }),
  c({ sv: 'Energismarta hyreshus', en: 'Energy-smart rental buildings', what_sv: 'Styrning av värme och ventilation utifrån väder och användning.', what_en: 'Heating and ventilation controlled by weather and use.', why_sv: 'Bostäder står för en stor del av energianvändningen.', why_en: 'Housing accounts for a large share of energy use.', sector: 'housing', tech: ['iot', 'energy_tech', 'ai'], sdgs: [7, 11, 13], aims: ['global_goals', 'technology'], owners: ['helsingborgshem'], partners: ['oresundskraft', 'abb'], challenge: 'minskad-klimatpaverkan', collab: ['partner'] }),
  c({ sv: 'Delningstjänst för grannar', en: 'Sharing service for neighbours', what_sv: 'Hyresgäster lånar verktyg, cyklar och lokaler av varandra via en app.', what_en: 'Tenants borrow tools, bikes and rooms from each other via an app.', why_sv: 'Att dela minskar konsumtionen och stärker grannskapet.', why_en: 'Sharing reduces consumption and strengthens the neighbourhood.', sector: 'housing', tech: ['e_service'], sdgs: [11, 12], aims: ['engagement', 'global_goals'], owners: ['helsingborgshem'], partners: ['ikea'], challenge: 'levande-stadsdelar', collab: ['residents'] }),
  c({ sv: 'Biblioteket som makerspace', en: 'The library as makerspace', what_sv: '3D-skrivare, symaskiner och verktyg att låna på biblioteket.', what_en: '3D printers, sewing machines and tools to borrow at the library.', why_sv: 'Alla ska kunna prova ny teknik och skapa själva.', why_en: 'Everyone should be able to try new technology and make things.', sector: 'culture_leisure', tech: ['robotics'], sdgs: [4, 9], aims: ['engagement', 'innovation'], owners: ['kulturforvaltningen'], partners: [], challenge: 'levande-stadsdelar', collab: ['residents'] }),
  c({ sv: 'Digital guide till kulturarvet', en: 'Digital guide to cultural heritage', what_sv: 'En app berättar om platser och byggnader med ljud och AR.', what_en: 'An app tells the story of places and buildings with sound and AR.', why_sv: 'Kulturarvet blir levande när det möter besökaren på plats.', why_en: 'Cultural heritage comes alive when it meets visitors on site.', sector: 'culture_leisure', tech: ['vr_ar', 'e_service'], sdgs: [11], aims: ['engagement', 'quality_of_life'], owners: ['kulturforvaltningen'], partners: [], challenge: 'levande-stadsdelar', collab: ['partner'] }),
  c({ sv: 'Öppna idrottshallar med digitala lås', en: 'Open sports halls with digital locks', what_sv: 'Föreningar och invånare bokar och öppnar hallen med mobilen.', what_en: 'Clubs and residents book and open the hall with their phones.', why_sv: 'Hallarna står tomma många timmar som skulle kunna användas.', why_en: 'The halls stand empty for many hours that could be used.', sector: 'culture_leisure', tech: ['iot', 'e_service'], sdgs: [3, 11], aims: ['enabler', 'quality_of_life'], owners: ['skol-och-fritidsforvaltningen', 'fastighetsforvaltningen'], partners: [], challenge: 'levande-stadsdelar', collab: ['residents'] }),
  c({ sv: 'Matchning till jobb med AI', en: 'AI job matching', what_sv: 'AI matchar arbetssökandes erfarenheter med lediga jobb.', what_en: "AI matches job seekers' experience with vacancies.", why_sv: 'Många arbetsgivare hittar inte rätt kompetens.', why_en: 'Many employers cannot find the right skills.', sector: 'business', tech: ['ai', 'e_service'], sdgs: [8, 10], aims: ['innovation', 'quality_of_life'], owners: ['arbetsmarknadsforvaltningen'], partners: ['microsoft'], challenge: 'fler-i-arbete', collab: ['partner'] }),
  c({ sv: 'Språkcafé i appen', en: 'Language café in an app', what_sv: 'Nyanlända övar svenska med volontärer via video.', what_en: 'Newcomers practise Swedish with volunteers via video.', why_sv: 'Språket är nyckeln till jobb och delaktighet.', why_en: 'Language is the key to work and inclusion.', sector: 'business', tech: ['e_service'], sdgs: [4, 8, 10], aims: ['engagement', 'quality_of_life'], owners: ['arbetsmarknadsforvaltningen'], partners: [], challenge: 'fler-i-arbete', collab: ['residents'] }),
  c({ sv: 'Testbädd för företag i Hbg Works', en: 'Company testbed at Hbg Works', what_sv: 'Företag testar sina lösningar i stadens verksamheter.', what_en: "Companies test their solutions in the city's services.", why_sv: 'Staden kan vara både kund och testmiljö för nya lösningar.', why_en: 'The city can be both customer and test environment for new solutions.', sector: 'business', tech: ['data_platform'], sdgs: [8, 9, 17], aims: ['enabler', 'innovation'], owners: ['stadsledningsforvaltningen'], partners: ['abb', 'ibm'], challenge: 'fler-i-arbete', collab: ['partner', 'testbed'] }),
  c({ sv: 'Chattbot för kontaktcenter', en: "Chatbot for the contact centre", what_sv: 'En chattbot svarar på vanliga frågor dygnet runt.', what_en: 'A chatbot answers common questions around the clock.', why_sv: 'Invånare vill få svar även när kontaktcenter är stängt.', why_en: 'Residents want answers even when the contact centre is closed.', sector: 'digital_services', tech: ['ai', 'e_service'], sdgs: [16], aims: ['technology', 'quality_of_life'], owners: ['stadsledningsforvaltningen'], partners: ['microsoft'], challenge: 'effektiv-valfard', collab: ['partner'] }),
  c({ sv: 'Automatiserad handläggning av ekonomiskt bistånd', en: 'Automated processing of financial assistance', what_sv: 'Robotar sköter rutinmomenten så att handläggaren får mer tid för mötet.', what_en: 'Robots handle the routine steps so caseworkers get more time for people.', why_sv: 'Snabbare beslut och mer stöd mot självförsörjning.', why_en: 'Faster decisions and more support towards self-sufficiency.', sector: 'digital_services', tech: ['robotics', 'ai'], sdgs: [1, 10, 16], aims: ['technology', 'quality_of_life'], owners: ['socialforvaltningen'], partners: [], challenge: 'fler-i-arbete', collab: ['public_sector'] }),
  c({ sv: 'Öppen dataplattform för staden', en: 'Open data platform for the city', what_sv: 'Stadens data publiceras öppet och maskinläsbart.', what_en: "The city's data is published openly and machine-readably.", why_sv: 'Öppna data låter andra bygga tjänster staden inte själv hinner göra.', why_en: 'Open data lets others build services the city has no time to make itself.', sector: 'digital_services', tech: ['open_data', 'data_platform'], sdgs: [9, 16, 17], aims: ['enabler', 'technology'], owners: ['stadsledningsforvaltningen'], partners: ['ibm'], challenge: 'effektiv-valfard', collab: ['academia', 'partner'] }),
  c({ sv: 'Idéslussen – medarbetarnas idéer', en: "Idéslussen – staff members' ideas", what_sv: 'En väg in för medarbetares idéer, med stöd från idé till test.', what_en: "A way in for staff members' ideas, with support from idea to test.", why_sv: 'De som möter invånarna varje dag ser vad som kan bli bättre.', why_en: 'Those who meet residents every day see what can be improved.', sector: 'digital_services', tech: ['e_service'], sdgs: [9, 17], aims: ['innovation', 'engagement'], owners: ['stadsledningsforvaltningen'], partners: [], challenge: 'effektiv-valfard', collab: ['public_sector'], place: 'city' }),
  c({ sv: 'Drönare för räddningstjänsten', en: 'Drones for the rescue service', what_sv: 'Drönare ger en lägesbild innan räddningsstyrkan är på plats.', what_en: 'Drones give an overview before the rescue crew arrives.', why_sv: 'Rätt beslut i första minuterna räddar liv.', why_en: 'The right decisions in the first minutes save lives.', sector: 'safety', tech: ['drones', 'ai'], sdgs: [3, 11], aims: ['technology', 'quality_of_life'], owners: ['raddningstjansten-skane-nordvast'], partners: [], challenge: 'levande-stadsdelar', collab: ['partner', 'testbed'] }),
  c({ sv: 'Trygghetsvandringar med app', en: 'Safety walks with an app', what_sv: 'Invånare rapporterar otrygga platser med bild och position.', what_en: 'Residents report unsafe places with a photo and location.', why_sv: 'Invånarna vet bäst var de känner sig otrygga.', why_en: 'Residents know best where they feel unsafe.', sector: 'safety', tech: ['e_service', 'open_data'], sdgs: [5, 11, 16], aims: ['engagement', 'quality_of_life'], owners: ['stadsbyggnadsforvaltningen'], partners: [], challenge: 'levande-stadsdelar', collab: ['residents'] }),
  c({ sv: 'Digital inkludering för äldre', en: 'Digital inclusion for older people', what_sv: 'Digitala ambassadörer lär äldre använda e-tjänster.', what_en: 'Digital ambassadors teach older people to use e-services.', why_sv: 'Ingen ska stängas ute när samhället digitaliseras.', why_en: 'No one should be shut out as society goes digital.', sector: 'welfare', tech: ['e_service'], sdgs: [10], aims: ['quality_of_life', 'engagement'], owners: ['vard-och-omsorgsforvaltningen', 'kulturforvaltningen'], partners: [], challenge: 'trygg-aldre', collab: ['residents'] }),
  c({ sv: 'Familjecentral på nätet', en: 'Online family centre', what_sv: 'Föräldrar får råd och stöd via chatt och video.', what_en: 'Parents get advice and support via chat and video.', why_sv: 'Tidigt stöd förebygger större problem senare.', why_en: 'Early support prevents bigger problems later.', sector: 'welfare', tech: ['e_service'], sdgs: [3, 10], aims: ['quality_of_life'], owners: ['socialforvaltningen'], partners: [], challenge: 'effektiv-valfard', collab: ['public_sector'] }),
];

/** Lessons learned from ended initiatives: pairs of Swedish and English. */
export const LESSONS: readonly [string, string][] = [
  ['Involvera användarna från början – de första prototyperna missade vad personalen faktiskt behövde.', 'Involve the users from the start – the first prototypes missed what staff actually needed.'],
  ['Upphandlingen tog längre tid än tekniken. Planera för juridik och upphandling tidigt.', 'Procurement took longer than the technology. Plan for legal work and procurement early.'],
  ['Tekniken fungerade, men driftkostnaden blev för hög för att skala upp inom befintlig budget.', 'The technology worked, but running costs were too high to scale up within the existing budget.'],
  ['Datakvaliteten var avgörande; vi lade mer tid på att städa data än på att bygga tjänsten.', 'Data quality was decisive; we spent more time cleaning data than building the service.'],
  ['Partnern gav snabb utveckling, men ansvaret för driften efter piloten var oklart.', 'The partner enabled fast development, but responsibility for running it after the pilot was unclear.'],
  ['Invånarnas förtroende kräver öppenhet om vilka data som samlas in och varför.', "Residents' trust requires openness about which data is collected and why."],
  ['En liten testgrupp räckte för att hitta de stora bristerna – börja smått.', 'A small test group was enough to find the big flaws – start small.'],
  ['Det behövs en mottagare i linjeverksamheten innan man skalar upp.', 'A receiving unit in the line organisation is needed before scaling up.'],
  ['Integrationen med befintliga verksamhetssystem var svårare än väntat.', 'Integrating with existing business systems was harder than expected.'],
  ['Lösningen finns nu på marknaden – staden behöver inte utveckla egen teknik.', 'The solution is now on the market – the city does not need to develop its own technology.'],
  ['Konsekvensbedömningen enligt dataskyddsförordningen behövde göras tidigare; den försenade piloten.', 'The data protection impact assessment needed to be done earlier; it delayed the pilot.'],
  ['Personalens tid för utbildning behövde budgeteras från start.', "Staff time for training needed to be budgeted from the start."],
];

export const STOP_REASONS: readonly [string, string][] = [
  ['Tekniken var inte mogen för vår miljö.', 'The technology was not mature enough for our setting.'],
  ['Leverantören lade ner produkten.', 'The supplier discontinued the product.'],
  ['Kostnaderna var för höga i förhållande till nyttan.', 'The costs were too high compared to the benefits.'],
  ['För få i testgruppen använde tjänsten.', 'Too few in the test group used the service.'],
  ['Behovet löstes på ett annat sätt.', 'The need was met another way.'],
];

export interface GoalTemplate {
  sv: string;
  en: string;
  unit: string;
  baseline: [number, number];
  target: [number, number];
}

export const GOAL_TEMPLATES: readonly GoalTemplate[] = [
  { sv: 'Andel nöjda användare', en: 'Share of satisfied users', unit: '%', baseline: [50, 70], target: [80, 92] },
  { sv: 'Energianvändning', en: 'Energy use', unit: 'kWh/m²', baseline: [110, 140], target: [80, 100] },
  { sv: 'Antal användare', en: 'Number of users', unit: '', baseline: [0, 40], target: [300, 1200] },
  { sv: 'Matsvinn per portion', en: 'Food waste per portion', unit: 'g', baseline: [40, 60], target: [20, 30] },
  { sv: 'Handläggningstid', en: 'Processing time', unit: 'd', baseline: [14, 30], target: [3, 7] },
  { sv: 'Utsläpp av växthusgaser', en: 'Greenhouse gas emissions', unit: 't CO₂e', baseline: [200, 900], target: [50, 150] },
  { sv: 'Frigjord tid för personal', en: 'Staff time freed', unit: 'h/v', baseline: [0, 2], target: [20, 60] },
];

export const CONTACT_NAMES: readonly string[] = [
  'Anna Lindqvist', 'Erik Nilsson', 'Fatima Haddad', 'Johan Persson', 'Karin Bengtsson', 'Mikael Holm', 'Sara Öberg',
  'Ali Rezaei', 'Emma Åkesson', 'Lars Jönsson', 'Maria Sandberg', 'Oskar Ekström', 'Nadia Karimi', 'Per Andersson',
];

export const UNITS: Record<string, readonly string[]> = {
  default: ['Utvecklingsavdelningen', 'Digitaliseringsenheten', 'Innovationsenheten', 'Verksamhetsstöd'],
  'vard-och-omsorgsforvaltningen': ['Hemtjänsten', 'Vård- och omsorgsboenden', 'Välfärdsteknik'],
  'skol-och-fritidsforvaltningen': ['Förskolan', 'Grundskolan', 'Fritid och ungdom', 'Skolmåltider'],
  'stadsbyggnadsforvaltningen': ['Trafikavdelningen', 'Planavdelningen', 'Drift och underhåll', 'Bygglovsavdelningen'],
  oresundskraft: ['Affärsutveckling', 'Elnät', 'Fjärrvärme och fjärrkyla'],
  helsingborgshem: ['Fastighetsförvaltning', 'Hyresgästservice'],
  nsva: ['Utveckling och innovation', 'Ledningsnät'],
  nsr: ['Återvinning', 'Affärsutveckling'],
};
