"""Manifest front end: every dependency declaration, with the exact place it is written.

Formats: requirements files (and the files they pull in with -r / -c), pyproject.toml (PEP 621,
PEP 735 dependency-groups, Poetry, PDM), setup.cfg, setup.py (read with LibCST, never run),
Pipfile, conda environment.yml (its pip section), package.json. Specifiers are judged with
`packaging` (Python) and a semver-pin check (npm). TOML is parsed with tomllib; since it gives
no positions, declarations are located in the text table by table. JSON is read with a small
position-keeping parser, so each key has its line even when it is duplicated.
"""

from __future__ import annotations

import configparser
import json
import re
import sys
from collections import deque
from dataclasses import dataclass
from typing import Any, Iterator

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from klint.context import FileContext
from klint.findings import Span
from klint.frontends import FrontEndError, manifest_kind

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Declaration:
    ecosystem: str  # "pypi" or "npm"
    name: str  # canonical (PEP 503 for PyPI)
    spec: str  # the constraint as written: "^23.0.0", ">=20", "", "git+…@main"
    span: Span
    pinned: bool  # an exact version, or an immutable reference (commit, file URL)
    version: str | None  # the exact version when pinned by version
    where: str  # "dependencies", "[tool.poetry.dependencies]", …


# --- judging specifiers ------------------------------------------------------------------------

_SHA_RE = re.compile(r"^[0-9a-f]{7,40}$")
_VERSION_TAG_RE = re.compile(r"^v?\d+(?:\.\d+)*$")
_NPM_EXACT_RE = re.compile(r"^=?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$")


def _immutable_vcs_ref(url: str) -> bool:
    """`git+https://…@<sha>` or `…@v25.0.0` (also `#<sha>` for npm); a branch or no ref is not."""
    body = url.split("#", 1)
    ref = ""
    if len(body) == 2 and not body[1].startswith("egg="):
        ref = body[1].split("&")[0]
    path = body[0]
    if not ref and "@" in path.rsplit("/", 1)[-1]:
        ref = path.rsplit("@", 1)[-1]
    return bool(ref) and bool(_SHA_RE.match(ref) or _VERSION_TAG_RE.match(ref))


def judge_pep508(requirement: Requirement) -> tuple[bool, str | None, str]:
    """(pinned, exact version, the spec as text) for a parsed PEP 508 requirement."""
    if requirement.url:
        url = requirement.url
        if url.startswith(("git+", "hg+", "svn+", "bzr+")):
            return _immutable_vcs_ref(url), None, url
        return True, None, url  # a fixed archive or wheel file
    specifiers = list(requirement.specifier)
    text = str(requirement.specifier)
    if len(specifiers) == 1 and specifiers[0].operator in ("==", "===") and "*" not in specifiers[0].version:
        return True, specifiers[0].version, text
    return False, None, text


def judge_poetry(spec: str) -> tuple[bool, str | None]:
    """Poetry's constraint syntax: a bare "25.0.0" or "==25.0.0" is exact; ^, ~, *, ranges are not."""
    spec = spec.strip()
    match = re.match(r"^(?:==|===)?\s*v?(\d+(?:\.\d+)*(?:[a-z]+\d*)?)$", spec)
    if match:
        return True, match.group(1)
    return False, None


def judge_npm(spec: str) -> tuple[bool | None, str | None]:
    """(pinned, version); pinned is None for out-of-scope specs (workspace:, file:, link:)."""
    spec = spec.strip()
    if spec.startswith(("workspace:", "file:", "link:", "portal:")):
        return None, None
    match = _NPM_EXACT_RE.match(spec)
    if match:
        return True, match.group(1)
    if spec.startswith(("git", "github:", "gitlab:", "bitbucket:")) or re.match(r"^[\w.-]+/[\w.-]+(#|$)", spec):
        return _immutable_vcs_ref(spec), None
    if spec.startswith(("http://", "https://")):
        return True, None  # a tarball URL
    return False, None


# --- locating text -----------------------------------------------------------------------------


def _line_span(ctx: FileContext, line: int, needle: str | None = None, start_col: int = 0) -> Span:
    text = ctx.lines[line - 1] if 0 < line <= len(ctx.lines) else ""
    if needle:
        index = text.find(needle, start_col)
        if index >= 0:
            return Span(line, index + 1, line, index + len(needle) + 1)
    stripped = text.rstrip()
    indent = len(stripped) - len(stripped.lstrip())
    return Span(line, indent + 1, line, len(stripped) + 1)


