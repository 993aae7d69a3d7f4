"""The command line: `klint [PATH ...]`, `klint rules`, `klint rule CODE`, `klint preflight`.

Exit codes: 0 no findings, 1 findings, 2 usage, configuration or internal error (or a named path
that does not exist); 130 interrupted; 141 the reader closed the pipe (`klint | head`).
Everything printed goes through `_emit`, which redacts private keys.
"""

from __future__ import annotations

import difflib
import errno
import io
import json
import os
import sys
import time
import traceback
from pathlib import Path

import click

from klint import HOMEPAGE, __version__
from klint.config import CliOverrides, ConfigError, Settings, load_settings
from klint.discovery import discover
from klint.engine import lint_paths
from klint.findings import RunResult, shown
from klint.reporters import CHECK_FORMATS, FORMATS
from klint.rule_docs import rule_markdown
from klint.rules import ALL_RULES, Rule, find_rule
from klint.settings_tree import SettingsTree

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141  # what a shell reports for SIGINT / SIGPIPE


class _OutputClosed(Exception):
    """Standard output went away (a closed pipe) or is full; nothing more can be said there."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.broken_pipe = error.errno == errno.EPIPE


def _emit(text: str, err: bool = False, nl: bool = True, colour: bool | None = None) -> None:
    """Print ``text`` with every private key redacted: the one way klint writes to a terminal.
    ``colour`` True keeps ANSI styles even off a terminal (--color always)."""
    try:
        click.echo(shown(text), err=err, nl=nl, color=colour)
    except OSError as exc:
        raise _OutputClosed(exc) from exc


def _fail(message: str) -> None:
    _emit(f"klint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _mute_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _internal_error(exc: BaseException) -> str:
    """One line: what broke, where in klint, and where to report it."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if "klint" in frame.filename]
    where = ""
    if frames:
        path = Path(frames[-1].filename)
        where = f" at {'/'.join(path.parts[-2:])}:{frames[-1].lineno}"
    summary = " ".join(f"{type(exc).__name__}: {exc}".split())
    return (f"klint: internal error: {summary[:300]}{where}; "
            f"this is a bug in klint, please report it at {HOMEPAGE}/issues")


class _DefaultCommandGroup(click.Group):
    """`klint src/` means `klint check src/`: anything that is not a subcommand is a path."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            _refuse_mistyped_command(args[0] if args else "", self.commands)
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        """Every way out ends in one of klint's exit codes, never a traceback or a stray 1."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            try:
                code = super().main(*args, standalone_mode=False, **kwargs)
            except click.ClickException as exc:  # usage errors; click's own code may be 1
                buffer = io.StringIO()
                exc.show(file=buffer)
                _emit(buffer.getvalue(), err=True, nl=False)
                code = EXIT_ERROR
            except (click.Abort, KeyboardInterrupt):
                _emit("klint: interrupted", err=True)
                code = EXIT_INTERRUPTED
            except _OutputClosed:
                raise
            except Exception as exc:  # noqa: BLE001 - the contract is exit 2 with a message
                _emit(_internal_error(exc), err=True)
                code = EXIT_ERROR
        except _OutputClosed as closed:
            _mute_stdout()
            if not closed.broken_pipe:  # a full disk is an error; a reader that left is not
                try:
                    click.echo(f"klint: error: cannot write the report: {closed}", err=True)
                except OSError:
                    pass
            code = EXIT_BROKEN_PIPE if closed.broken_pipe else EXIT_ERROR
        sys.exit(code or 0)


def _refuse_mistyped_command(word: str, commands) -> None:
    """`klint rul KL001`: a first word that is no path but close to a subcommand is a typo."""
    if not word or word.startswith("-") or "/" in word or os.path.lexists(word):
        return
    close = difflib.get_close_matches(word, sorted(commands), n=1, cutoff=0.6)
    if close:
        raise click.UsageError(f"{word!r} is neither a file nor a folder; did you mean `klint {close[0]}`?")


