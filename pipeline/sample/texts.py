"""Message templates of the sample organisation, per language and kind of post."""

TEMPLATES: dict[str, dict[str, list[str]]] = {
    "nl": {
        "vacancy": [
            "Wij zoeken een nieuwe collega! Vacature: {role} in {city}. Ken jij iemand? Solliciteren via {url} #vacature",
            "Nieuwe vacature bij het team van {team}: {role} (32-40 uur). Tip je netwerk! {url}",
            "Ons team groeit: we hebben een vacature voor een {role}. Doorverwijzen levert een bonus op. #werkenbij",
        ],
        "pr_story": [
            "Trots! Samen met {client} hebben we {product} live gezet, twee weken eerder dan gepland. Dank aan iedereen! #succes",
            "Geweldig nieuws: we hebben de opdracht van {client} binnengehaald. Felicitaties aan het hele team in {city}!",
            "{product} heeft de innovatieprijs gewonnen. Wat een prestatie van het team!",
        ],
        "event": [
            "Vrijdag om 16:00 borrel op kantoor in {city}. Iedereen welkom! #borrel",
            "Meld je aan voor het webinar over {product} op donderdag: {url}",
        ],
        "complaint": [
            "Klant {client} is ontevreden over de storing in {product}; de helpdesk reageerde pas na drie dagen.",
        ],
        "chatter": [
            "Heeft iemand de presentatie van gisteren nog? Dank alvast.",
            "Goed overleg vanmiddag met {mention} over de planning van {product}.",
            "Wie gaat er mee lunchen? Ik ben in {city} vandaag.",
        ],
        "confidential": [
            "Vertrouwelijk: de reorganisatie van {team} wordt pas volgende maand aangekondigd. Niet delen aub.",
        ],
    },
    "nb": {
        "vacancy": [
            "Vi søker en ny kollega! Ledig stilling: {role} i {city}. Kjenner du noen? Søk her: {url} #jobb",
            "Ledig stilling i {team}: {role}. Del gjerne i nettverket ditt! {url}",
            "Teamet vokser, og vi ansetter en {role}. Tips oss om gode kandidater. #rekruttering",
        ],
        "pr_story": [
            "Stolt! Sammen med {client} har vi lansert {product}, to uker før planen. Takk til alle! #suksess",
            "Gode nyheter: vi har vunnet oppdraget fra {client}. Gratulerer til hele teamet i {city}!",
        ],
        "event": [
            "Fredagspils på kontoret i {city} klokken 16. Alle er velkomne! #fredagspils",
            "Meld deg på frokostseminaret om {product} neste uke: {url}",
        ],
        "complaint": [
            "Kunden {client} klager på nedetiden i {product}; de fikk ikke svar fra kundeservice på tre dager.",
        ],
        "chatter": [
            "Har noen lysbildene fra møtet i går? Takk på forhånd.",
            "Godt møte i dag med {mention} om planen for {product}.",
            "Noen som blir med på lunsj? Jeg er i {city} i dag.",
        ],
        "confidential": [
            "Konfidensielt: omorganiseringen av {team} kunngjøres først neste måned. Ikke del dette.",
        ],
    },
    "en": {
        "vacancy": [
            "We're hiring! Open position: {role} in {city}. Know someone great? Apply at {url} #hiring",
            "New vacancy in {team}: {role}. Referrals welcome, there is a bonus. {url}",
        ],
        "pr_story": [
            "Proud moment: together with {client} we launched {product} two weeks ahead of schedule. Thanks all! #success",
            "Great news: we won the {client} contract. Congratulations to the whole {city} team!",
            "{product} just won the innovation award. What an achievement by the team!",
        ],
        "event": [
            "Drinks on Friday at 4pm in the {city} office, everyone welcome! #drinks",
            "Register for the {product} webinar on Thursday: {url}",
        ],
        "complaint": [
            "{client} is unhappy about the {product} outage; support took three days to respond.",
        ],
        "chatter": [
            "Does anyone have yesterday's slides? Thanks in advance.",
            "Good session this afternoon with {mention} on the {product} roadmap.",
            "Anyone up for lunch? I'm in {city} today.",
        ],
        "confidential": [
            "Confidential: the {team} reorganisation will only be announced next month. Please do not share.",
        ],
    },
}

REPLIES = {
    "nl": [
        "Mooi werk!",
        "Goed idee, ik doe mee.",
        "Gedeeld in mijn netwerk.",
        "Bedankt voor de update, {mention}!",
    ],
    "nb": [
        "Bra jobba!",
        "God idé, jeg blir med.",
        "Delt i nettverket mitt.",
        "Takk for oppdateringen, {mention}!",
    ],
    "en": [
        "Great work!",
        "Good idea, count me in.",
        "Shared with my network.",
        "Thanks for the update, {mention}!",
    ],
}

EDIT_SUFFIX = {
    "nl": " (aangepast: nieuwe datum volgt)",
    "nb": " (oppdatert: ny dato kommer)",
    "en": " (updated: new date to follow)",
}

ON_THE_BLOG = {
    "nl": "Het hele verhaal staat op ons blog:",
    "nb": "Hele historien står på bloggen vår:",
    "en": "The full story is on our blog:",
}

FIRST_NAMES = {
    "nl": ["Anna", "Jan", "Sanne", "Pieter", "Lotte", "Daan", "Eva", "Thijs", "Femke", "Bram"],
    "nb": ["Kari", "Ola", "Ingrid", "Lars", "Silje", "Magnus", "Nora", "Erik", "Ida", "Henrik"],
    "en": [
        "Emma",
        "James",
        "Olivia",
        "Harry",
        "Sophie",
        "Jack",
        "Amelia",
        "Oliver",
        "Isla",
        "George",
    ],
}
LAST_NAMES = {
    "nl": [
        "de Vries",
        "Jansen",
        "Bakker",
        "van Dijk",
        "Visser",
        "Smit",
        "Meijer",
        "de Boer",
        "Mulder",
        "Bos",
    ],
    "nb": [
        "Nordmann",
        "Hansen",
        "Johansen",
        "Olsen",
        "Larsen",
        "Andersen",
        "Pedersen",
        "Nilsen",
        "Berg",
        "Haugen",
    ],
    "en": [
        "Clarke",
        "Wilson",
        "Hughes",
        "Patel",
        "Turner",
        "Evans",
        "Walker",
        "Wright",
        "Green",
        "Hall",
    ],
}
CITIES = {"nl": "Utrecht", "nb": "Oslo", "en": "London"}
ROLES = [
    "data engineer",
    "UX designer",
    "accountmanager",
    "backend developer",
    "HR business partner",
    "projectleider",
]
TEAMS = ["Data & AI", "Finance", "Cloud Platform", "Sales", "People"]
CLIENTS = [
    "Havnelaget",
    "Polderbank",
    "Fjordkraft Energi",
    "Brightwell Insurance",
    "Gemeente Zeist",
]
PRODUCTS = ["Northstar", "Aurora Analytics", "Fjell Portal"]