# --- requirements files --------------------------------------------------------------------------

def _requirements(ctx: FileContext) -> Iterator[Declaration]:
    lines = ctx.text.split("\n")
    index = 0
    while index < len(lines):
        start = index
        logical = lines[index]
        while logical.rstrip().endswith("\\") and index + 1 < len(lines):
            index += 1
            logical = logical.rstrip()[:-1] + " " + lines[index]
        index += 1
        content = re.split(r"(?:^|\s)#", logical, maxsplit=1)[0].strip()
        if not content or content.startswith("-") and not content.startswith(("-e ", "--editable")):
            continue
        content = re.sub(r"^(?:-e|--editable)\s+", "", content)
        content = re.split(r"\s+--?[a-z]", content, maxsplit=1)[0].strip()  # --hash=… and friends
        declaration = _from_pep508(ctx, content, start + 1, "requirements")
        if declaration is not None:
            yield declaration


def _egg_name(url: str) -> str | None:
    match = re.search(r"[#&]egg=([A-Za-z0-9_.-]+)", url)
    return match.group(1) if match else None


def _from_pep508(ctx: FileContext, text: str, line: int, where: str, needle: str | None = None) -> Declaration | None:
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        egg = _egg_name(text)  # a bare VCS URL with #egg=name
        if egg is None:
            return None
        pinned = _immutable_vcs_ref(text) if text.startswith(("git+", "hg+", "svn+", "bzr+")) else True
        return Declaration("pypi", canonicalize_name(egg), text, _line_span(ctx, line, needle or text),
                           pinned, None, where)
    pinned, version, spec = judge_pep508(requirement)
    return Declaration("pypi", canonicalize_name(requirement.name), spec,
                       _line_span(ctx, line, needle or text.split(";")[0].strip()), pinned, version, where)


# --- TOML (pyproject.toml, Pipfile) ---------------------------------------------------------------

