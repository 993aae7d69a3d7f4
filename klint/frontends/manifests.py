"""Manifest front end: every dependency declaration, with the exact place it is written.

Formats: requirements files (and the files they pull in with -r / -c), pyproject.toml (PEP 621,
PEP 735 dependency-groups, Poetry, PDM), setup.cfg, setup.py (read with LibCST, never run),
Pipfile, conda environment.yml (its pip section), package.json. Specifiers are judged with
`packaging` (Python) and a semver-pin check (npm). JSON, TOML and YAML are read with their
tree-sitter grammars, which keep every key's and string's position: a commented-out line, an
inline table, a dotted key or a flow mapping is read as the format means it. The standard
library's json and tomllib judge validity first (their messages name the problem); YAML's
validity is the grammar's.
"""

from __future__ import annotations

import configparser
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
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


def _from_pep508(ctx: FileContext, text: str, line: int, where: str, needle: str | None = None,
                 span: Span | None = None) -> Declaration | None:
    """A declaration from a PEP 508 string; at ``span`` when the caller knows it exactly, else
    found on ``line`` (``needle``, or the requirement's text)."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        egg = _egg_name(text)  # a bare VCS URL with #egg=name
        if egg is None:
            return None
        pinned = _immutable_vcs_ref(text) if text.startswith(("git+", "hg+", "svn+", "bzr+")) else True
        return Declaration("pypi", canonicalize_name(egg), text, span or _line_span(ctx, line, needle or text),
                           pinned, None, where)
    pinned, version, spec = judge_pep508(requirement)
    return Declaration("pypi", canonicalize_name(requirement.name), spec,
                       span or _line_span(ctx, line, needle or text.split(";")[0].strip()), pinned, version, where)


# --- JSON, TOML and YAML documents, read with tree-sitter ----------------------------------------


class Str(str):
    """A string value; ``span`` is where its text is written (inside the quotes)."""

    span: Span


class Table(dict):
    """A mapping; ``entries[key]`` spans the key and its value as written (for a TOML table given
    by a header: the header line), ``span`` the mapping itself."""

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.entries: dict[str, Span] = {}
        self.span = span


@lru_cache(maxsize=None)
def _parser(grammar: str):
    import tree_sitter

    return tree_sitter.Parser(tree_sitter.Language(import_module(f"tree_sitter_{grammar}").language()))


def _error_line(root) -> int:
    """The line of the first syntax error under ``root``."""
    node = root
    while True:
        broken = next((child for child in node.children
                       if child.is_error or child.is_missing or child.has_error), None)
        if broken is None or broken.is_error or broken.is_missing:
            return (broken or node).start_point[0] + 1
        node = broken


def _nested_too_deeply(what: str) -> FrontEndError:
    return FrontEndError("manifest", f"invalid {what}: nested too deeply")


class _Document:
    """One file parsed by a grammar, with positions in klint's terms (1-based, code points).
    Subclasses turn the tree into Tables, lists and Strs (other scalars: True/False or None)."""

    grammar = ""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.data = ctx.text.encode("utf-8", "surrogatepass")
        self.root = _parser(self.grammar.lower()).parse(self.data).root_node
        self._columns: dict[int, list[int] | None] = {}  # row -> character index of each byte
        if self.root.has_error:
            line = _error_line(self.root)
            raise FrontEndError("manifest", f"invalid {self.grammar} (line {line})", line)

    @classmethod
    def read(cls, ctx: FileContext) -> Any:
        try:
            return cls(ctx).top()
        except RecursionError as exc:  # the file's fault, not a bug in a rule
            raise _nested_too_deeply(cls.grammar) from exc

    def top(self) -> Any:
        raise NotImplementedError

    def _point(self, row: int, column: int) -> tuple[int, int]:
        """(line, column) of tree-sitter's (row, byte column); each line is mapped once, so a
        minified one-line manifest costs linear time, not a decode per string."""
        if row not in self._columns:
            line = self.ctx.lines[row] if row < len(self.ctx.lines) else ""
            encoded = line.encode("utf-8", "surrogatepass")
            self._columns[row] = None if len(encoded) == len(line) else [
                index for index, char in enumerate(line) for _ in char.encode("utf-8", "surrogatepass")]
        columns = self._columns[row]
        if columns is None:  # ASCII: bytes are characters
            return row + 1, column + 1
        return row + 1, (columns[column] if column < len(columns) else (columns[-1] + 1 if columns else 0)) + 1

    def span(self, node, inset: int = 0) -> Span:
        """The node's span; ``inset`` characters cut from each end (a string's quotes)."""
        start, end = self._point(*node.start_point), self._point(*node.end_point)
        if inset and start[0] == end[0] and end[1] - start[1] >= 2 * inset:
            return Span(start[0], start[1] + inset, end[0], end[1] - inset)
        return Span(*start, *end)

    def text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "surrogatepass")

    def string(self, node, value: str, inset: int) -> Str:
        located = Str(value)
        located.span = self.span(node, inset)
        return located


class _Toml(_Document):
    grammar = "TOML"

    def __init__(self, ctx: FileContext) -> None:
        try:
            tomllib.loads(ctx.text)
        except tomllib.TOMLDecodeError as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise FrontEndError("manifest", f"invalid TOML: {exc}", int(line.group(1)) if line else None) from exc
        super().__init__(ctx)

    def top(self) -> Table:
        top = current = Table(Span(1, 1, 1, 1))
        for node in self.root.named_children:
            if node.type == "pair":
                self._pair(current, node)
            elif node.type in ("table", "table_array_element"):
                current = self._header(top, node)
                for child in node.named_children[1:]:
                    if child.type == "pair":
                        self._pair(current, child)
        return top

    def _keys(self, node) -> list[str]:
        if node.type == "dotted_key":
            return [part for child in node.named_children for part in self._keys(child)]
        if node.type == "quoted_key":
            return [self._decode(self.text(node))]
        return [self.text(node)]

    @staticmethod
    def _decode(literal: str) -> str:
        """A TOML string literal's value: quotes off; escapes and multi-line ones via tomllib."""
        if literal.startswith("'") and not literal.startswith("'''"):
            return literal[1:-1]
        if literal.startswith('"') and not literal.startswith('"""') and "\\" not in literal:
            return literal[1:-1]
        return tomllib.loads(f"v = {literal}")["v"]

    @staticmethod
    def _child_table(table: Table, key: str, span: Span) -> Table:
        value = table.get(key)
        if isinstance(value, list) and value and isinstance(value[-1], Table):
            return value[-1]  # [[a]] then [a.b]: inside the array's last element
        if not isinstance(value, Table):
            value = table[key] = Table(span)
        return value

    def _header(self, top: Table, node) -> Table:
        parts = self._keys(node.named_children[0])
        span = _line_span(self.ctx, node.start_point[0] + 1)
        parent = top
        for part in parts[:-1]:
            parent = self._child_table(parent, part, span)
        if node.type == "table_array_element":
            element = Table(span)
            parent.setdefault(parts[-1], []).append(element)
            return element
        parent.entries.setdefault(parts[-1], span)
        table = self._child_table(parent, parts[-1], span)
        table.span = span
        return table

    def _pair(self, table: Table, node) -> None:
        key, value = node.named_children[0], node.named_children[-1]
        parts = self._keys(key)
        span = self.span(node)
        for part in parts[:-1]:  # a dotted key: `dependencies.klaviyo-api = "^20"`
            table.entries.setdefault(part, span)
            table = self._child_table(table, part, span)
        table[parts[-1]] = self._value(value)
        table.entries[parts[-1]] = span

    def _value(self, node) -> Any:
        if node.type == "string":
            literal = self.text(node)
            return self.string(node, self._decode(literal), 3 if literal[:3] in ('"""', "'''") else 1)
        if node.type == "array":
            return [self._value(child) for child in node.named_children if child.type != "comment"]
        if node.type == "inline_table":
            table = Table(self.span(node))
            for child in node.named_children:
                if child.type == "pair":
                    self._pair(table, child)
            return table
        if node.type == "boolean":
            return self.text(node) == "true"
        return None


