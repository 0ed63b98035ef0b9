"""Norwegian Bokmål templates for the labelled corpus (see pipeline/enrich/training/corpus.py)."""

from pipeline.enrich.training.corpus import Family

FILLERS = {
    # The organisation, as people write it (weighted towards the common forms).
    "org": [
        "Nordlys Consulting",
        "Nordlys",
        "Nordlys Consulting AS",
        "@NordlysConsulting",
        "@nordlys_no",
        "Nordlys Consulting",
        "Nordlys",
        "NordlysConsulting",
    ],
    # The organisation's own offices: only these three exist.
    "office": ["Oslo", "Utrecht", "London", "Oslo"],
    "name": [
        "Ingrid Haugen",
        "Lars",
        "Marte Solberg",
        "Håkon",
        "Silje Berg",
        "Eirik Johansen",
        "Thea",
        "Magnus Lie",
        "Nora Bakke",
        "Jonas Eriksen",
        "Ida Kristiansen",
        "Ole Martin",
        "Hanne Dahl",
        "Sindre",
        "Synnøve Lund",
        "Aksel Moen",
        "Maja Strand",
        "Øystein Nygård",
        "Camilla Hansen",
        "Fredrik Aas",
        "Tuva",
        "Sanne de Vries",
    ],
    "role": [
        "utvikler",
        "seniorutvikler",
        "prosjektleder",
        "dataingeniør",
        "UX-designer",
        "rådgiver innen informasjonssikkerhet",
        "forretningsutvikler",
        "backend-utvikler",
        "frontend-utvikler",
        "skyarkitekt",
        "løsningsarkitekt",
        "produkteier",
        "testleder",
        "data scientist",
        "HR-rådgiver",
        "controller",
        "scrum master",
        "teamleder",
        "DevOps-ingeniør",
        "juniorkonsulent",
    ],
    "team": [
        "datateamet",
        "skyteamet",
        "UX-teamet",
        "sikkerhetsteamet",
        "integrasjonsteamet",
        "analyseteamet",
        "plattformteamet",
        "salgsteamet",
        "AI-teamet",
        "DevOps-teamet",
        "rådgivningsteamet",
        "designteamet",
        "frontend-teamet",
        "økonomiteamet",
    ],
    "city": [
        "Oslo",
        "Bergen",
        "Trondheim",
        "Stavanger",
        "Tromsø",
        "Kristiansand",
        "Drammen",
        "Fredrikstad",
        "Bodø",
        "Ålesund",
        "Lillehammer",
        "Hamar",
        "Sandnes",
        "Haugesund",
        "Tønsberg",
        "Molde",
    ],
    "client": [
        "Fjellheim Logistikk",
        "Havbris Energi",
        "Nordkyst Sjømat",
        "Granli Bygg",
        "Bjørkvik kommune",
        "Vidda Forsikring",
        "Elvebakken Helse",
        "Polarlys Shipping",
        "Isfjord Sparebank",
        "Lyngheim Eiendom",
        "Tindvik Energi",
        "Bryggen Medier",
        "Sørvang kommune",
        "Solberg Dagligvare",
    ],
    "target": [
        "Fjordtech AS",
        "Bergen Data Partner",
        "Kvist Rådgivning",
        "Innsikt Norge",
        "Trønder IT",
        "Vestkyst Digital",
        "Arktis Analyse",
        "Skogsrud & Co",
    ],
    "product": [
        "Nordlys Portal",
        "Nordlys Insight",
        "Nordlys Flyt",
        "Nordlys Connect",
        "Nordlys Arkiv",
        "Nordlys Puls",
        "Nordlys Timeføring",
        "Nordlys Innsyn",
        "Nordlys-appen",
    ],
    "system": [
        "Visma",
        "SharePoint",
        "VPN-løsningen",
        "timeføringssystemet",
        "intranettet",
        "e-posten",
        "Teams",
        "Jira",
        "CRM-systemet",
        "reiseregningssystemet",
    ],
    "cred_system": [
        "VPN-en",
        "admin-kontoen i Azure",
        "lønnssystemet",
        "kundens SharePoint",
        "CRM-et",
        "prod-databasen",
        "felles Gmail-kontoen",
        "Jira-admin",
        "servicekontoen i testmiljøet",
    ],
    "password": [
        "Sommer2024!",
        "Nordlys123",
        "Vinter#2025",
        "Passord1!",
        "Oslo!2024",
        "Fjord#88",
        "Nordlys2025!",
        "Velkommen1",
    ],
    "amount": [
        "4 500 kr",
        "12 000 kroner",
        "349 kr",
        "kr 7 800",
        "2 499,-",
        "18 750 kr",
        "NOK 85 000",
        "950 kroner",
        "31 250 kr",
        "1 200 kr",
        "62 400 kr",
    ],
    "revenue": [
        "84 millioner kroner",
        "112 MNOK",
        "1,3 milliarder kroner",
        "47,5 mill",
        "NOK 260 millioner",
        "61 millioner",
        "9,8 MNOK",
        "210 mill",
    ],
    "salary": [
        "780 000 kr",
        "1 050 000",
        "640 000 kroner",
        "920 000 i året",
        "1,2 mill",
        "705 000",
        "860 000 kr",
        "58 000 i måneden",
    ],
    "prize": [
        "50 000 kr",
        "1 000 000 kroner",
        "et gavekort på 10 000 kr",
        "en iPhone 16 Pro",
        "25 000 NOK",
        "en helt ny Tesla",
        "250 000 kroner",
        "et reisegavekort på 15 000 kr",
    ],
    "fortune": [
        "4,5 millioner dollar",
        "12 000 000 USD",
        "8,2 millioner euro",
        "3,2 millioner kroner",
        "7 500 000 GBP",
        "US$ 15,5 millioner",
        "6 millioner euro",
        "2,8 millioner dollar",
    ],
    "scammer": [
        "Dr. Michael Obi",
        "Barrister John Williams",
        "Mrs. Grace Mensah",
        "Sgt. David Miller",
        "Mr. Ahmed Karim",
        "Dr. Helen Morris",
        "Captain Robert Hayes",
        "Mrs. Susan Clark",
    ],
    "coin": ["Bitcoin", "Ethereum", "USDT", "Solana", "XRP", "Dogecoin", "krypto", "kryptovaluta"],
    "percent": ["3 %", "4,5 %", "6 prosent", "8 %", "9 prosent", "12 %", "15 %", "18 %"],
    "count": ["2", "3", "4", "5", "6", "8", "10", "12"],
    "people": ["25", "35", "40", "60", "80", "120", "150", "200"],
    "years": ["5", "7", "10", "12", "15", "20", "25"],
    "days": ["3", "5", "9", "12", "14", "17", "21"],
    "hours": ["12", "16", "25", "30", "40", "48", "60", "80"],
    "date": [
        "mandag 14. oktober",
        "torsdag 7. november",
        "fredag 22. mars",
        "tirsdag 3. juni",
        "onsdag 11. september",
        "12. mars",
        "3. desember",
        "torsdag 16. januar",
        "27. februar",
        "fredag 9. mai",
        "20. august",
        "onsdag 5. februar",
    ],
    "xmas_date": [
        "fredag 6. desember",
        "torsdag 12. desember",
        "fredag 29. november",
        "lørdag 7. desember",
        "13. desember",
        "fredag 5. desember",
        "torsdag 4. desember",
        "22. november",
    ],
    "time": ["16.00", "15.30", "09.00", "08.30", "17.00", "12.00", "18.30", "19.00"],
    "venue": [
        "på Kulturhuset",
        "i kantina i 4. etasje",
        "på Grünerløkka Brygghus",
        "på taket hos oss i Bjørvika",
        "i Mathallen",
        "på Ingensteds",
        "i storsalen på Oslo-kontoret",
        "på Schouskjelleren",
        "i lokalene våre i Bjørvika",
    ],
    "conf": [
        "JavaZone",
        "NDC Oslo",
        "Arendalsuka",
        "Oslo Innovation Week",
        "Booster",
        "Sikkerhetsfestivalen",
        "Oslo Business Forum",
        "Nordic AI Summit",
        "DevOpsDays Oslo",
        "Kommunedagene",
    ],
    "topic": [
        "KI i offentlig sektor",
        "skymigrering",
        "GDPR og logging",
        "datadrevet ledelse",
        "universell utforming",
        "NIS2-direktivet",
        "tjenestedesign",
        "bærekraftsrapportering",
        "Microsoft Copilot",
        "zero trust",
        "moderne dataplattformer",
        "digitale tvillinger",
        "språkmodeller",
    ],
    "school": [
        "NTNU",
        "UiO",
        "UiB",
        "BI",
        "OsloMet",
        "UiT",
        "NHH",
        "Universitetet i Agder",
        "Høyskolen Kristiania",
        "USN",
    ],
    "charity": [
        "Kirkens Bymisjon",
        "Blå Kors",
        "Røde Kors",
        "Frelsesarmeen",
        "Leger Uten Grenser",
        "Kreftforeningen",
        "Redd Barna",
        "Matsentralen",
        "Fontenehuset",
        "Barnekreftforeningen",
    ],
    "cert": [
        "ISO 27001",
        "ISO 9001",
        "ISO 14001",
        "Miljøfyrtårn",
        "Great Place to Work",
        "Equal Salary",
        "ISO 42001",
        "Cyber Essentials",
    ],
    "award": [
        "Årets konsulentselskap",
        "Årets arbeidsplass",
        "Digitaliseringsprisen",
        "Årets digitale prosjekt",
        "Innovasjonsprisen",
        "Bærekraftsprisen",
        "Publikumsprisen",
        "Årets kundeprosjekt",
    ],
    "job_url": [
        "nordlys.no/karriere",
        "https://nordlys.no/jobb",
        "nordlys.no/stillinger",
        "lnkd.in/dK3v9Qx",
        "bit.ly/nordlys-jobb",
        "https://karriere.nordlys.no",
        "nordlys.no/ledige-stillinger",
        "jobbnorge.no/nordlys",
    ],
    "event_url": [
        "nordlys.no/arrangementer",
        "https://nordlys.no/webinar",
        "lnkd.in/gW7pQ2e",
        "bit.ly/nordlys-seminar",
        "nordlys.no/pamelding",
        "https://forms.office.com/r/8KqP2",
        "eventbrite.com/nordlys-frokost",
        "nordlys.no/fagdag",
    ],
    "url": [
        "nordlys.no/nyheter",
        "https://nordlys.no/blogg",
        "lnkd.in/eRt5vB1",
        "nordlys.no/presse",
        "bit.ly/3xK9aQv",
        "https://nordlys.no/kundecase",
        "nordlys.no/aktuelt",
        "lnkd.in/pX4mN8s",
    ],
    "scam_url": [
        "bit.ly/premie-no",
        "nordlys-lonn.com/login",
        "vipps-bekreft.net",
        "secure-bankid-verify.com",
        "dnb-kunde-sikker.info",
        "posten-toll-betaling.com",
        "krypto-gevinst.io",
        "m365-nordlys-login.com",
        "tinyurl.com/gevinst24",
    ],
    "handle": [
        "@ingridh",
        "@lars_dev",
        "@martesolberg",
        "@hakon_n",
        "@siljeberg",
        "@eirikj",
        "@thea_ux",
        "@magnuslie",
        "@nora.bakke",
        "@jonas_e",
        "@idakris",
        "@synnovel",
    ],
    "ticket": [
        "#48213",
        "SAK-20931",
        "INC0045123",
        "45512",
        "NL-7734",
        "#50877",
        "SR-11902",
        "INC0046891",
    ],
    "invoice": [
        "2024-1187",
        "F-30982",
        "88123",
        "2025-0412",
        "NL-4471",
        "71220",
        "F-31544",
        "2024-2290",
    ],
    "version": ["3.4.1", "4.0.2", "2.9.7", "5.1.0", "4.2.3", "3.8.0", "4.1.1", "5.0.4"],
    "error": [
        "500 Internal Server Error",
        "Tidsavbrudd",
        "Ugyldig token",
        "Error 403",
        "Noe gikk galt. Prøv igjen senere",
        "Feilkode NL-502",
        "Session expired",
        "Kunne ikke hente data",
    ],
    "illness": [
        "kreft",
        "depresjon",
        "utbrenthet",
        "MS",
        "bipolar lidelse",
        "rusproblemer",
        "angst",
        "en spiseforstyrrelse",
        "hjerteproblemer",
    ],
    "address": [
        "Bjerkeveien 14B",
        "Tollbugata 7",
        "Kirkeveien 112, 0361 Oslo",
        "Storgata 45 i Tromsø",
        "Marienlyst 3A",
        "Eikelundveien 9",
        "Thereses gate 21",
        "Skogveien 88 på Nesodden",
        "Møllendalsveien 12, Bergen",
    ],
    "fnr": [
        "010190 12345",
        "15038544321",
        "240792 55813",
        "31128866701",
        "070395 43210",
        "12068223456",
        "290181 30245",
        "05119947382",
    ],
    "room": [
        "Fløyen",
        "Preikestolen",
        "Galdhøpiggen",
        "Lofoten",
        "Nordkapp",
        "Trolltunga",
        "Besseggen",
        "Geiranger",
    ],
    "food": [
        "taco",
        "fiskesuppe",
        "lasagne",
        "pizza",
        "sushi",
        "fiskegrateng",
        "kylling tikka masala",
        "kjøttkaker i brun saus",
        "ramen",
        "plukkfisk",
    ],
    "sport_team": [
        "Rosenborg",
        "Vålerenga",
        "Brann",
        "Molde",
        "Bodø/Glimt",
        "Lillestrøm",
        "Viking",
        "Tromsø",
        "Start",
    ],
}

