"""Response triage for reactions to the organisation (Listen / Assess / Engage).

The trained ``triage`` classifier picks the action; this module states why, in words a PR
officer can check against the post: the evidence that makes a complaint grounded (reference
numbers, amounts, dates, products), a rant (shouting, no specifics) or a misunderstanding
(a rumour or hearsay).
"""

import re

from schemas import Entity, EntityLabel, Triage, TriageAction

NO_TRIAGE = "no_triage"
TRIAGE_LABELS = (*(a.value for a in TriageAction), NO_TRIAGE)

WHAT = {
    TriageAction.ENGAGE_AND_FIX: "a grounded complaint: engage and fix",
    TriageAction.CORRECT_POLITELY: "built on a misunderstanding or a rumour: correct politely",
    TriageAction.MONITOR_ONLY: "a rant or a troll: monitor only, give it no oxygen",
    TriageAction.THANK_AND_SHARE: "praise: thank and share",
}
REFERENCE = re.compile(r"(?<![\w/])#?\d[\d-]{3,}\d(?![\w/])")
AMOUNT = re.compile(r"(?:[€£$]\s?\d|\d\s?(?:kr|nok|eur|euro|pund)\b)", re.IGNORECASE)
DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b|\b\d{1,2}:\d{2}\b")
SHOUTING = re.compile(r"\b[A-ZÆØÅ]{3,}\b")
HEARSAY = re.compile(
    r"\b(heard|apparently|rumou?rs?|supposedly|is it true|i read that|they say|"
    r"gehoord|schijnbaar|blijkbaar|gerucht|zou(?:den)? .{0,20}gaan|klopt het|"
    r"hørt|visstnok|rykte[rt]?|stemmer det|sies det)\b",
    re.IGNORECASE,
)


def evidence(text: str, entities: list[Entity]) -> list[str]:
    found = []
    if REFERENCE.search(text):
        found.append("cites a reference number")
    if AMOUNT.search(text):
        found.append("names an amount")
    if DATE.search(text):
        found.append("gives a date or time")
    products = sorted({e.text for e in entities if e.label == EntityLabel.PRODUCT})
    if products:
        found.append("names " + ", ".join(products))
    if len(SHOUTING.findall(text)) >= 2 or text.count("!") >= 3:
        found.append("shouts")
    if HEARSAY.search(text):
        found.append("repeats hearsay")
    return found


def triage(
    text: str, cats: dict[str, float], entities: list[Entity], threshold: float
) -> Triage | None:
    """The likeliest action, when its score reaches ``threshold``: the classifier thinks
    this is a reaction to the organisation."""
    action_label = max((a.value for a in TriageAction), key=lambda name: cats.get(name, 0.0))
    score = cats.get(action_label, 0.0)
    if score < threshold:
        return None
    action = TriageAction(action_label)
    found = evidence(text, entities)
    because = "; ".join(found) if found else "no specifics"
    return Triage(action=action, score=round(score, 4), reason=f"{WHAT[action]} ({because})")
