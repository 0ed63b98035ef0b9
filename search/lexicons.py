"""Ready-made alert lexicons: saved-search templates for what an organisation usually wants to
hear about at once. Each is a query in the query language plus, where the language has no
word for it, filter clauses the evaluation adds (a negative sentiment, a personal-data
finding)."""

from dataclasses import dataclass, field
from typing import Any

from schemas import Category, Sentiment


@dataclass(frozen=True)
class Lexicon:
    key: str
    name: str
    description: str
    query: str  # "{organisation}" stands for the organisation's names, OR-ed
    filters: tuple[dict[str, Any], ...] = field(default=())

    def query_for(self, names: list[str]) -> str:
        phrases = " OR ".join(f'"{n.replace(chr(34), " ").strip()}"' for n in names if n.strip())
        return self.query.format(organisation=f"({phrases})" if phrases else "")


LEXICONS = {
    lexicon.key: lexicon
    for lexicon in (
        Lexicon(
            "negative_mentions",
            "Negative mentions",
            "posts naming the organisation that complain about it or are negative",
            "{organisation}",
            (
                {
                    "bool": {
                        "should": [
                            {"term": {"enrichment.labels": Category.COMPLAINT.value}},
                            {"term": {"enrichment.sentiment": Sentiment.NEGATIVE.value}},
                        ],
                        "minimum_should_match": 1,
                    }
                },
            ),
        ),
        Lexicon(
            "personal_data",
            "Personal data leaks",
            "posts in which the enrichment found personal data (e-mail, phone, IBAN, BSN, "
            "national identity or payment card numbers)",
            "",
            ({"exists": {"field": "enrichment.pii.kind"}},),
        ),
        Lexicon(
            "confidential",
            "Confidential content",
            "posts the enrichment labelled confidential",
            f"category:{Category.CONFIDENTIAL.value}",
        ),
    )
}


def lexicon_filters(key: str | None) -> list[dict[str, Any]]:
    """The filter clauses a saved search made from lexicon ``key`` carries (none without)."""
    return list(LEXICONS[key].filters) if key in LEXICONS else []
