"""Reporters turn a run's findings and diagnostics into one output format. They know no rule."""

FORMATS = ("text", "json", "sarif", "github")  # what every command writes (preflight too)
CHECK_FORMATS = (*FORMATS, "gitlab", "junit")  # scans only: GitLab Code Quality, JUnit XML
