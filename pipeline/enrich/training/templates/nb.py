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
    # Women's names, for posts whose wording is gendered (pronouns, pregnancy).
    "female_name": [
        "Ingrid Haugen",
        "Marte Solberg",
        "Silje Berg",
        "Thea",
        "Nora Bakke",
        "Ida Kristiansen",
        "Hanne Dahl",
        "Synnøve Lund",
        "Maja Strand",
        "Camilla Hansen",
        "Tuva",
    ],
    # Secrets people paste into chats: API keys, tokens, connection strings.
    "api_key": [
        "ghp_7Yq2LmX9aB4kR1sT0vWcZ8",
        "sk-live-4f9a2c7e1b8d3f60a9",
        "AKIAIY7NORD2LX5QW3PB",
        "xoxb-2231-88104-Qw7rTy",
        "Server=sql-prod01;User Id=sa;Password=Fjord#88",
        "eyJhbGciOiJIUzI1NiJ9.nordlys.t0k3n",
        "SG.9kLp2Qx7.Vb4n8mZc",
        "AccountKey=Jk8s9Q2wNordlys==",
    ],
    # Door, alarm and PIN codes people post by mistake.
    "code": ["4471", "0852", "1397#", "2580", "7193*", "3046", "9921", "6048#"],
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
    # ================================================== batch x: new concepts
    # ---------------------------------------------------------- x: vacancy
    Family(
        "nb-x-vacancy-leadership-role",
        ("vacancy",),
        "neutral",
        (
            "{org} søker avdelingsleder for {team} i {office}. Du får personalansvar for "
            "rundt {people} konsulenter og blir en del av ledergruppen. Ta kontakt med "
            "{name} for en fortrolig samtale.",
            "Ny lederrolle hos oss: vi trenger en fagleder som kan bygge opp satsingen på "
            "{topic}. Erfaring med ledelse og kundeansvar er et must. {job_url}",
            "Er du en erfaren leder som brenner for {topic}? Vi søker direktør for "
            "rådgivningsvirksomheten i {office}. Alle henvendelser behandles diskret. "
            "#lederjobb",
            "Vi ser etter en ny partner til {org}! Har du et solid nettverk i offentlig "
            "sektor og lyst til å være med og eie selskapet, vil vi gjerne høre fra deg før "
            "{date}.",
        ),
    ),
    Family(
        "nb-x-vacancy-internal-posting",
        ("vacancy",),
        "neutral",
        (
            "Intern utlysning 📌 Stillingen som teamleder i {team} lyses ut internt før vi "
            "går eksternt. Interessert? Send en kort motivasjon til {name} innen {date}.",
            "Til alle i {org}: vi har en ledig rolle som {role} i {office} og vil gjerne "
            "fylle den med noen fra egne rekker først. Utlysningen ligger på intranettet.",
            "Lyst på nye utfordringer uten å bytte arbeidsgiver? {team} søker en {role}, og "
            "interne søkere prioriteres. Prat med lederen din og søk via intranettet.",
            "Intern mulighet: vi trenger en {role} til det nye prosjektet for {client}, med "
            "mulighet for fast overgang til {team} etterpå. Meld interesse til {name}.",
        ),
    ),
    Family(
        "nb-x-vacancy-apprentice",
        ("vacancy",),
        "positive",
        (
            "Vi tar inn {count} lærlinger i IT-utviklerfaget til høsten! 🛠️ Går du på vg2 "
            "og vil lære faget hos oss i {office}? Søk lærlingplass her: {job_url} #lærling",
            "Lærlingplass ledig hos {org}: to år med opplæring, egen veileder og ekte "
            "oppgaver i {team}. Søknadsfrist {date}.",
            "Kjenner du en ungdom som elsker data og vil ta fagbrev? Vi har ledig "
            "lærlingplass i IT-driftsfaget. Del gjerne med foreldre og lærere du kjenner 🙏",
            "Vi ønsker oss flere fagarbeidere! {org} søker lærlinger innen IT-drift og "
            "utvikling med oppstart i august. Les mer om lærlingordningen vår på {job_url}",
        ),
    ),
    Family(
        "nb-x-vacancy-part-time-student",
        ("vacancy",),
        "neutral",
        (
            "Studerer du ved {school} og vil tjene litt ved siden av? Vi søker "
            "studentassistenter i 20 % stilling i {team}. {job_url}",
            "Deltidsjobb for studenter: hjelp oss med testing og dokumentasjon et par dager "
            "i uka i {office}. Fleksible timer rundt eksamensperioden. Søk innen {date}.",
            "Ny stilling som studentutvikler hos {org} 💻 Jobb {hours} timer i måneden på "
            "ekte kundeprosjekter mens du studerer. Send CV og karakterutskrift til {name}.",
            "Vi utvider studentprogrammet og ansetter {count} deltidsstudenter innen data "
            "og analyse. Perfekt for deg som går andre eller tredje år. #studentjobb",
        ),
    ),
    Family(
        "nb-x-vacancy-temporary-cover",
        ("vacancy",),
        "neutral",
        (
            "Vikariat: vi søker {role} i et 12 måneders vikariat i {office}, med mulighet "
            "for forlengelse. Oppstart {date}. {job_url}",
            "Ledig engasjement som {role} i {team} i forbindelse med foreldrepermisjon. "
            "Cirka ett år, full stilling. Spørsmål kan rettes til {name}.",
            "Trenger en midlertidig {role} fra januar til august 🙏 Kjenner du noen som er "
            "mellom jobber eller vil ha et spennende vikariat? Tips meg!",
            "{org} har et ledig vikariat i {team}: seks måneder med spennende oppgaver "
            "innen {topic}. Søknadsfrist {date}. #vikariat #ledigstilling",
        ),
    ),
    Family(
        "nb-x-vacancy-relocation",
        ("vacancy",),
        "positive",
        (
            "Har du lyst til å jobbe i utlandet en periode? Kontoret vårt i Utrecht søker "
            "en norsktalende {role}, og vi hjelper deg med flytting og bolig 🇳🇱 {job_url}",
            "Vi trenger en {role} til London-kontoret! Flyttepakke, språkkurs og hjelp med "
            "visum er inkludert. Søk innen {date}.",
            "Drømmer du om livet i Oslo? {org} søker {role} fra hele Norden og dekker "
            "flytteutgiftene dine. Les mer på {job_url} #relocation",
            "Ledig stilling i Utrecht for deg som vil prøve noe nytt: {role} i {team}, "
            "engelsk som arbeidsspråk og full relokaliseringspakke. Ta kontakt med {name}.",
        ),
    ),
    # --------------------------------------------------------- x: pr_story
    Family(
        "nb-x-pr-sustainability",
        ("pr_story",),
        "positive",
        (
            "Klimaregnskapet for i fjor er klart: vi har kuttet utslippene med {percent} og "
            "flyr nesten ikke mellom kontorene lenger 🌱 Les rapporten på {url}",
            "Stolte av at alle firmabilene i {office} nå er elektriske, og at vi bare "
            "kjøper fornybar strøm. Små steg, men de teller 💚 #bærekraft",
            "{org} har forpliktet seg til å halvere utslippene innen 2030, godkjent av "
            "Science Based Targets. Takk til {name}, som har drevet dette arbeidet fram!",
            "I år har vi gitt {people} PC-er og skjermer nytt liv gjennom en ombruksordning "
            "i stedet for å kaste dem. Sirkulær IT i praksis ♻️ {url}",
        ),
    ),
    Family(
        "nb-x-pr-open-source",
        ("pr_story",),
        "positive",
        (
            "Vi har gjort verktøyet vårt for {topic} tilgjengelig som åpen kildekode! 🎉 "
            "Finn det på GitHub, og bidra gjerne: {url}",
            "Fra internt hobbyprosjekt til open source: {team} har sluppet biblioteket som "
            "ligger bak {product}. Allerede {people} stjerner på GitHub ⭐",
            "Vi tror på å dele. Derfor publiserer vi koden fra prosjektet for {client} som "
            "åpen kildekode, slik at andre kommuner kan gjenbruke den. {url} #opensource",
            "Stolt av {name} og resten av {team}, som i dag slapp vår første open "
            "source-pakke. Dokumentasjon og eksempler ligger på {url}",
        ),
    ),
    Family(
        "nb-x-pr-research-partnership",
        ("pr_story",),
        "positive",
        (
            "Vi har fått støtte fra Forskningsrådet til et treårig prosjekt om {topic} "
            "sammen med {school} 🎉 Gleder oss til å bidra med forskning som kommer "
            "samfunnet til gode.",
            "Ny samarbeidsavtale med {school}! Studentene skal skrive masteroppgaver på "
            "ekte problemstillinger fra kundene våre, og {name} blir veileder. {url}",
            "{org} er partner i et nytt EU-finansiert forskningsprosjekt om {topic}. Sammen "
            "med universiteter i fem land skal vi teste løsningene i praksis.",
            "Forskningssamarbeidet vårt med {school} om {topic} har resultert i en "
            "vitenskapelig artikkel, publisert i dag. Stolte! {url}",
        ),
    ),
    Family(
        "nb-x-pr-diversity-workplace",
        ("pr_story",),
        "positive",
        (
            "For første gang er det like mange kvinner som menn i ledergruppen vår 💪 Et "
            "resultat av langsiktig arbeid, ikke tilfeldigheter. {url}",
            "Årets medarbeiderundersøkelse viser rekordhøy trivsel, med {percent} økning i "
            "engasjement siden i fjor. Takk til alle som gjør {org} til et godt sted å "
            "jobbe!",
            "Vi har fått kolleger fra {count} ulike land bare i år, og mangfoldet gjør oss "
            "bedre. Stolt av kulturen vi bygger i {office} 🌍",
            "{org} har signert Kvinner i teknologi-erklæringen og forplikter seg til lik "
            "lønn for likt arbeid. Les mer om hva vi gjør på {url}",
        ),
    ),
    Family(
        "nb-x-pr-digital-inclusion",
        ("pr_story",),
        "positive",
        (
            "I helga lærte {count} frivillige fra {org} over {people} barn å programmere på "
            "Kodeklubben i {city} 👩‍💻 For en energi!",
            "Vi har adoptert en ungdomsskole i {city}! Konsulentene våre holder kodekurs "
            "for niendeklassinger hver måned gjennom hele skoleåret.",
            "Siden i fjor har {count} av utviklerne våre vært mentorer for jenter som "
            "vurderer teknologistudier. I år begynte flere av dem på {school} 💜",
            "Digital kompetanse for alle: sammen med {charity} har vi lært eldre i {city} å "
            "bruke BankID og nettbank trygt. Takk til alle frivillige! {url}",
        ),
    ),
    Family(
        "nb-x-pr-partner-status",
        ("pr_story",),
        "positive",
        (
            "Vi er nå Microsoft Solutions Partner innen data og KI 🎉 Bare et fåtall norske "
            "selskaper har denne statusen, og det er takket være {team}.",
            "Nytt partnernivå i boks: {org} er nå AWS Advanced Tier Services Partner! Det "
            "betyr enda bedre støtte til kundene våre. {url}",
            "Stolt av å fortelle at Salesforce har kåret oss til årets partner i Norden 🏅 "
            "Stor takk til kundene som har stolt på oss.",
            "Etter {count} nye sertifiseringer på ett år har {org} oppnådd Premier "
            "Partner-status hos Google Cloud. Sterkt jobbet av alle i {team}!",
        ),
    ),
    # ---------------------------------------- x: complaint (grounded, engage_and_fix)
    Family(
        "nb-x-complaint-data-lost-migration",
        ("complaint",),
        "negative",
        (
            "Etter migreringen {org} gjennomførte {date}, mangler alle saksdokumenter fra "
            "før 2019 i {product}. Vi har sjekket både arkiv og søk. Sak {ticket}. Dette er "
            "kritisk for oss.",
            "Hei {org}. Ved flyttingen til ny plattform forsvant historikken på rundt "
            "{people} kunder hos oss. Backupen dere lovet å ta, finner vi ikke. Hvem kan "
            "hjelpe?",
            "Vedleggene i {product} ble tomme filer etter oppgraderingen til versjon "
            "{version}. Gjelder alt fra {date}. Meldt inn som {ticket}.",
            "{org}, det er {days} dager siden dataflyttingen, og vi mangler fortsatt "
            "timelistene for hele september. Lønnskjøringen vår står fast. Prioriter sak "
            "{ticket}, takk.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-x-complaint-accessibility",
        ("complaint",),
        "negative",
        (
            "Som blind bruker av {product} får jeg ikke sendt inn skjemaet: skjermleseren "
            "finner ikke knappen «Send». Har sagt fra til {org} to ganger. "
            "#universellutforming",
            "Innbyggerportalen {org} har laget for {client}, kan ikke brukes med tastatur. "
            "Man kommer ikke forbi cookie-banneret. Det bryter vel med WCAG-kravene?",
            "Hei {org}, kontrasten i den nye versjonen av {product} er så lav at flere "
            "ansatte hos oss med nedsatt syn ikke klarer å lese teksten. Sak {ticket}.",
            "Pappa på 82 prøvde å bestille time i løsningen fra {org}, men teksten kan ikke "
            "forstørres, og økta går ut etter to minutter. Vær så snill å fikse dette.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-x-complaint-unsubscribe-gdpr",
        ("complaint",),
        "negative",
        (
            "Jeg har meldt meg av nyhetsbrevet til {org} tre ganger nå, men får fortsatt "
            "e-post hver uke. Avmeldingslenken gir bare «{error}».",
            "Hei {org}, hvordan har dere fått tak i mobilnummeret mitt? Jeg har aldri vært "
            "kunde, men får SMS-reklame fra dere. Jeg vil bli slettet, takk.",
            "Sendte innsynsbegjæring etter GDPR til {org} {date} og har ikke fått svar. "
            "Fristen på 30 dager er passert. Ref. {ticket}.",
            "Ble lovet at kontaktinfoen min skulle slettes da jeg trakk søknaden min hos "
            "{org}. {days} dager senere får jeg fortsatt nyhetsbrev. Ikke greit.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-x-complaint-candidate-ghosted",
        ("complaint",),
        "negative",
        (
            "Var på to intervjuer hos {org} for stillingen som {role}, og nå har jeg ventet "
            "{days} dager uten et eneste ord. Har sendt to e-poster til {name}. Litt svar "
            "hadde vært fint.",
            "Brukte en hel helg på caseoppgaven {org} ba om i rekrutteringsprosessen. Siden "
            "har jeg ikke hørt noe som helst. Dårlig kandidatopplevelse.",
            "Søkte som {role} hos {org} {date}. Fikk automatisk svar om at jeg skulle høre "
            "fra dere innen to uker. Det er to måneder siden. Hva skjer?",
            "Tre intervjurunder, referansesjekk og så ... stillhet. {org}, dere kunne i det "
            "minste sendt et standard avslag. Jeg søkte som {role} i {office}.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-x-complaint-price-increase",
        ("complaint",),
        "negative",
        (
            "{org} har økt lisensprisen på {product} med {percent} uten forvarsel. Avtalen "
            "vår sier tre måneders varsel ved prisendring. Faktura {invoice}.",
            "Hei {org}, på siste faktura ({invoice}) har timeprisen for seniorkonsulenter "
            "gått opp fra 1 250 til 1 490 kr. Dette er ikke avtalt med oss.",
            "Plutselig betaler vi {amount} mer i måneden for {product}, og supportnivået er "
            "det samme. Vi ber {org} om en forklaring og en gjennomgang av avtalen.",
            "Ny «serviceavgift» på {amount} dukket opp på fakturaen fra {org} denne måneden "
            "uten at noen har informert oss. Hva dekker den egentlig? Sak {ticket}.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-x-complaint-app-review",
        ("complaint",),
        "negative",
        (
            "⭐ 1/5. {product} krasjer hver gang jeg åpner kalenderen på Android. Etter "
            "oppdateringen til {version} er appen ubrukelig. Fiks det, {org}.",
            "Appen har blitt mye tregere etter siste oppdatering. Det tar over 20 sekunder "
            "å laste timelista, og varslene kommer dobbelt. Samsung S23, versjon {version}.",
            "Kan ikke lenger logge inn med Face ID i {product}, må skrive passordet hver "
            "gang. Har skrevet til supporten hos {org} uten svar. 2 stjerner.",
            "Fin app før, men nå forsvinner alle utkast hvis man bytter app mens man "
            "skriver. Mistet en hel reiseregning i dag. {org}, vær så snill å fikse dette.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-x-complaint-consultant-conduct",
        ("complaint",),
        "negative",
        (
            "Konsulenten {org} sendte til oss, satt med mobilen hele workshopen og svarte "
            "nedlatende når de ansatte stilte spørsmål. Vi forventer bedre til de "
            "timeprisene.",
            "Til {org}: rådgiveren deres møtte uforberedt til styringsgruppemøtet for "
            "tredje gang og hadde ikke lest dokumentene vi sendte. Vi ønsker en samtale om "
            "bemanningen.",
            "Prosjektlederen fra {org} er byttet ut tre ganger på seks måneder, og hver "
            "gang må vi forklare alt på nytt. Det koster oss tid og penger. Hvem har "
            "ansvaret?",
            "Den nye konsulenten fra {org} har kommet for sent til {count} av de siste "
            "møtene og leverer ikke det som er avtalt i sprintene. Har tatt det opp med "
            "{name}, uten bedring.",
        ),
        triage="engage_and_fix",
    ),
    # --------------------------------------------------- x: other triage reactions
    Family(
        "nb-x-reaction-misinfo-breach-rumour",
        (),
        "negative",
        (
            "Er det sant at {org} ble hacket og at alle kundedataene ligger ute på det "
            "mørke nettet? Så noen skrive det i en Facebook-gruppe.",
            "Har hørt at {product} har hatt en stor datalekkasje som {org} prøver å holde "
            "skjult. Noen som vet mer? 🤔",
            "Vi vurderer å bytte leverandør etter at vi hørte at {org} lekket passordene "
            "til kundene sine i fjor. Stemmer det i det hele tatt?",
            "Ryktet går i {city} om at {org} har mistet alle pasientdataene til {client}. "
            "Skremmende hvis det er sant!",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-x-reaction-misinfo-public-money",
        (),
        "negative",
        (
            "Typisk: {org} fikk visst en kontrakt på {revenue} fra staten uten anbud. "
            "Hvordan er det mulig?",
            "{org} lever jo bare av offentlige penger og har ingen private kunder. Hørte "
            "det på en podkast.",
            "Leste i en kommentar at {client} betaler {org} 5 000 kr timen. Det er jo "
            "vanvittig, er det virkelig sant?",
            "Visste dere at {org} fikk millioner i koronastøtte mens partnerne fikk bonus? "
            "Noen bør sjekke dette.",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-x-reaction-rant-cringe-posts",
        (),
        "negative",
        (
            "Enda et cringe LinkedIn-innlegg fra {org} om «kultur» og «verdier» 🤢 Hvem "
            "skriver dette?",
            "Så {org} er «stolte» igjen i dag. Finnes det en eneste dag dere ikke er stolte "
            "av noe? 🙄",
            "Sluttet å følge {org} her. Det er bare selvskryt og stockfoto av folk som ler "
            "mot en laptop.",
            "{org} og hashtaggen #stolt, name a more iconic duo 😂 Gjesp.",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-x-reaction-praise-student-projects",
        (),
        "positive",
        (
            "Leverte masteroppgaven på {school} i dag! 🎓 Tusen takk til {org} og {name} for "
            "data, veiledning og masse tålmodighet gjennom hele semesteret.",
            "Bachelorgruppa vår fikk oppgave fra {org} i vår, og for en læringsreise! Takk "
            "til {name} og {team} for at dere tok oss på alvor.",
            "Takk til {org} for en fantastisk samarbeidsoppgave i faget vårt på {school}. "
            "Studentene fikk jobbe med ekte data, og tilbakemeldingene var strålende.",
            "Som foreleser på {school} vil jeg rose {org}, som har stilt med veiledere til "
            "studentprosjektene våre i {years} år. Uvurderlig for studentene 👏",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-x-reaction-praise-former-employee",
        (),
        "positive",
        (
            "Jeg jobbet i {org} i {years} år før jeg flyttet til {city}, og har aldri hatt "
            "bedre ledere. Anbefaler dem varmt.",
            "Gamle kolleger i {org}: dere er fortsatt gullstandarden for meg. Takk for alt "
            "jeg lærte hos dere 💙",
            "Ser at {org} feirer {years} år. Som tidligere ansatt kan jeg bare si: et "
            "sjeldent godt sted å jobbe. Gratulerer!",
            "Fikk hjelp av tidligere kolleger i {org} med et problem innen {topic} i dag, "
            "på fritida deres. Sånne folk er sjeldne. Takk!",
        ),
        triage="thank_and_share",
    ),
    # ------------------------------------------------------ x: confidential
    Family(
        "nb-x-confidential-api-key",
        ("confidential",),
        "neutral",
        (
            "Her er API-nøkkelen til testmiljøet hos {client}, så slipper dere å vente på "
            "tilgang: {api_key}",
            "Limer inn tilkoblingsstrengen her for enkelhets skyld 😅 {api_key} Ikke commit "
            "den, da!",
            "Noen som trenger tokenet til deploy-pipelinen? Bruk {api_key} til IT har "
            "fikset servicekontoen.",
            "Oi, la visst {api_key} i den åpne kanalen til {team}. Nøkkelen gjelder "
            "{cred_system}, så ikke bruk den utenfor prosjektet.",
        ),
    ),
    Family(
        "nb-x-confidential-client-internal-docs",
        ("confidential",),
        "neutral",
        (
            "Fikk tilsendt den interne strategiplanen til {client} i går. Legger den i "
            "prosjektkanalen, men den må ikke deles med noen utenfor teamet.",
            "Til tilbudsteamet: her er risikovurderingen {client} har laget internt. Den er "
            "gradert «begrenset», så ikke send den videre.",
            "Kunden har gitt oss tilgang til styrepapirene sine i forbindelse med analysen. "
            "Husk at alt er underlagt taushetserklæringen vi signerte.",
            "Vi har fått utkastet til budsjettet til {client} for neste år. Tallene er ikke "
            "kjent for de ansatte der ennå, så behandle dem strengt fortrolig.",
        ),
    ),
    Family(
        "nb-x-confidential-leader-departure",
        ("confidential",),
        "neutral",
        (
            "Mellom oss: daglig leder har sagt opp og går av til sommeren. Det blir ikke "
            "kunngjort før etterfølgeren er på plass.",
            "{female_name} slutter som leder for {team} og begynner hos {target}. Hun har "
            "bedt om at det holdes internt til {date}.",
            "Ikke si det til kundene ennå, men partneren med ansvar for {client} forlater "
            "selskapet. Vi må ha en plan klar før nyheten går ut.",
            "Kun for ledergruppa: {name} har fått tilbud om å bli ny økonomidirektør og har "
            "takket ja. Offisiell beskjed kommer {date}.",
        ),
    ),
    Family(
        "nb-x-confidential-deal-room",
        ("confidential",),
        "neutral",
        (
            "Datarommet for «Prosjekt Fjord» er åpnet. Bare de {count} personene på "
            "innsidelisten har tilgang, og alle nedlastinger logges.",
            "Husk at alle som jobber med oppkjøpet av {target}, står på innsidelisten og "
            "ikke kan omtale saken, heller ikke hjemme.",
            "Kodenavnet for fusjonsprosjektet er «Polarstjerne». Bruk aldri selskapsnavnet "
            "i e-post, Teams eller kalenderinvitasjoner.",
            "Advokatene har sendt over utkastet til aksjekjøpsavtalen med {target}. Prisen "
            "er {revenue}. Dokumentet skal ikke ligge på fellesområdet.",
        ),
    ),
    Family(
        "nb-x-confidential-security-incident",
        ("confidential",),
        "negative",
        (
            "Strengt internt: vi har hatt et løsepengevirusangrep mot {cred_system}. "
            "Etterforskningen pågår, og kundene er ikke varslet ennå. Ikke si noe.",
            "Sikkerhetshendelse hos {client}: noen har hatt tilgang til e-posten deres i "
            "{days} dager. Ingenting skal kommuniseres før de går ut med det selv.",
            "Til prosjektgruppa: sårbarheten vi fant i {product}, er ikke tettet ennå. Ikke "
            "nevn den for kunder eller i åpne kanaler før rettingen er ute.",
            "Det kommer en intern orientering om datainnbruddet i morgen. Fram til da skal "
            "ingen bekrefte noe overfor presse eller kunder.",
        ),
    ),
    Family(
        "nb-x-confidential-pay-bands",
        ("confidential",),
        "neutral",
        (
            "Lønnsbåndene for neste år er satt, og toppen for seniorkonsulenter blir "
            "{salary}. Dette er kun til lederne, ikke del det med teamene.",
            "Bonuspotten for {office} blir på 14 millioner i år, og fordelingen per person "
            "står i vedlegget. Ikke videresend til noen.",
            "Info til partnerne: rammen for lønnsoppgjøret er {percent}, men den skal ikke "
            "ut før forhandlingene med de ansatte er i gang.",
            "Startlønna for nyutdannede heves til {salary} fra høsten. Vi går ikke ut med "
            "det før rekrutteringskampanjen starter, så hold det for dere selv.",
        ),
    ),
    Family(
        "nb-x-confidential-unreleased-product",
        ("confidential",),
        "positive",
        (
            "Sniktitt bare for dere på innsiden: neste versjon av {product} får en "
            "KI-assistent og lanseres {date}. Ikke et ord utenfor huset før det!",
            "Lanseringen av {product} er flyttet til {date}, og prisen blir {amount} per "
            "bruker. Embargo fram til pressemeldingen, ikke del.",
            "Veikartet for {product} neste år ligger i vedlegget. Det er internt og skal "
            "ikke vises til kunder, selv om de spør pent 😉",
            "{client} blir pilotkunde på det nye produktet vårt, men alt er hemmelig fram "
            "til lanseringen. Ikke skriv om det på LinkedIn ennå 🤫",
        ),
    ),
    Family(
        "nb-x-confidential-legal-personnel-file",
        ("confidential", "legal_risk"),
        "negative",
        (
            "Visste dere at {name} har fått skriftlig advarsel etter klagen fra {client}? "
            "Kopien ligger i HR-mappa hvis noen vil lese.",
            "Personalsaken mot {name} er nå så alvorlig at det kan ende med oppsigelse. Har "
            "lagt ved referatet fra møtet med tillitsvalgt og advokat.",
            "Legger ut hele lønnslista med navn og personnummer her, så kan vi diskutere "
            "lønnsforskjellene i {team} åpent: lonn_2025_alle.xlsx",
            "Fant medarbeidersamtalene til hele {team} i en åpen mappe på {system}, også "
            "den til {name}. Vedkommende får visst ingen lønnsøkning i år 😬",
        ),
    ),
    # -------------------------------------------------------------- x: scam
    Family(
        "nb-x-scam-romance",
        ("scam",),
        "positive",
        (
            "Hei vakre 😍 Jeg er ingeniør på en oljeplattform i Nordsjøen og så profilen "
            "din. Du virker som en snill person. Kan vi snakke på WhatsApp?",
            "Min kjære, endelig har jeg fått permisjon og kan komme til deg i {city}! Men "
            "kontoen min er frosset, kan du sende {amount} til flybilletten? Jeg betaler "
            "tilbake 💕",
            "Hallo {name}, jeg er enkemann og lege for FN i Syria. Jeg leter etter ekte "
            "kjærlighet og en ærlig kvinne. Skriv til meg privat. {scammer}",
            "Jeg har pakket {fortune} i gull som skal sendes til deg, min elskede, men "
            "tollen krever et gebyr først. Vær så snill, stol på meg 🙏",
        ),
    ),
    Family(
        "nb-x-scam-tech-support",
        ("scam",),
        "negative",
        (
            "⚠️ ADVARSEL: Datamaskinen din er infisert med {count} virus! Ring Microsoft "
            "Support umiddelbart på +47 800 12 345 for å unngå tap av data.",
            "Hei, dette er IT-supporten hos Microsoft. Vi ser feil på PC-en din. Installer "
            "AnyDesk og gi oss koden, så fikser vi det med en gang.",
            "Norton: Abonnementet ditt er fornyet, og {amount} trekkes fra kontoen din i "
            "dag. Ring oss innen 24 timer hvis du vil kansellere.",
            "Windows-lisensen din er utløpt, og PC-en blir sperret. Klikk på {scam_url} og "
            "oppgi kortinformasjon for å fornye.",
        ),
    ),
    Family(
        "nb-x-scam-domain-directory",
        ("scam",),
        "neutral",
        (
            "SISTE VARSEL: domenet nordlys.no utløper {date}. Forny nå, ellers slutter "
            "nettsiden og e-posten å virke: {scam_url}",
            "Takk for bestillingen av oppføring i Nordic Business Directory. Fakturaen på "
            "{amount} forfaller om {days} dager. Bekreft firmadetaljene her: {scam_url}",
            "Kjære {org}, vi har mottatt en søknad om å registrere «nordlys-consulting» i "
            "Asia. Er dette deres varemerke? Svar innen 48 timer, ellers blir det godkjent.",
            "Oppdater firmaoppføringen i Norsk Næringskatalog for å beholde synligheten. "
            "Signer vedlagte skjema og returner det i dag. Årsavgift {amount}.",
        ),
    ),
    Family(
        "nb-x-scam-impersonal-invite",
        ("scam",),
        "neutral",
        (
            "Hei! Jeg kom over profilen din og ble veldig imponert. Jeg har en lukrativ "
            "mulighet som jeg tror passer for deg. Kan du gi meg WhatsApp-nummeret ditt?",
            "Dear friend, jeg ønsker å bygge et forretningsforhold med deg. Jeg "
            "representerer et family office i Singapore med kapital til prosjekter i Norge. "
            "{scammer}",
            "Hei {name}, jeg vil gjerne legge deg til i nettverket mitt. Jeg er investor og "
            "ser etter seriøse partnere. Svar meg på privat e-post for detaljer.",
            "Hilsen! Vi gir lån til bedrifter i Skandinavia med 1 % rente og uten "
            "sikkerhet. Send meg personnummer og bankopplysninger, så ordner jeg resten. "
            "{scammer}",
        ),
    ),
    Family(
        "nb-x-scam-payroll-diversion",
        ("scam",),
        "neutral",
        (
            "Hei lønn, jeg har byttet bank. Kan dere oppdatere lønnskontoen min til "
            "1207.55.31984 før neste utbetaling? Er på reise og kommer ikke inn i portalen. "
            "Mvh {name}",
            "Til HR: endre kontonummeret mitt for lønn med en gang, det haster. Ny konto "
            "kommer i neste e-post. Hilsen {name} (sendt fra iPhone)",
            "Hei {name}, dette er fra lønningskontoret. Bekreft kontonummer og BankID for å "
            "få utbetalt junilønna: {scam_url}",
            "Lønnsslippen din for denne måneden er klar. Logg inn med jobbpassordet ditt "
            "for å se den: {scam_url}",
        ),
    ),
    Family(
        "nb-x-scam-fake-donation",
        ("scam",),
        "negative",
        (
            "💔 Tusenvis av barn har mistet alt etter jordskjelvet. Vipps det du kan til "
            "4712 9988, hver krone går rett til ofrene. DEL!!",
            "Vi samler inn penger til familien som mistet huset i brannen i {city}. Send "
            "{coin} til lommeboka under eller doner via {scam_url} 🙏",
            "Hei! Jeg ringer fra {charity} og vil bare bekrefte kortnummeret ditt for den "
            "månedlige gaven. Kan du lese opp de siste sifrene og CVC-koden?",
            "Kampanje: doner til flomofrene i dag, så dobler en anonym giver beløpet. Betal "
            "med kort her innen midnatt: {scam_url}",
        ),
    ),
    # ------------------------------------------------------------- x: event
    Family(
        "nb-x-event-all-hands",
        ("event",),
        "neutral",
        (
            "Allmøte fredag kl. {time} i storsalen og på Teams. Ledelsen presenterer "
            "planene for neste år, og det blir god tid til spørsmål. Vel møtt!",
            "Påminnelse: kvartalsmøtet for alle ansatte er {date}. {name} går gjennom "
            "status og veien videre. Send inn spørsmål på forhånd via {event_url}",
            "Town hall {date} 📣 Vi strømmer fra {office} til de andre kontorene, og det "
            "blir frokost for dem som møter fysisk.",
            "Husk allmøtet i morgen kl. {time}! Agenda: nye kunder, status for {product} og "
            "et par overraskelser 🎉",
        ),
    ),
    Family(
        "nb-x-event-team-trip",
        ("event",),
        "positive",
        (
            "Teamtur for {team} til fjells {date}! 🏔️ To netter på hytte, topptur og felles "
            "middag. Si fra til {name} om du blir med.",
            "Sosialt påfyll: {team} drar på padletur i Oslofjorden fredag etter jobb. "
            "Utstyr og mat er ordnet, bare ta med godt humør 🛶",
            "Årets avdelingstur går til Lofoten! Vi reiser {date} og kommer hjem søndag. "
            "Programmet ligger på {event_url}",
            "Teambuilding på torsdag: escape room og tapas {venue} fra kl. {time}. Alle i "
            "{team} er invitert!",
        ),
    ),
    Family(
        "nb-x-event-lunch-and-learn",
        ("event",),
        "neutral",
        (
            "Lunsj og læring i morgen kl. 11.30: {name} viser hvordan vi bruker {topic} hos "
            "{client}. Ta med matpakka til møterommet {room} 🥪",
            "Fagpåfyll i lunsjen! Hver tirsdag holder en kollega et kort innlegg. Denne "
            "uka: {topic}. Strømmes også på Teams.",
            "Neste lunsjforedrag: «{topic} på 20 minutter», {date} kl. 12.00 i kantina. Vi "
            "spanderer {food} 😋",
            "Vil du holde et lunsjforedrag? Vi trenger foredragsholdere til høsten. Først "
            "ut er {name} {date}, med {topic}.",
        ),
    ),
    Family(
        "nb-x-event-rescheduled",
        ("event",),
        "neutral",
        (
            "NB! Frokostseminaret om {topic} er flyttet til {date} på grunn av stor pågang. "
            "Påmeldingen gjelder fortsatt. {event_url}",
            "Webinaret {date} er dessverre avlyst. Vi kommer tilbake med ny dato, og alle "
            "påmeldte får beskjed på e-post.",
            "Endring: sommerfesten flyttes innendørs {venue} på grunn av værmeldingen. "
            "Tidspunktet er det samme, kl. {time} ☔",
            "Oppdatering om fagdagen {date}: vi starter en time senere enn planlagt, kl. "
            "{time}. Lunsjen serveres som før.",
        ),
    ),
    Family(
        "nb-x-event-student-visit",
        ("event",),
        "positive",
        (
            "Velkommen til linjeforeningen fra {school}, som kommer på bedriftsbesøk {date} "
            "kl. {time}! Vi byr på foredrag om {topic} og pizza etterpå 🍕",
            "I dag hadde vi besøk av {people} studenter fra {school} i {office}. Takk for "
            "gode spørsmål og god stemning!",
            "Skolebesøk: en klasse fra videregående kommer til oss {date} for å se hvordan "
            "det er å jobbe med IT. {name} er vert.",
            "Vi inviterer studenter fra {school} til kveldsarrangement med workshop om "
            "{topic}. Gratis, men begrenset antall plasser: {event_url}",
        ),
    ),
    # -------------------------------------------------------- x: legal_risk
    Family(
        "nb-x-legal-sexual-harassment",
        ("legal_risk",),
        "negative",
        (
            "{female_name}, du burde gå i det skjørtet oftere 😏 Da blir kundemøtene mye "
            "hyggeligere for oss gutta.",
            "Sjefen i {team} legger hånda på låret mitt hver gang vi er ute med kunder, og "
            "nå sender han meldinger sent på kvelden. Jeg vet ikke hva jeg skal gjøre.",
            "Ta med {female_name} på middagen med {client}, hun er jo pen å se på 😉 Da blir "
            "de nok mer villige til å signere.",
            "Til {name}: sender du ikke et bilde snart, kan du glemme forfremmelsen. Du vet "
            "hva jeg mener.",
        ),
    ),
    Family(
        "nb-x-legal-personal-data-dump",
        ("legal_risk",),
        "negative",
        (
            "Her er kundelista til {client} med navn, telefonnumre og adresser. Lastet den "
            "ned fra systemet deres, så vi kan bruke den i salgskampanjen vår.",
            "Har eksportert pasientlista fra {client} til min private Gmail, så jeg kan "
            "jobbe hjemmefra i helga 😅",
            "Legger ut Excel-fila med alle som søkte jobb hos oss i fjor, med CV-er, alder "
            "og telefonnummer, i kanalen til {team}. Kjekt til neste rekruttering!",
            "Noen som vil ha lista over alle deltakerne på seminaret? Den har både private "
            "adresser og mobilnumre, jeg sender den gjerne til hvem som helst.",
        ),
    ),
    Family(
        "nb-x-legal-photo-without-consent",
        ("legal_risk",),
        "negative",
        (
            "Hahaha se på {name} i går kveld 😂🍷 Dette bildet MÅ deles med hele selskapet!",
            "Tok skjermbilde av den private chatten mellom {name} og kjæresten som dukket "
            "opp på storskjermen i møtet. Legger det her til underholdning 🙈",
            "Filmet {female_name} i smug mens hun gråt på toalettet etter møtet. Sender "
            "videoen til gruppechatten 😬",
            "Her er profilen til {name} på en datingapp, fant den i går 😂 Sjekk "
            "beskrivelsen! Del gjerne videre i {team}.",
        ),
    ),
    Family(
        "nb-x-legal-pregnancy-disability",
        ("legal_risk",),
        "negative",
        (
            "Vi kan ikke sende {female_name} til {client} nå som hun er gravid. Gi "
            "oppdraget til en av gutta i stedet.",
            "{name} sitter i rullestol, så det blir for mye styr å ha vedkommende med i "
            "prosjektet. Finn en annen.",
            "Ikke forfrem {name} i år. Med {illness} i bakgrunnen er risikoen for stor for "
            "at hen blir borte igjen.",
            "Ærlig talt: etter at {female_name} ble mor, er hun ikke like dedikert. Vi tar "
            "henne ut av lederutviklingsprogrammet.",
        ),
    ),
    Family(
        "nb-x-legal-whistleblower-retaliation",
        ("legal_risk",),
        "negative",
        (
            "Jeg skal finne ut hvem som varslet om {name}. Den personen kommer ikke til å "
            "ha jobb her om et halvt år.",
            "Den som gikk til Arbeidstilsynet, bør vite at vi ikke glemmer. Tenk deg om "
            "neste gang 🙂",
            "Varselet mot ledelsen i {office} kom visst fra {name}. Sørg for at vedkommende "
            "ikke får flere kundeoppdrag.",
            "Det er lov å varsle, men det er også lov for oss å gjøre livet surt for dem "
            "som gjør det. Bare så det er sagt, {team}.",
        ),
    ),
    Family(
        "nb-x-legal-defame-client-person",
        ("legal_risk",),
        "negative",
        (
            "{name}, innkjøpssjefen hos {client}, er alkoholiker og drikker på jobb. Ikke "
            "rart de tar så dårlige beslutninger.",
            "Alle vet at {female_name} i {client} fikk jobben fordi hun ligger med "
            "direktøren. Si det gjerne videre.",
            "Prosjektlederen hos {client}, {name}, forfalsker testresultatene for å slippe "
            "unna. Har ikke bevis ennå, men det er garantert sant.",
            "{name} hos {client} er en løgner og en tyv som har stjålet fra kommunekassa. "
            "Del så flest mulig får vite det! #korrupsjon",
        ),
    ),
    # ------------------------------------------------ x: no category (near misses)
    Family(
        "nb-x-none-job-search-advice",
        (),
        "neutral",
        (
            "Tips til deg som skal skrive jobbsøknad: tilpass søknaden til stillingen, hold "
            "CV-en på to sider og be om tilbakemelding hvis du får avslag.",
            "Hvordan forbereder dere dere til jobbintervju? Har fått en del spørsmål fra "
            "studenter på {school} og vil gjerne samle gode råd.",
            "Mange spør meg hvordan man blir {role}. Mitt beste råd: bygg ting, del dem på "
            "GitHub og snakk med folk i bransjen.",
            "Tre ting jeg ser etter når jeg leser en CV: konkrete resultater, tydelig rolle "
            "i prosjektene og litt personlighet. Hva ser dere etter, {handle}?",
        ),
    ),
    Family(
        "nb-x-none-scam-documentary",
        (),
        "neutral",
        (
            "Så dokumentaren om Tinder-svindleren i går. Helt utrolig hvor overbevisende "
            "han var, og hvor mye penger folk mistet.",
            "Anbefaler NRK-serien om nettsvindel. Episoden om falske investeringsannonser "
            "med kjendiser burde alle se 📺",
            "Leser en bok om Wirecard-skandalen. Spennende som en krim, og skremmende at "
            "revisorene ikke oppdaget noe på så mange år.",
            "Podkasttips: en episode om nigeriabrev og hvorfor de fortsatt virker. Lærte "
            "mye om psykologien bak svindel 🎧 {handle}",
        ),
    ),
    Family(
        "nb-x-none-announced-news-practical",
        (),
        "neutral",
        (
            "Nå som omorganiseringen er kunngjort, finner dere det nye organisasjonskartet "
            "på intranettet. Spørsmål kan rettes til nærmeste leder.",
            "Pressemeldingen om oppkjøpet av {target} gikk ut i morges, så nå kan dere "
            "svare kunder som spør. Henvis gjerne til {url}.",
            "Fusjonen med {target} ble offentliggjort i går. Fra neste måned bytter vi "
            "e-postsignatur, og ny mal ligger på intranettet.",
            "Det er ikke lenger hemmelig at vi har rammeavtale med {client}: kunden har "
            "selv publisert tildelingen. Dere kan nevne den i tilbud.",
        ),
    ),
    Family(
        "nb-x-none-complaint-resolved-internal",
        (),
        "positive",
        (
            "Takk til {team} som løste saken fra {client} i går kveld. Kunden har bekreftet "
            "at alt virker igjen, og sak {ticket} er lukket 👍",
            "Kundeservice-tall for oktober: {percent} færre henvendelser enn i fjor, og "
            "svartiden er under to timer. Godt jobbet, alle sammen!",
            "God retrospektiv etter feilen i {product} forrige uke: årsaken er funnet, og "
            "vi har lagt inn ekstra overvåking. Bra samarbeid!",
            "Kunden som var misfornøyd med leveransen i september, har nå forlenget "
            "avtalen. Takk til {name} for god oppfølging 🙌",
        ),
    ),
    Family(
        "nb-x-none-legal-news-commentary",
        (),
        "neutral",
        (
            "Interessant dom i Høyesterett i dag om arbeidsgivers ansvar ved trakassering. "
            "Bør leses av alle HR-folk, {handle}.",
            "Fra nyttår skjerpes aktivitetsplikten i likestillings- og "
            "diskrimineringsloven. Hvordan forbereder dere dere som arbeidsgivere?",
            "Datatilsynet har gitt et stort selskap millionbot for å dele "
            "personopplysninger uten behandlingsgrunnlag. God påminnelse om hvorfor "
            "GDPR-arbeidet lønner seg.",
            "Leste om innsidehandelsaken i DN. Vanskelig å forstå at noen tar en sånn "
            "risiko for noen tusenlapper.",
        ),
    ),
    Family(
        "nb-x-none-customer-how-to",
        (),
        "neutral",
        (
            "Hei {org}! Hvordan legger man til nye brukere i {product}? Finner ikke knappen "
            "i den nye versjonen.",
            "Spørsmål til {org}: støtter {product} eksport til CSV, eller bare til Excel? "
            "Skal sette opp en integrasjon.",
            "Noen som bruker {product} sammen med Teams? Lurer på om man kan få varsler "
            "rett i en kanal. {handle}",
            "Finnes det en engelsk versjon av {product}? Vi har fått nye kolleger som ikke "
            "leser norsk ennå.",
        ),
    ),
    # ================================================== batch y: more new concepts
    # ---------------------------------------------------------- y: vacancy
    Family(
        "nb-y-vacancy-career-changer",
        ("vacancy",),
        "positive",
        (
            "Jobber du som lærer, sykepleier eller økonom og drømmer om å bli {role}? Vi "
            "ansetter karriereskiftere og gir deg seks måneders betalt omskolering hos {org}. "
            "{job_url}",
            "Ingen IT-utdanning? Ikke noe problem. Vi søker folk med annen bakgrunn som vil "
            "omskolere seg til {role} i {office}. Søk innen {date} #karriereskifte",
            "Tok du et kodekurs eller en bootcamp i fjor? {team} ser etter motiverte folk som "
            "vil starte en ny karriere, resten lærer vi deg 💪 {job_url}",
            "Nytt program for bransjebyttere: {count} plasser for deg som vil over i teknologi "
            "etter noen år i et annet yrke. Full lønn fra første dag. Spørsmål til {name}.",
        ),
    ),
    Family(
        "nb-y-vacancy-business-support",
        ("vacancy",),
        "neutral",
        (
            "{org} søker kontorleder til {office}-kontoret. Du får ansvar for resepsjon, "
            "innkjøp og at hverdagen går på skinner for {people} kolleger. {job_url}",
            "Vi trenger en regnskapsmedarbeider i økonomiteamet, 100 % fast stilling. Erfaring "
            "med fakturering og Visma er en fordel. Søknadsfrist {date}.",
            "Ledig stilling som kommunikasjonsrådgiver hos {org}! Du skriver kundecase, drifter "
            "sosiale medier og jobber tett med ledelsen. Søk her: {job_url}",
            "Kjenner du en strukturert person som vil jobbe som lønnsmedarbeider eller "
            "HR-koordinator? Vi ansetter snart i {office}. Tips {name} 🙏",
        ),
    ),
    Family(
        "nb-y-vacancy-talent-pool",
        ("vacancy",),
        "neutral",
        (
            "Ingen stilling som passer akkurat nå? Registrer deg i talentbanken vår, så tar vi "
            "kontakt når vi trenger en {role}. {job_url}",
            "Vi rekrutterer løpende til {team} gjennom hele året. Send oss en åpen søknad med "
            "CV, så hører du fra {name} innen to uker.",
            "Løpende opptak 📥 {org} har stort behov for konsulenter innen {topic} neste "
            "halvår. Legg inn profilen din i kandidatbasen: {job_url}",
            "Til deg som har søkt hos oss før: vi bygger opp en kandidatpool for kommende "
            "prosjekter i {office} og vil gjerne få søknaden din igjen. #rekruttering",
        ),
    ),
    Family(
        "nb-y-vacancy-inclusive-ad",
        ("vacancy",),
        "neutral",
        (
            "Vi ønsker søkere med ulik bakgrunn, alder, kjønn og funksjonsevne velkommen. "
            "{org} søker {role} til {team}, og vi tilrettelegger arbeidsplassen ved behov. "
            "{job_url}",
            "Har du hull i CV-en, nedsatt funksjonsevne eller innvandrerbakgrunn? Det er ingen "
            "hindring hos oss. Vi søker {role} i {office}, søk innen {date}.",
            "Stillingen som {role} er åpen for alle. Vi har anonymisert søknadsprosessen, så "
            "bare kompetansen din teller. Les mer og søk: {job_url} #mangfold",
            "Vi er med på inkluderingsdugnaden og har satt av {count} stillinger til kandidater "
            "som har stått utenfor arbeidslivet en stund. Ta kontakt med {name} for å høre mer.",
        ),
    ),
    Family(
        "nb-y-vacancy-boomerang",
        ("vacancy",),
        "positive",
        (
            "Savner du oss? 😄 Vi ønsker tidligere ansatte velkommen tilbake og har akkurat nå "
            "flere åpne roller som {role}. Ta en prat med {name}!",
            "Har du jobbet i {org} før? Vi har en ledig stilling i {team}, og vi elsker "
            "comebacks. Søk innen {date}: {job_url}",
            "Velkommen hjem-kampanje: alle som har jobbet hos oss tidligere, får en raskere "
            "intervjuprosess. Vi trenger folk i {office} nå. #ledigstilling",
            "Klar for en ny runde hos {org}? Vi rekrutterer tidligere kolleger til oppdrag "
            "innen {topic}. Send meg en melding, så tar vi en kaffe ☕",
        ),
    ),
    # --------------------------------------------------------- y: pr_story
    Family(
        "nb-y-pr-new-service-line",
        ("pr_story",),
        "positive",
        (
            "I dag åpner vi et nytt fagområde: {org} tilbyr nå rådgivning innen {topic}, med "
            "{count} erfarne eksperter på plass fra start 🚀 Les mer: {url}",
            "Nyhet! Vi har etablert en egen avdeling for {topic} i {office}, ledet av {name}. "
            "Et naturlig steg etter flere år med prosjekter for kunder som {client}.",
            "Vi utvider tjenestetilbudet 🎉 Fra i dag kan kundene våre få hjelp med {topic} fra "
            "idé til drift. Stolt av {team}, som har bygget dette opp.",
            "Ny tjeneste lansert: analyse som abonnement. Fast månedspris og et eget team som "
            "tar seg av dataplattformen for dere. {url} #nyhet",
        ),
    ),
    Family(
        "nb-y-pr-meet-the-colleague",
        ("pr_story",),
        "positive",
        (
            "Møt {name} 👋 Hen har vært {role} hos oss i {years} år, lager verdens beste {food} "
            "og elsker å løse floker for kundene. #møtkollegaen",
            "Hvem jobber egentlig i {org}? I denne serien møter vi folka våre. I dag: {name} fra "
            "{team}, som gikk fra sykepleier til utvikler 💙 {url}",
            "Ukens kollega: {name}, {role} i {office}. «Det beste med jobben er at ingen dager "
            "er like», sier hen. Les hele intervjuet på {url}",
            "En dag på jobben med {name}, som leder {team} og pendler fra {city} hver dag. Se "
            "den lille filmen vår om hverdagen hos {org}! 🎥",
        ),
    ),
    Family(
        "nb-y-pr-customer-satisfaction",
        ("pr_story",),
        "positive",
        (
            "Kundeundersøkelsen for i år er klar, og kundene gir oss 9,2 av 10 i snitt 🙌 Takk "
            "for tilliten, og takk til alle som svarte!",
            "Rekord! Net Promoter Score hos kundene våre har steget til 71. Det er konsulentene "
            "i {team} og resten av {org} som fortjener æren 👏",
            "{org} er kåret til en av Norges mest attraktive arbeidsgivere blant IT-studenter i "
            "Universums undersøkelse. Fra plass 34 til plass 12 på to år! {url}",
            "Uavhengig måling: {percent} flere kunder enn i fjor sier de vil anbefale oss "
            "videre, og vi ligger øverst i bransjen. Les rapporten: {url}",
        ),
    ),
    Family(
        "nb-y-pr-contract-renewal",
        ("pr_story",),
        "positive",
        (
            "{client} har forlenget avtalen med oss i tre nye år 🎉 Takk for tilliten etter et "
            "langt og godt samarbeid!",
            "Opsjonen er utløst: {client} fortsetter samarbeidet med {org} ut 2027. En fin "
            "anerkjennelse av jobben {team} har gjort. {url}",
            "{years} år som leverandør til {client} og fortsatt like gøy. I dag signerte vi en "
            "fornyet rammeavtale, nå også med {topic} i leveransen 🤝",
            "Godt nytt fra {office}: {client} har fornyet kontrakten med oss og utvider "
            "samtidig med et nytt team på {count} konsulenter.",
        ),
    ),
    Family(
        "nb-y-pr-report-podcast",
        ("pr_story",),
        "positive",
        (
            "Rapporten er ute! 📊 I «Digital modenhet i norske kommuner» har vi spurt {people} "
            "ledere om {topic}. Last ned gratis: {url}",
            "Første episode av podkasten vår, «Nordlyspodden», er ute nå 🎧 {name} og en gjest "
            "fra {client} snakker om {topic}. Lytt her: {url}",
            "Vi har samlet det vi har lært fra {count} prosjekter om {topic} i en ny veileder "
            "som alle kan bruke fritt. Takk til {team} for godt arbeid! {url}",
            "Hyggelig at så mange har lastet ned analysen vår om {topic}: over {people} "
            "nedlastinger den første uka. Har du lest den ennå? {url}",
        ),
    ),
    # ---------------------------------------- y: complaint (grounded, engage_and_fix)
    Family(
        "nb-y-complaint-event-badly-run",
        ("complaint", "event"),
        "negative",
        (
            "Meldte meg på webinaret til {org} om {topic} {date}, men lenken virket ikke, og "
            "ingen svarte i chatten. 40 minutter bortkastet. Kommer det et opptak?",
            "Frokostseminaret hos {org} i dag var dårlig organisert: vi sto i kø ute i regnet i "
            "20 minutter, og det var ikke nok stoler til de påmeldte.",
            "Til {org}: jeg betalte {amount} for kurset {date}, men det ble avlyst samme morgen "
            "uten forklaring. Jeg vil ha refusjon eller ny dato. Ref. {ticket}.",
            "Kundedagen {venue} lovet demo av {product}, men det ble bare salgsprat. Flere av "
            "oss reiste fra {city} for dette. Skuffende, {org}.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-y-complaint-data-visible-to-others",
        ("complaint",),
        "negative",
        (
            "Alvorlig: da vi logget inn i {product} i dag, så vi dokumentene til en annen kunde "
            "i oversikten. {org}, dette må dere se på umiddelbart. Sak {ticket}.",
            "Hei {org}, rapportene vi eksporterer fra {product}, inneholder navn på ansatte hos "
            "en helt annen virksomhet. Har skjermbilder. Hvem kan vi varsle?",
            "Vi fikk en e-post fra {product} med fakturaen til et annet firma som vedlegg. Det "
            "er ikke første gang. Meldt til {org} som {ticket}.",
            "Brukerne våre i {city} ser plutselig hverandres saker i {product}, selv om "
            "tilgangene er satt opp riktig. Dette er et personvernproblem, {org}.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-y-complaint-poor-deliverable",
        ("complaint",),
        "negative",
        (
            "Rapporten vi betalte {org} {amount} for, er full av feil og har tydelig gjenbrukt "
            "tekst fra en annen kunde: navnet til {target} står fortsatt i kapittel 3.",
            "Analysen fra {org} bygger på tall fra 2019, selv om vi leverte ferske data {date}. "
            "Konklusjonene er dermed ubrukelige for styret vårt.",
            "Koden {org} leverte, mangler tester og dokumentasjon, stikk i strid med kontrakten. "
            "Vårt eget team har brukt {days} dager på å rydde opp. Ref. {ticket}.",
            "Hei {org}. Anbefalingene i sluttrapporten er generiske og kunne gjeldt hvilken som "
            "helst kommune. Vi i {client} forventet konkrete tiltak, slik tilbudet lovet.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-y-complaint-language-nynorsk",
        ("complaint",),
        "negative",
        (
            "{product} støtter fortsatt ikke nynorsk, selv om {org} lovet det i kontrakten. Vi "
            "er en nynorskkommune og får klager fra innbyggerne hver uke.",
            "Brevene som sendes ut fra {product}, er fulle av skrivefeil og halvveis på engelsk. "
            "Innbyggerne våre skjønner ikke hva de skal gjøre. {org}, dette må rettes.",
            "Hei {org}, oversettelsen i versjon {version} er elendig: «Submit» står fortsatt på "
            "knappene, og datoene vises i amerikansk format. Sak {ticket}.",
            "Etter oppdateringen har alle skjemaene i {product} byttet til bokmål, også for "
            "brukerne som har valgt nynorsk. Meldt inn {date} uten svar.",
        ),
        triage="engage_and_fix",
    ),
    Family(
        "nb-y-complaint-mass-mailout-error",
        ("complaint",),
        "negative",
        (
            "{product} sendte SMS-påminnelse om timen til over {people} innbyggere hos oss kl. "
            "03 i natt. Telefonene har ringt hele morgenen. {org}, hva skjedde?",
            "Alle kundene våre fikk samme e-post fem ganger i går, med feil navn i hilsenen. Vi "
            "brukte hele dagen på å beklage. Meldt til {org} som {ticket}.",
            "Hei {org}. Varslingsmodulen i {product} sendte ut purringer på fakturaer som "
            "allerede er betalt. Nå klager kundene på oss. Kan dere stoppe utsendelsen?",
            "Etter oppdateringen til {version} sendes alle varsler fra {product} dobbelt, og "
            "noen går til feil mottaker. Dette haster, {org}.",
        ),
        triage="engage_and_fix",
    ),
    # ------------------------------------------------------ y: confidential
    Family(
        "nb-y-confidential-access-codes",
        ("confidential",),
        "neutral",
        (
            "Alarmkoden til {office}-kontoret er {code} hvis du er siste person ut i kveld. "
            "Ikke del den med noen utenfor huset 🔐",
            "Ny kode på døra til serverrommet fra i dag: {code}. Nøkkelboksen i kjelleren har "
            "samme kode.",
            "Kan noen gi budet koden til bakdøra? Den er {code}. PIN-en til firmakortet ligger "
            "i konvolutten på pulten til {name}.",
            "For dere som jobber sent: adgangskortet mitt ligger i skuffen, og koden til "
            "garasjen er {code}. Slett denne meldingen etterpå 😅",
        ),
    ),
    Family(
        "nb-y-confidential-sales-pipeline",
        ("confidential",),
        "neutral",
        (
            "Salgspipeline for Q1, kun internt: vi er i sluttforhandlinger med {client} om en "
            "avtale på {revenue}, men ingenting er signert. Ikke nevn det for noen.",
            "Godt nytt, men hold kortene tett til brystet: {client} har gitt oss muntlig ja. "
            "Kontrakten er ikke underskrevet, så ikke et ord på LinkedIn ennå.",
            "Prospektlista for neste år ligger i CRM-et. Der står blant annet at {client} "
            "vurderer å bytte ut {target}. Sensitivt, må ikke lekke.",
            "Til salgsteamet: {client} har bedt om et tilbud i all stillhet, fordi de ikke har "
            "sagt opp dagens leverandør ennå. Dette skal ikke ut av rommet.",
        ),
    ),
    Family(
        "nb-y-confidential-funding-ipo",
        ("confidential",),
        "positive",
        (
            "Strengt fortrolig: styret jobber med en mulig børsnotering av {org} neste høst. "
            "Meglerne er engasjert, men ingenting skal kommuniseres eksternt.",
            "Vi henter {revenue} i ny kapital fra et nordisk investeringsfond. Term sheet er "
            "signert, men avtalen er ikke kunngjort, så hold dette internt.",
            "Mellom oss partnerne: emisjonen er fulltegnet, og prisen settes {date}. Ikke snakk "
            "om det med ansatte eller kunder før det er børsmeldt.",
            "Planen om å ta inn en ny medeier med {percent} av aksjene er i sluttfasen. Dette "
            "er kurssensitivt, så del ingenting før avtalen er offentlig.",
        ),
    ),
    Family(
        "nb-y-confidential-lawsuit-settlement",
        ("confidential",),
        "negative",
        (
            "Internt: {client} har varslet søksmål mot oss etter leveransen i fjor og krever "
            "{revenue} i erstatning. Ingen skal kommentere saken overfor kunden eller pressen.",
            "Advokatene anbefaler at vi inngår forlik med {client}. Beløpet og vilkårene er "
            "konfidensielle, og ingen skal nevne saken utenfor prosjektgruppa.",
            "Til ledergruppa: stevningen fra {target} kom i dag. Vi vurderer motsøksmål. Hold "
            "det strengt internt til vi har en plan.",
            "Forliksavtalen med {client} er signert, og vi betaler {revenue}. Den har en "
            "taushetsklausul, så ingen detaljer må deles, heller ikke med kolleger.",
        ),
    ),
    Family(
        "nb-y-confidential-audit-findings",
        ("confidential",),
        "negative",
        (
            "Internrevisjonen har funnet alvorlige avvik i timeføringen på prosjektet for "
            "{client}. Rapporten skal bare leses av ledergruppa, ikke send den videre.",
            "Skatteetaten har varslet bokettersyn hos oss fra {date}. Ikke snakk om dette med "
            "kunder eller andre før styret har fått en orientering.",
            "Revisor mener vi må tilbakeføre {revenue} i inntekter fra i fjor. Holdes internt "
            "til årsregnskapet er godkjent.",
            "Funnene fra ISO-revisjonen er dessverre dårlige: {count} store avvik i "
            "tilgangsstyringen. Ikke nevn dette for {client}, de tror vi har full kontroll 🤐",
        ),
    ),
    # -------------------------------------------------------------- y: scam
    Family(
        "nb-y-scam-qr-mfa",
        ("scam",),
        "negative",
        (
            "Microsoft-kontoen din må verifiseres på nytt. Skann QR-koden i vedlegget med "
            "mobilen innen 24 timer, ellers mister du tilgangen til e-posten.",
            "IT-avdelingen: vi oppgraderer tofaktorautentiseringen. Godkjenn alle "
            "innloggingsvarsler du får i dag, og send oss engangskoden du mottar på SMS.",
            "Hei {name}, du har fått et kryptert dokument fra {client}. Skann koden for å åpne "
            "det og logg inn med jobbkontoen din: {scam_url}",
            "Parkeringsbot! Du har en ubetalt avgift på {amount}. Skann QR-koden på lappen "
            "eller betal her før fristen går ut: {scam_url}",
        ),
    ),
    Family(
        "nb-y-scam-marketplace-buyer",
        ("scam",),
        "neutral",
        (
            "Hei! Jeg vil gjerne kjøpe sofaen din på Finn. Er på jobbreise, så jeg betaler med "
            "Fiks ferdig. Fyll inn kortinformasjonen her for å motta pengene: {scam_url}",
            "Er varen fortsatt til salgs? Jeg har betalt {amount} via Posten, bekreft "
            "utbetalingen med BankID på {scam_url}",
            "Hallo, jeg kjøper den med en gang uten å se på den. Sjåføren min henter. Send meg "
            "e-postadressen din, så betaler jeg via PayPal 🙏",
            "Du har solgt en vare! Kjøperen har betalt, men du må bekrefte kontoen din for å få "
            "utbetalt {amount}: {scam_url}",
        ),
    ),
    Family(
        "nb-y-scam-recovery",
        ("scam",),
        "neutral",
        (
            "Har du tapt penger på {coin} eller nettsvindel? Vi er et sertifisert "
            "gjenvinningsbyrå som henter pengene tilbake. Bare et lite forskudd på {amount}. "
            "{scam_url}",
            "Hei, så at du skrev om svindelen du ble utsatt for. Jeg jobber med en advokat som "
            "fikk tilbake {fortune} for kundene sine i fjor. Send meg en DM 📩",
            "Kjære offer for investeringssvindel: Økokrim har beslaglagt midlene dine. Betal et "
            "frigjøringsgebyr på {amount} for å få dem utbetalt. {scammer}",
            "Jeg fikk tilbake alle pengene jeg tapte på en falsk kryptoplattform takket være "
            "{handle}! Kontakt dem, de er 100 % ekte 🙏",
        ),
    ),
    Family(
        "nb-y-scam-safe-account-call",
        ("scam",),
        "negative",
        (
            "Hei, dette er svindelavdelingen i banken din. Kontoen din er kompromittert, så du "
            "må flytte sparepengene til en sikker konto vi oppretter for deg. Ikke legg på.",
            "Politiet her. Vi etterforsker en bande som har tilgang til BankID-en din. For å "
            "beskytte pengene må du overføre {amount} til kontoen vi oppgir. Fortell ingen om "
            "samtalen.",
            "Melding fra banken: Vi har stoppet en mistenkelig betaling på {amount}. Ring oss "
            "på 22 00 48 11 og oppgi koden fra kodebrikken for å annullere.",
            "Jeg ringer fra sikkerhetsavdelingen hos kortselskapet. Kortet ditt er misbrukt i "
            "utlandet. Jeg trenger kortnummer, utløpsdato og CVC for å sperre det.",
        ),
    ),
    Family(
        "nb-y-scam-sextortion",
        ("scam",),
        "negative",
        (
            "Jeg har hacket enheten din og tatt opp video via kameraet. Betal {amount} i {coin} "
            "innen 48 timer, ellers sender jeg opptaket til alle kontaktene dine.",
            "Passordet ditt er {password}. Ja, jeg vet det. Jeg har tilgang til alt, også "
            "bildene dine. Overfør 1 500 dollar i Bitcoin til lommeboka under, så sletter jeg "
            "alt.",
            "Siste advarsel! Videoen av deg blir publisert i morgen kl. {time} hvis jeg ikke "
            "mottar betaling. Ikke gå til politiet, jeg ser alt du gjør.",
            "Hei, jeg har lagret de private bildene du sendte. Vil du ikke at kollegene dine i "
            "{org} skal se dem, vippser du {amount} nå.",
        ),
    ),
    Family(
        "nb-y-scam-fake-speaker-invite",
        ("scam",),
        "positive",
        (
            "Gratulerer! Du er nominert som foredragsholder på World Leaders Business Summit i "
            "Dubai. Registreringsavgiften på {amount} må betales innen {date}: {scam_url}",
            "Kjære {name}, basert på din fremragende profil er du valgt ut til prisen «Top 100 "
            "Nordic Consultants». Betal for galamiddag og trofé her: {scam_url}",
            "Vi inviterer {org} til vår internasjonale messe i London. Hotell og stand er "
            "ordnet, send bare kopi av passet og kredittkortet ditt for booking.",
            "Hei! Vi lager en eksklusiv bok om Nordens mest innflytelsesrike ledere, og du er "
            "med. Bekreft plassen med et publiseringsgebyr på {amount}. Mvh {scammer}",
        ),
    ),
    # ------------------------------------------------------------- y: event
    Family(
        "nb-y-event-seasonal-traditions",
        ("event",),
        "positive",
        (
            "17. mai-frokost på kontoret kl. {time} 🇳🇴 Det blir rømmegrøt, spekemat og kaffe "
            "før vi går i toget. Ta gjerne med barna!",
            "Luciafeiring i kantina {date} kl. {time}! Barna til kollegene går i tog, og det "
            "blir lussekatter og gløgg til alle 🕯️",
            "Påskelunsj {date}: vi dekker langbord {venue} og spiser {food} sammen før "
            "påskeferien. Påmelding til {name} innen onsdag 🐣",
            "Pepperkakebaking i {office} neste torsdag etter jobb! Vi stiller med deig, melis og "
            "gløgg. Kolleger og familie er velkomne 🎄",
        ),
    ),
    Family(
        "nb-y-event-sports-day",
        ("event",),
        "positive",
        (
            "Skidag {date}! ⛷️ Vi tar buss fra kontoret kl. {time} til Tryvann, og {org} "
            "spanderer heiskort og lunsj. Meld deg på: {event_url}",
            "Bowlingturnering mellom teamene fredag {venue} 🎳 {team} er regjerende mestere, så "
            "ta dem! Påmelding til {name}.",
            "Bedriftsfotballen starter opp igjen: vi spiller hver tirsdag kl. {time}, og alle "
            "nivåer er velkomne. Første trening er {date} ⚽",
            "Innebandyturnering for alle kontorene {date}. Lag på fem, premie til vinnerne og "
            "pizza til alle etterpå. {event_url}",
        ),
    ),
    Family(
        "nb-y-event-panel-debate",
        ("event",),
        "neutral",
        (
            "Vi arrangerer paneldebatt om {topic} på {conf} {date} kl. {time}. I panelet sitter "
            "politikere, forskere og {name} fra {org}. Gratis og åpent for alle.",
            "Debattmøte: Er norske kommuner klare for {topic}? Ordstyrer er {name}, og debatten "
            "strømmes på {event_url}. Vel møtt!",
            "Bli med når vi samler næringsliv og forvaltning til rundebordssamtale om {topic} i "
            "{city} {date}. Begrenset antall plasser: {event_url}",
            "Sett av {date}: debatt med statssekretæren om {topic}. Dørene åpner kl. {time} "
            "{venue}, og det blir mingling etterpå.",
        ),
    ),
    Family(
        "nb-y-event-user-forum",
        ("event",),
        "neutral",
        (
            "Velkommen til brukerforum for {product} {date} {venue}! Vi viser nyhetene i "
            "versjon {version} og vil gjerne høre hva dere ønsker dere. {event_url}",
            "Årets brukerkonferanse for kundene våre går av stabelen i {city} {date}. To dager "
            "med erfaringsdeling, kurs og middag. Påmelding: {event_url}",
            "Brukergruppemøte på Teams {date} kl. {time}: vi går gjennom planene for {product} "
            "og tar spørsmål fra superbrukerne.",
            "Superbrukersamling i {office}! Alle som jobber med {product} hos kundene våre, er "
            "invitert til en dag med opplæring og mingling.",
        ),
    ),
    Family(
        "nb-y-event-farewell-drinks",
        ("event",),
        "positive",
        (
            "Etter {years} år går {name} av med pensjon 🎉 Vi markerer det med kake og taler i "
            "kantina fredag kl. {time}. Alle er velkomne!",
            "Avskjedsfest for {name} torsdag {venue} fra kl. {time}. Kom og ta et glass og si "
            "ha det skikkelig! 🥂",
            "Vi takker av {name} med en liten samling på møterommet {room} {date} kl. {time}. "
            "Bidrag til gaven kan vippses til festkomiteen.",
            "Jubileumsfeiring: {name} har vært {years} år i {org}! Vi inviterer til bløtkake og "
            "kaffe på takterrassen fredag kl. {time} 🎂",
        ),
    ),
    # -------------------------------------------------------- y: legal_risk
    Family(
        "nb-y-legal-sexual-orientation",
        ("legal_risk",),
        "negative",
        (
            "Ikke ta med {name} på kundemøtet med {client}. De er gammeldagse der og kommer til "
            "å reagere når de skjønner at han er homofil 🙄",
            "Jeg gidder ikke bruke det nye navnet til {name}. For meg er hen fortsatt en mann, "
            "uansett hva HR sier.",
            "Sluttet å invitere {name} på fredagspils etter at hen kom ut som skeiv. Gutta i "
            "{team} synes det blir rart.",
            "Søkeren var flink, men har kjæreste av samme kjønn på Instagram. Tror ikke det "
            "passer kulturen i {team}, så vi går videre med en annen.",
        ),
    ),
    Family(
        "nb-y-legal-snooping",
        ("legal_risk",),
        "negative",
        (
            "Logget meg inn i e-posten til {name} mens hen var på ferie og leste alt. Viser seg "
            "at hen søker jobb hos {target} 😏",
            "Har satt opp logging av hvilke nettsider folk i {team} besøker, uten å si fra til "
            "noen. Nå vet jeg hvem som surfer i arbeidstida.",
            "Sjekket GPS-loggen på firmabilen for å se hvor {name} egentlig var på fredag. Hen "
            "var ikke hos kunden, for å si det sånn.",
            "Leste gjennom de private Teams-chattene til {name} i adminportalen. Litt av hvert "
            "der, skal fortelle dere på lunsjen 🍿",
        ),
    ),
    Family(
        "nb-y-confidential-legal-insider-sell",
        ("confidential", "legal_risk"),
        "negative",
        (
            "Si til broren din at han bør selge {client}-aksjene sine før torsdag. Vi har sett "
            "kvartalstallene i prosjektet, og de er katastrofale 📉",
            "Eier du aksjer i {target}, kvitt deg med dem nå. Oppkjøpet vi forhandlet om er "
            "avblåst, og det blir kjent i morgen.",
            "Shortet {client} i går kveld 😎 Vet at resultatvarselet kommer neste uke, etter "
            "det vi så i styrepapirene deres.",
            "Pappa fikk et lite hint av meg om å selge aksjene i {target} før nyheten slipper. "
            "Ingen kan bevise noe uansett.",
        ),
    ),
    Family(
        "nb-y-legal-blackmail",
        ("legal_risk",),
        "negative",
        (
            "Hvis jeg ikke får en sluttpakke på {salary}, legger jeg ut bildene av {name} fra "
            "julebordet på nettet. Du har til fredag.",
            "Jeg har skjermbilder av alt {name} har skrevet til meg. Gi meg forfremmelsen, "
            "ellers går jeg til pressen med det. Og til kona di.",
            "Til ledelsen i {org}: betal meg {amount} innen {date}, ellers publiserer jeg "
            "kundelista og lønningene jeg tok med meg da jeg sluttet.",
            "Jeg vet hva {name} gjorde på hotellet i {city}. Skal det forbli en hemmelighet, "
            "bør du gi meg prosjektet hos {client}.",
        ),
    ),
    Family(
        "nb-y-legal-sensitive-personal-data",
        ("legal_risk",),
        "negative",
        (
            "FYI: {name} har en gammel dom for promillekjøring, fant det i et avisarkiv. Burde "
            "vi egentlig sende hen til {client}?",
            "Legger ut lista over hvem i {office} som er fagorganisert, så dere vet hvem som "
            "kommer til å lage trøbbel i lønnsforhandlingene.",
            "Visste dere at {name} har konvertert og ber på møterommet {room} hver fredag? Bare "
            "så dere vet det før kundebesøket.",
            "Politiattesten til den nye konsulenten hadde en anmerkning. Har skannet den og "
            "lagt den i fellesmappa til {team}, så alle kan se.",
        ),
    ),
    # ---------------------------------------------- y: reactions, other triage
    Family(
        "nb-y-reaction-misinfo-ai-ghostwriting",
        (),
        "negative",
        (
            "Hørte at {org} bare kjører alt gjennom ChatGPT og fakturerer kundene for timer de "
            "ikke har jobbet. Stemmer det?",
            "Kompisen min sier at rapportene fra {org} skrives av en KI-bot. Hva er det "
            "kundene egentlig betaler for? 🤔",
            "Har {org} virkelig erstattet halve staben med kunstig intelligens? Leste det i en "
            "kommentar på Facebook.",
            "Er det sant at {org} laster opp kundedokumenter til en gratis KI-tjeneste? Folk i "
            "{city} snakker om det.",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-y-reaction-misinfo-tax",
        (),
        "negative",
        (
            "{org} har visst flyttet hele selskapet til London for å slippe norsk skatt. Typisk 🙄",
            "Leste at {org} ikke betaler en krone i skatt i Norge. Noen som vet om det stemmer?",
            "Hvorfor er {org} registrert i Nederland? Må jo være for å sno seg unna skatten, "
            "eller?",
            "Har hørt at konsulentene i {org} får lønna utbetalt via et skatteparadis. Noen som "
            "har peiling på dette?",
        ),
        triage="correct_politely",
    ),
    Family(
        "nb-y-reaction-rant-bitter-ex-employee",
        (),
        "negative",
        (
            "Jobbet i {org} i {years} år. Verste tida i livet mitt. Giftig kultur og en "
            "slangegrop av en ledelse. Hold dere unna!!!",
            "Hahaha {org} og «godt arbeidsmiljø» 🤡🤡 Spør noen som har sluttet der.",
            "Alle som skryter av {org} på LinkedIn, er enten sjefer eller hjernevasket. Bare så "
            "det er sagt.",
            "Endelig ute av {org}. Det stedet burde vært stengt for lenge siden. For et sirkus 🙄",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-y-reaction-rant-political-troll",
        (),
        "negative",
        (
            "Konsulentselskaper som {org} er grunnen til at Norge går rett i dass. Woke-gjeng "
            "fra Oslo vest 😤",
            "{org} preker om bærekraft og flyr til London hver uke. Hyklere, alle sammen "
            "#klimahykleri",
            "Hvem har bedt om {org} sin mening om KI? Ingen. Hold dere til PowerPoint 😂",
            "Nok et byråkratsluk. {org} lever av skattepengene dine, og politikerne klapper. "
            "SKAM!!",
        ),
        triage="monitor_only",
    ),
    Family(
        "nb-y-reaction-praise-event-attendee",
        ("event",),
        "positive",
        (
            "Takk til {org} for et lærerikt frokostseminar om {topic} i dag! Gode foredrag og "
            "nydelig kaffe ☕",
            "Var på meetupen til {org} i {city} i går. Kjempebra innlegg fra {name}, og "
            "hyggelige folk å mingle med. Kommer gjerne igjen!",
            "For et webinar! {org} klarte å forklare {topic} så selv jeg skjønte det 😄 "
            "Anbefaler opptaket: {url}",
            "Takk for invitasjonen til kundedagen {venue}, {org}! Inspirerende program, god mat "
            "og mange nye kontakter 🙌",
        ),
        triage="thank_and_share",
    ),
    Family(
        "nb-y-reaction-praise-fixed-after-complaint",
        (),
        "positive",
        (
            "Oppdatering: {org} tok kontakt samme dag som jeg klaget her, og feilen i {product} "
            "er nå rettet. Sånn skal det gjøres 👏",
            "Må gi {org} kred. Fakturafeilen jeg skrev om i går, er rettet, og vi har fått "
            "kreditnota uten noe mas. Takk, {name}!",
            "Jeg var sur på {org} forrige uke, men de ringte meg opp, beklaget og fikset alt på "
            "to timer. Ros der ros fortjenes 🙏",
            "For ordens skyld: saken min ({ticket}) hos {org} er løst. Rask og ærlig "
            "oppfølging, takk!",
        ),
        triage="thank_and_share",
    ),
    # ------------------------------------------------ y: no category (near misses)
    Family(
        "nb-y-none-open-to-work",
        (),
        "neutral",
        (
            "Jeg er på jobbjakt! 🔎 Etter {years} år som {role} ser jeg etter nye muligheter i "
            "{city}. Tips mottas med takk #opentowork",
            "Ble dessverre nedbemannet forrige uke og er nå tilgjengelig som {role} fra {date}. "
            "Del gjerne, det betyr mye 🙏",
            "Ferdig med masteren på {school} og klar for arbeidslivet! Jeg søker min første "
            "jobb som {role}. Send meg en melding om du vet om noe.",
            "Noen som har tips til hvordan man kommer inn i konsulentbransjen? Har søkt {count} "
            "jobber uten å bli kalt inn til intervju 😅",
        ),
    ),
    Family(
        "nb-y-none-forgot-password",
        (),
        "negative",
        (
            "Har glemt passordet til {system} for tredje gang denne måneden 🙈 Noen som vet hvor "
            "lenge det tar før IT låser opp?",
            "Hvorfor må vi bytte passord hver 90. dag? Jeg har snart brukt opp alle kattenavn "
            "jeg kan 😩",
            "Låst ute av {system} igjen etter for mange feil forsøk. Har sendt sak til IT, så "
            "start standupen uten meg.",
            "Tips til andre som roter med passord: bruk passordhåndtereren. Den reddet meg i "
            "dag da jeg hadde glemt PIN-koden til {system}.",
        ),
    ),
    Family(
        "nb-y-none-calendar-availability",
        (),
        "neutral",
        (
            "Er på kurs hele dagen i dag og svarer på meldinger etter kl. {time}. Haster det, "
            "ring {name}.",
            "Sitter i møter til lunsj, så jeg ser på PR-en din etterpå, {handle}.",
            "Borte torsdag på grunn av tannlegetime. Møtet med {client} er flyttet til fredag, "
            "og ny invitasjon er sendt.",
            "Jobber hjemmefra i morgen, men er tilgjengelig på Teams hele dagen. Ses på "
            "kontoret mandag 👋",
        ),
    ),
    Family(
        "nb-y-none-congrats-other-company",
        (),
        "positive",
        (
            "Gratulerer til {target} med prisen i går! Fortjent etter et flott prosjekt 👏",
            "Stilig lansering fra {target} i dag. Konkurranse gjør oss alle skarpere 💪",
            "Gratulerer til {client} med 100-årsjubileet! For en historie, og for en gjeng 🎉",
            "Hyggelig å lese at {school} har fått et nytt forskningssenter for {topic}. "
            "Gratulerer til alle som har jobbet for dette!",
        ),
    ),
    Family(
        "nb-y-none-anonymised-case",
        (),
        "neutral",
        (
            "Uten å nevne navn: en kunde i energibransjen spurte meg i dag hvordan de kommer i "
            "gang med {topic}. Hva ville dere anbefalt?",
            "Generelt spørsmål til nettverket: hvordan håndterer dere logging av "
            "personopplysninger i skyen? Vi ser samme utfordring hos flere kunder.",
            "Anonymisert læringspunkt fra et prosjekt: start med dataene, ikke verktøyet. Det "
            "sparte oss for mange uker.",
            "Vi ser en trend hos kommunekundene våre: flere vil ha hjelp med {topic}. Noen som "
            "har erfaringer å dele, {handle}?",
        ),
    ),
]