def _split_codes(values: tuple[str, ...]) -> list[str] | None:
    """`--select KL001,KL002 --select KL003` → ["KL001", "KL002", "KL003"]; None if not given."""
    if not values:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _use_colour(choice: str, stream) -> bool:
    """--color always/never; for auto, a non-empty FORCE_COLOR forces it, a non-empty NO_COLOR
    turns it off (no-color.org and force-color.org: an empty value counts as unset), else a
    terminal gets colour."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


@click.group(cls=_DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="klint")
def main() -> None:
    """klint: find Klaviyo API integration mistakes before they ship.

    Run `klint [PATH ...]` to scan files and folders (default: the current folder).
    """


# --- fixes, baselines, suppressions (issue 12): the options, checked, then run after the lint --

_ADOPTION_OPTIONS = (
    click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what remains."),
    click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: apply the unsafe fixes too."),
    click.option("--diff", is_flag=True,
                 help="Print the fixes as a unified diff and write nothing (exit 1 if anything would change)."),
    click.option("--show-fixes", is_flag=True, help="With --fix: list what was fixed, per file and rule."),
    click.option("--exit-non-zero-on-fix", is_flag=True, help="With --fix: exit 1 if anything was fixed."),
    click.option("--baseline", "baseline_file", type=click.Path(path_type=Path, dir_okay=False),
                 help="Report only the findings this baseline file does not record."),
    click.option("--write-baseline", "write_baseline_file", type=click.Path(path_type=Path, dir_okay=False),
                 help="Record the current findings in FILE (a new baseline) and exit 0."),
    click.option("--baseline-stale", is_flag=True,
                 help="With --baseline: report entries whose finding is gone (exit 1 if any)."),
    # No default: click then reads a bare `--add-suppressions` as flag_value (an empty reason).
    click.option("--add-suppressions", "suppression_reason", is_flag=False, flag_value="",
                 metavar="[REASON]", help="Write `klint: ignore[CODE] REASON` on the lines of the current "
                                          "findings (give REASON after the paths, or as --add-suppressions=REASON)."),
)


def _adoption_options(command):
    for option in reversed(_ADOPTION_OPTIONS):
        command = option(command)
    return command


def _check_adoption(options: dict) -> None:
    """Usage errors among the adoption options."""
    fixing = options["fix"] or options["diff"]
    needs = [("unsafe_fixes", fixing, "--unsafe-fixes needs --fix or --diff"),
             ("show_fixes", options["fix"], "--show-fixes needs --fix"),
             ("exit_non_zero_on_fix", options["fix"], "--exit-non-zero-on-fix needs --fix"),
             ("baseline_stale", options["baseline_file"], "--baseline-stale needs --baseline")]
    for name, given, message in needs:
        if options[name] and not given:
            _fail(message)
    if options["baseline_file"] and options["write_baseline_file"]:
        _fail("--baseline and --write-baseline cannot be combined")
    if options["diff"] and (options["write_baseline_file"] or options["suppression_reason"] is not None):
        _fail("--diff writes nothing; it cannot be combined with --write-baseline or --add-suppressions")
    reason = options["suppression_reason"]
    if reason and any(ord(char) < 0x20 or ord(char) == 0x7f for char in reason):
        _fail("--add-suppressions: the reason must be one line of text")


def _adopt(run: RunResult, settings: Settings, paths: list[Path], force_exclude: bool, options: dict,
           quiet: bool) -> tuple[RunResult, int | None, bool]:
    """Fix, apply or write the baseline, add suppressions: (the run to report, an exit code
    when the command ends here, whether to exit 1 whatever remains)."""
    fails = False
    if options["fix"] or options["diff"]:
        from klint.fixes import applies, fix_run
        from klint.reporters.text import render_diagnostics

        outcome = fix_run(run, settings, options["unsafe_fixes"], write=not options["diff"])
        if options["diff"]:
            _emit(render_diagnostics(outcome.run.diagnostics, quiet), err=True, nl=False)
            _emit("".join(outcome.diffs), nl=False)
            _emit(f"Would fix {_count(outcome.count, 'finding')}.", err=True)
            return outcome.run, EXIT_FINDINGS if outcome.diffs else EXIT_CLEAN, False
        run = outcome.run
        if options["show_fixes"]:
            _emit(_fixed_listing(outcome.fixed, outcome.count), err=True, nl=False)
        elif not quiet and outcome.count:
            _emit(f"klint: fixed {_count(outcome.count, 'finding')} in {_count(len(outcome.fixed), 'file')}.",
                  err=True)
        unsafe_left = sum(applies(finding.fix, True) and not applies(finding.fix, False) for finding in run.findings)
        if unsafe_left and not quiet and not options["unsafe_fixes"]:
            _emit(f"klint: {_count(unsafe_left, 'more finding')} fixable with --unsafe-fixes.", err=True)
        fails = options["exit_non_zero_on_fix"] and outcome.count > 0
    if options["write_baseline_file"] is not None:
        from klint.baseline import write_baseline

        try:
            written = write_baseline(options["write_baseline_file"], run.findings)
        except OSError as exc:
            _fail(f"cannot write {options['write_baseline_file']}: {exc.strerror or exc}")
        _emit(f"klint: recorded {_count(written, 'finding')} in {options['write_baseline_file']}.", err=True)
        return run, EXIT_CLEAN, False
    if options["baseline_file"] is not None:
        from dataclasses import replace

        from klint.baseline import BaselineError, apply_baseline, read_baseline, stale_notes
        from klint.discovery import discover

        try:
            entries = read_baseline(options["baseline_file"])
        except BaselineError as exc:
            _fail(str(exc))
        run, unmatched = apply_baseline(run, entries)
        if options["baseline_stale"]:
            scanned = {target.relpath for target in discover(paths, settings, force_exclude).files}
            notes = stale_notes(unmatched, scanned, settings.codes_for)
            run = replace(run, diagnostics=sorted(run.diagnostics + notes, key=lambda d: d.sort_key))
            fails = fails or bool(notes)
    if options["suppression_reason"] is not None:
        from klint.add_suppressions import add_suppressions
        from klint.reporters.text import render_diagnostics

        added = add_suppressions(run.findings, settings.root, options["suppression_reason"])
        _emit(render_diagnostics(added.notes, quiet), err=True, nl=False)
        _emit(f"klint: added {_count(added.comments, 'suppression')} in {_count(added.files, 'file')}.",
              err=True)
        return run, EXIT_FINDINGS if added.notes else EXIT_CLEAN, False
    return run, None, fails


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _fixed_listing(fixed: dict, total: int) -> str:
    """Ruff's `--show-fixes`: `Fixed 2 findings:` then per file `    1 × KL011 (name)`."""
    lines = [f"Fixed {_count(total, 'finding')}" + (":" if total else ".")]
    for path in sorted(fixed):
        lines.append(f"- {path}:")
        for (code, name), number in sorted(fixed[path].items()):
            lines.append(f"    {number} × {code} ({name})")
    return "\n".join(lines) + "\n"


