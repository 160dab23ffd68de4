// The H22 FAQ from the source document (shared/seeds/000_87f73b62a34652a8.txt), split into its real
// questions. The Swedish answers keep the source's wording; the English is our translation.
// Questions are phrased from each answer, since the source lists answers under headings that were lost.
import type { FaqCategory } from './content.tables.ts';

export interface SeedFaq {
  slug: string;
  category: FaqCategory;
  question_sv: string;
  answer_sv: string;
  question_en: string;
  answer_en: string;
}

export const FAQ_INTRO = {
  sv: 'Vad är H22 för något, vad menar vi egentligen när vi pratar om en smartare stad och när kommer H22 City Expo genomföras? Här hittar du svar på de vanligaste frågorna om H22. Hittar du inte svar på just din fråga är du välkommen att kontakta oss.',
  en: 'What is H22, what do we actually mean when we talk about a smarter city, and when will H22 City Expo take place? Here you will find answers to the most common questions about H22. If you cannot find the answer to your question, you are welcome to contact us.',
};

export const FAQ_CATEGORIES: Record<FaqCategory, { sv: string; en: string }> = {
  about: { sv: 'Om H22', en: 'About H22' },
  expo: { sv: 'H22 City Expo', en: 'H22 City Expo' },
  collaboration: { sv: 'Samarbeten, partner och testbäddar', en: 'Collaboration, partners and testbeds' },
  money: { sv: 'Ekonomi', en: 'Funding' },
};

