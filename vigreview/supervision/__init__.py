"""Supervision: what a supervisor may see, the supervision pack, the trainee's training record."""
