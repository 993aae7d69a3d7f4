"""klint: a linter for code and manifests that talk to the Klaviyo API."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/klint-dev/klint"