class _Json(_Document):
    grammar = "JSON"

    def __init__(self, ctx: FileContext) -> None:
        try:
            json.loads(ctx.text)
        except json.JSONDecodeError as exc:
            raise FrontEndError("manifest", f"invalid JSON: {exc.msg} (line {exc.lineno})", exc.lineno) from exc
        super().__init__(ctx)

    def top(self) -> Any:
        values = [child for child in self.root.named_children if child.type != "comment"]
        return self._value(values[0]) if values else None

    def _value(self, node) -> Any:
        if node.type == "string":
            return self.string(node, json.loads(self.text(node)), 1)
        if node.type == "array":
            return [self._value(child) for child in node.named_children if child.type != "comment"]
        if node.type == "object":
            table = Table(self.span(node))
            for pair in node.named_children:
                if pair.type == "pair":
                    key = json.loads(self.text(pair.child_by_field_name("key")))
                    table[key] = self._value(pair.child_by_field_name("value"))  # a repeated key: the last
                    table.entries[key] = self.span(pair)
            return table
        return None


class _Yaml(_Document):
    """The first YAML document (block scalars and aliases read as None)."""

    grammar = "YAML"
    _WRAPPERS = ("document", "block_node", "flow_node", "block_sequence_item")

    def top(self) -> Any:
        document = next((child for child in self.root.named_children if child.type == "document"), None)
        return self._value(document)

    def _value(self, node) -> Any:
        if node is None:
            return None
        if node.type in self._WRAPPERS:  # past anchors, tags and comments to the content
            content = [child for child in node.named_children if child.type not in ("anchor", "tag", "comment")]
            return self._value(content[-1]) if content else None
        if node.type in ("block_mapping", "flow_mapping"):
            table = Table(self.span(node))
            for pair in node.named_children:
                if pair.type in ("block_mapping_pair", "flow_pair"):
                    key = self._value(pair.child_by_field_name("key"))
                    if isinstance(key, str):
                        table[str(key)] = self._value(pair.child_by_field_name("value"))
                        table.entries[str(key)] = self.span(pair)
            return table
        if node.type in ("block_sequence", "flow_sequence"):
            return [self._value(child) for child in node.named_children if child.type != "comment"]
        if node.type == "plain_scalar":
            return self.string(node, " ".join(self.text(node).split()), 0)
        if node.type == "single_quote_scalar":
            return self.string(node, self.text(node)[1:-1].replace("''", "'"), 1)
        if node.type == "double_quote_scalar":
            text = self.text(node)
            try:
                value = json.loads(text)
            except ValueError:  # a YAML-only escape (\x41, \e): rare in a package name
                value = text[1:-1]
            return self.string(node, value, 1)
        return None


