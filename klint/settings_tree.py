"""Which settings each file gets: those of the nearest config at or above its folder, as in
Ruff, so `services/b/klint.toml` governs `services/b/**` in a run from the monorepo root.

`--config FILE` gives every file the same settings. Without a config above a file, it gets the
defaults (rooted at the working directory). Output paths stay relative to the run's root (the
working directory's settings); each settings' patterns see paths relative to its own root.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from klint.config import CliOverrides, Settings, config_in, settings_from


class SettingsTree:
    def __init__(self, base: Settings, cli: CliOverrides, cwd: Path | None = None) -> None:
        self.base = base  # the working directory's: output paths are relative to its root
        self.cli = cli
        self.cwd = (cwd or Path.cwd()).resolve()
        self.fixed = cli.config_file is not None
        self._by_config: dict[Path | None, Settings] = {
            base.config_path.resolve() if base.config_path else None: base}
        self._by_folder: dict[str, Settings] = {}

    def for_folder(self, folder: Path) -> Settings:
        """The settings of the files directly in ``folder`` (each folder is looked at once)."""
        if self.fixed:
            return self.base
        current = os.path.abspath(folder)
        unresolved: list[str] = []
        while current not in self._by_folder:
            unresolved.append(current)
            config = config_in(Path(current))
            parent = os.path.dirname(current)
            if config is not None or parent == current:
                self._by_folder[current] = self._load(config)
                break
            current = parent
        settings = self._by_folder[current]
        for seen in unresolved:
            self._by_folder[seen] = settings
        return settings

    def for_file(self, path: Path) -> Settings:
        return self.for_folder(Path(os.path.abspath(path)).parent)

    def _load(self, config: Path | None) -> Settings:
        config = config.resolve() if config is not None else None
        settings = self._by_config.get(config)
        if settings is None:
            settings = settings_from(config, self.cli, self.cwd)
            if settings.root != self.base.root:
                relative = Path(os.path.relpath(settings.root, self.base.root)).as_posix()
                settings = replace(settings, prefix=relative + "/")
            settings.line_hashes = self.base.line_hashes
            self._by_config[config] = settings
        return settings


def _group(patterns) -> list[str]:
    """Exclude patterns as `source: "a", "b"` lines, in order, one line per run of a source."""
    lines: list[tuple[str, list[str]]] = []
    for pattern in patterns:
        if not lines or lines[-1][0] != pattern.source:
            lines.append((pattern.source, []))
        lines[-1][1].append(f'"{pattern.text}"')
    return [f"  {source}: {', '.join(texts)}" for source, texts in lines]


def render_settings(tree: SettingsTree, path: Path) -> str:
    """--show-settings PATH: the settings that file gets, and where each value comes from."""
    from klint.discovery import display_path

    settings = tree.for_file(path) if not Path(path).is_dir() else tree.for_folder(path)
    relpath = display_path(path, tree.base.root)
    chain = [display_path(config, tree.base.root) for config in settings.config_chain]
    root = display_path(settings.root, tree.base.root)
    lines = [
        f"settings for {relpath}",
        f"config: {' <- '.join(reversed(chain)) if chain else 'none (defaults)'}"
        + (" (--config)" if tree.fixed else ""),
        f"root: {root} (patterns below are relative to the file that sets them)",
        f"select: {', '.join(sorted(settings.select))}",
        f"  from {settings.sources['select']}",
        "exclude:",
        *_group(settings.exclude.patterns),
        f"per-file-ignores: ({settings.sources['per-file-ignores']})",
        *(f'  "{entry.pattern}": {", ".join(sorted(entry.codes))}' for entry in settings.per_file_ignores),
        f"as-of: {settings.as_of.isoformat()} ({settings.sources['as-of']})",
        f"respect-gitignore: {str(settings.respect_gitignore).lower()} ({settings.sources['respect-gitignore']})",
        f"rules for this file: {', '.join(sorted(settings.codes_for(relpath))) or 'none'}",
    ]
    return "\n".join(lines) + "\n"


def render_files(found, root: Path) -> str:
    """--show-files: every file a run would scan (with its config when a nearer one applies),
    then what was left out and why."""
    from klint.discovery import display_path

    lines = []
    for target in found.files:
        own = target.settings.config_path if target.settings is not None else None
        lines.append(target.relpath + (f"  [{display_path(own, root)}]" if own else ""))
    lines += [f"skipped {path}: {why}" for path, why in found.skipped]
    lines += [f"missing {path}: no such file or folder" for path in found.missing]
    return "\n".join(lines) + ("\n" if lines else "")
