"""A made-up caseload for a first run, so a newcomer sees the whole flow.

Every name here is invented; no real family is ever part of the demo.
"""

from __future__ import annotations

from datetime import date, timedelta

from vigreview.caseload import close_case, record_consent
from vigreview.codec import family_to_doc
from vigreview.models import ConsentPurpose, Family
from vigreview.storage import Store

DEMO_GUIDER = "Demo Guider"


def is_data_folder_empty(store: Store) -> bool:
    """Return True when no caseload has ever been saved in this data folder."""
    return not (store.data_dir / "caseload.json").exists() and not any(
        store.families_dir.glob("*/record.json")
    )


def seed_demo_caseload(store: Store, today: date) -> list[str]:
    """Create three invented families (two open, one closed) and return their ids."""
    families = [
        Family(
            id="demo-jade-noor",
            pseudonym="Jade (demo)",
            baby_name="Noor",
            lead_guider=DEMO_GUIDER,
            opened_on=today - timedelta(days=42),
            baby_birth_date=today - timedelta(days=160),
            referred_by="Health visitor",
            notes="Invented family for trying the app.",
        ),
        Family(
            id="demo-sam-alfie",
            pseudonym="Sam (demo)",
            baby_name="Alfie",
            lead_guider=DEMO_GUIDER,
            opened_on=today - timedelta(days=14),
            baby_age_months=9,
            referred_by="GP",
        ),
        Family(
            id="demo-priya-leo",
            pseudonym="Priya (demo)",
            baby_name="Leo",
            lead_guider=DEMO_GUIDER,
            opened_on=today - timedelta(days=150),
            baby_age_months=11,
            referred_by="Midwife",
        ),
    ]
    for family in families:
        store.create_family(family_to_doc(family))
    all_purposes = list(ConsentPurpose)
    review_only = [ConsentPurpose.FILMING, ConsentPurpose.SHARED_REVIEW]
    record_consent(store, families[0].id, all_purposes, "Jade", families[0].opened_on, DEMO_GUIDER)
    record_consent(store, families[1].id, review_only, "Sam", families[1].opened_on, DEMO_GUIDER)
    record_consent(store, families[2].id, review_only, "Priya", families[2].opened_on, DEMO_GUIDER)
    close_case(store, families[2].id, today - timedelta(days=20))
    return [f.id for f in families]
