"""The labelled training corpus, generated from template families.

Each language module in ``templates/`` lists ``Family`` objects: a few phrasings of one kind
of post with its labels. Examples are drawn by filling slots with seeded random fillers and
adding the noise real posts carry (emoji, hashtags, casing, missing punctuation).

The held-out split is by family, never by example: a test post is a phrasing the model has
not seen in training, so the evaluation measures generalisation, not recall of templates.
"""

import hashlib
import json
import random
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

CATEGORIES = ("vacancy", "pr_story", "complaint", "confidential", "scam", "event", "legal_risk")
SENTIMENTS = ("negative", "neutral", "positive")
TRIAGE = ("engage_and_fix", "correct_politely", "monitor_only", "thank_and_share")
LANGUAGES = ("en", "nl", "nb")
SLOT = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Family:
    """Phrasings of one kind of post. ``cats`` lists the categories that apply (none for a
    negative example); ``triage`` is set for outside reactions to the organisation."""

    id: str
    cats: tuple[str, ...]
    sentiment: str
    templates: tuple[str, ...]
    triage: str | None = None
    per_template: int = 4


@dataclass
class Example:
    text: str
    lang: str
    family: str
    cats: dict[str, int]
    sentiment: str
    triage: str | None = None
    split: str = field(default="train")

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True)


def _module(lang: str):
    return import_module(f"pipeline.enrich.training.templates.{lang}")


def _fill(template: str, fillers: dict[str, list[str]], rng: random.Random) -> str:
    return SLOT.sub(lambda m: rng.choice(fillers[m.group(1)]), template)


def _noise(text: str, rng: random.Random) -> str:
    """What real posts do: lower-case everything, drop the final stop, add an emoji."""
    roll = rng.random()
    if roll < 0.1:
        text = text.lower()
    elif roll < 0.15:
        text = text.rstrip(string.punctuation + " ")
    if rng.random() < 0.15:
        text += " " + rng.choice(["🙂", "👍", "🙏", "😅", "🔥", "👀", "💪", "🤔"])
    return text


def _examples(lang: str, rng: random.Random) -> Iterator[Example]:
    module = _module(lang)
    for fam in module.FAMILIES:
        _check(fam, module.FILLERS)
        for template in fam.templates:
            seen = set()
            for _ in range(fam.per_template * 3):
                text = _noise(_fill(template, module.FILLERS, rng), rng)
                if text in seen:
                    continue
                seen.add(text)
                yield Example(
                    text=text,
                    lang=lang,
                    family=fam.id,
                    cats={c: int(c in fam.cats) for c in CATEGORIES},
                    sentiment=fam.sentiment,
                    triage=fam.triage,
                )
                if len(seen) == fam.per_template:
                    break


def _check(fam: Family, fillers: dict[str, list[str]]) -> None:
    unknown = set(fam.cats) - set(CATEGORIES)
    if unknown or fam.sentiment not in SENTIMENTS or fam.triage not in (None, *TRIAGE):
        raise ValueError(f"family {fam.id} has an unknown label")
    for template in fam.templates:
        missing = {m for m in SLOT.findall(template)} - set(fillers)
        if missing:
            raise ValueError(f"family {fam.id} uses unknown slots {sorted(missing)}")


def _held_out(family_id: str, test_fraction: float) -> bool:
    """A stable per-family coin: adding a family does not move the others between splits."""
    digest = hashlib.sha256(family_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < test_fraction


def generate(seed: int = 20261125, test_fraction: float = 0.25) -> list[Example]:
    rng = random.Random(seed)
    examples = [ex for lang in LANGUAGES for ex in _examples(lang, rng)]
    for ex in examples:
        ex.split = "test" if _held_out(ex.family, test_fraction) else "train"
    return examples


def write_jsonl(examples: Iterable[Example], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for ex in examples:
            out.write(ex.to_json() + "\n")
            count += 1
    return count


def read_jsonl(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as lines:
        return [Example(**json.loads(line)) for line in lines if line.strip()]
