"""`klint preflight`: the checks no static scan can replace, run just before a deploy.

Is Klaviyo up, does the production key authenticate with the revision the code sends, how much
rate-limit headroom is left, which SDK is actually installed. Modules: ``options`` (config and
flags), ``http`` (timeouts, retries, scrubbing), ``project`` (revision, pins, installed SDKs),
``checks`` (one function per check), ``report`` (the four output formats).

The private key is read from the environment and never printed, logged or written: every
message is built without it, and every rendered report, error and traceback is scrubbed of it
(and of anything key-shaped) before it leaves this package.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXIT_PASSED, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


@dataclass
class Outcome:
    stdout: str
    stderr: str
    exit_code: int


def run(cli_values: dict[str, Any], config_file: Path | None, as_of: str | None,
        output_format: str) -> Outcome:
    """Load the options, run the checks, render the report; never raises."""
    from klint.config import CliOverrides, ConfigError, load_settings
    from klint.preflight.checks import Preflight, read_key, run_checks, verdict
    from klint.preflight.http import Client, Scrubber
    from klint.preflight.options import load_options
    from klint.preflight.project import project_revision, scan_project
    from klint.preflight.report import render

    scrub = Scrubber()
    try:
        settings = load_settings(CliOverrides(config_file=config_file, as_of=as_of))
        options = load_options(settings.config_path, cli_values)
    except ConfigError as error:
        return Outcome("", f"klint: error: {scrub(str(error))}\n", EXIT_ERROR)
    except Exception:  # noqa: BLE001 - exit 2 with a scrubbed message, never a bare traceback
        return Outcome("", scrub("klint: internal error:\n" + traceback.format_exc()), EXIT_ERROR)
    key = read_key(options)
    scrub = Scrubber((key,) if key else ())
    try:
        project = scan_project(settings)
        preflight = Preflight(options, project, project_revision(project, options.revision, settings.as_of),
                              settings.as_of, Client(options.timeout, scrub), key)
        results = run_checks(preflight)
        passed = verdict(results, options.strict)
        # Scrubbed before rendering as well as after: a format's escaping (JSON's \", GitHub's
        # %25) could otherwise turn an odd-charactered key into a form the final pass misses.
        for result in results:
            result.reason, result.details = scrub(result.reason), scrub.deep(result.details)
            result.place = scrub(result.place) if result.place else result.place
        heading = scrub(f"klint preflight: {options.api_base}, revision {preflight.revision.revision}")
        anchor = None
        if settings.config_path is not None:
            anchor = settings.config_path.relative_to(settings.root).as_posix()
        report = render(output_format, results, passed, heading, settings.root, anchor)
    except Exception:  # noqa: BLE001 - the contract is exit 2 with a message, not a traceback
        return Outcome("", scrub("klint: internal error:\n" + traceback.format_exc()), EXIT_ERROR)
    return Outcome(scrub(report), "", EXIT_PASSED if passed else EXIT_FAILED)
