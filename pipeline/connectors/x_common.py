"""What the X connectors share: one source for all of X (post ids are global, so the API and
user archives write one history), edit chains as versions of one post, t.co links replaced by
the links they stand for. An explicit account keeps a capture apart (a separate archive)."""

from schemas import PersonRef, Source, make_post_id

SOURCE = Source(key="x.x.com", platform="x", account="x.com", name="X")


def source_for(account: str | None) -> Source:
    return Source.of("x", account, name="X") if account else SOURCE


def post_id(source_key: str, tweet_id: str) -> str:
    return make_post_id(source_key, tweet_id)


def person(source_key: str, user_id: str, name: str, handle: str | None) -> PersonRef:
    return PersonRef(
        id=f"{source_key}:user:{user_id}", name=name or handle or user_id, handle=handle
    )


def expand_links(text: str, urls: list[dict]) -> tuple[str, list[str]]:
    """Replace each t.co link by its expanded URL; return the text and the expanded URLs."""
    expanded = []
    for url in urls:
        short, full = url.get("url"), url.get("unwound_url") or url.get("expanded_url")
        if isinstance(short, str) and isinstance(full, str) and full:
            text = text.replace(short, full)
            expanded.append(full)
    return text, expanded


def chain_root(edit_ids) -> str | None:
    """The first id of an edit chain: every edit is a version of the post it started as."""
    if isinstance(edit_ids, list) and edit_ids and all(isinstance(i, str) for i in edit_ids):
        return min(edit_ids, key=lambda i: (len(i), i))
    return None
