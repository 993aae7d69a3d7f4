"""Discovery: turn the paths a user named into the files to scan, in a stable order.

Folder walks honour the exclude patterns and ``.gitignore`` files (nested ones too, deepest
first, as git does), never follow symlinks (so loops cannot happen), and skip files that are
binary by their extension. A file named explicitly is always scanned, unless ``force_exclude``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from klint.config import Settings
from klint.files import read_bounded
from klint.findings import Diagnostic, DiagnosticKind, Severity
from klint.globs import GitIgnore

# Never read: their bytes cannot hold text a rule understands.
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .bmp .ico .webp .tif .tiff .psd .pdf .zip .gz .tgz .bz2 .xz .7z .rar "
    ".jar .war .whl .egg .so .dylib .dll .exe .bin .o .a .pyc .pyo .class .woff .woff2 .ttf .otf "
    ".eot .mp3 .mp4 .mov .avi .wav .flac .ogg .webm .sqlite .sqlite3 .db .parquet .npy .npz .pkl "
    ".h5 .onnx .pt .iso .dmg".split()
)


@dataclass(frozen=True)
class TargetFile:
    path: Path  # as given or found (absolute or relative to the working directory)
    relpath: str  # relative to the project root, POSIX separators; what output shows


@dataclass
class Discovery:
    files: list[TargetFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def display_path(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, root)).as_posix() if absolute.anchor == root.anchor \
            else absolute.as_posix()


class _Walker:
    def __init__(self, settings: Settings, result: Discovery) -> None:
        self.settings = settings
        self.result = result
        self.seen: set[str] = set()
        self.match_root_paths = True

    def excluded(self, relpath: str, is_dir: bool) -> bool:
        return self.settings.exclude.match(relpath, is_dir)

    def add(self, path: str, display: str) -> None:
        """Add a file by its absolute path, once however many named paths reach it."""
        if path in self.seen:
            return
        self.seen.add(path)
        self.result.files.append(TargetFile(Path(path), display))

    def symlink_problem(self, path: Path, display: str) -> None:
        """Report a link that cannot be followed; a working link is skipped silently."""
        try:
            path.resolve(strict=True)
        except RuntimeError:
            message = "symlink loop; skipped"
        except OSError:
            message = "broken symlink; skipped"
        else:
            return
        self.result.diagnostics.append(
            Diagnostic(display, DiagnosticKind.SYMLINK, message, Severity.NOTE)
        )

    def walk(self, top: Path) -> None:
        # A folder named on the command line is scanned even if excluded (`klint build/`):
        # then its contents are matched only relative to it, not to the project root.
        top_display = display_path(top, self.settings.root)
        self.match_root_paths = not self.excluded(top_display, True)
        self._walk_dir(top, [], "", "" if top_display == "." else top_display)

    def _load_gitignore(self, folder: Path, rel_folder: str, ignores: list) -> list:
        if not self.settings.respect_gitignore:
            return ignores
        gitignore = folder / ".gitignore"
        try:
            if gitignore.is_symlink():  # symlinks are never followed, not even to read patterns
                return ignores
            lines = read_bounded(gitignore).decode("utf-8", "replace").splitlines()
        except OSError:
            return ignores
        return [*ignores, (rel_folder, GitIgnore(lines))]

    @staticmethod
    def _gitignored(ignores: list, relpath: str, is_dir: bool) -> bool:
        for base, spec in reversed(ignores):  # the deepest .gitignore decides first
            inside = relpath[len(base) + 1:] if base else relpath
            result = spec.check(inside + "/" if is_dir else inside)
            if result is not None:
                return result
        return False

    def _walk_dir(self, folder: Path, ignores: list, rel_folder: str, display_folder: str) -> None:
        ignores = self._load_gitignore(folder, rel_folder, ignores)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            self.result.diagnostics.append(Diagnostic(
                display_path(folder, self.settings.root), DiagnosticKind.UNREADABLE,
                f"cannot list folder: {exc.strerror or exc}"))
            return
        if rel_folder and any(entry.name == "pyvenv.cfg" for entry in entries):
            return  # a virtualenv, whatever its name
        for entry in entries:
            relative = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            display = f"{display_folder}/{entry.name}" if display_folder else entry.name
            try:
                if entry.is_symlink():
                    self.symlink_problem(Path(entry.path), display)
                    continue
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=False)
            except OSError:
                continue
            if not (is_dir or is_file):
                continue  # sockets, FIFOs, devices: reading them could block
            if self.excluded(relative, is_dir) or (
                self.match_root_paths and display != relative and self.excluded(display, is_dir)
            ):
                continue
            if self._gitignored(ignores, relative, is_dir):
                continue
            if is_dir:
                self._walk_dir(Path(entry.path), ignores, relative, display)
            elif os.path.splitext(entry.name)[1].lower() not in BINARY_SUFFIXES:
                self.add(entry.path, display)


def discover(paths: list[Path], settings: Settings, force_exclude: bool = False) -> Discovery:
    result = Discovery()
    walker = _Walker(settings, result)
    for path in paths:
        display = display_path(path, settings.root)
        if path.is_symlink() and not path.exists():
            walker.symlink_problem(path, display)
            continue
        if not path.exists():
            result.missing.append(str(path))
            continue
        if path.is_dir():
            walker.walk(Path(os.path.abspath(path)))
        elif path.is_file():
            if force_exclude and walker.excluded(display, False):
                continue
            walker.add(os.path.abspath(path), display)
        else:  # reading a FIFO or a device could block or never end
            result.diagnostics.append(Diagnostic(
                display, DiagnosticKind.SPECIAL_FILE,
                f"skipped: {_special_kind(path)}, not a regular file", Severity.NOTE))
    return result


def _special_kind(path: Path) -> str:
    mode = path.stat().st_mode
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"
