"""What the caseload index holds in the storage tests and bench/storage.py.

A Store keeps, for each family, only the values its owner names: the app names
vigreview.caseload.SUMMARY_KEYS; these tests, whose records are plain documents, name these.
"""

INDEX_KEYS = (
    "pseudonym",
    "baby_name",
    "status",
    "lead_guider",
    "opened_on",
    "closed_on",
    "updated_at",
)
