"""The follow-up policy (DESIGN.md §3) as pure functions."""
