"""Reads about assessments: access-checked lookups, what a learner has due, completion and
results. Every list here runs a constant number of queries."""
