"""The sample organisation: Nordlys Consulting, with offices in Utrecht, Oslo and London.

Seeded: the same seed gives the same people, groups and messages, so the demo, the tests and
the benchmark see identical data.
"""

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from pipeline.sample import texts

NETWORK = {"id": "7302211", "name": "Nordlys Consulting", "permalink": "nordlys"}
FIRST_MESSAGE_ID = 3_104_454_998_319_104
FIRST_USER_ID = 1_558_120_000
BLOG = "https://www.nordlys.example/blog"
STORIES_ON_THE_BLOG = 3


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    email: str
    language: str
    job_title: str
    department: str
    location: str
    joined_at: datetime
    suspended_at: datetime | None = None


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    private: bool
    language: str


@dataclass(frozen=True)
class Message:
    id: int
    thread_id: int
    replied_to_id: int | None
    group: Group | None
    sender: Member
    body: str
    created_at: datetime
    kind: str
    private_conversation: bool = False
    participants: tuple[int, ...] = ()
    attachments: str = ""
    edited_at: datetime | None = None
    original_body: str | None = None
    deleted_at: datetime | None = None


@dataclass
class Organisation:
    members: list[Member]
    groups: list[Group]
    messages: list[Message] = field(default_factory=list)
    start: datetime = datetime(2024, 3, 4, tzinfo=UTC)
    days: int = 14


GROUPS = [
    ("Utrecht kantoor", False, "nl"),
    ("Oslo-kontoret", False, "nb"),
    ("London office", False, "en"),
    ("Recruitment & referrals", False, "en"),
    ("Klantsuccessen", False, "nl"),
    ("Leadership team", True, "en"),
    ("HR vertrouwelijk", True, "nl"),
]


