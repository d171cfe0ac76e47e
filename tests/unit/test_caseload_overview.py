"""The caseload overview: one row per family, the next action, flagged footage deletions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.made_up_families import make_family
from vigreview.caseload import open_store
from vigreview.caseload_overview import (
    build_overview,
    decide_next_action,
    describe_consent,
    filter_overview,
    read_overview,
)
from vigreview.codec import family_to_doc
from vigreview.models import CaseStatus, ConsentPurpose, SharedReview
from vigreview.storage import Store
from vigreview.trust.accounts import Role
from vigreview.trust.ownership import Viewer

TODAY = date(2026, 11, 26)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "data")
    closed_soon = replace(
        make_family(2, family_id="fam-closing-1"),
        pseudonym="Zoe",
        status=CaseStatus.CLOSED,
        closed_on=TODAY - timedelta(days=55),
    )
    closed_later = replace(
        make_family(1, family_id="fam-closed-22"),
        pseudonym="Yara",
        status=CaseStatus.CLOSED,
        closed_on=TODAY - timedelta(days=10),
    )
    new = replace(make_family(0, family_id="fam-new-1", purposes=()), pseudonym="Amy")
    for family in (make_family(3), closed_soon, closed_later, new):
        store.create_family(family_to_doc(family))
    return store


def test_one_row_per_family_flagged_first(store: Store) -> None:
    frame = build_overview(store, TODAY)
    assert list(frame["family"]) == ["Zoe", "Amy", "Jadeite Example", "Yara"]
    zoe = frame.iloc[0]
    assert bool(zoe["footage_due"]) and zoe["due_by"] == TODAY + timedelta(days=5)
    assert frame.iloc[1]["next_action"] == "Record consent to filming"
    jade = frame.iloc[2]
    assert jade["cycles"] == 3
    assert jade["last_review"] == date(2026, 10, 16)
    assert jade["consent"] == "filming, shared review, supervision, training"
    assert jade["next_action"] == "Film cycle 4, or close the case"
    assert not bool(frame.iloc[3]["footage_due"])
    assert read_overview(frame) == (
        "4 families, 2 open. 1 with footage due for deletion within a week: see the flagged rows."
    )


def test_filters(store: Store) -> None:
    frame = build_overview(store, TODAY)
    assert list(filter_overview(frame, only_footage_due=True)["family"]) == ["Zoe"]
    assert list(filter_overview(frame, status="Closed")["family"]) == ["Zoe", "Yara"]
    assert list(filter_overview(frame, search="noorab")["family"]) == [
        "Zoe",
        "Amy",
        "Jadeite Example",
        "Yara",
    ]
    assert filter_overview(frame, search="nobody").empty
    someone_else = Viewer("someone-else", Role.GUIDER)
    assert build_overview(store, TODAY, someone_else).empty
    assert read_overview(build_overview(store, TODAY, someone_else)) == "No families yet."


def test_next_actions_follow_the_cycle() -> None:
    family = make_family(1)
    cycle = family.cycles[0]
    assert decide_next_action(replace(family, helping_questions=()), TODAY).words == (
        "Agree the helping question"
    )
    unfilmed = replace(cycle, films=(), moments=(), review=None)
    assert decide_next_action(replace(family, cycles=(unfilmed,)), TODAY).words == (
        "Import the film of cycle 1"
    )
    with_film = make_family(1, film_name="f.mp4").cycles[0]
    assert decide_next_action(
        replace(family, cycles=(replace(with_film, moments=(), review=None),)), TODAY
    ).words == ("Choose the moments of cycle 1")
    assert decide_next_action(
        replace(family, cycles=(replace(with_film, review=SharedReview()),)), TODAY
    ).words == ("Shared review of cycle 1")
    assert decide_next_action(replace(family, cycles=(with_film,)), TODAY).words == "Film cycle 2"


def test_consent_words_show_withdrawals() -> None:
    family = make_family(0, purposes=(ConsentPurpose.FILMING, ConsentPurpose.SUPERVISION))
    consents = (family.consents[0], replace(family.consents[1], withdrawn_on=TODAY))
    assert describe_consent(replace(family, consents=consents), TODAY) == (
        "filming; withdrawn: supervision"
    )
    assert describe_consent(replace(family, consents=()), TODAY) == "none given"
