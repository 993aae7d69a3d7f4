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
