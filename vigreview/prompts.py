"""Reflective prompts for a shared review, as data, grouped see / feel / think / next.

A shared review moves from what is seen, to how it feels, to what one thinks about it, to
what the parent wants to do more of. The guider chooses a few prompts per moment, or the
defaults are used. "{baby}" in a prompt is replaced by the baby's name.

The English wording is the message id of each prompt (marked with N_ for `pybabel extract`);
`worded_for` gives it in the parent's language. A prompt that has left this list keeps the
words the parent was shown, as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from vigreview.i18n import DEFAULT_LANGUAGE, N_, translator_for
from vigreview.models import Moment, MomentKind


class PromptGroup(StrEnum):
    """The stage of reflecting a prompt belongs to, in the order they are used."""

    SEE = "see"
    FEEL = "feel"
    THINK = "think"
    NEXT = "next"


GROUP_TITLES = {
    PromptGroup.SEE: N_("See"),
    PromptGroup.FEEL: N_("Feel"),
    PromptGroup.THINK: N_("Think"),
    PromptGroup.NEXT: N_("Next"),
}


@dataclass(frozen=True)
class Prompt:
    """One question the guider can ask about a moment."""

    id: str
    group: PromptGroup
    text: str
    # False for a prompt rebuilt from a parent's saved words: its text is shown as it was.
    translatable: bool = True

    def worded_for(self, baby: str, language: str = DEFAULT_LANGUAGE.code) -> str:
        """Return the prompt in `language` with the baby's name (or "your baby") filled in."""
        words = translator_for(language)
        name = baby.strip() or words.gettext(N_("your baby"))
        if not self.translatable:
            return self.text.replace("{baby}", name)
        return words.gettext(self.text, baby=name)


PROMPTS: tuple[Prompt, ...] = (
    Prompt("see.notice", PromptGroup.SEE, N_("What do you notice here?")),
    Prompt("see.you_did", PromptGroup.SEE, N_("What did you do here?")),
    Prompt("see.baby_did", PromptGroup.SEE, N_("What is {baby} doing here?")),
    Prompt("see.just_before", PromptGroup.SEE, N_("What happened just before this?")),
    Prompt("feel.baby_feeling", PromptGroup.FEEL, N_("What might {baby} be feeling?")),
    Prompt("feel.you_feeling", PromptGroup.FEEL, N_("How do you feel, watching this?")),
    Prompt(
        "feel.baby_about_you", PromptGroup.FEEL, N_("How do you think {baby} feels with you here?")
    ),
    Prompt("think.helped", PromptGroup.THINK, N_("What do you think helped this moment go well?")),
    Prompt("think.telling_you", PromptGroup.THINK, N_("What do you think {baby} is telling you?")),
    Prompt("think.learning", PromptGroup.THINK, N_("What might {baby} be learning here?")),
    Prompt(
        "think.wanted", PromptGroup.THINK, N_("What do you think {baby} might have wanted here?")
    ),
    Prompt("next.more_of", PromptGroup.NEXT, N_("What would you like to do more of?")),
    Prompt(
        "next.try", PromptGroup.NEXT, N_("Is there something here you'd like to try this week?")
    ),
    Prompt("next.another_time", PromptGroup.NEXT, N_("What might you try another time?")),
)

# The lead-up screen always asks this one, so it is not offered again among a moment's prompts.
JUST_BEFORE_PROMPT_ID = "see.just_before"

DEFAULT_PROMPT_IDS = ("see.notice", "see.you_did", "feel.baby_feeling", "next.more_of")
# A working point is reflected on gently, wondering about the baby, then looking ahead.
DEFAULT_WORKING_POINT_PROMPT_IDS = ("see.notice", "think.wanted", "next.another_time")

_BY_ID = {prompt.id: prompt for prompt in PROMPTS}


def find_prompt(prompt_id: str) -> Prompt | None:
    """Return the prompt with this id, or None if it is not (or no longer) in the list."""
    return _BY_ID.get(prompt_id)


def choosable_prompts() -> tuple[Prompt, ...]:
    """Return the prompts a guider can choose for a moment, in see/feel/think/next order."""
    order = list(PromptGroup)
    chosen = [p for p in PROMPTS if p.id != JUST_BEFORE_PROMPT_ID]
    return tuple(sorted(chosen, key=lambda p: order.index(p.group)))


def default_prompt_ids(moment: Moment) -> tuple[str, ...]:
    """Return the prompts used for `moment` when the guider chose none."""
    if moment.kind == MomentKind.WORKING_POINT:
        return DEFAULT_WORKING_POINT_PROMPT_IDS
    return DEFAULT_PROMPT_IDS


def select_prompts(moment: Moment, chosen_ids: Iterable[str] | None) -> tuple[Prompt, ...]:
    """Return the prompts to ask about `moment`: the guider's choice, or else the defaults.

    Unknown ids and the lead-up question are left out; an empty choice means the defaults.
    Prompts the parent already answered always stay, so their words are never hidden, even
    when the guider later changes the choice or a prompt leaves this list.
    """
    wanted = [i for i in (chosen_ids or ()) if i in _BY_ID and i != JUST_BEFORE_PROMPT_ID]
    prompts = [_BY_ID[i] for i in dict.fromkeys(wanted) or default_prompt_ids(moment)]
    for reflection in moment.reflections:
        if reflection.prompt_id == JUST_BEFORE_PROMPT_ID or not reflection.words.strip():
            continue
        if all(p.id != reflection.prompt_id for p in prompts):
            retired = Prompt(
                reflection.prompt_id, PromptGroup.THINK, reflection.prompt, translatable=False
            )
            prompts.append(_BY_ID.get(reflection.prompt_id, retired))
    return tuple(prompts)
