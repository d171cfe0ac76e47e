"""Restoring a backup without undoing what happened since, and only by an administrator.

A backup is a snapshot of records. Consent withdrawn, footage erased and accounts removed
after it are facts about the world (kept in the facts log, vigreview.trust.facts): they are
put back at once after the snapshot. Parent views of the restored families end, and each
restored family's history says who restored what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from vigreview.caseload import change_family, mark_withdrawn
from vigreview.models import ConsentPurpose
from vigreview.retention.erasure import mark_footage_deleted
from vigreview.storage import FamilyNotFound, StorageError, Store
from vigreview.storage.backups import read_backup_zip
from vigreview.storage.facts_log import Fact, read_facts
from vigreview.trust.audit import record_event
from vigreview.trust.facts import FactKind
from vigreview.trust.handover import PARENT_VIEWS_KEY

RESTORED = "restored"
ONLY_ADMINISTRATORS = (
    "Only an administrator can restore a backup: it changes every family's records. "
    "Please ask the person who made the first account on this machine."
)


@dataclass(frozen=True)
class RestorePlan:
    """What restoring one backup will change, for the confirmation."""

    families: tuple[str, ...]
    facts_kept: int
    accounts_in_backup: int


def plan_restore(store: Store, backup: Path) -> RestorePlan:
    """Read the backup (StorageError if it is damaged) and say what restoring it changes."""
    contents = read_backup_zip(Path(backup))
    names = []
    for tables in contents.records.values():
        doc = next(iter(tables.get("record", {}).values()), {})
        names.append(str(doc.get("pseudonym") or "a family"))
    guiders = contents.caseload.get("guiders", {})
    return RestorePlan(tuple(sorted(names)), len(read_facts(store.data_dir)), len(guiders))


def describe_plan(plan: RestorePlan) -> str:
    """Return the confirmation's words for a restore plan."""
    shown = ", ".join(plan.families[:8]) + (" and more" if len(plan.families) > 8 else "")
    return (
        f"The written records of {len(plan.families)} families ({shown or 'none'}) go back to "
        "the backup's copy; families added since are kept. Settings and accounts go back to "
        f"the backup's ({plan.accounts_in_backup} accounts). Consent withdrawn, footage "
        "deleted and accounts removed since the backup stay that way "
        f"({plan.facts_kept} such events are on record). What is there now is backed up first."
    )


def _reapply(store: Store, fact: Fact) -> None:
    details: dict[str, Any] = fact.details
    if fact.kind == FactKind.ACCOUNT_REMOVED:
        store.delete_guider(str(details["username"]))
        return
    family_id = str(details["family_id"])
    on = date.fromisoformat(str(details["on"]))
    if fact.kind == FactKind.CONSENT_WITHDRAWN:
        purposes = [ConsentPurpose(p) for p in details["purposes"]]
        change_family(store, family_id, lambda f: mark_withdrawn(f, purposes, on))
    elif fact.kind == FactKind.FOOTAGE_ERASED:
        because = str(details.get("because") or "")
        change_family(store, family_id, lambda f: mark_footage_deleted(f, on, because))


def reapply_facts(store: Store) -> int:
    """Put every withdrawal, erasure and account removal on record back; return how many."""
    done = 0
    for fact in read_facts(store.data_dir):
        try:
            _reapply(store, fact)
        except FamilyNotFound:
            continue  # the family itself is gone: nothing of it to withdraw
        except (KeyError, ValueError, TypeError):
            continue  # a fact this version cannot read is left as it is
        done += 1
    return done


def restore_backup(
    store: Store, backup: Path, who: str, *, administrator: bool, now: datetime
) -> list[str]:
    """Restore `backup` as vigreview.storage.Store.restore_backup does, then keep the facts.

    Refused (StorageError) unless `administrator`. Returns the restored family ids.
    """
    if not administrator:
        raise StorageError(ONLY_ADMINISTRATORS)
    views_before = dict(store.load_settings().get(PARENT_VIEWS_KEY) or {})
    restored = store.restore_backup(Path(backup))
    kept = reapply_facts(store)
    gone = set(restored)
    # The backup's own parent views are old tokens: never bring them back. Views of families
    # the restore did not touch go on; those of restored families end.
    still_open = {
        token: entry
        for token, entry in views_before.items()
        if isinstance(entry, dict) and entry.get("family_id") not in gone
    }
    store.update_settings(lambda s: {**s, PARENT_VIEWS_KEY: still_open})
    detail = f"From backup {Path(backup).name}; {kept} later withdrawals and removals kept."
    for family_id in restored:
        record_event(store, family_id, who, RESTORED, detail, at=now)
    return restored
