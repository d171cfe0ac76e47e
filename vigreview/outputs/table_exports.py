"""CSV tables of a family's moments, the parent's words and next steps, optionally anonymised.

Anonymised tables name the family by a code, leave out names and dates (dates become days since
the work began), and blank out the parent's, baby's and guider's names wherever they were typed
into titles, notes or the parent's words. Names typed that the record does not know (a
grandparent, a sibling) cannot be found: the guider reads the table before sharing it. No table
ever holds the baby's date of birth.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import pandas as pd

from vigreview.caseload import load_family
from vigreview.cycles import ACTIVITY_LABELS
from vigreview.models import Family, MomentKind
from vigreview.moments import moments_in_order
from vigreview.next_steps import STATUS_WORDS
from vigreview.outputs.export_rules import record_export
from vigreview.principles import describe_tag, principle_of
from vigreview.storage import Store


class TableKind(StrEnum):
    """The tables a family can be exported as."""

    MOMENTS = "moments"
    REFLECTIONS = "reflections"
    NEXT_STEPS = "next_steps"


TABLE_TITLES = {
    TableKind.MOMENTS: "Moments",
    TableKind.REFLECTIONS: "The parent's words",
    TableKind.NEXT_STEPS: "Next steps",
}
# What a spreadsheet takes for the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Parts of a pseudonym that are not a name: "Jade (demo)" should not blank out "demo".
_NOT_NAMES = frozenset({"demo", "mum", "dad", "and", "the"})


@dataclass(frozen=True)
class Anonymiser:
    """Turns a family's names and dates into codes, consistently across its tables."""

    code: str
    opened_on: date
    names: re.Pattern[str] | None
    stand_ins: dict[str, str]

    def text(self, value: str) -> str:
        """Return `value` with every known name replaced by [parent], [baby] or [guider].

        One pass over the text, longest names first, so a stand-in is never itself changed.
        """
        if self.names is None:
            return value
        return self.names.sub(lambda m: self.stand_ins[m.group(0).casefold()], value)

    def day(self, value: date | datetime | None) -> int | None:
        """Return a date as the number of days since the work began."""
        if value is None:
            return None
        day = value.date() if isinstance(value, datetime) else value
        return (day - self.opened_on).days


def family_code(family_id: str) -> str:
    """Return a stable code for a family that says nothing about who they are."""
    return "family-" + hashlib.sha256(family_id.encode()).hexdigest()[:8]


def _names_and_their_words(names: list[str]) -> set[str]:
    """Return each whole name and each word of it that is a name ("Jade (demo)": "Jade")."""
    whole = {n.strip() for n in names if n.strip()}
    words = {
        word
        for name in whole
        for word in re.findall(r"[^\W\d_][\w'-]*", name)
        if len(word) > 1 and word.casefold() not in _NOT_NAMES
    }
    return whole | words