def _members(rng: random.Random, count: int, start: datetime) -> list[Member]:
    members = []
    languages = ["nl", "nb", "en"]
    for i in range(count):
        lang = languages[i % 3]
        first = texts.FIRST_NAMES[lang][(i // 3) % 10]
        last = texts.LAST_NAMES[lang][(i // 30 + i // 3 * 7) % 10]
        handle = f"{first}.{last}".lower().replace(" ", "")
        members.append(
            Member(
                id=FIRST_USER_ID + i * 37,
                name=f"{first} {last}",
                email=f"{handle}@nordlys.example",
                language=lang,
                job_title=rng.choice(
                    ["Consultant", "Senior consultant", "Manager", "Recruiter", "Engineer"]
                ),
                department=rng.choice(texts.TEAMS),
                location=texts.CITIES[lang],
                joined_at=start - timedelta(days=rng.randint(30, 2000)),
                suspended_at=start + timedelta(days=5) if i == count - 1 else None,
            )
        )
    return members


def _fill(template: str, rng: random.Random, lang: str, mention: Member) -> str:
    role = rng.choice(texts.ROLES)
    slug = role.replace(" ", "-").lower()
    return template.format(
        role=role,
        city=texts.CITIES[lang],
        team=rng.choice(texts.TEAMS),
        client=rng.choice(texts.CLIENTS),
        product=rng.choice(texts.PRODUCTS),
        url=f"https://www.nordlys.example/careers/{slug}?utm_source=yammer&utm_medium=social",
        mention=f"[[user:{mention.id}]]",
    )


KINDS = (
    ["vacancy"] * 3
    + ["pr_story"] * 3
    + ["event"] * 2
    + ["chatter"] * 5
    + ["complaint", "confidential"]
)


def _message(
    org: Organisation, rng: random.Random, message_id: int, when: datetime, threads: list[Message]
) -> Message:
    """The next message; ``threads`` are the public thread starters so far, oldest first."""
    members = org.members
    sender = rng.choice(members)
    mention = rng.choice(members)
    if threads and rng.random() < 0.4:
        parent = rng.choice(threads[-20:])
        lang = parent.group.language if parent.group else sender.language
        body = _fill(rng.choice(texts.REPLIES[lang]), rng, lang, mention)
        return Message(
            message_id, parent.thread_id, parent.id, parent.group, sender, body, when, "reply"
        )
    if rng.random() < 0.07:
        other = rng.choice(members)
        body = _fill(
            rng.choice(texts.TEMPLATES[sender.language]["chatter"]), rng, sender.language, mention
        )
        return Message(
            message_id,
            message_id,
            None,
            None,
            sender,
            body,
            when,
            "chatter",
            private_conversation=True,
            participants=(sender.id, other.id),
        )
    kind = rng.choice(KINDS)
    group = None if rng.random() < 0.3 else rng.choice(org.groups)
    if kind == "confidential":
        group = next(g for g in org.groups if g.private)
    lang = group.language if group else sender.language
    body = _fill(rng.choice(texts.TEMPLATES[lang][kind]), rng, lang, mention)
    attachments = (
        f"uploadedfile:{message_id + 7}" if kind == "pr_story" and rng.random() < 0.5 else ""
    )
    return Message(
        message_id, message_id, None, group, sender, body, when, kind, attachments=attachments
    )


def build_organisation(
    seed: int = 7,
    employees: int = 60,
    messages_per_day: int = 12,
    days: int = 14,
    networking: bool = False,
) -> Organisation:
    """The seeded organisation. With ``networking`` a few members are written to be each of
    the advocacy map's types (``PERSONAS``), with the conversations that make them so, on
    top of the same messages as without it."""
    rng = random.Random(seed)
    start = datetime(2024, 3, 4, tzinfo=UTC)
    org = Organisation(
        members=_members(rng, employees, start),
        groups=[
            Group(48_213_377 + i * 101, name, private, lang)
            for i, (name, private, lang) in enumerate(GROUPS)
        ],
        start=start,
        days=days,
    )
    message_id = FIRST_MESSAGE_ID
    threads: list[Message] = []
    for day in range(days):
        offsets = sorted(rng.randint(7 * 3600, 19 * 3600) for _ in range(messages_per_day))
        for offset in offsets:
            message_id += rng.randint(1_000, 90_000)
            when = start + timedelta(days=day, seconds=offset)
            message = _message(org, rng, message_id, when, threads)
            org.messages.append(message)
            if message.replied_to_id is None and not message.private_conversation:
                threads.append(message)
    _edit_and_delete(org, rng)
    _link_blog_stories(org)
    if networking:
        _network(org, random.Random(seed + 1), message_id)
    return org


@dataclass(frozen=True)
class Persona:
    """How one member behaves in the networking sample: their own posts; the colleagues
    whose posts they answer (``answers``, ``answers_each`` times each); the colleagues who
    answer their posts once (``answered_by``, those they answered first, so the exchange
    goes both ways); and the colleagues who mention them in a post of their own."""

    kind: str
    posts: int = 0
    answers: int = 0
    answers_each: int = 1
    answered_by: int = 0
    mentioned_by: int = 0


PERSONAS = (
    Persona("inactive"),  # left alone: nobody answers or mentions them either
    Persona("influencer", posts=25, answers=45, answered_by=45),
    Persona("broadcaster", posts=30, mentioned_by=45),
    Persona("connector", mentioned_by=48),
    Persona("niche_expert", posts=25, answers=20, answered_by=20),
    Persona("collaborator", posts=2, answers=2, answered_by=15),
    Persona("networker", mentioned_by=20),
    Persona("enthusiast", posts=30, answers=3, answers_each=8, answered_by=3),
)


QUIET = ("inactive", "connector", "networker", "enthusiast")  # the least active members


def _network(org: Organisation, rng: random.Random, message_id: int) -> None:
    """Append the conversations that make a few members each of the map's types: the quiet
    types go to the members who wrote least, so their own messages do not outweigh them."""
    public = [g for g in org.groups if not g.private]
    members = org.members[:-1]  # the last member is suspended
    posted = {
        m.sender.id: m.id
        for m in org.messages
        if m.replied_to_id is None and m.group and not m.group.private
    }
    written = Counter(m.sender.id for m in org.messages)
    by_quiet = sorted(members, key=lambda m: (written[m.id], m.id))
    quiet = dict(zip(QUIET, by_quiet, strict=False))
    loud = rng.sample(by_quiet[len(QUIET) :], len(PERSONAS) - len(QUIET))
    cast = {persona.kind: quiet.get(persona.kind) or loud.pop() for persona in PERSONAS}
    others = [m for m in members if m not in cast.values()]  # everyone else plays along
    for persona in PERSONAS:
        person = cast[persona.kind]
        own = []
        for _ in range(persona.posts or (1 if persona.answered_by else 0)):
            message_id = _append(org, rng, message_id, person, None, public, None)
            own.append(message_id)
        answered = rng.sample(others, persona.answers)
        for colleague in answered:
            if colleague.id not in posted:  # something of theirs to answer
                message_id = _append(org, rng, message_id, colleague, None, public, None)
                posted[colleague.id] = message_id
            for _ in range(persona.answers_each):
                message_id = _append(org, rng, message_id, person, posted[colleague.id], public)
        rest = [m for m in others if m not in answered]
        extra = rng.sample(rest, max(0, persona.answered_by - len(answered)))
        for colleague in [*answered, *extra][: persona.answered_by]:
            message_id = _append(org, rng, message_id, colleague, rng.choice(own), public)
        for colleague in rng.sample(others, persona.mentioned_by):
            message_id = _append(org, rng, message_id, colleague, None, public, person)


def _append(
    org: Organisation,
    rng: random.Random,
    message_id: int,
    sender: Member,
    parent_id: int | None,
    groups: list[Group],
    mention: Member | None = None,
) -> int:
    """One more message in a public group (a reply goes where its parent is), mentioning
    ``mention`` when given; returns its id."""
    message_id += rng.randint(1_000, 90_000)
    when = org.start + timedelta(days=rng.randrange(org.days), seconds=rng.randint(8, 18) * 3600)
    parent = next((m for m in org.messages if m.id == parent_id), None) if parent_id else None
    group = parent.group if parent else rng.choice(groups)
    lang = group.language if group else sender.language
    if mention is not None:
        body = (
            f"Good session with [[user:{mention.id}]] today: {texts.PRODUCTS[0]} is taking shape."
        )
    elif parent is not None:
        body = _fill(rng.choice(texts.REPLIES[lang]), rng, lang, rng.choice(org.members))
    else:
        body = _fill(
            rng.choice(texts.TEMPLATES[lang]["chatter"]), rng, lang, rng.choice(org.members)
        )
    if parent is not None:
        when = max(when, parent.created_at + timedelta(minutes=5))
        reply = Message(message_id, parent.thread_id, parent.id, group, sender, body, when, "reply")
        org.messages.append(reply)
    else:
        org.messages.append(
            Message(message_id, message_id, None, group, sender, body, when, "chatter")
        )
    return message_id


def blog_url(story: Message) -> str:
    """Where the company blog tells an internal story again."""
    return f"{BLOG}/{story.created_at:%Y/%m}/story-{story.id % 100000}"


def blog_stories(org: Organisation) -> list[Message]:
    """The internal stories the blog, X, Facebook and LinkedIn carry out."""
    stories = [m for m in org.messages if m.kind == "pr_story" and m.replied_to_id is None]
    return stories[:STORIES_ON_THE_BLOG]


def _link_blog_stories(org: Organisation) -> None:
    """Each story the blog tells again links to its blog post on Yammer too, so the archive
    can cross-link the internal post and everything outside that carries the same link."""
    for story in blog_stories(org):
        lang = story.group.language if story.group else story.sender.language
        linked = replace(story, body=f"{story.body} {texts.ON_THE_BLOG[lang]} {blog_url(story)}")
        org.messages[org.messages.index(story)] = linked


def _edit_and_delete(org: Organisation, rng: random.Random) -> None:
    """Some posts are edited, and some replies deleted, after the first export's range (so a
    later export carries a new version); one reply is deleted within hours of being written."""
    edit_day = org.start + timedelta(days=min(10, org.days - 1), hours=9)
    originals = [
        m
        for m in org.messages
        if m.replied_to_id is None and m.kind in ("event", "vacancy") and m.created_at < edit_day
    ]
    for i, message in enumerate(rng.sample(originals, k=min(4, len(originals)))):
        lang = message.group.language if message.group else message.sender.language
        edited = replace(
            message,
            body=message.body + texts.EDIT_SUFFIX[lang],
            original_body=message.body,
            edited_at=edit_day + timedelta(hours=i),
        )
        org.messages[org.messages.index(message)] = edited
    replies = [m for m in org.messages if m.replied_to_id is not None and m.created_at < edit_day]
    for i, message in enumerate(rng.sample(replies, k=min(3, len(replies)))):
        deleted_at = (
            message.created_at + timedelta(hours=2) if i == 0 else edit_day + timedelta(hours=5 + i)
        )
        org.messages[org.messages.index(message)] = replace(message, deleted_at=deleted_at)
