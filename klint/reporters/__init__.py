"""Reporters turn a run's findings and diagnostics into one output format. They know no rule."""

FORMATS = ("text", "json", "sarif", "github")
