"""Thin views: resident forms, the director's builder and dashboard, the personal sign-in link.
Object access always goes through the selectors' access-checked lookups."""
