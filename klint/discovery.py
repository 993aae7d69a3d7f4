"""Discovery: turn the paths a user named into the files to scan, in a stable order.

Folder walks honour the exclude patterns and git's ignore rules (``.gitignore`` files in and above
the walked folder up to the repository's top, deepest first, then ``.git/info/exclude``), never
follow symlinks (so loops cannot happen), and skip files that are binary by their extension.
A file named explicitly is always scanned, unless ``force_exclude``: then it is judged by its
whole path, every folder above it included, as the walk would have judged it.
With a SettingsTree each folder's files get the settings of their nearest config.
"""

from __future__ import annotations

import errno
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
    settings: Settings | None = None  # a nearer config's settings; None: the run's
    named: bool = False  # named on the command line, not found by a folder walk


@dataclass
class Discovery:
    files: list[TargetFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why); with explain only


def display_path(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, root)).as_posix() if absolute.anchor == root.anchor \
            else absolute.as_posix()


def _git_dir(folder: Path) -> Path | None:
    """The git folder of a repository whose top is ``folder`` (a `.git` file points at it)."""
    dot_git = folder / ".git"
    if dot_git.is_dir():
        return dot_git
    try:
        text = read_bounded(dot_git).decode("utf-8", "replace")
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    git_dir = folder / text[len("gitdir:"):].strip()
    try:  # a linked worktree keeps info/exclude in the main repository's folder
        common = read_bounded(git_dir / "commondir").decode("utf-8", "replace").strip()
        return git_dir / common
    except OSError:
        return git_dir


