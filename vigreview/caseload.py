"""The guider's caseload: adding families, loading and changing their records."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from vigreview.codec import family_from_doc, family_to_doc, from_doc, to_doc
from vigreview.models import CaseStatus, Consent, ConsentPurpose, Family
from vigreview.storage import StorageError, Store
from vigreview.trust.accounts import Account, Role, delete_account, list_accounts
from vigreview.trust.audit import record_event
from vigreview.trust.facts import note_consent_withdrawn
from vigreview.trust.handover import end_parent_views_of
from vigreview.trust.ownership import (
    DEMO_ACCOUNT_ID,
    Viewer,
    find_lead_id,
    may_see_family,
    viewer_for_trainee,
)
from vigreview.validation import FamilyDraft

logger = logging.getLogger(__name__)

T = TypeVar("T")

REASSIGNED = "lead guider changed"
# Who nobody signed in is: may_see_family lets it see no family.
NOBODY = Viewer(account_id="", role=Role.GUIDER)


@dataclass(frozen=True)
class LatestCycle:
    """Where the family's latest cycle stands, for deciding the next action."""

    number: int
    has_films: bool
    has_moments: bool
    reviewed: bool


@dataclass(frozen=True)
class CaseSummary:
    """What lists and warnings need to know about a family, kept in the caseload index.

    Only facts that do not depend on the day: what they mean today (is consent active, is
    footage due) is decided from them by the same rules as for a whole record.
    """

    id: str
    pseudonym: str = ""
    baby_name: str = ""
    lead_guider: str = ""
    lead_guider_id: str = ""
    status: CaseStatus = CaseStatus.OPEN
    opened_on: date | None = None
    closed_on: date | None = None
    footage_due_on: date | None = None
    footage_deleted_on: date | None = None
    cycles: int = 0
    finished_reviews: int = 0
    last_review: date | None = None
    latest_consents: tuple[Consent, ...] = ()
    has_helping_question: bool = False
    latest_cycle: LatestCycle | None = None

    def consent_for(self, purpose: ConsentPurpose) -> Consent | None:
        """Return the latest consent recorded for `purpose`, withdrawn or not."""
        return next((c for c in self.latest_consents if c.purpose == purpose), None)

    def has_consent(self, purpose: ConsentPurpose, on: date) -> bool:
        """Return True when `purpose` is consented to and not withdrawn on `on`."""
        consent = self.consent_for(purpose)
        return consent is not None and consent.is_active(on)

    def footage_due_for_deletion_on(self) -> date | None:
        """Return the day the footage must be deleted under the retention rule, if closed."""
        return self.footage_due_on


# The caseload index holds only these, so that listing hundreds of families stays quick and
# saving a family rewrites the index only when one of them changes.
SUMMARY_KEYS = tuple(f.name for f in fields(CaseSummary) if f.name != "id")


def count_finished_reviews(family: Family) -> int:
    """Return how many of the family's cycles have a finished shared review."""
    return sum(1 for c in family.cycles if c.review is not None and c.review.finished_at)


def last_review_on(family: Family) -> date | None:
    """Return the day of the latest shared review (finished, or started if not finished)."""
    days = [
        when.date()
        for c in family.cycles
        if c.review is not None and (when := c.review.finished_at or c.review.started_at)
    ]
    return max(days) if days else None


def summarise_case(family: Family) -> CaseSummary:
    """Return the family's summary for the caseload index."""
    latest = max(family.cycles, key=lambda c: c.number, default=None)
    return CaseSummary(
        id=family.id,
        pseudonym=family.pseudonym,
        baby_name=family.baby_name,
        lead_guider=family.lead_guider,
        lead_guider_id=family.lead_guider_id,
        status=family.status,
        opened_on=family.opened_on,
        closed_on=family.closed_on,
        footage_due_on=family.footage_due_for_deletion_on(),
        footage_deleted_on=family.footage_deleted_on,
        cycles=len(family.cycles),
        finished_reviews=count_finished_reviews(family),
        last_review=last_review_on(family),
        latest_consents=tuple(
            consent for p in ConsentPurpose if (consent := family.consent_for(p)) is not None
        ),
        has_helping_question=family.current_helping_question() is not None,
        latest_cycle=None
        if latest is None
        else LatestCycle(
            number=latest.number,
            has_films=bool(latest.films),
            has_moments=bool(latest.moments),
            reviewed=latest.review is not None and latest.review.finished_at is not None,
        ),
    )


