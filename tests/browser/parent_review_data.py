"""The family the parent-view browser tests review: Lena and Ollie, and Rosa who must not show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.review_family import add_review_cycle, put_test_film
from vigreview.caseload import open_store
from vigreview.codec import family_to_doc
from vigreview.config import load_settings
from vigreview.media import delete_published_for
from vigreview.models import Family
from vigreview.shared_review import choose_prompts, write_baby_voice
from vigreview.trust.handover import set_guider_pin

FID = "fam-browser"
OTHER = "Rosa"
PIN = "2468"
BABY_LINE = "I like it when you wait for me"


def prepare_review(data_dir: Path) -> None:
    """Store Lena and Ollie ready for their first review (with a film), and Rosa besides."""
    store = open_store(data_dir)
    for family_id, parent, baby in ((FID, "Lena", "Ollie"), ("fam-other", OTHER, "Kit")):
        family = Family(family_id, parent, baby, lead_guider="Ann", opened_on=date.today())
        store.create_family(family_to_doc(family))
    add_review_cycle(store, FID)
    put_test_film(store, FID)
    # A few prompts for the later moments keep the walk short; the first keeps the defaults.
    choose_prompts(store, FID, 1, "m-book", ["think.helped"])
    choose_prompts(store, FID, 1, "m-wait", ["next.more_of"])
    write_baby_voice(store, FID, 1, "m-smile", BABY_LINE)
    set_guider_pin(store, PIN)


def clear_review(data_dir: Path) -> None:
    """Unpublish the review's film (a hard link in the app's static folder)."""
    delete_published_for(open_store(data_dir).media_dir(FID), load_settings().static_dir)
