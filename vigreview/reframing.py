"""Noticing a negative or one-sided wish and offering positive, joint ways to say it.

A helping question works best when it names what the parent wants more of, for parent and
baby together ("I want us to get along better"), rather than what should stop or what the
baby should do ("I want my baby to listen to me"). The helper only offers wordings: guider
and parent choose one, change it, or keep their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_BABY = "my baby"

# Words that say what should stop or be missing rather than what to grow.
_NEGATIVE = re.compile(
    r"\b(stop\w*|won'?t|wont|not|no longer|don'?t|doesn'?t|can'?t|cannot|never|less|"
    r"without|quit)\b",
    re.IGNORECASE,
)
# Words that judge the baby or ask for compliance: one-sided, about the baby changing.
_JUDGING = re.compile(
    r"\b(behave\w*|naughty|bad|good (boy|girl)|obey\w*|listen(s|ing)? to me|do as \w+ (is|are) "
    r"told|do what i say|clingy|demanding|spoil(t|ed)|manipulat\w*|tantrums?|whing\w*|"
    r"whin\w*|scream\w*|difficult|attention[- ]seeking)\b",
    re.IGNORECASE,
)
# "I want my baby / her / Noor to ..." followed by a change only the baby makes.
_BABY_MUST = re.compile(
    r"\b(want|wish|need|make|get)\s+(my|our|the)?\s*(\w+)\s+to\s+(listen|behave|obey|sleep|"
    r"settle|eat|stop|be quiet|be good|calm down|leave|cry less|go down|do as)\b",
    re.IGNORECASE,
)

_TOPICS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        re.compile(r"\b(sleep\w*|settl\w*|cry\w*|calm\w*|scream\w*|go down|bed\w*)\b", re.I),
        (
            "I want to find out what helps {baby} feel calm and safe with me",
            "I want to understand what {baby} is telling me when they cry",
        ),
    ),
    (
        re.compile(r"\b(eat\w*|feed\w*|food|meal\w*|bottle|milk)\b", re.I),
        ("I want feeding times to feel calm and happy for both of us",),
    ),
    (
        re.compile(r"\b(listen\w*|behave\w*|naughty|obey\w*|told|say|good|bad|tantrums?)\b", re.I),
        (
            "I want {baby} and me to get along better",
            "I want to understand what {baby} is telling me",
            "I want us to find ways of doing things together",
        ),
    ),
    (
        re.compile(r"\b(play\w*|bored|ignor\w*|attention|clingy|leave me)\b", re.I),
        (
            "I want to enjoy playing together with {baby}",
            "I want to notice and follow {baby}'s lead",
        ),
    ),
    (
        re.compile(r"\b(mum|mom|dad|parent|myself|confiden\w*|failing|useless)\b", re.I),
        (
            "I want to see what I already do well with {baby}",
            "I want to feel more confident as a parent",
        ),
    ),
)

_GENERAL = (
    "I want {baby} and me to get along better",
    "I want to understand what {baby} is telling me",
    "I want to learn to read {baby}'s cues",
    "I want us to enjoy our time together",
)

MAX_SUGGESTIONS = 4


@dataclass(frozen=True)
class Reframing:
    """What the helper noticed about a wish and the wordings it offers instead."""

    noticed: tuple[str, ...]
    suggestions: tuple[str, ...]

    @property
    def needs_reframing(self) -> bool:
        """Return True when the wish could be said more positively or jointly."""
        return bool(self.noticed)


def notice_wording(wish: str) -> tuple[str, ...]:
    """Return plain notes on what makes `wish` negative or one-sided (empty if it is neither)."""
    noticed = []
    if _NEGATIVE.search(wish):
        noticed.append("It says what should stop or not happen, rather than what to grow.")
    if _JUDGING.search(wish) or _BABY_MUST.search(wish):
        noticed.append("It asks the baby to change, rather than the two of you together.")
    return tuple(noticed)


def _fill(template: str, baby: str) -> str:
    # A name starts a possessive as "Noor's"; "my baby" becomes "my baby's" the same way.
    return template.replace("{baby}", baby)


def suggest_rewordings(wish: str, baby: str = DEFAULT_BABY) -> Reframing:
    """Return what was noticed about `wish` and, if anything, positive joint rewordings.

    `baby` is how the wordings name the baby ("my baby" or the baby's name).
    An already positive wish gets no suggestions.
    """
    noticed = notice_wording(wish)
    if not noticed:
        return Reframing(noticed=(), suggestions=())
    baby = baby.strip() or DEFAULT_BABY
    chosen: list[str] = []
    for pattern, templates in _TOPICS:
        if pattern.search(wish):
            chosen.extend(templates)
    chosen.extend(_GENERAL)
    unique = list(dict.fromkeys(_fill(t, baby) for t in chosen))
    return Reframing(noticed=noticed, suggestions=tuple(unique[:MAX_SUGGESTIONS]))
