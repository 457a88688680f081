"""Reads for faculty-facing teaching, one topic a module: availability, the volunteer board,
one's sessions and materials, recognition and the faculty survey. Import the topic module
directly."""
