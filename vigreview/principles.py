"""The six principles of attuned interaction (AVIGuk framework; the wording is ours) as data.

Guiders tag a moment with the behaviours that made it work. A tag is a behaviour id such as
"receiving.returning_eye_contact"; its principle is the part before the dot.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Behaviour:
    """One thing a person does that shows a principle."""

    id: str
    label: str


@dataclass(frozen=True)
class Principle:
    """One heading of the framework with the behaviours listed under it."""

    id: str
    number: int
    title: str
    behaviours: tuple[Behaviour, ...]


def _principle(number: int, pid: str, title: str, behaviours: list[tuple[str, str]]) -> Principle:
    return Principle(
        id=pid,
        number=number,
        title=title,
        behaviours=tuple(Behaviour(f"{pid}.{key}", label) for key, label in behaviours),
    )


PRINCIPLES: tuple[Principle, ...] = (
    _principle(
        1,
        "attentive",
        "Being attentive",
        [
            ("looking_interested", "Looking interested, with a friendly posture"),
            ("giving_time", "Giving time and space"),
            ("wondering", "Wondering what the other is doing, thinking or feeling"),
            ("enjoying", "Enjoying watching"),
        ],
    ),
    _principle(
        2,
        "encouraging",
        "Encouraging initiatives",
        [
            ("waiting", "Waiting"),
            ("listening", "Listening actively"),
            ("warm_tone", "Warm or playful tone"),
            ("naming_positively", "Naming positively what you see, think or feel"),
            ("saying_what_doing", "Saying what you are doing"),
            ("looking_for_initiatives", "Looking for initiatives"),
        ],
    ),
    _principle(
        3,
        "receiving",
        "Receiving initiatives",
        [
            ("showing_noticed", "Showing you noticed the initiative"),
            ("body_language", "Receiving with body language"),
            ("returning_eye_contact", "Returning eye contact"),
            ("smiling", "Smiling"),
            ("nodding", "Nodding"),
            ("receiving_words", "Receiving with words"),
            ("repeating", "Repeating the other's words or sounds"),
        ],
    ),
    _principle(
        4,
        "developing",
        "Developing attuned interactions",
        [
            ("responding", "Receiving and then responding"),
            ("waiting_turn", "Waiting attentively for your turn"),
            ("short_turns", "Giving and taking short turns"),
            ("fun", "Having fun"),
            ("second_turn", "Giving a second turn on the same topic"),
            ("cooperating", "Co-operating"),
        ],
    ),
    _principle(
        5,
        "guiding",
        "Guiding",
        [
            ("scaffolding", "Scaffolding: building on the other's response"),
            ("judging_support", "Judging the support needed and adjusting"),
            ("giving_help", "Giving help or information when needed"),
            ("offering_choices", "Offering choices"),
            ("suggestions", "Making suggestions the other can follow"),
        ],
    ),
    _principle(
        6,
        "deepening",
        "Deepening discussion",
        [
            ("goal_setting", "Supporting goal-setting"),
            ("sharing_viewpoints", "Sharing viewpoints"),
            ("new_understandings", "Reaching new shared understandings"),
            ("naming_differences", "Naming differences gently"),
            ("returning_to_attentiveness", "Returning to attentiveness when things go wrong"),
        ],
    ),
)

_BY_BEHAVIOUR = {b.id: (p, b) for p in PRINCIPLES for b in p.behaviours}
_BY_ID = {p.id: p for p in PRINCIPLES}


def find_behaviour(behaviour_id: str) -> Behaviour | None:
    """Return the behaviour with this id, or None for an unknown tag."""
    found = _BY_BEHAVIOUR.get(behaviour_id)
    return found[1] if found else None


def principle_of(tag: str) -> Principle | None:
    """Return the principle a behaviour id (or a principle id) belongs to."""
    return _BY_ID.get(tag.split(".", 1)[0])


def describe_tag(tag: str) -> str:
    """Return the words for a behaviour id or principle id, or the tag itself if unknown."""
    behaviour = find_behaviour(tag)
    if behaviour is not None:
        return behaviour.label
    principle = _BY_ID.get(tag)
    return principle.title if principle else tag
