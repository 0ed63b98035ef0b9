"""``archivist evaluate``: the held-out report of the enrichment.

Everything runs through the production path (``enrich_texts``): language detection, the
language's pipeline, the classifier. Categories, sentiment and triage are scored on the
held-out families of the corpus (phrasings the classifier never saw); language on the same
posts plus a few in the other languages; personal data on generated posts that carry valid
identifiers, look-alikes with broken checksums, and ordinary numbers.
"""

import random
from collections import Counter
from dataclasses import asdict, dataclass, field

from stdnum import iban, luhn
from stdnum.nl import bsn
from stdnum.no import fodselsnummer

from pipeline.enrich.nlp import enrich_texts
from pipeline.enrich.training import corpus
from pipeline.enrich.training.train import CORPUS_FILE
from schemas import Enrichment


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    examples: int
    categories: dict[str, Score] = field(default_factory=dict)
    categories_macro_f1: float = 0.0
    sentiment: dict[str, Score] = field(default_factory=dict)
    sentiment_accuracy: float = 0.0
    triage: dict[str, Score] = field(default_factory=dict)
    triage_macro_f1: float = 0.0
    language_accuracy: float = 0.0
    language_examples: int = 0
    personal_data: dict[str, Score] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def _score(tp: int, fp: int, fn: int) -> Score:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(round(precision, 4), round(recall, 4), round(f1, 4), tp + fn)


def _per_label(pairs: list[tuple[set[str], set[str]]], labels) -> dict[str, Score]:
    """``pairs``: (gold labels, predicted labels) per example."""
    return {
        label: _score(
            sum(label in g and label in p for g, p in pairs),
            sum(label not in g and label in p for g, p in pairs),
            sum(label in g and label not in p for g, p in pairs),
        )
        for label in labels
    }


def _macro(scores: dict[str, Score]) -> float:
    return round(sum(s.f1 for s in scores.values()) / len(scores), 4)


OTHER_LANGUAGES = [
    ("de", "Wir suchen ab sofort eine Projektleiterin für unser Team in Berlin"),
    ("de", "Heute war ein großartiger Tag auf der Konferenz, vielen Dank an alle"),
    ("da", "Vi har travlt i dag, men frokosten i kantinen var virkelig god"),
    ("da", "Tak for et godt møde i går, jeg glæder mig til næste gang"),
    ("sv", "Vi söker en ny kollega till vårt kontor i Stockholm, ansök senast fredag"),
    ("sv", "Tack för en fantastisk konferens, vi ses nästa år igen"),
    ("fr", "Nous recrutons un développeur pour notre bureau de Paris, postulez vite"),
    ("fr", "Merci à toute l'équipe pour cette belle journée de formation"),
]


def _held_out() -> list[corpus.Example]:
    examples = corpus.read_jsonl(CORPUS_FILE) if CORPUS_FILE.exists() else corpus.generate()
    return [ex for ex in examples if ex.split == "test"]


def _enrich(texts: list[str]) -> list[Enrichment]:
    return [e for _, e in enrich_texts(enumerate(texts))]