_TABLE_RE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _toml_key_parts(header: str) -> tuple[str, ...]:
    return tuple(part.strip().strip('"').strip("'") for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', header))


_TOML_KEY_RE = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")
_TOML_STRING_RE = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'""")


class _TomlLocator:
    """Finds where a table's key or a string inside a table is written.

    Each table's keys and strings are indexed in one pass over its lines, so locating every
    declaration of a 10,000-dependency manifest is linear, not quadratic.
    """

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.lines: dict[tuple[str, ...], list[int]] = {}  # table path -> its line numbers
        self.headers: dict[tuple[str, ...], int] = {}  # table path -> its first header line
        current: tuple[str, ...] = ()
        for number, line in enumerate(ctx.lines, start=1):
            match = _TABLE_RE.match(line)
            if match:
                current = _toml_key_parts(match.group(1))
                self.headers.setdefault(current, number)
            self.lines.setdefault(current, []).append(number)
        self.keys: dict[tuple[str, ...], dict[str, int]] = {}
        self.strings: dict[tuple[str, ...], dict[str, deque[tuple[int, int]]]] = {}

    def header_line(self, table: tuple[str, ...]) -> int | None:
        return self.headers.get(table)

    def key(self, table: tuple[str, ...], key: str) -> Span | None:
        """`key = …` (bare or quoted, or a dotted key that starts with it) inside ``table``."""
        keys = self.keys.get(table)
        if keys is None:
            keys = self.keys[table] = {}
            for number in self.lines.get(table, ()):
                match = _TOML_KEY_RE.match(self.ctx.lines[number - 1])
                if match:
                    keys.setdefault(next(g for g in match.groups() if g is not None).lower(), number)
        number = keys.get(key.lower())
        return _line_span(self.ctx, number) if number else None

    def string(self, table: tuple[str, ...], value: str) -> Span | None:
        """The next unused occurrence of the quoted string ``value`` inside ``table``."""
        strings = self.strings.get(table)
        if strings is None:
            strings = self.strings[table] = {}
            for number in self.lines.get(table, ()):
                for match in _TOML_STRING_RE.finditer(self.ctx.lines[number - 1]):
                    text = match.group(1) if match.group(1) is not None else match.group(2)
                    strings.setdefault(text, deque()).append((number, match.start()))
        places = strings.get(value)
        if not places:
            return None
        number, column = places.popleft()
        return Span(number, column + 2, number, column + 1 + len(value) + 1)


def _load_toml(ctx: FileContext) -> dict[str, Any]:
    try:
        return tomllib.loads(ctx.text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise FrontEndError("manifest", f"invalid TOML: {exc}", int(line.group(1)) if line else None) from exc
    except RecursionError as exc:  # the file's fault, not a bug in a rule
        raise FrontEndError("manifest", "invalid TOML: nested too deeply") from exc


def _table(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)  # type: ignore[assignment]
    return data


def _pep508_list(ctx: FileContext, locator: _TomlLocator, values: Any, table: tuple[str, ...],
                 where: str) -> Iterator[Declaration]:
    if not isinstance(values, list):
        return
    for item in values:
        if not isinstance(item, str):
            continue  # PEP 735 {include-group = "…"}
        span = locator.string(table, item)
        if span is None:
            continue
        declaration = _from_pep508(ctx, item, span.start_line, where, needle=item)
        if declaration is not None:
            yield declaration


def _pyproject(ctx: FileContext) -> Iterator[Declaration]:
    data = _load_toml(ctx)
    locator = _TomlLocator(ctx)
    project = data.get("project", {})
    if isinstance(project, dict):
        yield from _pep508_list(ctx, locator, project.get("dependencies"), ("project",), "[project] dependencies")
        optional = project.get("optional-dependencies", {})
        if isinstance(optional, dict):
            for group, values in optional.items():
                table = ("project", "optional-dependencies")
                if locator.header_line(table) is None:
                    table = ("project",)
                yield from _pep508_list(ctx, locator, values, table, f"[project.optional-dependencies] {group}")
    groups = data.get("dependency-groups", {})
    if isinstance(groups, dict):
        for group, values in groups.items():
            yield from _pep508_list(ctx, locator, values, ("dependency-groups",), f"[dependency-groups] {group}")
    pdm = _table(data, ("tool", "pdm", "dev-dependencies"))
    if isinstance(pdm, dict):
        for group, values in pdm.items():
            yield from _pep508_list(ctx, locator, values, ("tool", "pdm", "dev-dependencies"),
                                    f"[tool.pdm.dev-dependencies] {group}")
    poetry = _table(data, ("tool", "poetry"))
    if isinstance(poetry, dict):
        tables = [("tool", "poetry", "dependencies"), ("tool", "poetry", "dev-dependencies")]
        for group in (poetry.get("group") or {}):
            tables.append(("tool", "poetry", "group", group, "dependencies"))
        for table in tables:
            yield from _poetry_table(ctx, locator, _table(data, table), table)


def _poetry_table(ctx: FileContext, locator: _TomlLocator, deps: Any, table: tuple[str, ...]) -> Iterator[Declaration]:
    if not isinstance(deps, dict):
        return
    where = "[" + ".".join(table) + "]"
    for name, value in deps.items():
        span = locator.key(table, name) or _subtable_span(locator, (*table, name))
        if span is None:
            continue
        constraints = value if isinstance(value, list) else [value]  # multiple-constraint lists
        for constraint in constraints:
            pinned, version, spec = _poetry_constraint(constraint)
            if spec is not None:
                yield Declaration("pypi", canonicalize_name(name), spec, span, pinned, version, where)


def _subtable_span(locator: _TomlLocator, table: tuple[str, ...]) -> Span | None:
    line = locator.header_line(table)
    return _line_span(locator.ctx, line) if line else None


def _poetry_constraint(value: Any) -> tuple[bool, str | None, str | None]:
    """(pinned, version, spec); spec None when out of scope (a local path)."""
    if isinstance(value, str):
        return (*judge_poetry(value), value)
    if not isinstance(value, dict):
        return False, None, None
    if "path" in value:
        return False, None, None
    if "git" in value:
        for ref_key in ("rev", "tag"):
            ref = value.get(ref_key)
            if isinstance(ref, str) and (_SHA_RE.match(ref) or _VERSION_TAG_RE.match(ref)):
                return True, None, f"git {ref}"
        return False, None, f"git {value.get('branch', 'default branch')}"
    if "url" in value:
        return True, None, value["url"]
    version = value.get("version")
    if isinstance(version, str):
        return (*judge_poetry(version), version)
    return False, None, ""


def _pipfile(ctx: FileContext) -> Iterator[Declaration]:
    data = _load_toml(ctx)
    locator = _TomlLocator(ctx)
    for section in ("packages", "dev-packages"):
        deps = data.get(section)
        if not isinstance(deps, dict):
            continue
        for name, value in deps.items():
            span = locator.key((section,), name) or _subtable_span(locator, (section, name))
            if span is None:
                continue
            if isinstance(value, dict) and "git" in value:
                ref = value.get("ref", "")
                pinned = bool(isinstance(ref, str) and (_SHA_RE.match(ref) or _VERSION_TAG_RE.match(ref)))
                yield Declaration("pypi", canonicalize_name(name), f"git {ref or 'default branch'}", span,
                                  pinned, None, f"[{section}]")
                continue
            if isinstance(value, dict) and ("path" in value or "file" in value):
                continue
            spec = value.get("version", "*") if isinstance(value, dict) else value
            if not isinstance(spec, str):
                continue
            try:
                requirement = Requirement(name + ("" if spec.strip() == "*" else spec))
            except InvalidRequirement:
                yield Declaration("pypi", canonicalize_name(name), spec, span, False, None, f"[{section}]")
                continue
            pinned, version, _ = judge_pep508(requirement)
            yield Declaration("pypi", canonicalize_name(name), spec, span, pinned, version, f"[{section}]")


# --- setup.cfg, setup.py, environment.yml ----------------------------------------------------------


def _setup_cfg(ctx: FileContext) -> Iterator[Declaration]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(ctx.text)
    except configparser.Error as exc:
        raise FrontEndError("manifest", f"invalid setup.cfg: {exc}".splitlines()[0]) from exc
    values: list[tuple[tuple[str, str], str, str]] = []
    if parser.has_option("options", "install_requires"):
        values.append((("options", "install_requires"), "[options] install_requires",
                       parser.get("options", "install_requires")))
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            values.append((("options.extras_require", extra), f"[options.extras_require] {extra}", value))
    options = _cfg_option_lines(ctx)
    for (section, option), where, value in values:
        # The value's lines follow its option line, in order: one forward scan per option.
        line = options.get((section, option), 1)
        for item in value.splitlines():
            item = item.split("#", 1)[0].strip()
            if not item:
                continue
            found = next((n for n in range(line, len(ctx.lines) + 1) if item in ctx.lines[n - 1]), None)
            if found is None:
                continue
            line = found + 1
            declaration = _from_pep508(ctx, item, found, where, needle=item)
            if declaration is not None:
                yield declaration


_CFG_SECTION_RE = re.compile(r"^\s*\[([^\]]+)\]")
_CFG_OPTION_RE = re.compile(r"^([^\s=:#;][^=:]*?)\s*[=:]")


def _cfg_option_lines(ctx: FileContext) -> dict[tuple[str, str], int]:
    """(section, option) -> the line an option starts on (options lower-cased, as configparser)."""
    lines: dict[tuple[str, str], int] = {}
    section = ""
    for number, text in enumerate(ctx.lines, start=1):
        header = _CFG_SECTION_RE.match(text)
        if header:
            section = header.group(1).strip()
            continue
        option = _CFG_OPTION_RE.match(text)
        if option:
            lines.setdefault((section, option.group(1).strip().lower()), number)
    return lines


def _setup_py(ctx: FileContext) -> Iterator[Declaration]:
    import libcst as cst

    from klint.frontends.values import DictValue, ListValue, StrValue

    sem = ctx.model
    for call in sem.calls:
        target, method = sem.callee(call)
        qualname = getattr(target, "qualname", "")
        if method is not None or qualname not in ("setuptools.setup", "distutils.core.setup"):
            continue
        for keyword in ("install_requires", "extras_require", "setup_requires", "tests_require"):
            node = sem.arg(call.node, None, keyword)
            if node is None:
                continue
            value = sem.evaluate(node, call.site)
            lists = [entry.value for entry in value.entries.values()] if isinstance(value, DictValue) else [value]
            for item_list in lists:
                if not isinstance(item_list, ListValue):
                    continue
                for item in item_list.items:
                    if isinstance(item, StrValue) and item.text is not None and len(item.nodes) == 1:
                        literal: cst.CSTNode = item.nodes[0]
                        span = ctx.model.span(literal)
                        declaration = _from_pep508(ctx, item.text, span.start_line, f"setup({keyword}=…)")
                        if declaration is not None:
                            yield Declaration(declaration.ecosystem, declaration.name, declaration.spec,
                                              span, declaration.pinned, declaration.version, declaration.where)


def _environment_yml(ctx: FileContext) -> Iterator[Declaration]:
    """A conda environment's `- pip:` list (conda's own entries are not PyPI packages)."""
    pip_indent: int | None = None
    for number, line in enumerate(ctx.lines, start=1):
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        indent = len(stripped) - len(stripped.lstrip())
        item = re.match(r"^\s*-\s+(.*)$", stripped)
        if item and item.group(1).strip() in ("pip:", "pip :"):
            pip_indent = indent
            continue
        if pip_indent is not None and (indent <= pip_indent):
            pip_indent = None
        if pip_indent is not None and item:
            spec = item.group(1).strip().strip("'\"")
            declaration = _from_pep508(ctx, spec, number, "environment.yml pip", needle=spec)
            if declaration is not None:
                yield declaration


# --- package.json ----------------------------------------------------------------------------------

NPM_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


@dataclass
class _JsonString:
    value: str
    offset: int
    end: int


class _JsonReader:
    """JSON with the offset of every string: objects become lists of (key, value) pairs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, message: str) -> FrontEndError:
        line = self.text.count("\n", 0, self.pos) + 1
        return FrontEndError("manifest", f"invalid JSON: {message} (line {line})", line)

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def value(self) -> Any:
        self.skip()
        if self.pos >= len(self.text):
            raise self.fail("unexpected end of file")
        char = self.text[self.pos]
        if char == "{":
            return self.object()
        if char == "[":
            return self.array()
        if char == '"':
            return self.string()
        match = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null").match(self.text, self.pos)
        if not match:
            raise self.fail(f"unexpected character {char!r}")
        self.pos = match.end()
        return json.loads(match.group())

    def string(self) -> _JsonString:
        match = re.compile(r'"(?:[^"\\\n]|\\.)*"').match(self.text, self.pos)
        if not match:
            raise self.fail("unterminated string")
        start, self.pos = self.pos, match.end()
        try:
            return _JsonString(json.loads(match.group()), start, match.end())
        except json.JSONDecodeError as exc:
            raise self.fail(str(exc)) from exc

    def object(self) -> list[tuple[_JsonString, Any]]:
        self.pos += 1
        pairs: list[tuple[_JsonString, Any]] = []
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return pairs
        while True:
            self.skip()
            if not self.text.startswith('"', self.pos):
                raise self.fail("expected a key")
            key = self.string()
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise self.fail("expected ':'")
            self.pos += 1
            pairs.append((key, self.value()))
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif self.text.startswith("}", self.pos):
                self.pos += 1
                return pairs
            else:
                raise self.fail("expected ',' or '}'")

    def array(self) -> list[Any]:
        self.pos += 1
        items: list[Any] = []
        self.skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif self.text.startswith("]", self.pos):
                self.pos += 1
                return items
            else:
                raise self.fail("expected ',' or ']'")

    def document(self) -> Any:
        result = self.value()
        self.skip()
        if self.pos != len(self.text):
            raise self.fail("extra data after the document")
        return result


def _package_json(ctx: FileContext) -> Iterator[Declaration]:
    try:
        root = _JsonReader(ctx.text).document()
    except RecursionError as exc:  # the file's fault, not a bug in a rule
        raise FrontEndError("manifest", "invalid JSON: nested too deeply") from exc
    if not isinstance(root, list):
        return
    for key, section in root:
        if key.value not in NPM_SECTIONS or not isinstance(section, list):
            continue
        effective: dict[str, tuple[_JsonString, _JsonString]] = {}
        for name, spec in section:
            if isinstance(spec, _JsonString):
                effective[name.value] = (name, spec)  # a repeated key: the last one counts, as in npm
        for name, spec in effective.values():
            package, text = name.value, spec.value
            alias = re.match(r"^npm:((?:@[^/]+/)?[^@]+)@?(.*)$", text)
            if alias:
                package, text = alias.group(1), alias.group(2) or "*"
            pinned, version = judge_npm(text)
            if pinned is None:
                continue
            yield Declaration("npm", package.lower(), text, ctx.span(name.offset, spec.end), pinned, version,
                              key.value)


# --- entry point ---------------------------------------------------------------------------------


_READERS = {
    "package.json": _package_json, "pyproject": _pyproject, "pipfile": _pipfile,
    "setup.cfg": _setup_cfg, "setup.py": _setup_py, "environment": _environment_yml,
    "requirements": _requirements,
}


def declarations(ctx: FileContext) -> list[Declaration]:
    """All dependency declarations of a manifest, in file order."""
    kind = manifest_kind(ctx.path.name)
    return sorted(_READERS[kind](ctx), key=lambda d: (d.span, d.name))
