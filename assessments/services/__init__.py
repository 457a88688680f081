"""Writes about assessments and evaluations. One place per rule: items are locked once any
response exists (edits make a new version), windows are enforced here, a submitted response is
never changed and submitting twice returns the first submission."""