export const SEED_FAQ: SeedFaq[] = [
  {
    slug: 'vad-ar-h22',
    category: 'about',
    question_sv: 'Vad är H22?',
    answer_sv: `H22 är Helsingborgs stora välfärdssatsning där vi vill utveckla morgondagens lösningar för en ökad livskvalitet i en smartare och mer hållbar stad.

Stadens arbete med H22 består av två delar:
• En stadsgemensam satsning på innovation. Det handlar om själva resan mot en smartare och mer hållbar stad.
• H22 City Expo – En hållplats där vi sätter ljus på allt det som åstadkommits fram till 2022. Efter H22 City Expo fortsätter den långsiktiga satsningen på innovation. (Läs mer om [H22 City Expo](#vad-ar-h22-city-expo) längre ner.)`,
    question_en: 'What is H22?',
    answer_en: `H22 is Helsingborg's major welfare initiative, in which we want to develop tomorrow's solutions for a higher quality of life in a smarter and more sustainable city.

The city's work on H22 has two parts:
• A city-wide investment in innovation. This is about the journey itself towards a smarter and more sustainable city.
• H22 City Expo – a stop along the way where we shine a light on everything achieved up to 2022. After H22 City Expo the long-term investment in innovation continues. (Read more about [H22 City Expo](#vad-ar-h22-city-expo) further down.)`,
  },
  {
    slug: 'varfor-h22',
    category: 'about',
    question_sv: 'Varför behövs H22?',
    answer_sv: `Samhället står inför stora utmaningar. De offentliga intäkterna minskar eftersom andelen barn och äldre blir fler jämfört med den arbetade befolkningen som betalar skatt. Detta innebär ett tuffare ekonomiskt läge för alla kommuner i Sverige, även Helsingborg. Samtidigt ökar invånarnas förväntningar på enklare, snabbare och mer flexibel service. Dessutom står världen inför stora klimatutmaningar och en teknikutveckling som kommer att förändra vårt sätt att leva och arbeta.

För att ta oss an dessa utmaningar så krävs förändrade arbetssätt och smartare välfärdslösningar. Därför behöver staden arbeta med långsiktig och hållbar välfärds- och stadsutveckling. För att lyckas måste staden ta bort sådant som inte genererar tillräckligt mycket värde, utveckla mer effektiva arbetssätt och ge utrymme för tester och innovation. Det krävs nya former av samarbete, både lokala, nationella och internationella.`,
    question_en: 'Why is H22 needed?',
    answer_en: `Society faces major challenges. Public revenue is falling because children and older people are becoming a larger share compared with the working population that pays tax. This means a tougher economic situation for every municipality in Sweden, Helsingborg included. At the same time, residents expect simpler, faster and more flexible services. The world also faces major climate challenges and a technological development that will change the way we live and work.

Meeting these challenges requires new ways of working and smarter welfare solutions. That is why the city needs to work on long-term and sustainable welfare and urban development. To succeed, the city must remove what does not create enough value, develop more efficient ways of working and make room for testing and innovation. New forms of collaboration are needed – local, national and international.`,
  },
  {
    slug: 'smartare-stad',
    category: 'about',
    question_sv: 'Vad menar vi med en smartare stad?',
    answer_sv: `En smartare stad syftar till en stad som sätter fokus på:
• att skapa livskvalitet, och utgår från människorna som bor där.
• att uppnå de globala hållbarhetsmålen.
• innovation för att utveckla välfärden och staden.
• teknologi som ett medel för att skapa bättre service och tjänster.
• att skapa engagemang hos invånare, kollegor, näringsliv, föreningsliv och akademin i utvecklandet av staden.
• en stads förmåga att både vara möjliggörare och utförare.`,
    question_en: 'What do we mean by a smarter city?',
    answer_en: `A smarter city is a city that focuses on:
• creating quality of life, starting from the people who live there.
• achieving the global sustainability goals.
• innovation to develop welfare and the city.
• technology as a means of creating better services.
• engaging residents, colleagues, businesses, associations and academia in developing the city.
• a city's ability to be both an enabler and a doer.`,
  },
  {
    slug: 'vad-star-h22-for',
    category: 'about',
    question_sv: 'Vad står H och 22 för?',
    answer_sv: `H:et står för Helsingborg. 22 anspelar på år 2022 när stadsmässan H22 City Expo ska genomföras. H22 är också en blinkning till de tidigare mässorna H55 och H99, även om de var mer avgränsade mässor. H22 är en större satsning som visar upp en hel stad och dess satsning på innovation, nu och i framtiden.`,
    question_en: 'What do the H and the 22 stand for?',
    answer_en: `The H stands for Helsingborg. 22 refers to 2022, the year the city expo H22 City Expo takes place. H22 is also a nod to the earlier expos H55 and H99, although those were more limited fairs. H22 is a bigger undertaking that shows a whole city and its investment in innovation, now and in the future.`,
  },
  {
    slug: 'vad-ar-h22-city-expo',
    category: 'expo',
    question_sv: 'Vad är H22 City Expo?',
    answer_sv: `H22 City Expo är en internationell stadsmässa i Helsingborg som pågår i 35 dagar i maj-juli 2022. Det är också en plattform för att visa upp innovationsarbete och nya lösningar. Fokus är på framtidens välfärds- och stadsutvecklingslösningar – hur innovation kan hjälpa oss att skapa livskvalitet i vardagen för alla Helsingborgare.`,
    question_en: 'What is H22 City Expo?',
    answer_en: `H22 City Expo is an international city expo in Helsingborg that runs for 35 days in May–July 2022. It is also a platform for showing innovation work and new solutions. The focus is on the welfare and urban development solutions of the future – how innovation can help us create quality of life in everyday life for everyone in Helsingborg.`,
  },
  {
    slug: 'var-ar-h22-city-expo',
    category: 'expo',
    question_sv: 'Var äger H22 City Expo rum?',
    answer_sv: `H22 City Expo utgår från tre geografiska huvudområden: Oceanhamnen, Drottninghög och SeaU.

Det kommer också att finnas ett cityområde i de centrala delarna av Helsingborg och några utvalda platser runt om i staden och regionen (Skåne och Greater Copenhagen), så kallade satelliter.`,
    question_en: 'Where does H22 City Expo take place?',
    answer_en: `H22 City Expo is based in three main geographical areas: Oceanhamnen, Drottninghög and SeaU.

There will also be a city area in central Helsingborg and a few selected places around the city and the region (Skåne and Greater Copenhagen), known as satellites.`,
  },
  {
    slug: 'vem-ar-h22-till-for',
    category: 'expo',
    question_sv: 'Vem är H22 till för?',
    answer_sv: `Hela H22 satsningen är till för invånarna, för att vi vill göra Helsingborg till en ännu bättre stad att leva, verka och bo i. H22 och H22 City Expo handlar om människorna i Helsingborg. Fokus ligger på framtidens välfärds- och stadsutvecklingslösningar och hur innovation kan hjälpa oss i arbetet med att skapa livskvalitet i vardagen för alla i Helsingborg.`,
    question_en: 'Who is H22 for?',
    answer_en: `The whole H22 initiative is for the residents, because we want to make Helsingborg an even better city to live, work and make a home in. H22 and H22 City Expo are about the people of Helsingborg. The focus is on the welfare and urban development solutions of the future and how innovation can help us create quality of life in everyday life for everyone in Helsingborg.`,
  },
  {
    slug: 'internationella-samarbeten',
    category: 'collaboration',
    question_sv: 'Varför samarbetar Helsingborg internationellt inom H22?',
    answer_sv: `Helsingborgs stad har en hög ambition och vilja att bli bättre. Det kan kräva globala samarbeten för att kunna generera lokala förbättringar. Ett exempel är möjligheten att utveckla skolan med hjälp av artificiell intelligens. Sverige ligger inte längst fram när det kommer till forskning inom området. För att lära av de bästa måste vi blicka utanför landets gränser.

H22 är vårt sätt att kraftsamla kring de globala hållbarhetsmålen och skapa samarbeten som löser utmaningar på både lokal och global nivå. H22 handlar lika mycket om att vi ska lära oss av andra som att vi ska dela med oss av våra erfarenheter.`,
    question_en: 'Why does Helsingborg collaborate internationally in H22?',
    answer_en: `The City of Helsingborg has high ambitions and a will to improve. That can require global collaboration to bring about local improvements. One example is the opportunity to develop schools with the help of artificial intelligence. Sweden is not at the forefront of research in that field. To learn from the best, we have to look beyond the country's borders.

H22 is our way of joining forces around the global sustainability goals and creating collaborations that solve challenges at both local and global level. H22 is as much about learning from others as about sharing our own experience.`,
  },
  {
    slug: 'projektgruppen',
    category: 'collaboration',
    question_sv: 'Vad gör H22:s projektgrupp?',
    answer_sv: `Projektgruppen arbetar med att göra Helsingborg relevant för en internationell publik och skapar nya partnerskap som bidrar till utvecklingen av Helsingborg. Projektgruppen håller också ihop det övergripande arbetet, planeringen, marknadsföringen och genomförandet av stadsmässan 2022. H22:s projektgrupp arbetar tillsammans med alla förvaltningar, bolag och förbund, där en viktig del är att involvera invånare, föreningar och medarbetare till att bli medskapare av H22.`,
    question_en: "What does the H22 project group do?",
    answer_en: `The project group works to make Helsingborg relevant to an international audience and creates new partnerships that contribute to Helsingborg's development. The project group also holds together the overall work, the planning, the marketing and the running of the city expo in 2022. H22's project group works with all the city's administrations, municipal companies and federations, and an important part of this is involving residents, associations and employees as co-creators of H22.`,
  },
  {
    slug: 'bli-partner',
    category: 'collaboration',
    question_sv: 'Hur kan ett företag eller en organisation bli partner till H22?',
    answer_sv: `Utgångspunkten för att ett företag eller en organisation ska kunna bli partner till H22 är att de har en satsning på innovation och utveckling som driver den egna branschen framåt, men som också bidrar till att utveckla Helsingborg till en mer smart och hållbar stad. Partner kan antingen bidra med satsningar som implementeras i staden eller använda staden som testbädd. H22:s partner kommer att bidra med olika satsningar som på kort och lång sikt bidrar till Helsingborgs utveckling och Helsingborgarnas livskvalitet.`,
    question_en: 'How can a company or organisation become an H22 partner?',
    answer_en: `To become an H22 partner, a company or organisation must have its own investment in innovation and development that drives its own industry forward, and that also helps develop Helsingborg into a smarter and more sustainable city. A partner can either contribute initiatives that are implemented in the city or use the city as a testbed. H22's partners will contribute different initiatives that, in the short and long term, add to Helsingborg's development and to the quality of life of the people of Helsingborg.`,
  },
  {
    slug: 'vad-ar-en-testbadd',
    category: 'collaboration',
    question_sv: 'Vad är en testbädd?',
    answer_sv: `En testbädd är en fysisk eller virtuell miljö där företag och andra organisationer kan samarbeta, testa nya produkter, tjänster eller processer.`,
    question_en: 'What is a testbed?',
    answer_en: `A testbed is a physical or virtual environment where companies and other organisations can collaborate and test new products, services or processes.`,
  },
  {
    slug: 'hur-finansieras-h22',
    category: 'money',
    question_sv: 'Hur finansieras H22 – varifrån kommer de 250 miljonerna?',
    answer_sv: `De 250 miljonerna finansieras från en aktieutdelning från Helsingborgs hamn som beslutades av kommunfullmäktige 2018. Aktieutdelningen är av engångskaraktär och kan därför inte användas till drift eller satsningar som ökar förvaltningarnas löpande utgifter.

Pengarna fördelas på [132 miljoner till innovationsarbete](#132-miljoner-innovationsarbete) och [118 miljoner till The making of a smarter city / H22 City Expo](#118-miljoner-h22-city-expo).`,
    question_en: 'How is H22 funded – where do the 250 million come from?',
    answer_en: `The 250 million kronor are funded by a share dividend from the Port of Helsingborg, decided by the city council in 2018. The dividend is a one-off payment and therefore cannot be used for operations or for initiatives that increase the administrations' running costs.

The money is divided into [132 million for innovation work](#132-miljoner-innovationsarbete) and [118 million for The making of a smarter city / H22 City Expo](#118-miljoner-h22-city-expo).`,
  },
  {
    slug: '132-miljoner-innovationsarbete',
    category: 'money',
    question_sv: 'Vad går de 132 miljonerna till innovationsarbete till?',
    answer_sv: `132 miljoner investeras i förvaltningarnas innovationsarbete under åren 2020-2022. Pengarna fördelas utifrån nämndernas/förvaltningarnas storlek, och tilldelningen sker över tre år. Pengarna är öronmärkta till innovationsarbete som ska bidra till utvecklingen av framtidens välfärds- och stadsutvecklingssatsningar.`,
    question_en: 'What are the 132 million for innovation work used for?',
    answer_en: `132 million kronor are invested in the administrations' innovation work in the years 2020–2022. The money is distributed according to the size of each committee/administration, and it is allocated over three years. The money is earmarked for innovation work that contributes to developing the welfare and urban development initiatives of the future.`,
  },
  {
    slug: '118-miljoner-h22-city-expo',
    category: 'money',
    question_sv: 'Vad går de 118 miljonerna till The making of a smarter city / H22 City Expo till?',
    answer_sv: `118 miljoner investeras i H22-arbetet som innebär att skapa nya internationella samarbeten, skapa nya partnersamarbeten och planera och genomföra H22 City Expo under 35 dagar. Förberedelsearbetet fram till 2022 innebär bland annat att:
• Engagera Helsingborgarna i arbetet med att utveckla staden och H22 City Expo.
• Engagera näringsliv, föreningsliv, medarbetare och akademi i arbetet att utveckla staden och H22 City expo.
• Driva och stötta initiativ och projekt som bidrar till att Helsingborg blir en av Europas mest innovativa städer.
• Stärka Helsingborgs position internationellt och skapa nya internationella samarbeten.`,
    question_en: 'What are the 118 million for The making of a smarter city / H22 City Expo used for?',
    answer_en: `118 million kronor are invested in the H22 work, which means creating new international collaborations, creating new partnerships, and planning and running H22 City Expo for 35 days. The preparations up to 2022 include, among other things:
• Engaging the people of Helsingborg in developing the city and H22 City Expo.
• Engaging businesses, associations, employees and academia in developing the city and H22 City Expo.
• Running and supporting initiatives and projects that help make Helsingborg one of Europe's most innovative cities.
• Strengthening Helsingborg's international position and creating new international collaborations.`,
  },
  {
    slug: '32-miljoner-resultatoverforda-medel',
    category: 'money',
    question_sv: 'Vad är de 32 miljonerna från resultatöverförda medel?',
    answer_sv: `Från Stadsbyggnadsnämnden, Miljönämnden, Kommunstyrelsen och Fastighetsnämnden används även överskott från tidigare år, så kallade resultatöverförda medel. Dessa uppgår till cirka 32,8 miljoner kronor. Det kan till exempel handla om ökade kostnader för städning, gatuskötsel och extra trygghetskostnader som uppstår i samband med stora evenemang men som inte är direkta evenemangskostnader. Att kommunen använder resultatöverförda resurser från annat verksamhetsår är enligt plan och detta har även gjorts tidigare till flera olika syften.

De resultatöverförda medlen används för indirekta kostnader som beror på att en stor andel besökare kommer till staden.`,
    question_en: 'What are the 32 million from result-transferred funds?',
    answer_en: `The City Planning Committee, the Environment Committee, the Municipal Executive Board and the Property Committee also use surpluses from earlier years, known as result-transferred funds. These amount to about 32.8 million kronor. They can, for example, cover higher costs for cleaning, street maintenance and extra safety that arise around large events but are not direct event costs. The municipality's use of result-transferred resources from another financial year is planned, and it has been done before for several different purposes.

The result-transferred funds are used for indirect costs that arise because a large number of visitors come to the city.`,
  },
];
