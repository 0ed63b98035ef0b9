"""The employee advocacy map: each person placed by network size (the distinct people they
exchanged with in the last year) against social activity (their activity index), into one
of nine types, each with its natural next step; drawn as a chart a person can read.

The grid, small to large network upwards and low to high activity to the right::

    large   Connector    Broadcaster   Influencer
    medium  Networker    Collaborator  Niche expert
    small   Inactive     Participant   Enthusiast

The boundaries are fixed numbers, not shares of the organisation, so that a type means the
same in every organisation and over time; change them here, in one place.
"""

from bisect import bisect_right

from schemas.insights import ActivityIndex, AdvocacyPlacement, AdvocacyType

NETWORK_BOUNDS = (10, 40)  # fewer than 10 people: small; fewer than 40: medium; else large
ACTIVITY_BOUNDS = (20.0, 50.0)  # an index below 20: low; below 50: medium; else high
GRID = (
    (AdvocacyType.INACTIVE, AdvocacyType.PARTICIPANT, AdvocacyType.ENTHUSIAST),
    (AdvocacyType.NETWORKER, AdvocacyType.COLLABORATOR, AdvocacyType.NICHE_EXPERT),
    (AdvocacyType.CONNECTOR, AdvocacyType.BROADCASTER, AdvocacyType.INFLUENCER),
)
NEXT_STEP = {
    AdvocacyType.INACTIVE: "Complete the profile first; then react to and comment on "
    "colleagues' posts before any training in external channels.",
    AdvocacyType.PARTICIPANT: "Reply to people outside the own team and mention the "
    "colleagues a post is about, to grow the network.",
    AdvocacyType.ENTHUSIAST: "Channel the energy: connect with people in other teams and "
    "share the team's stories where others can find them.",
    AdvocacyType.NETWORKER: "The network is there: start posting what the team learns and "
    "answer questions in the groups already followed.",
    AdvocacyType.COLLABORATOR: "Turn conversations into contributions of one's own: write "
    "up results and share them beyond the team.",
    AdvocacyType.NICHE_EXPERT: "Bring the expertise to a wider audience: share it outside "
    "the niche and on external channels with PR's help.",
    AdvocacyType.CONNECTOR: "Use the reach: share colleagues' stories and introduce people "
    "to each other with a line of context.",
    AdvocacyType.BROADCASTER: "Listen as well as send: reply to others and start two-way "
    "conversations with the large audience.",
    AdvocacyType.INFLUENCER: "Keep it up and pass it on: mentor colleagues and be a voice "
    "for the organisation's campaigns and vacancies.",
}


def advocacy_type(network_size: int, activity: float) -> AdvocacyType:
    """The type in the grid: row by how many network bounds the size reaches, column by how
    many activity bounds the index reaches."""
    return GRID[bisect_right(NETWORK_BOUNDS, network_size)][bisect_right(ACTIVITY_BOUNDS, activity)]


def place(index: ActivityIndex, network_size: int) -> AdvocacyPlacement:
    kind = advocacy_type(network_size, index.total)
    return AdvocacyPlacement(
        person_id=index.person_id,
        name=index.name,
        team=index.team,
        network_size=network_size,
        activity=index.total,
        type=kind,
        next_step=NEXT_STEP[kind],
    )
