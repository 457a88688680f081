"""SVG charts for the reports, one kind of chart a module (see `svg` for what they share); import
the chart module directly."""
