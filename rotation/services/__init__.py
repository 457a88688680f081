"""Writes about the course. Every change to a session's time, room or faculty goes through
`schedule_session`, which checks conflicts first and names them; PostgreSQL's exclusion
constraints catch what two simultaneous saves could slip past the check."""