def summarise_record(doc: dict[str, Any]) -> dict[str, Any]:
    """Return the index entry values for a stored family record (the store's summariser)."""
    return to_doc(summarise_case(family_from_doc(doc)))


def read_summary(entry: dict[str, Any]) -> CaseSummary:
    """Return the summary in an index entry; values a damaged record lacked take defaults."""
    known = {key: value for key, value in entry.items() if value is not None}
    try:
        return from_doc(known, CaseSummary)
    except Exception:  # an entry from a record this app could not read: names only
        return CaseSummary(id=str(entry["id"]), pseudonym=str(entry.get("pseudonym") or ""))


def open_store(data_dir: Any) -> Store:
    """Open the store for a data folder, its index holding each family's CaseSummary."""
    return Store(data_dir, summary_keys=SUMMARY_KEYS, summarise=summarise_record)


def is_data_folder_empty(store: Store) -> bool:
    """Return True when no caseload has ever been saved in this data folder."""
    return not (store.data_dir / "caseload.json").exists() and not any(
        store.families_dir.glob("*/record.json")
    )


def new_family_id() -> str:
    """Return a fresh, unguessable family id that is also a safe folder name."""
    return "fam-" + secrets.token_hex(6)


def add_family(store: Store, draft: FamilyDraft, lead_guider_id: str = "") -> Family:
    """Create and save a new open family from a validated draft, led by `lead_guider_id`."""
    family = Family(
        lead_guider_id=lead_guider_id,
        id=new_family_id(),
        pseudonym=draft.pseudonym.strip(),
        baby_name=draft.baby_name.strip(),
        lead_guider=draft.lead_guider.strip(),
        opened_on=draft.opened_on,
        baby_birth_date=draft.baby_birth_date,
        baby_age_months=None if draft.baby_birth_date else draft.baby_age_months,
        referred_by=draft.referred_by.strip(),
    )
    store.create_family(family_to_doc(family))
    return family


class _LoadedFamilies:
    """The last loaded Family of each record, reused while the record is unchanged.

    A Family is frozen, so one object can be shared by every tab; a page that loads the same
    family on each rerun then costs one stat, and caches keyed by the object stay valid.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[tuple[Path, str], tuple[object, Family]] = {}

    def load(self, store: Store, family_id: str) -> Family:
        version = store.family_version(family_id)
        key = (store.data_dir, family_id)
        with self._lock:
            found = self._loaded.get(key)
        if version is not None and found is not None and found[0] == version:
            return found[1]
        # Read after the stat: what is read is at least as new as `version`, never older.
        family = family_from_doc(store.load_family(family_id))
        if version is not None:
            with self._lock:
                self._loaded[key] = (version, family)
        return family


_loaded_families = _LoadedFamilies()


def load_family(store: Store, family_id: str) -> Family:
    """Load one family's record (reusing the last load while the record is unchanged)."""
    return _loaded_families.load(store, family_id)