FAMILIES = [
    # ------------------------------------------------------------------ vacancy
    Family(
        "nb-vacancy-team-growing",
        ("vacancy",),
        "positive",
        (
            "Vi vokser! 🚀 Nå trenger {team} på {office}-kontoret en {role} som vil jobbe med "
            "spennende kunder. Les mer og søk her: {job_url} #ledigstilling #jobb",
            "Har du lyst til å bli med i {team} hos {org}? Vi ser etter en {role} i {office}. "
            "Søk innen {date} 👉 {job_url}",
            "Endelig grønt lys for å ansette! Vi trenger en dyktig {role} til {team}. Hybrid, "
            "fleksibel arbeidstid og et fantastisk miljø. {job_url} #viansetter",
            "Nå har du sjansen: {org} søker {role} til {team} i {office}. Gode betingelser, "
            "faglig utvikling og hyggelige kolleger 😊 #ledigstilling",
        ),
    ),
    Family(
        "nb-vacancy-referral-know-anyone",
        ("vacancy",),
        "neutral",
        (
            "Kjenner du en {role} som er klar for noe nytt? Vi har en ledig stilling i {team}, "
            "tips meg gjerne eller del innlegget 🙏",
            "Noen i nettverket mitt som kan være aktuelle som {role}? Send meg en DM, så setter "
            "jeg dere i kontakt med rekruttereren vår i {org}.",
            "Tips mottas! Vi leter etter en {role} til et team i {office}. Kjenner du flinke "
            "folk, tagg dem i kommentarfeltet 👇 #jobb",
            "Hei nettverk 👋 Vet dere om noen som jobber som {role} og vurderer å bytte jobb? "
            "Vi i {org} trenger forsterkning. {job_url}",
        ),
    ),
    Family(
        "nb-vacancy-formal-ad",
        ("vacancy",),
        "neutral",
        (
            "{org} søker {role} til fast stilling i {office}. Du vil jobbe tett med kunder i "
            "privat og offentlig sektor. Søknadsfrist: {date}. Les hele utlysningen på {job_url}",
            "Ledig stilling: {role} ({office}). Vi tilbyr konkurransedyktig lønn, god "
            "pensjonsordning og forsikringer. Spørsmål om stillingen rettes til {name}. "
            "#ledigstilling #karriere",
            "Vi har en ledig fast stilling som {role} i {team}. Relevant utdanning og noen års "
            "erfaring er en fordel, men personlig egnethet vektlegges. Søk via {job_url}",
            "Stillingsutlysning | {role} | {org}, {office}. Tiltredelse etter avtale. "
            "Frist {date}. {job_url}",
            "Vil du jobbe med noen av de mest spennende digitaliseringsprosjektene i Norge? "
            "{org} søker en erfaren {role} til {team} i {office}. Du får ansvar for egne "
            "leveranser og mulighet til å spesialisere deg innen "
            "{topic}. Vi tilbyr fleksibel arbeidstid, gode pensjons- og forsikringsordninger og "
            "et sterkt fagmiljø. Søknadsfrist {date}. {job_url} #ledigstilling",
        ),
    ),
    Family(
        "nb-vacancy-hashtag-short",
        ("vacancy",),
        "positive",
        (
            "#ledigstilling {role} i {office} 👉 {job_url}",
            "Vi ansetter! Nå søker vi {role} til {team} 🙌 {job_url} #jobb #viansetter",
            "Klar for ny jobb? {org} trenger en {role}! Søk i dag: {job_url} #jobb",
            "Drømmejobben for en {role}? Den finner du kanskje hos oss i {office} 😉 "
            "{job_url} #ledigstilling",
        ),
    ),
    Family(
        "nb-vacancy-summer-students",
        ("vacancy",),
        "positive",
        (
            "Studerer du IT eller økonomi? Vi søker sommerstudenter til {team} i {office} neste "
            "sommer ☀️ Søknadsfrist {date}. {job_url} #sommerjobb",
            "Sommerjobb hos {org}! Vi tar inn {count} studenter som får jobbe på ekte "
            "kundeprosjekter i seks uker. Alle detaljer: {job_url}",
            "Kjenner du en student på {school} som vil ha en lærerik sommerjobb? Vi har {count} "
            "plasser i sommerprogrammet vårt, del gjerne! #sommerjobb #student",
            "Søknadsportalen for sommerjobb er åpen 🎉 Sommerstudentene våre har gitt oss "
            "toppkarakter tre år på rad. Søk innen {date}: {job_url}",
        ),
    ),
    Family(
        "nb-vacancy-internal-referral-drive",
        ("vacancy",),
        "neutral",
        (
            "Påminnelse til alle: vi har fortsatt {count} åpne stillinger, blant annet som "
            "{role}. Husk vervebonusen hvis du anbefaler noen som blir ansatt! Oversikt på "
            "{job_url}",
            "Hei alle sammen! Rekrutteringsteamet trenger hjelp: vi leter etter en {role} til "
            "{team}. Kjenner du noen, send CV-en til {name} eller bruk vervelenken på intranettet.",
            "Vervekampanjen er i gang igjen 💰 Tips oss om en {role} og få vervebonus ved "
            "ansettelse. Størst behov i {office} akkurat nå.",
            "Kan dere dele denne stillingen i nettverkene deres? Vi trenger en {role} snarest, "
            "og de beste kandidatene kommer ofte via dere 🙏 {job_url}",
        ),
    ),
    Family(
        "nb-vacancy-graduate-programme",
        ("vacancy",),
        "positive",
        (
            "Nyutdannet til sommeren? Traineeprogrammet vårt tar opp {count} nye trainees til "
            "høsten. To år, tre ulike team og egen mentor. Søk på {job_url} #trainee #nyutdannet",
            "Vi søker nyutdannede som vil bli {role} 🎓 Oppstart i august, søknadsfrist {date}. "
            "Master eller bachelor, det viktigste er at du er nysgjerrig. {job_url}",
            "Fullfører du studiene på {school} til våren? Bli trainee hos {org} i {office}! Vi "
            "ser etter folk som liker å løse problemer sammen med kunder. #graduate #jobb",
            "Traineeopptaket for neste år er åpent! Vi trenger nye kolleger med bakgrunn fra "
            "teknologi, økonomi eller design. Les mer: {job_url}",
        ),
    ),
    Family(
        "nb-vacancy-urgent-assignment",
        ("vacancy",),
        "neutral",
        (
            "Haster: trenger en {role} til et oppdrag hos en kunde i {city}, oppstart om to "
            "uker. Seks måneder med mulighet for forlengelse. DM meg! #frilans #konsulent",
            "Vi har et spennende oppdrag i {city} og mangler én {role}. Fast ansettelse hos oss "
            "eller innleie fra underleverandør, begge deler er aktuelt. Ta kontakt med {name}.",
            "Søker {role} til kundeoppdrag i {city} ASAP. Norsk muntlig og skriftlig er et krav. "
            "Send CV til {name} eller søk via {job_url}",
            "Noen som kjenner en ledig {role}? Prosjektet starter {date}, og vi trenger én person "
            "til med erfaring fra offentlig sektor.",
        ),
    ),
    Family(
        "nb-vacancy-still-open",
        ("vacancy",),
        "neutral",
        (
            "Siste frist for å søke som {role} hos {org} er {date}. Fortsatt tid til å sende "
            "inn! {job_url}",
            "Stillingen som {role} i {team} er fortsatt ledig. Vi har fått mange søknader, men "
            "ikke funnet riktig person ennå. Del gjerne videre.",
            "Oppdatering: vi har forlenget søknadsfristen for stillingen som {role} i {office} "
            "til {date}.",
            "Fristen nærmer seg ⏰ Har du ikke søkt på jobben som {role} ennå, er det bare noen "
            "dager igjen: {job_url}",
        ),
    ),
    Family(
        "nb-vacancy-many-positions",
        ("vacancy",),
        "positive",
        (
            "Stort år for oss: vi skal ansette {count} nye konsulenter i {office} før sommeren! "
            "Se alle stillingene på {job_url} #viansetter",
            "Nye kunder = flere folk 💪 Akkurat nå har vi {count} ledige stillinger, blant annet "
            "som {role}. Kjenner du noen som passer?",
            "Vi trenger flere kolleger! Både erfarne og juniorer er velkomne til å søke. "
            "Spesielt aktuelt nå: {role}. {job_url} #jobb #karriere",
            "{org} er i vekst og rekrutterer {count} nye medarbeidere til {team} og "
            "prosjektkontoret. Søk her: {job_url}",
        ),
    ),
    Family(
        "nb-vacancy-colleague-shares",
        ("vacancy",),
        "positive",
        (
            "Deler for teamet mitt ❤️ Vi søker en {role}, og jeg kan love deg verdens beste "
            "kolleger. Send meg gjerne en melding om du lurer på noe! {job_url}",
            "Jeg har jobbet i {org} i {years} år og trives fortsatt like godt. Nå trenger vi en "
            "ny {role} i {team}, så søk da! {job_url}",
            "Vil du bli kollegaen min? 😄 Vi har en ledig stilling som {role} i {office}. Spør "
            "meg om hva som helst om arbeidsmiljøet. #ledigstilling",
            "Kort reklame: {team} trenger en ny {role}. Faglig sterkt miljø, fleksibilitet og "
            "kule kunder. Søknadsfrist {date}.",
        ),
    ),
    Family(
        "nb-vacancy-event-recruitment-day",
        ("vacancy", "event"),
        "positive",
        (
            "Rekrutteringsdag hos {org}! 🎉 Kom innom {venue} {date} kl. {time}, møt teamet og "
            "hør om de ledige stillingene våre som {role}. Påmelding: {event_url}",
            "Åpen dag for jobbsøkere {date}: kaffe, pizza og korte intervjuer på stedet. Vi skal "
            "ansette {count} nye konsulenter i {office} i år! #ledigstilling",
            "Vurderer du å søke jobb hos oss? Bli med på åpent hus {date} fra kl. {time}. Vi har "
            "flere ledige stillinger i {team}, og du kan snakke direkte med dem som jobber der. "
            "{event_url}",
            "Speedintervju {venue} {date}! Ta med CV-en og møt lederne våre. Vi søker blant "
            "annet {role} og flere andre roller. Gratis, men meld deg på: {event_url}",
        ),
    ),
    Family(
        "nb-vacancy-event-career-fair",
        ("vacancy", "event"),
        "positive",
        (
            "I morgen står vi på karrieredagen på {school}! Kom og snakk med oss om sommerjobb "
            "og fast stilling som {role} 🙌 #karrieredag",
            "Vi er på plass på {school} under karrieredagene {date}. Vi ansetter nyutdannede til "
            "{team}, så stikk innom standen vår!",
            "Ses vi på {conf}? Vi har stand og rekrutterer {role} til {office}. Ta gjerne med "
            "deg CV-en 😄",
            "Bedriftspresentasjon på {school} {date} kl. {time}: hør om hverdagen som konsulent "
            "og stillingene vi har ledige. Gratis mat! {event_url}",
        ),
    ),
    # ---------------------------------------------------------------- pr_story
    Family(
        "nb-pr-customer-win",
        ("pr_story",),
        "positive",
        (
            "Så stolte av å kunne fortelle at {client} har valgt {org} som partner for sin nye "
            "dataplattform! 🎉 Takk for tilliten, vi gleder oss til å komme i gang.",
            "Ny avtale i boks! Vi skal hjelpe {client} med å modernisere saksbehandlingen de neste "
            "tre årene. Stor innsats fra hele {team} 👏 #stolt",
            "Gode nyheter fra {office}: {client} har signert rammeavtale med oss. Les mer på {url}",
            "Vi vant anbudet hos {client}! 🥳 Takk til {name} og resten av tilbudsteamet for et "
            "knallsterkt tilbud.",
            "Ekstra stolt i dag 🙌 Etter en lang og krevende "
            "anbudsprosess har {client} valgt {org} som leverandør av ny dataplattform. Avtalen "
            "går over fire år, og vi skal bygge et team på rundt {count} personer i {office}. "
            "Takk til {name} og alle som har jobbet kvelder og helger for å få dette til! {url}",
        ),
    ),
    Family(
        "nb-pr-award",
        ("pr_story",),
        "positive",
        (
            "Vi har vunnet {award} 🏆 Tusen takk til alle kunder og kolleger som har gjort dette "
            "mulig!",
            "Wow! {org} vant {award} i år. Utrolig stolt av gjengen 💙 {url} #stolt",
            "Prosjektet vårt for {client} har vunnet {award}! Et bevis på hva godt samarbeid "
            "mellom kunde og leverandør kan få til.",
            "Det er offisielt: {award} går til {org}! Juryen trakk fram arbeidet vårt med {topic}.",
        ),
    ),
    Family(
        "nb-pr-event-award-gala",
        ("pr_story", "event"),
        "positive",
        (
            "For en kveld! 🏆 I går vant vi {award} på gallaen {venue}. Takk til alle som heiet "
            "på oss!",
            "Fortsatt litt i sjokk etter prisutdelingen på {conf} i går kveld: {org} tok hjem "
            "{award}! 🥂",
            "Bilder fra gårsdagens gallamiddag, der {name} tok imot {award} på vegne av hele "
            "{org} ✨ {url}",
            "Vi var nominert, og vi vant! På festmiddagen i {city} i går gikk {award} til oss. "
            "Stolt er bare fornavnet.",
        ),
    ),
    Family(
        "nb-pr-certification",
        ("pr_story",),
        "positive",
        (
            "Vi er nå {cert}-sertifisert! ✅ Takk til {team} som har jobbet hardt med dette det "
            "siste året.",
            "Nok en milepæl: {org} har bestått revisjonen og er offisielt {cert}-sertifisert. "
            "Les mer: {url}",
            "Stolt av å dele at vi har fått {cert}-sertifiseringen i boks! Viktig for kundene "
            "våre og for oss.",
            "Etter måneder med dokumentasjon og revisjon kan vi endelig si det: vi er "
            "{cert}-sertifisert 🎉 #kvalitet",
        ),
    ),
    Family(
        "nb-pr-volunteering",
        ("pr_story",),
        "positive",
        (
            "I dag byttet {count} av oss tastaturet med forkle og laget mat hos {charity} 🍲 "
            "Takk for at vi fikk bidra!",
            "Dugnadsdag! Gjengen fra {org} plukket søppel i marka utenfor {city} og fylte "
            "{count} store sekker 🌲",
            "Hvert år gir vi en arbeidsdag per ansatt til frivillig arbeid. I år gikk timene til "
            "{charity}, og i tillegg har vi donert {amount} 💙",
            "Takk til {charity} for et fint samarbeid! Konsulentene våre har laget ny nettside "
            "for dem helt gratis, og den er live i dag: {url}",
        ),
    ),
    Family(
        "nb-pr-product-launch",
        ("pr_story",),
        "positive",
        (
            "Endelig lansert! 🚀 {product} er nå tilgjengelig for alle kunder. Sjekk det ut på "
            "{url}",
            "I dag lanserer vi {product}, som gjør det enklere å holde oversikt over data og "
            "dokumenter. Stor takk til utviklerne i {team} 👏",
            "Etter et år med utvikling og testing hos {client} går {product} live i dag. Vi er "
            "så stolte av teamet!",
            "Ny versjon av {product} er ute 🎉 Raskere, enklere og med bedre norsk språkstøtte. "
            "Les lanseringsnyheten: {url}",
        ),
    ),
    Family(
        "nb-pr-milestone",
        ("pr_story",),
        "positive",
        (
            "For {years} år siden ble {org} startet i en kjeller på Grünerløkka. Nå er vi "
            "{people} ansatte i tre land 🎂🎉",
            "Milepæl! Vi har nettopp ønsket velkommen ansatt nummer {people} 🥳 Tusen takk til "
            "alle som har bygget {org} sammen med oss.",
            "{years} år, tre kontorer og hundrevis av prosjekter. Gratulerer med dagen til oss "
            "selv, {org}! 💙",
            "Vi har nå levert over {people} prosjekter for kunder i offentlig og privat sektor. "
            "Takk til alle som har vært med på reisen! {url}",
        ),
    ),
    Family(
        "nb-pr-colleague-achievement",
        ("pr_story",),
        "positive",
        (
            "Gratulerer til {name}, som i går forsvarte doktorgraden sin ved {school}! 🎓 "
            "Utrolig imponerende, og vi er heldige som har deg i {team}.",
            "Stort gratulerer til {name}, som er kåret til Årets unge konsulent! Vel fortjent 👏",
            "Heia {name}! 🙌 Boka om {topic} er nettopp gitt ut, og vi er så stolte av å ha en "
            "forfatter blant oss.",
            "{name} fra {team} har tatt sertifiseringen som AWS Solutions Architect Professional. "
            "Sterkt levert, gratulerer! 👏",
        ),
    ),
    Family(
        "nb-pr-project-delivered",
        ("pr_story",),
        "positive",
        (
            "Nytt saksbehandlingssystem for {client} er levert, på tid og innenfor budsjett ✅ "
            "Takk til et fantastisk team!",
            "Det er ikke hver dag man ser resultatet så tydelig: etter leveransen vår har "
            "{client} kuttet behandlingstiden med {percent}. Les kundecaset: {url}",
            "Go-live hos {client} i helga gikk knirkefritt 🎉 Over {people} brukere er allerede i "
            "gang med den nye løsningen.",
            "Kundecase: Slik fikk {client} full kontroll på dataene sine med hjelp fra {org}. "
            "{url} #digitalisering",
        ),
    ),
    Family(
        "nb-pr-event-charity-run",
        ("pr_story", "event"),
        "positive",
        (
            "{count} lag fra {org} løp Holmenkollstafetten i helga og samlet inn {amount} til "
            "{charity} 🏃‍♀️💙",
            "Vi stiller med lag i Sentrumsløpet {date} og løper for {charity}! Støtt oss gjerne "
            "på Spleis: spleis.no/nordlys-lop",
            "For en innsats! Sykkelteamet vårt fullførte Den Store Styrkeprøven og samlet inn "
            "penger til {charity}. Stolt av dere alle 🚴",
            "Innsamlingsløpet vårt i {city} i går ble en suksess: {people} løpere, strålende sol "
            "og {amount} til {charity} 🎉",
        ),
    ),
    Family(
        "nb-pr-event-speaker",
        ("pr_story", "event"),
        "positive",
        (
            "I dag står {name} på scenen på {conf} og snakker om {topic}! Stolt kollega 🙌 "
            "#konferanse",
            "Fullsatt sal da {name} holdt foredrag om {topic} på {conf} i går. Opptaket kommer "
            "på {url}",
            "Vi er godt representert på {conf} i år, med tre foredrag fra {org}, blant annet om "
            "{topic}. Se programmet: {event_url}",
            "Heia {name}, som åpnet {conf} i dag med et knallbra innlegg om {topic} 👏",
        ),
    ),
    Family(
        "nb-pr-press-coverage",
        ("pr_story",),
        "positive",
        (
            "Hyggelig å bli omtalt i Computerworld i dag! Artikkelen handler om arbeidet vårt "
            "med {topic} for {client}: {url}",
            "Kjekt å se {name} intervjuet i Dagens Næringsliv om {topic} 📰 Les hele saken her: "
            "{url}",
            "{org} er med på lista over Norges beste arbeidsplasser for tredje år på rad 💙 {url}",
            "Vi er nevnt i NRK-saken om {topic}, der prosjektet vårt for {client} trekkes fram "
            "som et godt eksempel 👏",
        ),
    ),
    Family(
        "nb-pr-new-premises",
        ("pr_story",),
        "positive",
        (
            "Nye lokaler! 🏢 I dag flyttet vi inn i nye, lyse kontorer i Bjørvika med plass til "
            "{people} kolleger.",
            "Kontoret vårt i {office} har fått en skikkelig oppgradering, med flere stillerom og "
            "bedre møterom. Klar for vekst! 💪 {url}",
            "De nyoppussede lokalene på {office}-kontoret er klare, og {name} fikk æren av å "
            "klippe snoren 🎉 Takk for tålmodigheten i byggeperioden!",
            "Fra to til fire etasjer på tre år: {org} i {office} vokser, og takket være {name} "
            "har vi endelig fått plass til alle 😄",
        ),
    ),
    # ------------------------------------------------- reactions: engage_and_fix
    Family(
        "nb-reaction-fix-double-invoice",
        ("complaint",),
        "negative",
        (
            "Hei {org}, vi har blitt fakturert to ganger for samme leveranse (faktura {invoice}, "
            "{amount}). Sendte e-post til fakturaavdelingen {date} uten svar. Kan noen ta tak i "
            "dette?",
            "Faktura {invoice} fra {org} inneholder timer som aldri er avtalt. Vi har ringt "
            "kundeservice to ganger og fått beskjed om at noen skal ringe tilbake. Ingen har "
            "ringt.",
            "Til {org}: beløpet på faktura {invoice} ({amount}) stemmer ikke med tilbudet vi "
            "signerte. Har meldt det inn som sak {ticket}, men ingen respons på {days} dager.",
            "Ble trukket {amount} to ganger for samme måned av {org}. Referanse {invoice}. Vil "
            "ha pengene tilbake snarest, takk.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-reaction-fix-portal-down",
        ("complaint",),
        "negative",
        (
            "{product} har vært nede hos oss siden {date}. Får bare feilmeldingen «{error}» når "
            "vi logger inn. Har prøvd Chrome, Edge og å tømme cache. Sak {ticket} hos {org}.",
            "Hei {org}, {product} laster ikke i det hele tatt hos oss i {city}. Har startet PC-en "
            "på nytt og prøvd fra mobil også. Dette stopper hele saksbehandlingen vår!",
            "Tredje gang denne måneden at {product} går ned midt i arbeidsdagen. Det skjer når vi "
            "eksporterer rapporter. Saksnummer {ticket}. {org}, hva skjer?",
            "Etter oppdateringen til versjon {version} krasjer {product} hver gang vi prøver å "
            "laste opp PDF-er. Nedgradering hjelper ikke. Henvendelse {ticket} er sendt til {org}.",
            "Til {org}: {product} har vært ustabilt hos oss siden {date}. Annenhver innlogging "
            "gir feilmeldingen «{error}», og når vi kommer inn, forsvinner ulagrede skjemaer. Vi "
            "har testet fra tre ulike nettverk, tømt cache og prøvd både Chrome og Edge. Saken "
            "er meldt inn som {ticket}, men vi har ikke hørt noe.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-reaction-fix-ticket-ignored",
        ("complaint",),
        "negative",
        (
            "Jeg har hatt en åpen sak hos {org} ({ticket}) i {days} dager nå. Problemet: "
            "brukerkontoene til tre nye ansatte er ikke opprettet. Har purret to ganger.",
            "Kundeservicen til {org} svarer ikke. Sak {ticket} ble meldt inn {date} med høy "
            "prioritet, og vi har fortsatt ikke hørt noe.",
            "Hvor lenge skal man måtte vente? {days} dager siden vi meldte feil i integrasjonen "
            "mot regnskapssystemet (sak {ticket}). Leveransen fra {org} er ikke brukbar slik den "
            "er.",
            "{org}: ring meg gjerne tilbake om sak {ticket}. Har ringt supporten hver dag siden "
            "{date} og blir bare satt på vent.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-reaction-fix-export-broken",
        ("complaint",),
        "negative",
        (
            "Eksporten til Excel i {product} har sluttet å virke. Filen blir tom selv om "
            "rapporten viser data på skjermen. Testet på to maskiner. {org}, kan dere se på det?",
            "Feil i {product}: datoene i eksportfilen blir forskjøvet én dag. Vi oppdaget det "
            "{date} etter at lønnskjøringen gikk galt. Sak {ticket}.",
            "Får «{error}» når jeg prøver å hente ut månedsrapporten i {product} (versjon "
            "{version}). Har sjekket tilganger med vår IT. Trenger hjelp fra {org} før fristen.",
            "Synkroniseringen mellom {product} og Visma har stått stille siden {date}. Over "
            "{people} bilag ligger og venter. Meldt inn hos {org} som {ticket}.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-reaction-fix-consultant-no-show",
        ("complaint",),
        "negative",
        (
            "Vi hadde booket workshop med {org} {date} kl. {time}. Ingen dukket opp, og ingen har "
            "gitt beskjed. Tolv personer fra oss satt og ventet i en time.",
            "Konsulenten fra {org} som skulle starte hos oss {date}, møtte aldri opp. Vi har "
            "betalt oppstartsgebyr på {amount} og ikke fått noen forklaring.",
            "Statusmøtet med {org} er avlyst for tredje gang på rad, alltid samme dag. Prosjektet "
            "vårt i {city} er nå {days} dager forsinket.",
            "Dårlig levert, {org}. Overleveringen av dokumentasjonen var lovet innen {date}, men "
            "vi har fortsatt ikke fått noe. Referanse: {ticket}.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-reaction-fix-login-failure",
        ("complaint",),
        "negative",
        (
            "Innlogging med BankID i {product} feiler for alle brukerne våre siden {date}. "
            "Feilmelding: «{error}». Har prøvd både BankID-appen og kodebrikke. {org}?",
            "Appen til {org} (versjon {version}) logger meg ut hvert femte minutt på iPhone. "
            "Avinstallert og installert på nytt, samme problem. Sak {ticket}.",
            "Vi har ikke kommet inn i {product} etter passordbyttet {date}. Lenken for å "
            "tilbakestille fra {org} er utløpt før den kommer fram. Noen som kan hjelpe?",
            "Tofaktor i {product} sender ikke SMS-koder lenger. Gjelder flere brukere hos oss i "
            "{city}. Meldt inn som {ticket} hos {org}.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-reaction-fix-refund-missing",
        ("complaint",),
        "negative",
        (
            "{org} lovet oss kreditnota på {amount} etter feilen i september. Nå har det gått "
            "{days} dager, og ingenting har kommet. Fakturanummer {invoice}.",
            "Vi sa opp avtalen om {product} med gyldig varsel, men blir fortsatt fakturert "
            "{amount} i måneden. Siste faktura: {invoice}. Kan {org} rette dette?",
            "Hei {org}. Vi betalte faktura {invoice} to ganger ved en feil og ba om "
            "tilbakebetaling {date}. Har fortsatt ikke fått pengene. Sak {ticket}.",
            "Tilbakebetalingen på {amount} som {org} lovet i e-post {date}, har ikke kommet inn "
            "på kontoen vår. Vennligst følg opp.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-reaction-fix-overbilled-hours",
        ("complaint",),
        "negative",
        (
            "Vi avtalte {hours} timer med {org} for analysen, men faktura {invoice} er på nesten "
            "dobbelt så mange. Ingen varslet om overskridelse på forhånd.",
            "Timelista fra {org} for oktober inneholder arbeid på dager da konsulenten var på "
            "ferie. Faktura {invoice}, {amount}. Vi ønsker en gjennomgang.",
            "Fastprisavtale betyr fast pris, {org}. Likevel kommer det en ekstra faktura på "
            "{amount} for «tilleggsarbeid» vi aldri har bestilt. Ref. {invoice}.",
            "Hvorfor fakturerer {org} oss for reisetid til {city} når kontrakten sier at reise er "
            "inkludert? Gjelder faktura {invoice}. Har spurt to ganger uten svar.",
        ),
        triage="engage_and_fix",
    ),
    # --------------------------------------------------- reactions: monitor_only
    Family(
        "nb-reaction-rant-worst-ever",
        ("complaint",),
        "negative",
        (
            "{org} er det dårligste konsulentselskapet jeg noen gang har vært borti. Aldri igjen!!",
            "Helt ubrukelige folk i {org}. Bortkastede penger fra første dag 🤬",
            "Altså {org}... jeg har ikke ord. For en gjeng amatører.",
            "Ville ikke anbefalt {org} til min verste fiende. Søppel fra A til Å.",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-reaction-rant-caps",
        ("complaint",),
        "negative",
        (
            "{org} DERE ER EN VITS!!! SÅ DÅRLIG SERVICE HAR JEG ALDRI SETT",
            "ALDRI MER {org}. ALDRI. ALDRI!!!",
            "HVORFOR ER DET INGEN I {org} SOM SKJØNNER NOE SOM HELST??? 😡😡",
            "DRITTSYSTEM. {product} FUNKER ALDRI. TAKK FOR INGENTING {org}",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-reaction-rant-sarcasm",
        ("complaint",),
        "negative",
        (
            "Takk {org} for nok en fantastisk dag uten et fungerende system 🙃 Dere er virkelig "
            "best.",
            "Elsker når {product} henger seg opp akkurat når jeg trenger det mest. Strålende "
            "jobbet, {org} 👏👏",
            "Wow, {org} klarte å svare på e-posten min. Etter bare en evighet. Imponerende.",
            "Herlig å betale i dyre dommer for konsulenter fra {org} som bare lager PowerPoints. "
            "Verdens beste investering 🙄",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-reaction-rant-clowns",
        ("complaint",),
        "negative",
        (
            "{org} = klovner lol 🤡",
            "Har noen sett et seriøst prosjekt fra {org}? Nei? Tenkte meg det 😂",
            "{org} og leveranser i tide? Like sjeldent som sol i Bergen 😂",
            "lmao {org} klarer ikke engang å lage en nettside som funker. klovnefirma",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-reaction-rant-threat-person",
        ("complaint", "legal_risk"),
        "negative",
        (
            "{name} i {org} har ødelagt prosjektet vårt. Jeg vet hvor du bor, og du skal få svi "
            "for dette.",
            "Hvis {org} ikke fikser systemet innen fredag, kommer jeg på kontoret deres og tar "
            "{name} personlig. Det er et løfte.",
            "{name} fra {org} bør passe seg når mørket kommer. Noen burde lære den idioten en "
            "lekse for det som er gjort mot firmaet vårt.",
            "Neste gang jeg ser {name} fra {org}, blir det bråk. Du har ødelagt bedriften min, og "
            "det skal du betale for.",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-reaction-rant-defame-person",
        ("complaint", "legal_risk"),
        "negative",
        (
            "{name} i {org} er en svindler som stjeler fra kundene sine. Alle burde vite det!!",
            "Det vet alle i bransjen: {name} hos {org} tar imot bestikkelser for å vinne anbud. "
            "Derfor er leveransene så elendige.",
            "Ikke stol på {org}. Prosjektlederen deres, {name}, er en notorisk løgner og har "
            "sikkert stukket av med pengene våre.",
            "{name} fra {org} burde sittet i fengsel. Kjeltring og bedrager, og firmaet dekker "
            "over det.",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-reaction-rant-troll-consultants",
        (),
        "negative",
        (
            "Konsulenter er parasitter som lever av skattebetalernes penger. {org} er ikke noe "
            "unntak lol",
            "Hvem trenger egentlig {org}? Bare nok et konsulentselskap som selger luft 😂",
            "Så {org} har fått ny logo. Fint at dere bruker tida på det viktige 🙄",
            "Alle konsulentselskaper burde legges ned. Start gjerne med {org} 🔥",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-reaction-rant-boycott",
        ("complaint",),
        "negative",
        (
            "Boikott {org}! De leverer dritt og tar seg godt betalt for det. Del videre!!",
            "Kommunen vår burde kaste ut {org} i dag. Så mye elendighet for så mye penger 🤬 "
            "#skandale",
            "Jeg skal personlig sørge for at ingen i nettverket mitt noen gang bruker {org} "
            "igjen. Pinlig dårlig.",
            "Si opp avtalen med {org} før det er for sent. Vi har lært det på den harde måten 😤",
        ),
        triage="monitor_only",
    ),
    # ----------------------------------------------- reactions: correct_politely
    Family(
        "nb-reaction-misinfo-office-closing",
        (),
        "negative",
        (
            "Hørte at {org} legger ned kontoret i {office}? Synd for dem som jobber der 😕",
            "Er det sant at {org} trekker seg ut av Norge? Noen som vet noe? Rart hvis det stemmer",
            "Ryktet sier at {org} stenger {office}-kontoret til nyttår. Typisk, først lover de "
            "satsing og så dette.",
            "Så noen på X skrive at {org} er konkurs. Hva skjer med prosjektet vi har gående med "
            "dem i {city}??",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-reaction-misinfo-sells-data",
        (),
        "negative",
        (
            "Pass dere: {org} selger dataene deres til reklameselskaper. Sto i en tråd på "
            "Facebook.",
            "Visste dere at alle som bruker {product}, får dataene sine solgt videre? {org} "
            "tjener jo penger på det.",
            "Aldri i livet om jeg søker jobb hos {org}, de deler visst CV-ene med andre firmaer "
            "uten samtykke 😠",
            "Noen som vet om det stemmer at {org} lagrer alle kundedata i Kina? Har hørt det "
            "flere steder nå.",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-reaction-misinfo-charges-for-free",
        ("complaint",),
        "negative",
        (
            "Utrolig frekt at {org} tar betalt for opplæringen i {product}. Det burde vært "
            "inkludert!",
            "Nå skal {org} visst ha {amount} bare for at vi skal få tilgang til supportportalen. "
            "Vi har betalt mer enn nok allerede.",
            "Irriterende at man må betale ekstra for oppdateringer av {product}. Det sto "
            "ingenting om det i avtalen med {org}.",
            "Hvorfor må vi betale {amount} for å eksportere våre egne data fra {product}? Helt "
            "urimelig av {org}.",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-reaction-misinfo-wrong-company",
        (),
        "negative",
        (
            "Hvorfor har {org} økt strømprisen min igjen?! Fire kroner kilowattimen er jo ran.",
            "{org}, når går neste buss fra {city} sentrum? Har ventet i 40 minutter nå 😡",
            "Bestilte nordlyssafari i Tromsø via {org}, og ingen kom for å hente oss! Hva skjer?",
            "{org}, dere har lagt feil avis i postkassen min tre dager på rad. Jeg abonnerer på "
            "papirutgaven!",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-reaction-misinfo-layoff-rumour",
        (),
        "negative",
        (
            "Har hørt at {org} skal si opp halvparten av de ansatte etter nyttår. Noen som vet "
            "mer?",
            "Kompisen min sier at {org} har permittert alle i {office}. Sjekk ryktene før dere "
            "søker jobb der.",
            "{org} sliter visst økonomisk og kutter {people} stillinger. Typisk "
            "konsulentbransjen 😬",
            "Står det virkelig så dårlig til med {org}? Leste i en kommentar at lønningene ikke "
            "blir utbetalt lenger.",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-reaction-misinfo-misread-terms",
        ("complaint",),
        "negative",
        (
            "{product} sletter alle dataene etter 30 dager, sier de. Skandale at {org} ikke sa "
            "fra om det da vi signerte!",
            "Vi har fått høre at {org} stenger kontoen vår uten varsel fordi en faktura var to "
            "dager forsinket. Er det i det hele tatt lov?",
            "Fikk ikke logget inn i {product} i dag, så da har vel {org} sagt opp avtalen vår uten "
            "å si fra. Utrolig dårlig gjort.",
            "Hvorfor har {org} flyttet alle dataene våre til USA uten å spørre? Leste det i et "
            "nyhetsbrev, og vi er ikke fornøyd.",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-reaction-misinfo-ownership",
        (),
        "negative",
        (
            "Visste du at {org} egentlig eies av et amerikansk oljeselskap? Så mye for "
            "bærekraftsprofilen 🙄",
            "{org} er bare et skallselskap for et kinesisk techfirma, sier de på Reddit. Noen "
            "som kan bekrefte?",
            "Morsomt at {org} snakker om norsk kompetanse når alle utviklerne deres sitter i "
            "utlandet.",
            "Vær obs: {org} er visst det samme firmaet som gikk konkurs i {city} for noen år "
            "siden, bare med nytt navn.",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-reaction-misinfo-hiring-rumour",
        (),
        "negative",
        (
            "Ikke vits å søke hos {org} nå, de har ansettelsesstopp har jeg hørt.",
            "Søkte jobb hos {org}, men har hørt at de bare ansetter folk de kjenner fra før. "
            "Typisk.",
            "{org} ansetter visst ikke folk uten master. Synd, for jeg hadde lyst til å søke "
            "som {role} 😕",
            "Har hørt at {org} aldri svarer søkere og at utlysningene bare er fake. Stemmer det?",
        ),
        triage="correct_politely",
    ),
    # ------------------------------------------------ reactions: thank_and_share
    Family(
        "nb-reaction-praise-happy-customer",
        (),
        "positive",
        (
            "Stor takk til {org} for et fantastisk samarbeid om den nye nettsiden vår! "
            "Anbefales 👏",
            "Tusen takk til gjengen i {org} som fikk oss trygt gjennom skymigreringen. Proffe "
            "folk hele veien!",
            "Vi i {client} er superfornøyde med leveransen fra {org}. På tid, innenfor budsjett "
            "og med godt humør 😊",
            "Vil bare gi en shoutout til {org}. Beste leverandøren vi har hatt på mange år.",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-reaction-praise-partner",
        (),
        "positive",
        (
            "Takk til {org} for godt partnerskap i år! Sammen har vi levert flere spennende "
            "prosjekter for kunder over hele landet. Gleder oss til fortsettelsen 🤝",
            "Som partner av {org} kan jeg bare si det: dere er fantastiske å jobbe med. Takk for "
            "innsatsen i år!",
            "En stor takk fra oss i {target} til alle i {org} som bidro i fellesprosjektet for "
            "{client}. Strålende innsats!",
            "Nok et år med {org} som samarbeidspartner. Kompetente, ærlige og alltid "
            "løsningsorienterte. Takk!",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-reaction-praise-candidate",
        (),
        "positive",
        (
            "Var på jobbintervju hos {org} i dag, og for en opplevelse! Hyggelige folk, gode "
            "spørsmål og rask tilbakemelding. Uansett utfall: takk 🙏",
            "Fikk ikke jobben hos {org}, men rekrutteringsprosessen var den beste jeg har vært "
            "gjennom. Grundig tilbakemelding og respekt hele veien.",
            "Shoutout til {name} og resten av {org} for et skikkelig hyggelig intervju i "
            "{office}. Sånn skal det gjøres!",
            "Takk for et godt intervju i går, {org}! Følte meg veldig godt ivaretatt som "
            "kandidat 😊",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-reaction-praise-support",
        (),
        "positive",
        (
            "Supporten til {org} løste problemet med {product} på under en time. Imponert! 👏",
            "Må bare si at {name} i supporten hos {org} er gull verdt. Tålmodig og "
            "løsningsorientert, takk!",
            "Ringte {org} i morges med en kritisk feil, og den var fikset før lunsj. Sånn "
            "kundeservice skulle flere hatt 🙌",
            "Rask og vennlig hjelp fra {org} i dag. Saken ble lukket samme dag, tusen takk!",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-reaction-praise-consultant",
        (),
        "positive",
        (
            "{name} fra {org} har vært hos oss i {client} et halvt år nå og er helt rå. Vi kommer "
            "til å savne deg når prosjektet er ferdig!",
            "Vil bare si at konsulentene fra {org} er blant de beste vi har hatt inne. Faglig "
            "sterke og lette å samarbeide med.",
            "Takk til {name} fra {org} for en enorm innsats i prosjektet vårt. Du har løftet hele "
            "teamet!",
            "Vi har hatt {count} konsulenter fra {org} inne i høst, og alle har levert over "
            "forventning. Anbefales på det sterkeste!",
            "Litt ros her på LinkedIn: Vi har hatt {name} fra {org} inne hos oss "
            "i {client} det siste året, og det har vært en enorm gevinst. Faglig sterk, alltid "
            "forberedt og flink til å få med seg folk som i utgangspunktet var skeptiske til "
            "endringene. Sånne konsulenter skulle det vært flere av! 👏",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-reaction-praise-recommendation",
        (),
        "positive",
        (
            "Noen som trenger hjelp med {topic}? Jeg anbefaler {org} på det varmeste, de hjalp "
            "oss enormt i fjor.",
            "Fikk spørsmål om gode rådgivere innen {topic}. Svaret mitt er alltid {org}. "
            "Solide folk 👍",
            "Tips til andre kommuner: ta kontakt med {org} hvis dere skal i gang med {topic}. "
            "Vi er kjempefornøyde.",
            "Hvis du vurderer {org}: bare gjør det. Beste valget vi tok i år 💯",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-reaction-praise-product",
        (),
        "positive",
        (
            "{product} har spart oss for minst to dagsverk i uka. Takk, {org}! 🙏",
            "Har brukt {product} i tre måneder nå, og det er rett og slett et av de beste "
            "verktøyene vi har tatt i bruk. Godt jobbet, {org}!",
            "Den nye versjonen av {product} er jo helt supert! Endelig en løsning som er "
            "intuitiv fra første klikk 👏 {org}",
            "De ansatte hos oss er faktisk fornøyd med et IT-system for en gangs skyld 😅 Takk "
            "for {product}, {org}!",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-reaction-praise-public-sector",
        (),
        "positive",
        (
            "På vegne av {client} vil jeg takke {org} for et godt samarbeid om digitaliseringen "
            "av byggesaksbehandlingen. Innbyggerne merker forskjellen!",
            "Takk til {org} for innsatsen i {city} kommune. Den nye innbyggerportalen har fått "
            "strålende tilbakemeldinger 🙌",
            "Det nye bookingsystemet fra {org} har gjort hverdagen enklere for både ansatte og "
            "pasienter hos oss i {client}. Takk!",
            "Fra oss i {city} kommune: tusen takk til {org} for at dere stilte opp ekstra i høst, "
            "da det sto på som verst.",
        ),
        triage="thank_and_share",
    ),
    # ------------------------------------------------------------ confidential
    Family(
        "nb-confidential-unreleased-revenue",
        ("confidential",),
        "neutral",
        (
            "Foreløpige tall for Q3: omsetning på {revenue}, godt over budsjett. IKKE del dette "
            "utenfor huset før kvartalsrapporten er publisert!",
            "Bare til ledergruppen: vi lander året på rundt {revenue} i omsetning. Tallene er "
            "ikke offentlige ennå, så hold dem for dere selv.",
            "Internt: regnskapet viser {revenue} hittil i år. Ikke nevn dette for kunder eller "
            "på LinkedIn før årsrapporten er ute.",
            "Hysj 🤫 Salget i {office} er opp {percent} i år, men det skal ikke ut før styret har "
            "godkjent tallene.",
        ),
    ),
    Family(
        "nb-confidential-salaries",
        ("confidential",),
        "neutral",
        (
            "Lønnsjusteringene er klare: {name} går opp til {salary}, resten av {team} får rundt "
            "{percent}. Ikke del dette videre.",
            "Til info før lønnsforhandlingene: den nye prosjektlederen i {team} starter på "
            "{salary}. Holdes internt.",
            "Regnearket med alle lønningene i {office} ligger på fellesdisken. {name} ligger på "
            "{salary}, bare så dere vet.",
            "Lønnsoversikt for {team} (konfidensielt): {name} {salary}, resten står i vedlegget. "
            "Ikke videresend.",
        ),
    ),
    Family(
        "nb-confidential-reorganisation",
        ("confidential",),
        "negative",
        (
            "Fikk vite i dag at ledelsen vil legge ned {team} og flytte oppgavene til {office}. "
            "Det offentliggjøres ikke før i mars, så ikke si noe.",
            "Off the record: det kommer en omorganisering etter nyttår, og rundt {people} "
            "stillinger kan forsvinne. Ikke del dette med noen utenfor ledergruppen.",
            "Kan ikke si så mye ennå, men {team} blir slått sammen med et annet team, og ikke "
            "alle får bli med videre. Holdes strengt internt.",
            "Utkastet til ny organisasjonsplan er sendt til HR. Flere lederstillinger i {office} "
            "forsvinner. Konfidensielt til de tillitsvalgte er informert.",
            "Kun her i den lukkede gruppa: ledelsen la fram en plan i går om å samle "
            "{team} og to andre team i én enhet fra nyttår. Det betyr at rundt {people} "
            "stillinger skal vurderes, og at noen vil få tilbud om sluttpakke. Ingenting av "
            "dette er kunngjort ennå, så ikke snakk om det med kunder eller andre utenfor huset.",
        ),
    ),
    Family(
        "nb-confidential-acquisition",
        ("confidential",),
        "positive",
        (
            "Veldig spennende: vi er i sluttforhandlinger om å kjøpe {target}! Signering er "
            "planlagt {date}, men dette er strengt konfidensielt inntil videre 🤐",
            "Internt til partnerne: due diligence av {target} er ferdig, og budet på {revenue} "
            "er levert. Ikke et ord til noen.",
            "{target} har takket ja til intensjonsavtalen om fusjon med oss! Ingen kommunikasjon "
            "ut før pressemeldingen går {date}.",
            "Hold det for deg selv, men vi har fått et oppkjøpstilbud fra et stort nordisk "
            "selskap. Styret behandler det {date}.",
        ),
    ),
    Family(
        "nb-confidential-client-under-nda",
        ("confidential",),
        "positive",
        (
            "Vi har vunnet et stort oppdrag for {client}! Men kontrakten er underlagt "
            "taushetsplikt, så kundenavnet kan ikke nevnes eksternt ennå 🤫",
            "Gode nyheter til teamet: {client} har signert. NB! NDA, så ikke skriv noe om dette "
            "på LinkedIn eller til andre kunder.",
            "Kunden i det nye prosjektet er {client}, men det er hemmelig til de selv går ut med "
            "det. Bruk kodenavnet «Prosjekt Polaris» i alle kanaler.",
            "Gratulerer alle! Vi ble valgt som leverandør til {client} i går. Avtalen har full "
            "konfidensialitet, så dette deles kun her i gruppa.",
        ),
    ),
    Family(
        "nb-confidential-credentials",
        ("confidential",),
        "neutral",
        (
            "Passordet til {cred_system} er {password} hvis noen trenger det i dag 👍",
            "Til dere som jobber mot {client}: bruker admin, passord {password}. Gjelder "
            "{cred_system}.",
            "Har resatt {cred_system}. Nytt passord: {password}, si fra hvis det ikke funker.",
            "Noen som husker passordet til {cred_system}? Edit: fant det, det er {password}",
        ),
    ),
    Family(
        "nb-confidential-board-decision",
        ("confidential",),
        "neutral",
        (
            "Styret vedtok i går å åpne kontor i Stockholm neste år. Det kunngjøres ikke før "
            "{date}, så vær diskré.",
            "Fra styremøtet (internt): bonusordningen i {office} fjernes fra neste år. Formell "
            "beskjed kommer senere, ikke del.",
            "Styret har godkjent ny daglig leder, men navnet skal ikke ut før kontrakten er "
            "signert {date}. Hold det i ledergruppa.",
            "Beslutning fra styret i dag: vi trekker oss fra anbudet hos {client}. Ikke offentlig "
            "ennå, så ikke si noe til kunden.",
        ),
    ),
    Family(
        "nb-confidential-margins",
        ("confidential",),
        "negative",
        (
            "Marginen i {office} er nede i {percent} dette kvartalet. Skal ikke ut av "
            "ledergruppa, men vi må gjøre noe nå.",
            "Internt og uoffisielt: vi taper penger på prosjektet for {client}, dekningsbidraget "
            "er negativt. Ikke nevn det for kunden.",
            "Bekymringsfullt: faktureringsgraden i {team} har falt {percent} under snittet. "
            "Foreløpige tall som ikke skal deles eksternt.",
            "Ikke del: prognosen for Q4 viser et underskudd på {revenue}. Vi tar det opp på "
            "ledermøtet {date}.",
        ),
    ),
    Family(
        "nb-confidential-layoff-plan",
        ("confidential",),
        "negative",
        (
            "Lista over hvem som blir nedbemannet er visst ferdig, og {count} av dem er fra "
            "{team}. Ikke si noe før de berørte har fått beskjed.",
            "Drøftingene med de tillitsvalgte starter {date}. Planen er å kutte {people} "
            "årsverk. Strengt konfidensielt!",
            "HR har bedt oss holde det internt, men det blir oppsigelser i {office} før sommeren. "
            "Vet ikke hvor mange ennå.",
            "Ikke videresend: nedbemanningsplanen for {team} ligger i Teams-kanalen til "
            "ledergruppa. Kunngjøres først {date}.",
        ),
    ),
    Family(
        "nb-confidential-bid-pricing",
        ("confidential",),
        "neutral",
        (
            "Tilbudet vårt til {client} er på {revenue}, og vi ligger under konkurrentene på "
            "timepris. Ikke del dette med noen utenfor tilbudsteamet.",
            "Prisstrategi for anbudet hos {client}: timepris 1 150 kr for seniorer og rabatt på "
            "{percent}. Internt dokument, ikke send videre.",
            "Husk at timeprisene i rammeavtalen med {client} er konfidensielle. Ikke bruk dem i "
            "presentasjoner for andre kunder.",
            "Sluttprisen vi ble enige om med {client} er {revenue}, langt under listepris. Det "
            "må ikke lekke til andre kunder.",
        ),
    ),
    Family(
        "nb-confidential-legal-salary-and-sick-leave",
        ("confidential", "legal_risk"),
        "negative",
        (
            "Skjønner ikke at {name} får {salary} når vedkommende har vært sykemeldt med "
            "{illness} halve året.",
            "Til lederne: {name} er sykemeldt på grunn av {illness}. Lønnen på {salary} løper "
            "som normalt. Ikke si det til teamet.",
            "Sladder fra HR: {name} tjener {salary} og går til behandling for {illness}. Vet ikke "
            "om det stemmer.",
            "Hvorfor er det {name} som fikk lønnshopp til {salary}? Vedkommende har jo vært borte "
            "med {illness} siden i vår.",
        ),
    ),
    Family(
        "nb-confidential-legal-insider-tip",
        ("confidential", "legal_risk"),
        "positive",
        (
            "Psst: kjøp aksjer i {target} før fredag. Vi skal by på hele selskapet, og kursen "
            "kommer til å gå rett til himmels 📈",
            "Tips til dere med aksjekonto: {client} legger fram kjempetall neste uke, vi har sett "
            "dem i prosjektet. Kjøp nå.",
            "Ikke si hvor du hørte det, men oppkjøpet av {target} blir kunngjort {date}. Lurt å "
            "handle aksjer før det 😉",
            "Kompisen min spurte om han burde kjøpe aksjer i {target}. Sa ja, siden vi vet om "
            "fusjonen før markedet gjør det 😎",
        ),
    ),
    # -------------------------------------------------------------------- scam
    Family(
        "nb-scam-prize-winner",
        ("scam",),
        "positive",
        (
            "GRATULERER! 🎉 Du er trukket ut som vinner av {prize}. Klikk her for å hente "
            "premien innen 24 timer: {scam_url}",
            "Hei! Profilen din ble valgt i den månedlige trekningen vår, og du har vunnet {prize}. "
            "Bekreft med kortinformasjon for å dekke frakt: {scam_url}",
            "Kjære kunde, som takk for lojaliteten din har du vunnet {prize}! Svar med navn, "
            "adresse og kontonummer for utbetaling.",
            "Du har vunnet!! 🏆 Vi trenger bare en liten registreringsavgift på 49 kr før {prize} "
            "sendes til deg. {scam_url}",
        ),
    ),
    Family(
        "nb-scam-crypto-doubling",
        ("scam",),
        "positive",
        (
            "Send {coin} til lommeboka under, så sender vi dobbelt så mye tilbake innen en time! "
            "🚀 Kun i dag. {scam_url}",
            "Jeg doblet sparepengene mine med {coin} på to uker 💰 Send meg en DM, så viser jeg "
            "deg hvordan. Begrenset antall plasser!",
            "GIVEAWAY: Vi dobler alle innskudd i {coin} i anledning lanseringen vår. Minimum "
            "1 000 kr. Registrer deg på {scam_url}",
            "Hei {handle}! Vil du tjene {amount} i uka på {coin} helt uten risiko? Mentoren min "
            "har en garantert strategi 📈",
        ),
    ),
    Family(
        "nb-scam-ceo-fraud",
        ("scam",),
        "neutral",
        (
            "Hei, det er {name}. Sitter i møte og kan ikke ringe. Trenger at du overfører "
            "{amount} til en ny leverandør i dag. Kontonummer kommer. Ikke si noe til noen ennå.",
            "Hei, er du ved PC-en? Jeg trenger en diskret tjeneste før kl. {time}. Svar bare på "
            "denne meldingen. Mvh {name}, daglig leder",
            "Haster! Betal vedlagte faktura på {amount} med en gang, det gjelder et fortrolig "
            "oppkjøp. Ikke kontakt regnskap, jeg forklarer senere. – {name}",
            "Kan du kjøpe {count} gavekort fra Google Play på 1 000 kr hver og sende meg kodene? "
            "De skal gis til en kunde. Du får pengene tilbake i morgen. {name}",
        ),
    ),
    Family(
        "nb-scam-fake-recruiter",
        ("scam",),
        "positive",
        (
            "Hei! Jeg rekrutterer for et internasjonalt selskap og har sett profilen din. Du kan "
            "tjene {amount} i uka hjemmefra 💼 Send meg kontonummer og bilde av bankkortet for å "
            "starte.",
            "Gratulerer, du er valgt ut til stillingen som {role} uten intervju! For å sette opp "
            "lønnsutbetaling trenger vi BankID-innlogging via {scam_url}",
            "Deltidsjobb: lik YouTube-videoer og få {amount} per dag. Ingen erfaring nødvendig. "
            "Kontakt meg på WhatsApp 📲 {scam_url}",
            "Hei, vi i HR trenger personnummeret og kontonummeret ditt for å bekrefte jobbtilbudet "
            "du søkte på. Fyll ut her innen i dag: {scam_url}",
        ),
    ),
    Family(
        "nb-scam-phishing-account-locked",
        ("scam",),
        "negative",
        (
            "Kontoen din er midlertidig sperret på grunn av mistenkelig aktivitet. Logg inn innen "
            "24 timer for å unngå sletting: {scam_url}",
            "Microsoft 365: Passordet ditt utløper i dag. Behold det nåværende passordet ved å "
            "bekrefte her: {scam_url}",
            "Viktig melding fra banken din: BankID-en din må fornyes. Gjøres det ikke i dag, blir "
            "den deaktivert. {scam_url}",
            "LinkedIn-kontoen din blir stengt på grunn av brudd på retningslinjene. Klag her før "
            "{date}: {scam_url}",
        ),
    ),
    Family(
        "nb-scam-advance-fee",
        ("scam",),
        "positive",
        (
            "Kjære venn, jeg er advokat for en avdød forretningsmann med samme etternavn som deg. "
            "Han etterlot seg {fortune}. Jeg trenger din hjelp til å overføre pengene, du får 40 "
            "%. "
            "Mvh {scammer}",
            "Hilsen! Jeg er bankdirektør i Ghana og har et fortrolig forslag til deg. Send meg "
            "dine personlige detaljer, så deler vi {fortune}. {scammer}",
            "Du står oppført som arving etter en fjern slektning. For å frigjøre arven på "
            "{fortune} må du først betale et gebyr på {amount}. Kontakt {scammer}.",
            "Dearest, jeg er soldat stasjonert i utlandet og har funnet {fortune} i kontanter. "
            "Hjelp meg å få dem ut av landet, så får du halvparten 🙏 {scammer}",
            "Kjære venn, tilgi at jeg kontakter deg slik. Jeg er "
            "{scammer}, og jeg har ansvaret for en sovende konto på {fortune} som tilhørte en "
            "klient som døde uten arvinger. Hvis du tillater at vi bruker din konto, deler vi "
            "beløpet 50/50. Send fullt navn, telefonnummer og bankinformasjon så snart som mulig.",
        ),
    ),
    Family(
        "nb-scam-investment-robot",
        ("scam",),
        "positive",
        (
            "Denne KI-roboten tjener {amount} i døgnet for meg helt automatisk 🤖 Kjente norske "
            "investorer bruker den. Les mer: {scam_url}",
            "Jeg satte inn 2 500 kr og har nå over 180 000 kr etter én måned. Ingen risiko, "
            "garantert avkastning 💸 Takk til {handle} som viste meg plattformen!",
            "Eksklusivt tilbud: få {percent} avkastning i uka med den nye handelsplattformen "
            "vår. Kun 20 plasser igjen! {scam_url}",
            "Sjekk dette! Kjent TV-profil avslører hvordan hen ble rik på {coin} på tre måneder. "
            "Meld deg på før Finanstilsynet stopper det: {scam_url}",
        ),
    ),
    Family(
        "nb-scam-business-proposal",
        ("scam",),
        "neutral",
        (
            "Hei kjære sir/frue. Jeg har en forretningsforslag til dere i {org}. Vennligst svar på "
            "min private e-post for mer detaljer. Mvh {scammer}",
            "Hilsen fra Dubai. Vi ønsker å investere i selskapet deres gjennom et lån med 2 % "
            "rente. Kontakt {scammer} på WhatsApp for avtale.",
            "Kjære leder, vi er en internasjonal investeringsfond som ser etter partnere i Norge. "
            "Send firmaattest og bankdetaljer for å komme i gang. {scam_url}",
            "God dag! Jeg representerer en klient som vil flytte {fortune} til Norge via "
            "selskapet deres. Dere får 30 % provisjon. Alt er 100 % lovlig og risikofritt. "
            "{scammer}",
        ),
    ),
    Family(
        "nb-scam-fake-refund",
        ("scam",),
        "neutral",
        (
            "Skatteetaten: Du har {amount} til gode på skatteoppgjøret. Bekreft kontonummeret "
            "ditt med BankID her: {scam_url}",
            "Vipps: Du har mottatt en tilbakebetaling på {amount}. Klikk for å godkjenne innen "
            "12 timer: {scam_url}",
            "NAV: Du har krav på etterbetaling av {amount}. Logg inn for å motta pengene "
            "{scam_url}",
            "Hei! Du har betalt for mye for strøm i år og får {amount} tilbake. Fyll inn "
            "kortinformasjonen din her: {scam_url}",
        ),
    ),
    Family(
        "nb-scam-fake-invoice",
        ("scam",),
        "neutral",
        (
            "Purring: faktura {invoice} på {amount} er forfalt. Betal innen 24 timer til konto "
            "1506.23.98711 for å unngå inkasso.",
            "Hei, vi har byttet bankforbindelse. Betalingen av faktura {invoice} ({amount}) må gå "
            "til ny konto: 9710.05.44321. Mvh regnskap",
            "Registreringsavgift for Foretaksregisteret: {amount}. Betal innen fristen for å "
            "unngå at selskapet slettes. {scam_url}",
            "Inkassovarsel! Saksnummer {ticket}. Ubetalt krav fra {target} på {amount}. Betal nå "
            "via {scam_url} for å unngå rettslige skritt.",
        ),
    ),
    Family(
        "nb-scam-parcel-fee",
        ("scam",),
        "neutral",
        (
            "Posten: Pakken din står på vent på grunn av ubetalt toll (29 kr). Betal her innen "
            "{date}: {scam_url}",
            "Forsendelsen din kunne ikke leveres. Oppdater adressen og betal et gebyr på 19 kr: "
            "{scam_url}",
            "PostNord: Vi forsøkte å levere pakken din i dag kl. {time}. Bestill ny levering her: "
            "{scam_url}",
            "Hei! Du har en uavhentet pakke fra {target}. Bekreft kortet ditt for å få den "
            "levert: {scam_url}",
        ),
    ),
    Family(
        "nb-scam-page-takeover",
        ("scam",),
        "neutral",
        (
            "Hei! Jeg sendte en kode til nummeret ditt ved en feil, kan du sende den tilbake til "
            "meg? 🙏 Hilsen {name}",
            "Hei {name}, er det deg på dette bildet?? 😳 {scam_url}",
            "Vi har oppdaget at Facebook-siden til {org} bryter med opphavsretten. Verifiser "
            "siden innen 48 timer her: {scam_url}, ellers blir den slettet.",
            "Meta Support: Bedriftskontoen deres er rapportert. Fyll ut skjemaet innen {date} for "
            "å unngå stenging: {scam_url}",
        ),
    ),
    # ------------------------------------------------------------------- event
    Family(
        "nb-event-christmas-party",
        ("event",),
        "positive",
        (
            "🎄 Julebordet er {xmas_date}! Vi spiser og feirer {venue} fra kl. {time}. Husk "
            "påmelding innen fredag: {event_url}",
            "Snart tid for årets høydepunkt: julebord {xmas_date} 🎉 Dresscode: glitter og stas. "
            "Si fra om allergier til {name}.",
            "Julebordkomiteen har jobbet hardt, og vi gleder oss til {xmas_date} {venue}! Buss fra "
            "kontoret kl. {time}.",
            "Påmeldingen til julebordet stenger i morgen! Det blir ribbe, pinnekjøtt og vegetar, "
            "og band etterpå 🎶 {event_url}",
            "Endelig kan vi avsløre årets julebord 🎄✨ Vi samles {venue} {xmas_date} kl. {time} "
            "til velkomstdrink, treretters middag og underholdning fra en hemmelig gjest. "
            "Husk å melde deg på innen fredag via "
            "{event_url}, og gi beskjed til {name} om allergier eller andre hensyn vi bør ta.",
        ),
    ),
    Family(
        "nb-event-webinar",
        ("event",),
        "neutral",
        (
            "Webinar {date} kl. {time}: {topic}, hva betyr det for din virksomhet? Gratis "
            "påmelding: {event_url}",
            "Bli med på neste webinar om {topic}. {name} og en gjest fra {client} deler "
            "erfaringer. 45 minutter på Teams. {event_url}",
            "Har du fått med deg webinarserien vår? Neste gang, {date}, tar vi for oss {topic}. "
            "Meld deg på "
            "her: {event_url} #webinar",
            "Gratis webinar om {topic}: vi går gjennom konkrete eksempler og svarer på spørsmål "
            "underveis. Tidspunkt: {date} kl. {time}.",
        ),
    ),
    Family(
        "nb-event-afterwork",
        ("event",),
        "positive",
        (
            "Fredagspils! 🍻 Vi møtes {venue} fra kl. {time}. Alle er velkomne, også dere som "
            "jobber hjemmefra i dag.",
            "AW i kveld {venue}, og første runde er på {org} 🎉 Vel møtt!",
            "Nytt tiltak: quiz og pils {venue} første torsdag i måneden. Første runde er {date}! "
            "Meld på lag til {name}.",
            "Sommerfest {date} 🌞 Grilling og musikk {venue} fra kl. {time}. Ta gjerne med "
            "familien!",
        ),
    ),
    Family(
        "nb-event-hackathon",
        ("event",),
        "positive",
        (
            "Årets hackathon går av stabelen {date}! 24 timer, pizza og masse kode. Tema i år: "
            "{topic}. Meld team til {name} 💻",
            "Vi arrangerer åpent hackathon i {city} sammen med {school}. Studenter og utviklere er "
            "velkomne! Påmelding: {event_url}",
            "Hackathon-helg! Fra fredag kveld til søndag jobber vi med {topic}. Premie til beste "
            "idé 🏆 Meld deg på: {event_url}",
            "Husk hackathonet neste uke! Vi har {count} lag påmeldt, og det er fortsatt plass "
            "til flere. {event_url}",
        ),
    ),
    Family(
        "nb-event-breakfast-seminar",
        ("event",),
        "neutral",
        (
            "Frokostseminar {date} kl. 08.00: {topic}. Vi serverer kaffe og rundstykker {venue}. "
            "Påmelding: {event_url}",
            "Velkommen til frokostmøte om {topic}! Innledere fra {org} og {client}, {date}. "
            "Gratis, men begrenset antall plasser.",
            "Morgenseminar i {office}: {topic} på 60 minutter. Vi starter kl. 08.30. Meld deg på "
            "via {event_url}",
            "Fagfrokost {date}: hvordan lykkes med {topic}? Vi byr på frokost og faglig påfyll 🥐 "
            "{event_url}",
        ),
    ),
    Family(
        "nb-event-conference-recap",
        ("event",),
        "positive",
        (
            "For noen dager på {conf}! Masse inspirasjon om {topic}, og hyggelig å treffe så mange "
            "kjente fjes 😊",
            "Oppsummering fra {conf}: tre ting jeg tar med meg hjem om {topic} 🧵",
            "Tilbake fra {conf} med hodet fullt av ideer. Takk til alle som kom innom og slo av en "
            "prat med {name} og meg!",
            "Siste dag på {conf} i dag. Beste foredraget så langt handlet om {topic}. Hvem andre "
            "er her? 👋",
        ),
    ),
    Family(
        "nb-event-relay-team",
        ("event",),
        "positive",
        (
            "Holmenkollstafetten {date}! Vi trenger {count} løpere til for å fylle to lag. Alle "
            "kan være med, uansett tempo 🏃 Meld deg til {name}.",
            "Hvem blir med på Sentrumsløpet i år? Vi betaler startkontingenten og spanderer pizza "
            "etterpå! Påmelding: {event_url}",
            "Bedriftsstafetten i {city} nærmer seg. Vi stiller med lag fra {org}, og heiagjengen "
            "er minst like viktig 📣",
            "Trening til stafetten: vi løper en rolig runde fra kontoret hver onsdag kl. {time}. "
            "Alle nivåer er velkomne!",
        ),
    ),
    Family(
        "nb-event-internal-workshop",
        ("event",),
        "neutral",
        (
            "Fagdag {date}: vi samler alle konsulentene {venue} for workshops om {topic}. Agenda "
            "kommer på intranettet.",
            "Minner om workshopen i {team} {date} kl. {time}. Vi jobber med {topic}, så ta med PC.",
            "Intern kursdag om {topic} på torsdag. {name} leder workshopen, og det blir lunsj. "
            "Meld deg på: {event_url}",
            "Årets kick-off blir {date} {venue}! Faglig program på dagtid og middag om kvelden. "
            "Sett av hele dagen.",
        ),
    ),
    Family(
        "nb-event-community-meetup",
        ("event",),
        "positive",
        (
            "Meetup om {topic} i {city} {date} 🎉 Tre korte foredrag, pizza og mingling. Gratis "
            "for alle! {event_url}",
            "Vi er vertskap for neste meetup om {topic}! Kom {venue} kl. {time}, alle er velkomne.",
            "Åpen meetup for utviklere og designere {date}: vi snakker om {topic} og spiser taco "
            "🌮 Begrenset med plasser, meld deg på {event_url}",
            "Første meetup i {city} etter sommeren! Tema: {topic}. Alle er velkomne, også "
            "nybegynnere.",
        ),
    ),
    Family(
        "nb-event-customer-day",
        ("event",),
        "positive",
        (
            "Åpent hus hos {org} i {office} {date}! Kom og se demoer av {product}, møt folka våre "
            "og ta en kaffe ☕ {event_url}",
            "Kundedag {date} {venue}: fagprogram om {topic}, demoer og middag. Invitasjonen "
            "kommer, men sett av datoen allerede nå!",
            "Vi inviterer kunder og partnere til sommerfest {venue} {date} kl. {time}. Gi beskjed "
            "til {name} om du kommer 🌞",
            "Kundeseminar i {city} {date} om {topic}, med erfaringer fra flere kommuner. Vi "
            "spanderer lunsj. {event_url}",
        ),
    ),
    # -------------------------------------------------------------- legal_risk
    Family(
        "nb-legal-bullying-colleague",
        ("legal_risk",),
        "negative",
        (
            "{name} er så dum at jeg ikke skjønner at noen gidder å jobbe med vedkommende. Hele "
            "{team} ler bak ryggen din.",
            "Noen burde si til {name} at ingen vil ha deg her. Bare slutt, gjør oss alle en "
            "tjeneste.",
            "Skal vi fryse ut {name} fra lunsjen denne uka også? 😂 Så morsomt å se reaksjonen.",
            "{name} burde holde kjeft i møtene. Ingen gidder å høre på det tullet, og alle i "
            "{team} synes du er pinlig.",
        ),
    ),
    Family(
        "nb-legal-discriminatory-hiring",
        ("legal_risk",),
        "negative",
        (
            "{name}, ikke send meg flere CV-er fra folk med utenlandske navn. De passer ikke inn "
            "hos kundene våre.",
            "Vi bør unngå å ansette kvinner i trettiårene i {team}, de blir jo bare gravide og "
            "borte et år.",
            "Den søkeren var god, men altfor gammel. Over 55 er uaktuelt for {team}, det sier seg "
            "selv.",
            "Kan vi ikke bare droppe søkere som bruker hijab? Kundene i {city} liker det nok ikke.",
        ),
    ),
    Family(
        "nb-legal-ethnic-remarks",
        ("legal_risk",),
        "negative",
        (
            "Vi burde ikke ha så mange utlendinger i {team}, de skjønner jo ikke norsk "
            "arbeidskultur. {name} er et godt eksempel 🙄",
            "Ikke ta med {name} på kundemøtet med {client}, den aksenten er flau. Ta med en "
            "nordmann i stedet.",
            "Ikke rart {name} er treg, folk derfra jobber jo ikke like hardt som oss.",
            "Hvorfor skal {name} ha fri på sin religiøse høytid? Vil vedkommende leve sånn, får "
            "det være i et annet land.",
        ),
    ),
    Family(
        "nb-legal-home-address",
        ("legal_risk",),
        "negative",
        (
            "{name}, som skrev den drittkommentaren om oss, bor i {address}. Kanskje noen burde "
            "ta en prat med vedkommende 😉",
            "For dere som lurer: {name} har flyttet til {address}. Dørkoden er 4471.",
            "Her er hjemmeadressen til {name}: {address}. Send gjerne en hilsen om hva dere synes "
            "om avgjørelsen.",
            "Fant ut hvor {name} fra {client} bor: {address}. Perfekt til neste gang de nekter å "
            "betale fakturaen 😈",
        ),
    ),
    Family(
        "nb-legal-threat-colleague",
        ("legal_risk",),
        "negative",
        (
            "Hvis {name} tar æren for arbeidet mitt én gang til, skal jeg sørge for at det blir "
            "siste dag på jobb. På den ene eller andre måten.",
            "{name}, pass deg. Jeg vet hvilken bil du kjører og når du går hjem fra kontoret.",
            "Neste gang {name} avbryter meg i et møte, blir det ikke med ord. Bare så det er sagt.",
            "Til {name}: du har ødelagt karrieren min, og jeg skal ødelegge livet ditt. Tell "
            "dagene.",
        ),
    ),
    Family(
        "nb-legal-defame-competitor",
        ("legal_risk",),
        "negative",
        (
            "{target} jukser med timelistene og fakturerer kundene for arbeid som aldri blir "
            "gjort. Alle i bransjen vet det.",
            "Ikke bruk {target}. De er en gjeng svindlere som stjeler kundedata og selger dem "
            "videre.",
            "Daglig leder i {target}, {name}, har underslått millioner fra egne ansatte. Fortell "
            "det til alle dere kjenner!",
            "{target} vant bare anbudet hos {client} fordi de bestakk innkjøpssjefen. Helt "
            "sikkert, "
            "har hørt det fra flere.",
        ),
    ),
    Family(
        "nb-legal-medical-details",
        ("legal_risk",),
        "negative",
        (
            "Visste dere at {name} er sykemeldt på grunn av {illness}? Hørte det fra HR. Ikke rart "
            "det går tregt i {team}.",
            "Sånn til info: {name} sliter visst med {illness}, så ikke gi vedkommende for mye "
            "ansvar i prosjektet.",
            "{name} er under behandling for {illness}, derfor er det så mye fravær. Greit at alle "
            "vet det før vi planlegger neste sprint.",
            "Legeerklæringen til {name} ligger i fellesmappa hvis noen vil se diagnosen. "
            "Diagnosen er {illness}.",
        ),
    ),
    Family(
        "nb-legal-id-number-shared",
        ("legal_risk",),
        "neutral",
        (
            "Trenger noen personnummeret til {name} for flybestillingen? Det er {fnr}.",
            "Her er opplysningene til den nye kollegaen for forsikringen: {name}, fnr. {fnr}, "
            "adresse {address}.",
            "Legger ut personnummer og kontonummer til {name} her, så lønn kan registrere det: "
            "{fnr}, 1503.44.55821",
            "Til dere i {team}: {name} ({fnr}) skal ha tilgang til kundesystemet, kan noen "
            "registrere det?",
        ),
    ),
    # ----------------------------------------------------- no category (negatives)
    Family(
        "nb-none-started-new-job",
        (),
        "positive",
        (
            "Første dag som {role} i {org} i dag! Spent og glad 😊 #nyjobb",
            "Personlig nyhet: fra {date} begynner jeg som {role} i {org}. Takk for alle "
            "gratulasjoner!",
            "Etter {years} år i bankbransjen har jeg tatt steget over i konsulentlivet. Startet i "
            "{team} denne uka og trives allerede 💙",
            "Glad for å fortelle at jeg har fått fast stilling som {role} i {office}. Takk til "
            "alle som har heiet på meg!",
        ),
    ),
    Family(
        "nb-none-farewell",
        (),
        "positive",
        (
            "Siste dag i {org} i dag etter {years} fantastiske år. Takk for alt, kjære kolleger! ❤️",
            "Da er det tid for å takke for meg. Jeg slutter i {team} for å prøve noe nytt. Kommer "
            "til å savne dere!",
            "Tusen takk for den fine avskjedsgaven, dere! Har hatt {years} fine år i {office}, og "
            "det blir rart å ikke komme tilbake på mandag.",
            "Nytt kapittel: etter {years} år forlater jeg {org}. Det har vært lærerikt, og jeg tar "
            "med meg mange gode minner. Lykke til videre, {team}!",
            "I dag er min siste dag i {org}, og det er rart å skrive dette. Jeg begynte som "
            "ganske fersk konsulent for {years} år siden og har fått lov til å jobbe med "
            "fantastiske kunder og enda bedre kolleger. Takk til alle i {team} for tålmodighet, "
            "latter og lange lunsjer. Vi ses sikkert igjen, verden er liten! ❤️",
        ),
    ),
    Family(
        "nb-none-hiring-freeze",
        (),
        "neutral",
        (
            "Til info: ansettelsesstoppen fortsetter ut året. Vi lyser derfor ikke ut nye "
            "stillinger i {team} før tidligst i februar.",
            "Flere har spurt, så kort svar: nei, vi ansetter ingen ny {role} akkurat nå. Følg "
            "med på "
            "nettsiden senere.",
            "Vi har dessverre ingen ledige stillinger i {office} for øyeblikket. Takk til alle "
            "som sender åpne søknader.",
            "Budsjettet for neste år er stramt, så det blir ingen nye ansettelser i {team} "
            "foreløpig. Vi prioriterer dem vi har.",
        ),
    ),
    Family(
        "nb-none-position-filled",
        (),
        "positive",
        (
            "Stillingen som {role} er nå besatt! Tusen takk til alle som søkte, vi fikk over "
            "{people} søknader 🙏",
            "Oppdatering: vi har funnet vår nye {role}, som starter {date}. Utlysningen er derfor "
            "stengt.",
            "Rekrutteringen er ferdig, og vi ønsker {name} velkommen til {team} fra neste "
            "måned! 🎉",
            "Takk for enorm interesse for jobben i {office}. Vi har nå ansatt, og alle søkere har "
            "fått svar.",
        ),
    ),
    Family(
        "nb-none-internship-looking-back",
        (),
        "positive",
        (
            "Åtte uker som sommerstudent i {org} er over. Fikk jobbe med ekte kunder og lærte mer "
            "enn på et helt semester 🙌",
            "Takk for en fantastisk sommer, {team}! Som praktikant fikk jeg ansvar fra dag én. Nå "
            "er det tilbake til studiene på {school}.",
            "Tilbakeblikk på sommerjobben min: {count} ukers prosjekt for {client}, masse kaffe "
            "og verdens hyggeligste kolleger.",
            "Internship-perioden min i {office} er over. Tusen takk til {name} for god veiledning!",
        ),
    ),
    Family(
        "nb-none-birthday-cake",
        (),
        "positive",
        (
            "Det er bursdagen til {name} i dag, og det står kake på kjøkkenet i 3. etasje 🎂 "
            "Forsyn dere!",
            "Gratulerer med dagen, {name}! 🎉 Håper du får en fin dag, kaka var nydelig.",
            "Fredagskake på {office}-kontoret i dag, takk til {name} 😋",
            "{name} fyller 40 i dag! Vi har pyntet pulten og kjøpt bløtkake. Husk å gratulere 🥳",
        ),
    ),
    Family(
        "nb-none-project-status",
        (),
        "neutral",
        (
            "Status for {client}: sprint 14 er ferdig, to av tre leveranser er godkjent, neste "
            "demo {date}.",
            "Ukeoppdatering fra {team}: migreringen er 70 % ferdig, nå tester vi integrasjonene.",
            "Kort statusrapport: tilgangsstyringen i {product} er på plass, det gjenstår "
            "dokumentasjon og opplæring.",
            "Fremdriften i prosjektet for {client} er i rute, og risikoen rundt datakvalitet er "
            "redusert. Neste styringsgruppemøte {date}.",
            "Statusoppdatering for prosjektet hos {client}, uke 42: Migreringen av historiske "
            "data er fullført, og vi har startet brukertesting med {count} saksbehandlere. To "
            "avvik er funnet i integrasjonen mot arkivet, begge er under utbedring. Planen for "
            "produksjonssetting {date} står fast. Spørsmål kan rettes til {name} eller meg.",
        ),
    ),
    Family(
        "nb-none-coffee-machine-moan",
        (),
        "negative",
        (
            "Kaffemaskinen på {office}-kontoret er i streik IGJEN ☕😤 Hvordan skal man overleve "
            "en mandag sånn?",
            "Tredje gang denne uka at kaffen er tom før kl. 10 på {office}-kontoret. Vi trenger en "
            "ny rutine her 😩",
            "Ventilasjonen på møterommet {room} er helt håpløs, satt i {count} timer i badstue i "
            "dag 🥵",
            "Hvorfor er det alltid kø ved mikroen kl. 11.30? Vi i {team} trenger flere "
            "mikrobølgeovner!!",
        ),
    ),
    Family(
        "nb-none-weather",
        (),
        "negative",
        (
            "Regn i {city} for 30. dag på rad. Jeg gir opp 🌧️",
            "Minus 18 og speilblankt på vei til jobb i {city} i dag. Hvem har bestilt denne "
            "vinteren?",
            "Sludd i {city} i mai. Typisk norsk vær 🙄",
            "Syklet til jobb i {city} i storm og kom fram søkkvåt 😩 Neste gang tar jeg bussen.",
        ),
    ),
    Family(
        "nb-none-commute",
        (),
        "negative",
        (
            "Toget fra {city} er innstilt igjen. Takk, Vy 😑 Blir hjemmekontor i dag.",
            "Forsinkelse på T-banen, og bussen kom aldri. Kommer 20 minutter for sent til møtet "
            "kl. {time}.",
            "Bompengene på vei inn til {city} koster nå mer enn lunsjen min. Noe er feil her.",
            "Flyet fra {city} er to timer forsinket, så jeg rekker ikke kundemøtet. Kjipt.",
        ),
    ),
    Family(
        "nb-none-published-figures",
        (),
        "neutral",
        (
            "Til dere som spurte: årsregnskapet er offentlig i Brønnøysundregistrene, og "
            "omsetningen i fjor var {revenue}.",
            "Kvartalsrapporten ble publisert i morges og ligger på {url}. Presentasjonen for "
            "ansatte er lagt ut på intranettet.",
            "Nå som tallene er publisert, kan dere fritt bruke dem i tilbud: {revenue} i "
            "omsetning og {people} ansatte.",
            "Ja, det er helt greit å dele årsrapporten med kunder, den er offentlig. Lenke: {url}",
        ),
    ),
    Family(
        "nb-none-it-security-reminder",
        (),
        "neutral",
        (
            "Påminnelse fra IT: del aldri passordet ditt med noen, heller ikke med oss. "
            "Spørsmål? Kontakt {name}.",
            "IT-tips: bruk passordhåndtereren vi har lisens på, og skru på tofaktor i {system}.",
            "Husk at IT aldri ber om passordet ditt, verken på e-post, Teams eller telefon. Meld "
            "mistenkelige henvendelser til {name}.",
            "Fra mandag krever {system} tofaktorautentisering for alle. Installer "
            "Authenticator-appen før {date}.",
        ),
    ),
    Family(
        "nb-none-phishing-warning",
        (),
        "neutral",
        (
            "⚠️ Vi ser en bølge av phishing-e-poster som later som de kommer fra {name}. Ikke "
            "klikk på lenker, meld dem til IT.",
            "Advarsel: flere i {office} har fått falske SMS-er fra «Posten» om toll. Ikke trykk "
            "på lenken, bare slett meldingen.",
            "IT-sikkerhet: noen av oss har fått e-post om «ubetalt faktura» fra ukjente "
            "avsendere. Ikke betal, videresend til {name}.",
            "Hvis noen utgir seg for å være daglig leder og ber deg overføre penger eller kjøpe "
            "gavekort, er det svindel. Ring vedkommende direkte og varsle {name}.",
        ),
    ),
    Family(
        "nb-none-fraud-awareness",
        (),
        "neutral",
        (
            "Vær obs: svindlere ringer nå og utgir seg for å være fra banken. De ber deg logge "
            "inn med BankID. Legg på! Del gjerne med eldre i familien 🙏 (tips fra {handle})",
            "Mamma fikk nettopp en SMS om at hun hadde vunnet {prize}. Heldigvis ringte hun meg "
            "først. Snakk med familien om svindel!",
            "Leste i lokalavisa i {city} at en pensjonist ble lurt for {amount} av falske "
            "investeringsannonser. Trist. Vær skeptiske, folkens.",
            "Nyttig påminnelse fra politiet i {city}: ingen seriøse aktører ber deg om BankID-"
            "koder. Aldri.",
        ),
    ),
    Family(
        "nb-none-legit-training-offer",
        (),
        "positive",
        (
            "Vi har fått {count} gratis lisenser til Pluralsight gjennom partneravtalen. Send "
            "meg en melding hvis du vil ha en! – {name}",
            "Tips: som Microsoft-partner får vi gratis sertifiseringsvouchere ut måneden. Spør "
            "{name} om du vil ha en.",
            "Kompetansebudsjettet for neste år er godkjent! Alle i {team} kan bruke inntil "
            "{amount} på kurs og bøker 📚",
            "Gratis nettkurs om {topic} fra Digdir, anbefales! Tok det selv i helga, det tar "
            "bare et par timer.",
        ),
    ),
    Family(
        "nb-none-lunch",
        (),
        "positive",
        (
            "I dag er det {food} i kantina 😍 Beste dagen i uka!",
            "Kantina har fått ny meny, og {food} på onsdager er en klar forbedring 👌",
            "Takk til kokkene i {office} for nydelig {food} i dag!",
            "Når det er {food} til lunsj, er det verdt å ta turen inn på kontoret 😄",
        ),
    ),
    Family(
        "nb-none-meeting-room",
        (),
        "neutral",
        (
            "Er det noen som har booket møterommet {room} kl. {time}? Det står tomt, men er "
            "reservert i kalenderen.",
            "Kan den som glemte laderen på møterommet {room} hente den i resepsjonen?",
            "Tips: møterommene i 5. etasje, blant annet {room}, kan nå bookes direkte i Teams.",
            "Noen som vet hvorfor skjermen på møterommet {room} ikke vil koble seg til? Har "
            "prøvd både HDMI "
            "og trådløst.",
        ),
    ),
    Family(
        "nb-none-tech-opinion",
        (),
        "neutral",
        (
            "Hot take: de fleste team trenger ikke Kubernetes. En enkel containertjeneste holder "
            "lenge. Hva tenker du, {handle}?",
            "Er det bare meg, eller har TypeScript blitt standard for absolutt alt nå? {handle}",
            "Diskusjon i {team} i dag: monorepo eller flere repoer? Hva foretrekker dere?",
            "Etter et halvt år med Copilot i {team} er jeg fortsatt usikker: sparer vi tid, "
            "eller får vi bare mer å vedlikeholde? 🤔",
        ),
    ),
    Family(
        "nb-none-it-question",
        (),
        "neutral",
        (
            "Noen som vet hvordan man kobler til skriveren på {office}-kontoret? Den dukker ikke "
            "opp på Macen min.",
            "Hvordan får jeg tilgang til {system}? Har sendt skjema til IT, men ikke hørt noe. "
            "{handle}, vet du?",
            "Kjapt spørsmål: hvor finner jeg malen for statusrapporter i {system}?",
            "Hva heter gjestenettet på {office}-kontoret? Har besøk fra {client} i dag.",
        ),
    ),
    Family(
        "nb-none-football",
        (),
        "negative",
        (
            "{sport_team} tapte igjen i går. Jeg orker ikke mer 😩",
            "Hvem andre så kampen i går? For en skuffelse av {sport_team}.",
            "Dommeren ødela hele kampen for {sport_team}. Fortsatt irritert.",
            "Nedrykksstrid for {sport_team}? Hadde aldri trodd det før sesongen 😬",
        ),
    ),
    Family(
        "nb-none-holiday",
        (),
        "positive",
        (
            "Ferie fra {date}! ☀️ Ses etter ferien, ikke ring meg 😎",
            "Tre uker på hytta utenfor {city} venter. Fraværsmeldingen er på!",
            "God påske, {team}! 🐣 Husk solkrem på fjellet.",
            "Tilbake fra {count} uker i Italia og klar for innspurten i {team} 💪",
        ),
    ),
    Family(
        "nb-none-it-maintenance",
        (),
        "neutral",
        (
            "Planlagt vedlikehold av {system} lørdag fra kl. {time}. Regn med noe nedetid.",
            "Oppdatering: {system} er oppe igjen etter nedetiden i morges. Takk for tålmodigheten!",
            "IT oppgraderer {system} {date}. Lagre arbeidet ditt og logg ut før du går hjem.",
            "Vi flytter {system} til ny plattform i helga. Noen lenker kan endre seg, se "
            "intranettet for detaljer.",
        ),
    ),
    Family(
        "nb-none-parental-leave",
        (),
        "positive",
        (
            "Nå går jeg ut i pappaperm! 👶 {name} tar over kundene mine i {team} mens jeg er "
            "borte.",
            "Siste dag før foreldrepermisjon. Ses om et år, ta godt vare på hverandre i {team}! 💛",
            "Ny liten i familien 😍 Jeg er ute i permisjon fra {date}, {name} er kontaktperson i "
            "mellomtiden.",
            "Permisjonsmodus: på! Tusen takk for gaven, kjære kolleger i {office} 🎁",
        ),
    ),
    Family(
        "nb-none-office-practicalities",
        (),
        "neutral",
        (
            "Husk at kjøleskapet tømmes fredag kl. {time}. Alt som ikke er merket, blir kastet.",
            "Renholderne kommer tidligere på torsdager fra nå av, så rydd pultene før du går. "
            "Spørsmål til {name}.",
            "Resepsjonen i {office} er stengt {date}. Besøkende må hentes i første etasje.",
            "Brannøvelse i morgen kl. {time}. Følg instruksene fra brannvernlederne, {name} har "
            "oversikten.",
        ),
    ),
    Family(
        "nb-none-tool-moan",
        (),
        "negative",
        (
            "Teams har krasjet tre ganger i dag. Hvordan skal man få gjort noe som helst, "
            "{handle}? 🙄",
            "Hvorfor må Outlook oppdatere seg akkurat når jeg skal inn i et kundemøte kl. {time}??",
            "VPN-en er treg som sirup hjemmefra i dag. Noen andre i {team} som sliter?",
            "Jira-tavla vår er så rotete at ingen vet hva som skjer lenger. Vi må rydde, {team}.",
        ),
    ),
    Family(
        "nb-none-wage-news",
        (),
        "neutral",
        (
            "Frontfagsrammen endte på 4,4 % i år. Spent på hva det betyr for oss i "
            "konsulentbransjen, {handle}.",
            "Ifølge SSB tjente IT-konsulenter i snitt rundt {salary} i fjor. Stemmer det med "
            "inntrykket deres?",
            "Interessant artikkel i kode24 om lønnsnivået for utviklere i Norge. Har du lest den, "
            "{handle}?",
            "Tips før lønnssamtalen: sjekk Teknas lønnsstatistikk. Det hjalp meg mye i fjor. "
            "{handle}",
        ),
    ),
    Family(
        "nb-none-weekend-life",
        (),
        "positive",
        (
            "Topptur utenfor {city} i strålende sol. Mandager er lettere etter sånne helger 🏔️",
            "Endelig ferdig med å beise hytta, nå er det bare terrassen igjen 😅 {handle}, du "
            "får komme på besøk i sommer!",
            "Fikk tre fine torsk på fjorden utenfor {city} i går kveld. Fiskesuppe til middag "
            "i dag 🎣",
            "Bakte mitt første surdeigsbrød i helga, og det ble faktisk bra. {handle}, du får "
            "smake i morgen 🍞",
        ),
    ),
    Family(
        "nb-none-industry-opinion",
        (),
        "neutral",
        (
            "Interessant debatt om konsulentbruk i {city} kommune i dag. Jeg tror svaret er "
            "bedre bestillerkompetanse, ikke færre konsulenter.",
            "Mener fortsatt at smidig fungerer dårlig i store anbudskontrakter. Noen som har gode "
            "erfaringer, {handle}?",
            "Litt lei av at alt skal hete KI nå, {handle}. Mye av det er bare vanlig "
            "automatisering med nytt "
            "navn 🤷",
            "Hvordan balanserer dere kundetid og fagutvikling? Vi sliter litt med det i {team}.",
        ),
    ),
    Family(
        "nb-none-admin-deadlines",
        (),
        "neutral",
        (
            "Husk å føre timer innen fredag kl. {time}, ellers blir fakturaene til kundene "
            "forsinket.",
            "Ferieønsker for sommeren må registreres i {system} innen {date}.",
            "Reiseregninger må leveres innen den 5. hver måned. Spørsmål til {name}.",
            "Påminnelse: medarbeidersamtalene skal være gjennomført innen {date}. Book tid med "
            "lederen din.",
        ),
    ),
    Family(
        "nb-none-meeting-overload",
        (),
        "negative",
        (
            "Sju møter på rad i dag og null tid til faktisk arbeid. Noe må endres i {team}.",
            "Hvorfor er det alltid møter kl. 08.00 på fredager? Ingen i {team} er våkne da 😴",
            "Ti timer skjermtid i dag. Hodet mitt er grøt. Hvordan holder dere ut, {handle}?",
            "Tilbake på kontoret etter hjemmekontor, og det er null ledige pulter i {office}. "
            "Frustrerende.",
        ),
    ),
    Family(
        "nb-none-policy-info",
        (),
        "neutral",
        (
            "HR har oppdatert retningslinjene for varsling av trakassering. Les dem på "
            "intranettet, og ta kontakt med {name} om du har spørsmål.",
            "E-læringskurset om personvern må være fullført innen {date}. Det tar cirka 30 "
            "minutter.",
            "Påminnelse: kundedata og personopplysninger skal aldri deles i åpne Teams-kanaler. "
            "Bruk sikre mapper. Spørsmål til {name}.",
            "Nytt i personalhåndboka: tydeligere regler for handel med aksjer i kundeselskaper. "
            "Les gjennom før {date}.",
        ),
    ),
]