def make_anonymiser(family: Family) -> Anonymiser:
    """Return the anonymiser for one family (its names, consent signatures and guider)."""
    stand_ins: dict[str, str] = {}
    # The guider first, then the baby, then the parent: a word shared by two names (rare)
    # becomes the parent's stand-in, the most careful choice.
    for names, stand_in in (
        ([family.lead_guider], "[guider]"),
        ([family.baby_name], "[baby]"),
        ([family.pseudonym, *(c.given_by for c in family.consents)], "[parent]"),
    ):
        for name in _names_and_their_words(names):
            stand_ins[name.casefold()] = stand_in
    if not stand_ins:
        return Anonymiser(family_code(family.id), family.opened_on, None, {})
    alternatives = "|".join(re.escape(n) for n in sorted(stand_ins, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return Anonymiser(family_code(family.id), family.opened_on, pattern, stand_ins)


Cell = str | int | float | bool | None


def _who(family: Family, anonymiser: Anonymiser | None) -> dict[str, Cell]:
    if anonymiser:
        return {"family": anonymiser.code}
    return {"family": family.pseudonym, "baby": family.baby_name, "guider": family.lead_guider}


def _when(
    name: str, value: date | datetime | None, anonymiser: Anonymiser | None
) -> dict[str, Cell]:
    if anonymiser:
        return {f"{name}_day_of_work": anonymiser.day(value)}
    if value is None:
        return {name: None}
    return {
        name: value.isoformat(timespec="minutes") if isinstance(value, datetime) else str(value)
    }


def build_moments_table(family: Family, anonymiser: Anonymiser | None = None) -> pd.DataFrame:
    """Return one row per moment: its cycle, kind, times, principles, tags and notes."""
    clean: Callable[[str], str] = anonymiser.text if anonymiser else str
    rows = []
    for cycle in sorted(family.cycles, key=lambda c: c.number):
        for position, moment in enumerate(moments_in_order(cycle), start=1):
            headings = {p.title for tag in moment.principles if (p := principle_of(tag))}
            rows.append(
                {
                    **_who(family, anonymiser),
                    "cycle": cycle.number,
                    **_when("filmed_on", cycle.filmed_on, anonymiser),
                    "activity": ACTIVITY_LABELS[cycle.activity],
                    "position": position,
                    "title": clean(moment.title),
                    "kind": "worked well" if moment.kind == MomentKind.GOOD else "working point",
                    "shown_to_parent": moment.show_to_parent,
                    "start_s": moment.start_s,
                    "end_s": moment.end_s,
                    "principles": "; ".join(sorted(headings)),
                    "behaviours": "; ".join(describe_tag(t) for t in moment.principles),
                    "own_tags": clean("; ".join(moment.own_tags)),
                    "key_stills": len(moment.key_still_times),
                    "guider_notes": clean(moment.guider_notes),
                }
            )
    return pd.DataFrame(rows)


def build_reflections_table(family: Family, anonymiser: Anonymiser | None = None) -> pd.DataFrame:
    """Return one row per answer the parent gave about a moment."""
    clean: Callable[[str], str] = anonymiser.text if anonymiser else str
    rows = []
    for cycle in sorted(family.cycles, key=lambda c: c.number):
        for moment in moments_in_order(cycle):
            for reflection in moment.reflections:
                if not reflection.words.strip():
                    continue
                rows.append(
                    {
                        **_who(family, anonymiser),
                        "cycle": cycle.number,
                        "moment": clean(moment.title),
                        "prompt": reflection.prompt,
                        "words": clean(reflection.words),
                        "words_to_keep": reflection.starred,
                        **_when("written_at", reflection.written_at, anonymiser),
                    }
                )
    return pd.DataFrame(rows)


def build_next_steps_table(family: Family, anonymiser: Anonymiser | None = None) -> pd.DataFrame:
    """Return one row per next step: when it was agreed, what it is and how it is going."""
    clean: Callable[[str], str] = anonymiser.text if anonymiser else str
    rows = [
        {
            **_who(family, anonymiser),
            "agreed_in_cycle": step.agreed_in_cycle,
            **_when("agreed_on", step.agreed_on, anonymiser),
            "next_step": clean(step.text),
            "status": STATUS_WORDS[step.status],
        }
        for step in family.next_steps
    ]
    return pd.DataFrame(rows)


_BUILDERS = {
    TableKind.MOMENTS: build_moments_table,
    TableKind.REFLECTIONS: build_reflections_table,
    TableKind.NEXT_STEPS: build_next_steps_table,
}


def build_table(family: Family, kind: TableKind, anonymise: bool) -> pd.DataFrame:
    """Return one of the family's tables, anonymised or not."""
    return _BUILDERS[kind](family, make_anonymiser(family) if anonymise else None)


def table_file_name(family: Family, kind: TableKind, anonymise: bool) -> str:
    """Return a file name for the CSV that names no one."""
    who = family_code(family.id) if anonymise else family.id
    return f"{who}-{kind.value}{'-anonymised' if anonymise else ''}.csv"


def make_cell_safe(value: object) -> object:
    """Return a text cell a spreadsheet will show as text, never run as a formula.

    A cell starting with =, +, -, @, a tab or a carriage return is taken for a formula by
    spreadsheets (OWASP "CSV injection"); a leading single quote makes it plain text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(family: Family, kind: TableKind, anonymise: bool) -> bytes:
    """Return the table as CSV: UTF-8 with a BOM, so spreadsheets read accents.

    Every text cell goes through `make_cell_safe`, anonymised or not.
    """
    table = build_table(family, kind, anonymise).map(make_cell_safe)
    return table.to_csv(index=False).encode("utf-8-sig")


def note_table_export(
    store: Store, family_id: str, kind: TableKind, anonymise: bool, who: str
) -> None:
    """Add the export of a table to the family's history."""
    how = " (anonymised)" if anonymise else ""
    record_export(store, family_id, who, f"CSV of {TABLE_TITLES[kind].lower()}{how}")


def export_table(store: Store, family_id: str, kind: TableKind, anonymise: bool, who: str) -> bytes:
    """Return the family's table as CSV and note the export in its history."""
    data = table_csv(load_family(store, family_id), kind, anonymise)
    note_table_export(store, family_id, kind, anonymise, who)
    return data