# --- end of the issue-12 block ----------------------------------------------------------------


@main.command(short_help="Scan files and folders (the default command).")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("-f", "--format", "output_format", type=click.Choice(CHECK_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", "output_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to FILE instead of standard output.")
@click.option("--select", multiple=True, help="Only these rules (codes, prefixes, names, ALL).")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--extend-select", multiple=True, help="Add rules to the selection.")
@click.option("--exclude", multiple=True, help="Replace the exclude patterns (gitignore syntax).")
@click.option("--extend-exclude", multiple=True, help="Add exclude patterns (gitignore syntax).")
@click.option("--force-exclude", is_flag=True,
              help="Apply excludes to files named on the command line too (for pre-commit).")
@click.option("--no-respect-gitignore", "no_gitignore", is_flag=True,
              help="Scan files that .gitignore lists.")
@click.option("--as-of", help="Judge API revisions as of this date (YYYY-MM-DD; default today).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Read settings from this file (klint.toml or pyproject.toml).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no notes.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for large scans (0: one per CPU; 1: no pool).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where to keep the result cache (default: .klint_cache in the project root).")
# --- adoption: editors, other CI systems, monorepos ---
@click.option("--stdin-filename", type=click.Path(path_type=Path),
              help="With `-` as the path: lint standard input as if it were this file.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the text output (auto: on a terminal; FORCE_COLOR, NO_COLOR).")
@click.option("--sarif-category", metavar="NAME",
              help="SARIF automationDetails.id, the code scanning category (default: none).")
@click.option("--show-settings", "show_settings", type=click.Path(path_type=Path), metavar="PATH",
              help="Print the settings PATH gets and where each comes from, then exit.")
@click.option("--show-files", is_flag=True, help="Print what would be scanned and why the rest is not, then exit.")
@_adoption_options
def check(paths: tuple[Path, ...], output_format: str, output_file: Path | None,
          select: tuple[str, ...], ignore: tuple[str, ...], extend_select: tuple[str, ...],
          exclude: tuple[str, ...], extend_exclude: tuple[str, ...], force_exclude: bool,
          no_gitignore: bool, as_of: str | None, config_file: Path | None, exit_zero: bool,
          statistics: bool, quiet: bool, jobs: int, no_cache: bool, cache_dir: Path | None,
          stdin_filename: Path | None, color: str, sarif_category: str | None,
          show_settings: Path | None, show_files: bool, **adoption) -> None:
    """Scan PATHS (files or folders; default: the current folder; `-`: standard input)."""
    overrides = CliOverrides(
        config_file=config_file,
        select=_split_codes(select),
        ignore=_split_codes(ignore),
        extend_select=_split_codes(extend_select),
        exclude=_split_codes(exclude),
        extend_exclude=_split_codes(extend_exclude),
        as_of=as_of,
        respect_gitignore=False if no_gitignore else None,
    )
    _check_adoption(adoption)
    if statistics and output_format not in ("text", "json"):
        _fail(f"--statistics works with the text and json formats, not {output_format}")
    if sarif_category is not None and output_format != "sarif":
        _fail("--sarif-category works with the sarif format only")
    if (Path("-") in paths) != (stdin_filename is not None) or (stdin_filename and len(paths) > 1):
        _fail("read standard input with `-` and --stdin-filename PATH, and no other paths")
    if stdin_filename is not None and (adoption["fix"] or adoption["write_baseline_file"] or
                                       adoption["suppression_reason"] is not None):
        _fail("standard input has no file to write: use --diff, not --fix, --write-baseline or --add-suppressions")
    try:
        settings = load_settings(overrides)
        settings.line_hashes = output_format == "sarif"
        tree = SettingsTree(settings, overrides)
        if show_settings is not None or show_files:
            _explain(tree, paths, show_settings, force_exclude)
            return
        progress = None if quiet or stdin_filename else _progress_reporter()
        if stdin_filename is not None:
            from klint.stdin import lint_stdin

            run = lint_stdin(stdin_filename, tree, force_exclude)
        else:
            run = lint_paths(list(paths) or [Path(".")], settings, force_exclude, jobs=jobs,
                             cache_dir=None if no_cache else (cache_dir or settings.root / ".klint_cache"),
                             cache_named=cache_dir is not None, progress=progress, tree=tree)
    except ConfigError as exc:
        _fail(str(exc))
    if progress is not None:
        progress(0, 0)
    run, finished, adoption_fails = _adopt(run, settings, list(paths) or [Path(".")], force_exclude, adoption, quiet)
    if finished is not None:
        sys.exit(finished)
    colour = _use_colour(color, sys.stdout) if output_file is None else False
    report = _render(run, settings, output_format, statistics, quiet, colour, sarif_category)
    if output_format == "sarif":
        from klint.reporters.sarif import truncation_notice

        notice = truncation_notice(run)
        if notice:
            _emit(f"klint: warning: {notice}", err=True)

    if output_format == "text":
        from klint.reporters.text import render_diagnostics

        _emit(render_diagnostics(run.diagnostics, quiet), err=True, nl=False)
    if output_file is not None:
        try:
            output_file.write_text(shown(report), encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output_file}: {exc.strerror or exc}")
    else:
        _emit(report, nl=False, colour=colour or None)
    if run.failed:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if (run.findings or adoption_fails) and not exit_zero else EXIT_CLEAN)


def _progress_reporter():
    """`klint: 1200/5000 files` on a terminal's stderr, for scans that last; None elsewhere."""
    if not sys.stderr.isatty():
        return None
    started = time.monotonic()
    seen = {"at": 0.0, "any": False}

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if total == 0:  # the end: wipe the line
            if seen["any"]:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
            return
        if now - started < 0.5 or now - seen["at"] < 0.1:
            return
        seen.update(at=now, any=True)
        sys.stderr.write(f"\rklint: {done}/{total} files")
        sys.stderr.flush()

    return report


def _explain(tree: SettingsTree, paths: tuple[Path, ...], show_settings: Path | None,
             force_exclude: bool) -> None:
    """--show-settings PATH / --show-files: what a run would do, and why."""
    from klint.settings_tree import render_files, render_settings

    if show_settings is not None:
        _emit(render_settings(tree, show_settings), nl=False)
        return
    found = discover(list(paths) or [Path(".")], tree.base, force_exclude, tree, explain=True)
    _emit(render_files(found, tree.base.root), nl=False)
    if found.missing:
        sys.exit(EXIT_ERROR)


def _render(run: RunResult, settings: Settings, output_format: str, statistics: bool,
            quiet: bool, colour: bool, sarif_category: str | None = None) -> str:
    if output_format == "sarif":
        from klint.reporters.sarif import render_sarif

        # Every rule some file's settings selected: a nearer config may add some.
        reported = {finding.code for finding in run.findings}
        rules = [rule for rule in ALL_RULES if rule.code in settings.select or rule.code in reported]
        return render_sarif(run, rules, settings.root, sarif_category)
    if output_format == "json":
        from klint.reporters.json_report import render_json, render_json_statistics

        return render_json_statistics(run) if statistics else render_json(run)
    if output_format == "github":
        from klint.reporters.github import render_github

        return render_github(run)
    if output_format == "gitlab":
        from klint.reporters.gitlab import render_gitlab

        return render_gitlab(run)
    if output_format == "junit":
        from klint.reporters.junit import render_junit

        return render_junit(run)
    from klint.reporters.text import render_statistics, render_text

    if statistics:
        return render_statistics(run)
    return render_text(run, colour=colour, quiet=quiet)


@main.command(short_help="Check Klaviyo, the key and the SDK before a deploy.")
@click.option("--api-base", help="Klaviyo API base URL (default https://a.klaviyo.com).")
@click.option("--status-url", help="Status page JSON (default Klaviyo's Statuspage v2 status.json).")
@click.option("--key-env", help="Environment variable holding the private key (default KLAVIYO_PRIVATE_KEY).")
@click.option("--revision", help="Revision to authenticate with (default: the one the code sends).")
@click.option("--timeout", type=float, help="Seconds to wait for each network step (default 10).")
@click.option("--tries", type=int, help="Auth calls timed for the latency check (default 3).")
@click.option("--skip", "skip", multiple=True, help="Checks to skip, e.g. status,auth,ratelimit.")
@click.option("--require-scope", "require_scopes", multiple=True,
              help="Scopes the key must hold, e.g. profiles:read,lists:write.")
@click.option("--python", "python", help="Interpreter whose klaviyo-api is checked (default: this one).")
@click.option("--latency-threshold", type=float, help="P95 seconds above which latency warns (default 5).")
@click.option("--min-headroom", type=float, help="Rate-limit percent left below which it warns (default 10).")
@click.option("--strict", is_flag=True, default=None, help="Warnings fail the pre-flight too (exit 1).")
@click.option("--as-of", help="Judge API revisions as of this date (YYYY-MM-DD; default today).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Read settings from this file (klint.toml or pyproject.toml).")
@click.option("-f", "--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
def preflight(config_file: Path | None, as_of: str | None, output_format: str, skip: tuple[str, ...],
              require_scopes: tuple[str, ...], **values) -> None:
    """Check Klaviyo, the production key and the installed SDK just before a deploy."""
    from klint.preflight import run

    values.update(skip=_split_codes(skip), require_scopes=_split_codes(require_scopes))
    outcome = run(values, config_file, as_of, output_format)
    click.echo(outcome.stdout, nl=False)
    click.echo(outcome.stderr, err=True, nl=False)
    sys.exit(outcome.exit_code)


@main.command("rules", short_help="List every rule: code, name, severity.")
@click.option("-f", "--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: code, name, severity, whether it is on by default."""
    if output_format == "json":
        _emit(json.dumps([_rule_summary(rule) for rule in ALL_RULES], indent=2))
        return
    width = max(len(rule.name) for rule in ALL_RULES)
    _emit("\n".join(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}"
                    + ("" if rule.default_enabled else " (off by default)") for rule in ALL_RULES))


def _rule_summary(rule: type[Rule]) -> dict:
    return {"code": rule.code, "name": rule.name, "severity": rule.severity.value,
            "summary": rule.summary, "default_enabled": rule.default_enabled,
            "applies_to": list(rule.frontends), "tags": list(rule.tags),
            "documentation": rule.documentation()}


@main.command("rule", short_help="Print a rule's documentation (by code or name).")
@click.argument("selector", required=False)
@click.option("--all", "show_all", is_flag=True, help="Print the documentation of every rule.")
def show_rule(selector: str | None, show_all: bool) -> None:
    """Print a rule's documentation (by code or name, e.g. KL001 or hardcoded-private-key)."""
    if show_all:
        _emit("\n".join(rule_markdown(rule) for rule in ALL_RULES))
        return
    rule = find_rule(selector) if selector else None
    if rule is None:
        _fail(f"unknown rule {selector!r} (see `klint rules`)" if selector
              else "name a rule, e.g. `klint rule KL001`")
    _emit(rule_markdown(rule))