class _Walker:
    def __init__(self, settings: Settings, result: Discovery, tree=None, explain: bool = False) -> None:
        self.settings = settings
        self.result = result
        self.tree = tree
        self.explain = explain
        self.seen: set[str] = set()
        self.match_root_paths = True
        self.top_settings = settings  # those of the folder being walked (set by walk)

    def settings_at(self, folder: Path) -> Settings:
        return self.tree.for_folder(folder) if self.tree is not None else self.settings

    def skip(self, display: str, why: str) -> None:
        if self.explain:
            self.result.skipped.append((display, why))

    def add(self, path: str, display: str, settings: Settings, named: bool = False) -> None:
        """Add a file by its absolute path, once however many named paths reach it."""
        if path in self.seen:
            return
        self.seen.add(path)
        self.result.files.append(TargetFile(Path(path), display, None if settings is self.settings else settings,
                                            named))

    def symlink_problem(self, path: Path, display: str) -> None:
        """Report a link that cannot be followed; a working link is skipped silently."""
        try:
            path.resolve(strict=True)
        except RuntimeError:  # a loop, before Python 3.13
            message = "symlink loop; skipped"
        except OSError as exc:  # 3.13 reports a loop as ELOOP
            message = "symlink loop; skipped" if exc.errno == errno.ELOOP else "broken symlink; skipped"
        else:
            return
        self.result.diagnostics.append(
            Diagnostic(display, DiagnosticKind.SYMLINK, message, Severity.NOTE)
        )

    def named_file(self, path: Path, display: str, force_exclude: bool) -> None:
        settings = self.settings_at(Path(os.path.abspath(path)).parent)
        if force_exclude:
            hit = settings.exclude.explain_path(settings.local(display))
            if hit is not None:
                self.skip(display, _excluded_because(hit[1], hit[0]))
                return
        self.add(os.path.abspath(path), display, settings, named=True)

    def walk(self, top: Path) -> None:
        # A folder named on the command line is scanned even if excluded (`klint build/`):
        # then its contents are matched only relative to it, not to the project root.
        top_display = display_path(top, self.settings.root)
        self.top_settings = self.settings_at(top)
        self.match_root_paths = not self.top_settings.exclude.match(self.top_settings.local(top_display), True)
        ignores = self._outer_ignores(top) if self.top_settings.respect_gitignore else []
        self._walk_dir(top, ignores, "", "" if top_display == "." else top_display)

    def _outer_ignores(self, top: Path) -> list:
        """git's ignore files above ``top`` up to its repository's top: `.git/info/exclude`
        (the weakest), then each `.gitignore` on the way down. Outside a repository, none."""
        above = [folder for folder in (top, *top.parents)]
        repository = next((folder for folder in above if _git_dir(folder) is not None), None)
        if repository is None:
            return []
        folders = list(reversed(above[1:above.index(repository) + 1]))  # repository .. top's parent
        ignores = []
        git_dir = _git_dir(repository)
        sources = [(repository, git_dir / "info" / "exclude")] if git_dir else []
        sources += [(folder, folder / ".gitignore") for folder in folders]
        for folder, source in sources:
            try:
                lines = read_bounded(source).decode("utf-8", "replace").splitlines()
            except OSError:
                continue
            prefix = Path(os.path.relpath(top, folder)).as_posix() + "/"
            ignores.append(("", "" if prefix == "./" else prefix, GitIgnore(lines),
                            display_path(source, self.settings.root)))
        return ignores

    def _load_gitignore(self, folder: Path, rel_folder: str, ignores: list, settings: Settings) -> list:
        if not settings.respect_gitignore:
            return ignores
        gitignore = folder / ".gitignore"
        try:
            if gitignore.is_symlink():  # symlinks are never followed, not even to read patterns
                return ignores
            lines = read_bounded(gitignore).decode("utf-8", "replace").splitlines()
        except OSError:
            return ignores
        return [*ignores, (rel_folder, "", GitIgnore(lines), display_path(folder / ".gitignore", self.settings.root))]

    @staticmethod
    def _gitignored(ignores: list, relpath: str, is_dir: bool) -> str | None:
        """The ignore file that ignores ``relpath`` (walk-relative), or None."""
        for base, prefix, spec, source in reversed(ignores):  # the deepest file decides first
            inside = prefix + (relpath[len(base) + 1:] if base else relpath)
            result = spec.check(inside + "/" if is_dir else inside)
            if result is not None:
                return source if result else None
        return None

    def _excluded(self, settings: Settings, relative: str, display: str, is_dir: bool) -> bool:
        local = settings.local(display)
        if settings is not self.top_settings:
            return settings.exclude.match(local, is_dir)
        return settings.exclude.match(relative, is_dir) or (
            self.match_root_paths and local != relative and settings.exclude.match(local, is_dir))

    def _walk_dir(self, folder: Path, ignores: list, rel_folder: str, display_folder: str) -> None:
        settings = self.settings_at(folder)
        ignores = self._load_gitignore(folder, rel_folder, ignores, settings)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            self.result.diagnostics.append(Diagnostic(
                display_path(folder, self.settings.root), DiagnosticKind.UNREADABLE,
                f"cannot list folder: {exc.strerror or exc}"))
            return
        if rel_folder and any(entry.name == "pyvenv.cfg" for entry in entries):
            self.skip(display_folder + "/", "a virtualenv (it has a pyvenv.cfg)")
            return
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
            shown_as = display + ("/" if is_dir else "")
            if self._excluded(settings, relative, display, is_dir):
                if self.explain:
                    hit = settings.exclude.explain_path(settings.local(display), is_dir) or \
                        settings.exclude.explain_path(relative, is_dir)
                    self.skip(shown_as, _excluded_because(hit[1], hit[0]) if hit else "excluded")
                continue
            ignored_by = self._gitignored(ignores, relative, is_dir)
            if ignored_by is not None:
                self.skip(shown_as, f"ignored by git ({ignored_by})")
                continue
            if is_dir:
                self._walk_dir(Path(entry.path), ignores, relative, display)
            elif os.path.splitext(entry.name)[1].lower() not in BINARY_SUFFIXES:
                self.add(entry.path, display, settings)
            else:
                self.skip(shown_as, "binary by its extension")


def _excluded_because(pattern, path: str) -> str:
    where = "" if path.rstrip("/") == path.rstrip("/").rsplit("/", 1)[-1] else f" (at {path})"
    return f'excluded by "{pattern.text}" from {pattern.source}{where}'


def discover(paths: list[Path], settings: Settings, force_exclude: bool = False, tree=None,
             explain: bool = False) -> Discovery:
    """The files to scan under ``paths``; ``tree`` (a SettingsTree) gives each folder its nearest
    config's settings; ``explain`` records why each skipped file or folder is skipped."""
    result = Discovery()
    walker = _Walker(settings, result, tree, explain)
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
            walker.named_file(path, display, force_exclude)
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
