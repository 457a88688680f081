"""Reads about the course: roles, access-checked lookups and schedule queries."""