def evaluate() -> Report:
    test = _held_out()
    results = _enrich([ex.text for ex in test])
    report = Report(examples=len(test))
    report.categories = _per_label(
        [
            ({c for c, v in ex.cats.items() if v}, set(e.labels))
            for ex, e in zip(test, results, strict=True)
        ],
        corpus.CATEGORIES,
    )
    report.categories_macro_f1 = _macro(report.categories)
    sentiment_pairs = [({ex.sentiment}, {e.sentiment}) for ex, e in zip(test, results, strict=True)]
    report.sentiment = _per_label(sentiment_pairs, corpus.SENTIMENTS)
    report.sentiment_accuracy = round(sum(g == p for g, p in sentiment_pairs) / len(test), 4)
    report.triage = _per_label(
        [
            ({ex.triage} - {None}, {e.triage.action.value} if e.triage else set())
            for ex, e in zip(test, results, strict=True)
        ],
        corpus.TRIAGE,
    )
    report.triage_macro_f1 = _macro(report.triage)
    gold_languages = [ex.lang for ex in test] + [lang for lang, _ in OTHER_LANGUAGES]
    detected = [e.language for e in results] + [
        e.language for e in _enrich([text for _, text in OTHER_LANGUAGES])
    ]
    report.language_examples = len(gold_languages)
    hits = sum(g == d for g, d in zip(gold_languages, detected, strict=True))
    report.language_accuracy = round(hits / len(gold_languages), 4)
    report.personal_data = evaluate_personal_data()
    return report


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _valid(kind: str, rng: random.Random) -> str:
    while True:
        if kind == "iban":
            bban = "ABNA0" + _digits(rng, 9)
            return "NL" + iban.calc_check_digits("NLxx" + bban) + bban
        if kind == "bsn":
            body = str(rng.randint(10_000_000, 99_999_999))
            for last in "0123456789":
                if bsn.is_valid(body + last):
                    return body + last
        if kind == "nin_no":
            day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(0, 99)
            stem = f"{day:02d}{month:02d}{year:02d}{rng.randint(0, 499):03d}"
            for tail in (f"{a}{b}" for a in range(10) for b in range(10)):
                if fodselsnummer.is_valid(stem + tail):
                    return stem + tail
        if kind == "payment_card":
            body = "4" + _digits(rng, 14)
            return body + luhn.calc_check_digit(body)


def _broken(number: str, validate) -> str:
    """The same number with its last digit changed so that the checksum fails."""
    for last in "0123456789":
        candidate = number[:-1] + last
        if candidate != number and not validate(candidate):
            return candidate
    raise ValueError(number)


PII_TEMPLATES = {
    "iban": ("Please transfer the deposit to {} before Friday", "Mijn rekeningnummer is {}"),
    "bsn": ("Haar BSN is {} staat in het dossier", "Mijn burgerservicenummer: {}"),
    "nin_no": ("Fødselsnummeret hans er {} om du trenger det", "personnummer {} ligger i mappa"),
    "payment_card": ("card number {} exp 04/29", "Betaal met kaart {} alsjeblieft"),
}
VALIDATORS = {
    "iban": iban.is_valid,
    "bsn": bsn.is_valid,
    "nin_no": fodselsnummer.is_valid,
    "payment_card": luhn.is_valid,
}
PLAIN_CASES = [
    (
        "email",
        "Mail me at anna.devries@nordlys.example about the bid",
        "anna.devries@nordlys.example",
    ),
    ("email", "Kontakt ola.nordmann@firma.no for spørsmål", "ola.nordmann@firma.no"),
    ("phone", "Bel me even op 06 12345678 als je er bent", "06 12345678"),
    ("phone", "Ring meg på +47 412 34 567 i morgen", "+47 412 34 567"),
    ("phone", "Call the London desk on +44 20 7946 0958", "+44 20 7946 0958"),
    (None, "Order 123456782 arrived broken, third time this year", None),
    (None, "We had 2,500 visitors and 14 stands on 12/10/2026 at 10:30", None),
    (None, "Version 3.8.0 is out, see issue #12345 for the changelog", None),
]


def evaluate_personal_data(per_kind: int = 50, seed: int = 7) -> dict[str, Score]:
    rng = random.Random(seed)
    cases: list[tuple[str | None, str, str | None]] = list(PLAIN_CASES)
    for kind, templates in PII_TEMPLATES.items():
        for _ in range(per_kind):
            number = _valid(kind, rng)
            cases.append((kind, rng.choice(templates).format(number), number))
            broken = _broken(number, VALIDATORS[kind])
            cases.append((None, rng.choice(templates).format(broken), None))
    found = _enrich([text for _, text, _ in cases])
    counts: Counter = Counter()
    for (kind, _, value), enrichment in zip(cases, found, strict=True):
        predicted = {(p.kind.value, p.value) for p in enrichment.pii}
        expected = {(kind, value)} if kind else set()
        for k, _ in predicted & expected:
            counts[k, "tp"] += 1
        for k, _ in predicted - expected:
            counts[k, "fp"] += 1
        for k, _ in expected - predicted:
            counts[k, "fn"] += 1
    kinds = sorted({k for k, _ in counts})
    return {k: _score(counts[k, "tp"], counts[k, "fp"], counts[k, "fn"]) for k in kinds}