class _DerivedFromRecords:
    """What is worked out from a family's record, kept while the record stays the same.

    `load_family` hands out one Family object per saved version of a record, so an entry is
    still right exactly while it was made from the very object in hand; any save (in this tab,
    another, or another process) gives a new object and the next use works it out afresh. One
    entry per family and kind, so the cache never outgrows the caseload.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, Hashable], tuple[Family, Any]] = {}

    def get(self, family: Family, kind: Hashable, work_out: Callable[[Family], T]) -> T:
        key = (family.id, kind)
        with self._lock:
            found = self._entries.get(key)
        if found is not None and found[0] is family:
            value: T = found[1]
            return value
        value = work_out(family)
        with self._lock:
            self._entries[key] = (family, value)
        return value


_derived_from_records = _DerivedFromRecords()


def derive_once(family: Family, kind: Hashable, work_out: Callable[[Family], T]) -> T:
    """Return `work_out(family)`, worked out once per saved version of the family's record.

    For derived data a page shows on every rerun (lists, charts). `kind` names what is worked
    out. The result is shared by every tab: treat it as read-only.
    """
    return _derived_from_records.get(family, kind, work_out)


def derive_from_family(store: Store, family_id: str, work_out: Callable[[Family], T]) -> T:
    """Return `work_out(the family)`, worked out again only once the record was saved since.

    An unchanged record costs one stat (load_family). `work_out` must be a plain function of
    the family alone (it names what is worked out, see derive_once).
    """
    return derive_once(load_family(store, family_id), work_out, work_out)


class _ListedSummaries:
    """The summaries last read from each data folder's index, reused while it is unchanged,
    and which of them each viewer may see, reused while neither they nor the accounts change.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listed: dict[Path, tuple[object, tuple[CaseSummary, ...]]] = {}
        self._visible: dict[tuple[Path, Viewer], tuple[object, object, tuple[CaseSummary, ...]]]
        self._visible = {}
        self._derived: dict[tuple[Path, Viewer | None, Callable[..., Any]], tuple[object, Any]]
        self._derived = {}

    def list(self, store: Store) -> tuple[CaseSummary, ...]:
        version = store.index_version()
        with self._lock:
            found = self._listed.get(store.data_dir)
        if found is not None and found[0] == version:
            return found[1]
        # Listed after the stats: what is read is at least as new as `version`.
        summaries = tuple(read_summary(entry) for entry in store.list_families())
        with self._lock:
            self._listed[store.data_dir] = (version, summaries)
        return summaries

    def list_visible(self, store: Store, viewer: Viewer) -> tuple[CaseSummary, ...]:
        summaries = self.list(store)
        accounts = tuple(list_accounts(store))
        key = (store.data_dir, viewer)
        with self._lock:
            found = self._visible.get(key)
        if found is not None and found[0] is summaries and found[1] == accounts:
            return found[2]
        visible = tuple(
            s for s in summaries if may_see_family(viewer, find_lead_id(_lead_of(s), accounts))
        )
        with self._lock:
            self._visible[key] = (summaries, accounts, visible)
        return visible

    def derive(
        self,
        store: Store,
        viewer: Viewer | None,
        work_out: Callable[[tuple[CaseSummary, ...]], T],
    ) -> T:
        # What `work_out` made of the summaries `viewer` sees, while they are the same object.
        listed = self.list(store) if viewer is None else self.list_visible(store, viewer)
        key = (store.data_dir, viewer, work_out)
        with self._lock:
            found = self._derived.get(key)
        if found is not None and found[0] is listed:
            value: T = found[1]
            return value
        value = work_out(listed)
        with self._lock:
            self._derived[key] = (listed, value)
        return value


_listed_summaries = _ListedSummaries()


def list_case_summaries(store: Store, viewer: Viewer | None = None) -> list[CaseSummary]:
    """Return the summary of every family `viewer` may see (see may_see_family).

    Without a viewer, every family: for the app's own housekeeping (retention, counts), never
    for a page. Read from the caseload index alone (no family record is opened), and only when
    the index changed since the last call: otherwise it costs a few stats.
    """
    if viewer is None:
        return list(_listed_summaries.list(store))
    return list(_listed_summaries.list_visible(store, viewer))


def _lead_of(summary: CaseSummary) -> dict[str, str]:
    # The fields find_lead_id reads, as in an index entry or a record.
    return {
        "id": summary.id,
        "lead_guider_id": summary.lead_guider_id,
        "lead_guider": summary.lead_guider,
    }


def change_family(store: Store, family_id: str, change: Callable[[Family], Family]) -> Family:
    """Apply `change` to the stored family under the store's lock and save the result."""

    def apply(doc: dict[str, Any]) -> dict[str, Any]:
        changed = replace(change(family_from_doc(doc)), updated_at=datetime.now())
        return family_to_doc(changed)

    return family_from_doc(store.update_family(family_id, apply))


