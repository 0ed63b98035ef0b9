"""What the Yammer connectors (REST API and data export) share, so that a message captured
both ways is one post with one history."""

import re
from collections.abc import Mapping

from schemas import Person, PersonRef

PLATFORM = "yammer"
USER_REF = re.compile(r"\[\[user:(\d+)\]\]")
TOPIC_REF = re.compile(r"\[Tag:(\d+):([^\]]+)\]")


def render_references(
    body: str, names: Mapping[str, str], source_key: str
) -> tuple[str, list[PersonRef], list[str]]:
    """Replace ``[[user:ID]]`` by the person's name (as Yammer shows it) and ``[Tag:ID:label]``
    by ``#label``; return the text, the mentioned people and the topics."""
    mentions: dict[str, PersonRef] = {}

    def user(match: re.Match) -> str:
        native_id = match.group(1)
        name = names.get(native_id, f"user {native_id}")
        mentions[native_id] = PersonRef(id=Person.make_id(source_key, native_id), name=name)
        return name

    topics = [label for _, label in TOPIC_REF.findall(body)]
    text = TOPIC_REF.sub(lambda m: f"#{m.group(2)}", USER_REF.sub(user, body))
    return text, list(mentions.values()), topics