# --- TOML (pyproject.toml, Pipfile) ---------------------------------------------------------------


def _table(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _pep508_list(ctx: FileContext, values: Any, where: str) -> Iterator[Declaration]:
    if not isinstance(values, list):
        return
    for item in values:
        if isinstance(item, Str):  # not PEP 735's {include-group = "…"}
            declaration = _from_pep508(ctx, item, item.span.start_line, where, span=item.span)
            if declaration is not None:
                yield declaration


def _pyproject(ctx: FileContext) -> Iterator[Declaration]:
    data = _Toml.read(ctx)
    project = data.get("project")
    if isinstance(project, dict):
        yield from _pep508_list(ctx, project.get("dependencies"), "[project] dependencies")
        optional = project.get("optional-dependencies")
        if isinstance(optional, dict):
            for group, values in optional.items():
                yield from _pep508_list(ctx, values, f"[project.optional-dependencies] {group}")
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group, values in groups.items():
            yield from _pep508_list(ctx, values, f"[dependency-groups] {group}")
    pdm = _table(data, ("tool", "pdm", "dev-dependencies"))
    if isinstance(pdm, dict):
        for group, values in pdm.items():
            yield from _pep508_list(ctx, values, f"[tool.pdm.dev-dependencies] {group}")
    poetry = _table(data, ("tool", "poetry"))
    if isinstance(poetry, dict):
        tables = [("tool", "poetry", "dependencies"), ("tool", "poetry", "dev-dependencies")]
        poetry_groups = poetry.get("group")
        for group in (poetry_groups if isinstance(poetry_groups, dict) else ()):
            tables.append(("tool", "poetry", "group", group, "dependencies"))
        for table in tables:
            yield from _poetry_table(_table(data, table), table)


def _poetry_table(deps: Any, table: tuple[str, ...]) -> Iterator[Declaration]:
    if not isinstance(deps, Table):
        return
    where = "[" + ".".join(table) + "]"
    for name, value in deps.items():
        span = deps.entries.get(name)
        if span is None:
            continue
        constraints = value if isinstance(value, list) else [value]  # multiple-constraint lists
        for constraint in constraints:
            pinned, version, spec = _poetry_constraint(constraint)
            if spec is not None:
                yield Declaration("pypi", canonicalize_name(name), spec, span, pinned, version, where)


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
    data = _Toml.read(ctx)
    for section in ("packages", "dev-packages"):
        deps = data.get(section)
        if not isinstance(deps, Table):
            continue
        for name, value in deps.items():
            span = deps.entries.get(name)
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
    """A conda environment's `pip:` list, block or flow form (conda's own entries are not PyPI
    packages)."""
    data = _Yaml.read(ctx)
    dependencies = data.get("dependencies") if isinstance(data, dict) else None
    for entry in dependencies if isinstance(dependencies, list) else ():
        pip = entry.get("pip") if isinstance(entry, dict) else None
        yield from _pep508_list(ctx, pip, "environment.yml pip")


# --- package.json ----------------------------------------------------------------------------------

NPM_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def _package_json(ctx: FileContext) -> Iterator[Declaration]:
    root = _Json.read(ctx)
    if not isinstance(root, Table):
        return
    for key, section in root.items():
        if key not in NPM_SECTIONS or not isinstance(section, Table):
            continue
        for name, spec in section.items():  # a repeated key: the last one counts, as in npm
            if not isinstance(spec, Str):
                continue
            package, text = name, str(spec)
            alias = re.match(r"^npm:((?:@[^/]+/)?[^@]+)@?(.*)$", text)
            if alias:
                package, text = alias.group(1), alias.group(2) or "*"
            pinned, version = judge_npm(text)
            if pinned is None:
                continue
            yield Declaration("npm", package.lower(), text, section.entries[name], pinned, version, key)


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