def record_consent(
    store: Store,
    family_id: str,
    purposes: Iterable[ConsentPurpose],
    given_by: str,
    given_on: date,
    recorded_by: str,
) -> Family:
    """Record that the parent consented to each purpose on `given_on`."""
    new = tuple(
        Consent(purpose=p, given_on=given_on, given_by=given_by.strip(), recorded_by=recorded_by)
        for p in purposes
    )
    return change_family(store, family_id, lambda f: replace(f, consents=f.consents + new))


def mark_withdrawn(family: Family, purposes: Iterable[ConsentPurpose], on: date) -> Family:
    """Return the family with its active consent for each purpose withdrawn on `on`."""
    chosen = set(purposes)
    consents = tuple(
        replace(c, withdrawn_on=on) if c.purpose in chosen and c.is_active(on) else c
        for c in family.consents
    )
    return replace(family, consents=consents)


def withdraw_consent(
    store: Store, family_id: str, purposes: Iterable[ConsentPurpose], on: date
) -> Family:
    """Mark the active consent for each purpose as withdrawn on `on`.

    The withdrawal is also kept in the facts log, so no restore undoes it, and any parent
    view of the family ends: what the parent agreed to see has changed.
    """
    chosen = tuple(purposes)
    changed = change_family(store, family_id, lambda f: mark_withdrawn(f, chosen, on))
    note_consent_withdrawn(store, family_id, chosen, on)
    end_parent_views_of(store, family_id)
    return changed


def close_case(store: Store, family_id: str, on: date) -> Family:
    """Close the case, which starts the footage retention clock."""
    return change_family(
        store, family_id, lambda f: replace(f, status=CaseStatus.CLOSED, closed_on=on)
    )


def reopen_case(store: Store, family_id: str) -> Family:
    """Reopen a closed case, which stops the retention clock."""
    return change_family(
        store, family_id, lambda f: replace(f, status=CaseStatus.OPEN, closed_on=None)
    )


@dataclass(frozen=True)
class CaseloadRow:
    """One family as listed on the Families page."""

    id: str
    pseudonym: str
    baby_name: str
    lead_guider: str
    status: str
    opened_on: date | None


def _sort_caseload(summaries: tuple[CaseSummary, ...]) -> tuple[tuple[str, CaseloadRow], ...]:
    """Return each family's row in caseload order (open first, then by name), with the
    casefolded names a search looks in."""
    rows = []
    for summary in summaries:
        row = CaseloadRow(
            id=summary.id,
            pseudonym=summary.pseudonym,
            baby_name=summary.baby_name,
            lead_guider=summary.lead_guider,
            status=str(summary.status),
            opened_on=summary.opened_on,
        )
        rows.append((f"{row.pseudonym} {row.baby_name} {row.lead_guider}".casefold(), row))
    rows.sort(key=lambda found: (found[1].status != CaseStatus.OPEN, found[1].pseudonym.casefold()))
    return tuple(rows)


def list_caseload(
    store: Store, search: str = "", status: str | None = None, viewer: Viewer | None = None
) -> list[CaseloadRow]:
    """Return the families whose names match `search` and whose status is `status` (or any).

    With `viewer`, only the families that viewer may see (see may_see_family). Without one,
    every family: for the app's own housekeeping, never for a page (pages pass who is signed
    in, see vigreview.ui.signed_in.current_viewer). The rows are sorted again only when the
    index or the accounts changed.
    """
    needle = search.strip().casefold()
    return [
        row
        for haystack, row in _listed_summaries.derive(store, viewer, _sort_caseload)
        if (not needle or needle in haystack) and (not status or row.status == status)
    ]


def may_open_family(store: Store, viewer: Viewer | None, family_id: str) -> bool:
    """Return True when `viewer` may open this family (it exists and may_see_family says so)."""
    summary = next((s for s in list_case_summaries(store) if s.id == family_id), None)
    if summary is None:
        return False
    return may_see_family(viewer or NOBODY, find_lead_id(_lead_of(summary), list_accounts(store)))


