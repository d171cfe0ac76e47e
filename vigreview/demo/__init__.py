"""The invented demo caseload: families and their history (no real people)."""
