"""Helpers for the storage tests: a writer run in child processes, and checks of a data folder."""