def load_caseload_families(store: Store, viewer: Viewer | None = None) -> Iterator[Family]:
    """Yield every family `viewer` may see (every family for None), loaded in full.

    A family whose record can't be read is skipped with a warning in the log, so one damaged
    file never hides the rest of the caseload; its own page says what happened to it.
    """
    for summary in list_case_summaries(store, viewer):
        try:
            yield load_family(store, summary.id)
        except StorageError as error:
            logger.warning("Skipping family %s: %s", summary.id, error)


def list_lead_ids(store: Store, accounts: list[Account]) -> list[str]:
    """Return the account id that leads each family (see find_lead_id), from the index alone."""
    return [find_lead_id(_lead_of(s), accounts) for s in list_case_summaries(store)]


def count_families_led(store: Store, username: str) -> int:
    """Return how many families the account `username` leads."""
    return list_lead_ids(store, list_accounts(store)).count(username)


def remove_guider_account(store: Store, username: str, by: Viewer) -> None:
    """Remove an account: only an administrator, never their own, once it leads no family.

    Raises StorageError in plain words otherwise; nothing is changed then.
    """
    if not by.administrator:
        raise StorageError("Only an administrator can remove an account. Nothing was changed.")
    if username == by.account_id:
        raise StorageError("You cannot remove your own account. Nothing was changed.")
    led = count_families_led(store, username)
    if led:
        raise StorageError(
            f"This account leads {led} famil{'y' if led == 1 else 'ies'}. Please give "
            "each to another guider on its Family page first. Nothing was changed."
        )
    delete_account(store, username)


def adopt_demo_families(store: Store, account: Account) -> None:
    """Give the demo's families to the first account, made by whoever was trying the demo."""
    accounts = list_accounts(store)
    for entry in store.list_families():
        if find_lead_id(entry, accounts) == DEMO_ACCOUNT_ID:
            change_family(
                store,
                str(entry["id"]),
                lambda f: replace(
                    f, lead_guider_id=account.username, lead_guider=account.display_name
                ),
            )


def list_trainee_summaries(store: Store, trainee: str) -> list[CaseSummary]:
    """Return the summaries of the families a trainee's supervision pack and record count.

    With accounts, the trainee is an account (by its unique name, see viewer_for_trainee) and
    may_see_family decides. With none (the demo on this machine) the lead guider's name does.
    From the caseload index alone, like list_case_summaries.
    """
    accounts = list_accounts(store)
    if accounts:
        return list_case_summaries(store, viewer_for_trainee(accounts, trainee))
    wanted = trainee.strip().casefold()
    return [s for s in list_case_summaries(store) if s.lead_guider.strip().casefold() == wanted]


def list_lead_guider_names(store: Store) -> list[str]:
    """Return every lead guider's name on record, once each, in alphabetical order."""
    names = {s.lead_guider.strip() for s in list_case_summaries(store)}
    return sorted((n for n in names if n), key=str.casefold)


def reassign_family(store: Store, family_id: str, to: Account, by: Viewer, who: str) -> Family:
    """Make `to` the family's lead guider; only an administrator or the current lead may.

    Raises StorageError in plain words when `by` may not, or `to` is not a guider. The change
    goes into the family's history.
    """
    family = load_family(store, family_id)
    current = find_lead_id(family_to_doc(family), list_accounts(store))
    if not (by.administrator or (current and current == by.account_id)):
        raise StorageError(
            "Only the family's lead guider or an administrator can hand the family to "
            "another guider. Nothing was changed."
        )
    if to.role != Role.GUIDER:
        raise StorageError("A family can only be led by a guider account. Nothing was changed.")
    changed = change_family(
        store,
        family_id,
        lambda f: replace(f, lead_guider_id=to.username, lead_guider=to.display_name),
    )
    detail = f"Lead guider now {to.display_name} ({to.username}), was {family.lead_guider}."
    record_event(store, family_id, who, REASSIGNED, detail)
    return changed
