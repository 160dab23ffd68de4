// Pages seeded on first start. Editors change them at /admin/pages.
export interface SeedPage {
  slug_sv: string;
  slug_en: string;
  title_sv: string;
  title_en: string;
  summary_sv: string;
  summary_en: string;
  body_sv: string;
  body_en: string;
}

export const ACCESSIBILITY_SLUG = { sv: 'tillganglighet', en: 'accessibility' } as const;

export const SEED_PAGES: SeedPage[] = [
  {
    slug_sv: 'om-h22',
    slug_en: 'about-h22',
    title_sv: 'Om H22',
    title_en: 'About H22',
    summary_sv: 'H22 är Helsingborgs stora välfärdssatsning: en stadsgemensam satsning på innovation och stadsmässan H22 City Expo 2022.',
    summary_en: "H22 is Helsingborg's major welfare initiative: a city-wide investment in innovation and the H22 City Expo in 2022.",
    body_sv: `H22 är Helsingborgs stora välfärdssatsning där vi vill utveckla morgondagens lösningar för en ökad livskvalitet i en smartare och mer hållbar stad.

## Innovationsresan
Stadens förvaltningar, bolag och förbund arbetar med innovation tillsammans med invånare, föreningar, näringsliv och akademi. Initiativen går från idé till pilot, skalas upp och blir verklighet – eller avbryts, och då delar vi med oss av lärdomarna.

## H22 City Expo
En internationell stadsmässa i 35 dagar, 30 maj–3 juli 2022, i Oceanhamnen, Drottninghög och SeaU, ett cityområde i centrala Helsingborg och satelliter i Skåne och Greater Copenhagen.

## Partner och testbäddar
Företag och organisationer som driver sin egen bransch framåt och bidrar till en smartare och mer hållbar stad kan bli partner. En testbädd är en fysisk eller virtuell miljö där man kan samarbeta och testa nya produkter, tjänster eller processer.

## Pengarna
250 miljoner kronor från en engångsutdelning från Helsingborgs hamn: 132 miljoner till förvaltningarnas innovationsarbete 2020–2022 och 118 miljoner till The making of a smarter city / H22 City Expo. Därtill cirka 32,8 miljoner i resultatöverförda medel för indirekta kostnader. Engångspengar får inte finansiera löpande drift. Läs mer i [frågor och svar](/faq#hur-finansieras-h22).`,
    body_en: `H22 is Helsingborg's major welfare initiative, in which we want to develop tomorrow's solutions for a higher quality of life in a smarter and more sustainable city.

## The innovation journey
The city's administrations, municipal companies and federations work on innovation together with residents, associations, businesses and academia. Initiatives move from idea to pilot, scale up and become reality – or are stopped, and then we share what we learned.

## H22 City Expo
An international city expo for 35 days, 30 May–3 July 2022, in Oceanhamnen, Drottninghög and SeaU, a city area in central Helsingborg, and satellites in Skåne and Greater Copenhagen.

## Partners and testbeds
Companies and organisations that drive their own industry forward and contribute to a smarter and more sustainable city can become partners. A testbed is a physical or virtual environment where you can collaborate and test new products, services or processes.

## The money
250 million kronor from a one-off dividend from the Port of Helsingborg: 132 million for the administrations' innovation work 2020–2022 and 118 million for The making of a smarter city / H22 City Expo. In addition, about 32.8 million in result-transferred funds for indirect costs. One-off money may not fund running costs. Read more in [questions and answers](/en/faq#hur-finansieras-h22).`,
  },
  {
    slug_sv: ACCESSIBILITY_SLUG.sv,
    slug_en: ACCESSIBILITY_SLUG.en,
    title_sv: 'Tillgänglighetsredogörelse',
    title_en: 'Accessibility statement',
    summary_sv: 'Hur tillgänglig webbplatsen är, vad vi vet inte fungerar och hur du rapporterar problem.',
    summary_en: 'How accessible this website is, what we know does not work, and how to report a problem.',
    body_sv: `Helsingborgs stad står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet till digital offentlig service (2018:1937), kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda dem.

## Hur tillgänglig är webbplatsen?
Webbplatsen är byggd för att uppfylla WCAG 2.1 nivå AA. Sidorna fungerar utan JavaScript, kan användas med tangentbord och skärmläsare, och anpassar sig till skärmar från 320 pixlar. Varje sida testas automatiskt med verktyget axe innan en ny version publiceras.

## Kända brister
• Kartor visas med kartbilder från en extern tjänst. All information i kartorna finns också som listor med adresser.
• Äldre dokument som inte har skapats på webbplatsen kan sakna rubriker och alternativtexter.

## Rapportera brister
Om du upptäcker problem som inte beskrivs här, eller om du behöver innehåll i ett annat format, använd formuläret nedan. Meddelandet går till H22:s projektgrupp, och vi svarar inom två arbetsdagar om du lämnar din e-postadress.

## Tillsyn
Myndigheten för digital förvaltning (Digg) ansvarar för tillsyn av lagen. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg.

## Hur vi testat webbplatsen
Vi testar med automatiska verktyg (axe) i varje version och med manuella tester av tangentbordsnavigering och skärmläsare. Redogörelsen uppdaterades senast i november 2026.`,
    body_en: `The City of Helsingborg is responsible for this website. We want as many people as possible to be able to use it. This statement describes how the website complies with the Swedish Act on accessibility to digital public services (2018:1937), known accessibility problems, and how you can report problems to us so that we can fix them.

## How accessible is the website?
The website is built to meet WCAG 2.1 level AA. Pages work without JavaScript, can be used with a keyboard and a screen reader, and adapt to screens from 320 pixels wide. Every page is tested automatically with the axe tool before a new version is published.

## Known problems
• Maps use map images from an external service. All information in the maps is also available as lists with addresses.
• Older documents that were not created on the website may lack headings and alternative text.

## Report a problem
If you find a problem that is not described here, or if you need content in another format, use the form below. The message goes to the H22 project group, and we reply within two working days if you leave your e-mail address.

## Enforcement
The Agency for Digital Government (Digg) is responsible for enforcing the Act. If you are not satisfied with how we handle your feedback, you can contact Digg.

## How we tested the website
We test with automated tools (axe) in every release and manually with keyboard navigation and screen readers. This statement was last updated in November 2026.`,
  },
];
