"""Statistics that equal R's, one topic a module (see `base` for what they share); import the
topic module directly."""
