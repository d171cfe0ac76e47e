"""VIG Review: a shared-review companion for Video Interaction Guidance."""
