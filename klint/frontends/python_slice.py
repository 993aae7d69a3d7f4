"""Which statements of a Python file can matter to a rule: the only ones LibCST has to build.

LibCST costs about ten times what CPython's own parser does, and most of a large module has
nothing to do with Klaviyo. CPython's tree (already built to gate the file) is cut into units:
top-level statements, and the statements of top-level class bodies. A unit is kept when

- it is a *seed*: it uses a name imported from an HTTP client, HMAC or Klaviyo SDK module, or
  from a project module that does; it calls an SDK resource (`client.Profiles.…(`); it holds a
  word a rule looks for (`429`, `revision`, `phone_number`, `Klaviyo-Signature`, a string that
  names Klaviyo other than a documentation link or the `Klaviyo-API-Key` scheme prefix); or it
  logs something that can hold a key (the word says so, or it names something that does);
- it defines a name a kept unit mentions (values flow in: constants, settings, helpers called);
- it mentions a name a kept seed, function or class defines (helpers are judged at their
  callers, instances are used elsewhere);
- it is an import that a kept unit uses or that names Klaviyo or one of those modules.

Dropped units are left out; each kept line keeps its text, so LibCST's positions in the slice
become the file's by one table of line numbers (columns do not change). Questions about the whole file (is a name read anywhere, where
does a new import go) are answered on the whole file by the model. Mentions are read from the
text, so they over-approximate: a slice can only be larger than needed. Tests compare every
sample with slicing on and off (tests/test_prefilter.py).
"""

from __future__ import annotations

import ast
import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from klint import klaviyo
from klint.source import LINE_BREAK_RE

# Modules whose calls the model recognises: HTTP clients, HMAC, the Klaviyo SDKs and legacy
# libraries (klint/frontends/python_semantics.py).
SINK_MODULES = frozenset({"requests", "httpx", "aiohttp", "urllib.request", "http.client", "hmac", "hashlib",
                          "klaviyo_api", *klaviyo.LEGACY_PYTHON_PACKAGES})


@lru_cache(maxsize=4096)  # asked for every import of every module read
def _is_sink_module(dotted: str) -> bool:
    """`requests`, `requests.adapters`, `urllib.request`, and `urllib` (its `.request` may be
    used), but not `urllib.parse`."""
    return any(dotted == module or dotted.startswith(f"{module}.") or module.startswith(f"{dotted}.")
               for module in SINK_MODULES)
_SDK_GROUPS = "|".join(sorted(klaviyo.PYTHON_SDK_GROUPS))
# Words that make a unit a seed whatever it imports (case-insensitive).
SEED_RE = re.compile(
    # KL004 reads revisions in dict keys, `_REVISION` / `default_headers["revision"]` overrides and
    # module constants named for one; KL009 phone numbers under a key or keyword (not the fields
    # of a model class, `revision: str = Field(…)`).
    rf"\b429\b|[\"']revision[\"']|_revision\b|^\w*revision\w*[ \t]*(?::[^=\n]*)?=(?!=)"
    rf"|^[ \t]+\w*revision\w*[ \t]*=(?!=)"  # in an `if` at the top level
    rf"|[\"']phone_?number[\"']|phone_?number[ \t]*=(?!=)|klaviyo[-_](?:signature|timestamp|webhook|hmac)|klaviyo-(?=[\"'{{])"
    rf"|\burlopen\b|(?-i:\.(?:{_SDK_GROUPS})\s*\.\s*\w+\s*\()"  # `client.Profiles.get_profile(`
    # A Klaviyo URL a rule can judge as legacy: an /api path, a port, or the host where the string
    # ends or a hole follows (not prose: `developers.klaviyo.com for details`, an e-mail address).
    rf"|klaviyo\.com(?:/api\b|:\d|/?[\"'`{{}}%\\])",
    re.IGNORECASE | re.MULTILINE)
# What can hold a key (KL020 reports logging it): a word that says so, or a name defined from one.
_KEYISH_RE = re.compile(r"klaviyo|pk_|private|secret|authorization|api_?key", re.IGNORECASE)
_KEYISH_WORDS = ("klaviyo", "pk_", "private", "secret", "authorization", "apikey", "api_key")


def _is_keyish(text: str) -> bool:
    """_KEYISH_RE.search, with plain substring searches where lowercasing is IGNORECASE (ASCII)."""
    if text.isascii():
        lowered = text.lower()
        return any(word in lowered for word in _KEYISH_WORDS)
    return _KEYISH_RE.search(text) is not None


_LOG_CALL_RE = re.compile(r"\bprint\s*\(|(?:log|logger|logging)\s*\.\s*\w+\s*\(", re.IGNORECASE)
_IDENTIFIER_RE = re.compile(r"[A-Za-z_]\w*")
_SELF_STORE_RE = re.compile(
    r"\b(?:self|cls)\s*\.\s*(\w+)\s*(?:\.\s*\w+\s*|\[[^\n]*?\]\s*)?"
    r"(?::[^=\n]*)?(?:[-+*/%|&^@]|//|<<|>>|\*\*)?=(?!=)|\b(?:self|cls)\s*\.\s*(\w+)(?:\s*\.\s*\w+)?\s*\.\s*"
    r"(?:update|setdefault|append|extend|insert|pop|clear)\s*\(")
_GLOBAL_RE = re.compile(r"\b(?:global|nonlocal)\s+(\w+(?:\s*,\s*\w+)*)")


@dataclass
class _Unit:
    first: int  # 1-based line numbers, inclusive
    last: int
    node: ast.stmt
    text: str = ""
    docstring: range = range(0)  # its docstring's lines
    defines: set[str] = field(default_factory=set)
    mentions: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)  # names read after a dot
    is_import: bool = False
    is_code: bool = False  # a function or class: what it defines is called from elsewhere
    owner: "_Unit | None" = None  # the class whose body it is in
    members: list["_Unit"] = field(default_factory=list)  # a class's body units


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None) or ()
    return min([node.lineno, *(d.lineno for d in decorators)])


def _target_names(target: ast.expr) -> set[str]:
    """Names a store binds or changes: `x`, `x.attr` / `x[k]` (a change of x), tuples of them."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(element) for element in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    if isinstance(target, (ast.Attribute, ast.Subscript)):
        return _target_names(target.value) | ({target.attr} if isinstance(target, ast.Attribute) else set())
    return set()


def _defined_names(node: ast.stmt) -> tuple[set[str], bool, bool]:
    """(names the statement binds or changes at its own level, is it an import, is it code)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}, False, True
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name.split(".")[0]) for alias in node.names}, True, False
    names: set[str] = set()
    is_import = False
    # Compound statements (if / try / with / for at the top level) bind what their bodies do.
    for inner in ast.walk(node):
        if isinstance(inner, (ast.Import, ast.ImportFrom)):
            is_import = True
            names |= {(alias.asname or alias.name.split(".")[0]) for alias in inner.names}
        elif isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(inner.name)
        elif isinstance(inner, ast.Assign):
            for target in inner.targets:
                names |= _target_names(target)
        elif isinstance(inner, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
            names |= _target_names(inner.target)
        elif isinstance(inner, ast.NamedExpr):
            names |= _target_names(inner.target)
        elif isinstance(inner, (ast.With, ast.AsyncWith)):
            for item in inner.items:
                if item.optional_vars is not None:
                    names |= _target_names(item.optional_vars)
        elif isinstance(inner, ast.ExceptHandler) and inner.name:
            names.add(inner.name)
        elif isinstance(inner, ast.Delete):
            for target in inner.targets:
                names |= _target_names(target)
        elif isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute):
            names |= _target_names(inner.func.value)  # `HEADERS.update(…)`: a change of HEADERS
    return names, is_import, False


def _docstring_lines(node: ast.stmt) -> range | None:
    body = getattr(node, "body", None)
    if not body or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Constant) \
            or not isinstance(body[0].value.value, str) or body[0].lineno == node.lineno:
        return None
    return range(body[0].lineno, body[0].end_lineno + 1)


class OverBudget(Exception):
    pass


def scan(tree: ast.Module, max_nodes: int, max_depth: int) -> dict:
    """Every node of CPython's tree, once: counts them and their depth against the budgets
    (OverBudget(reason) past them) and collects the names each statement reads (`Name` ids, with
    `Attribute` names apart): for each top-level statement, for the header of each top-level
    class or `if` (its bases, decorators, test) and for each statement of their bodies.
    Names in strings and comments are not names: prose never links two statements."""
    found: dict = {}
    count = 1

    def walk(roots, depth: int, sets: tuple[set[str], set[str]]) -> None:
        nonlocal count
        mentions, attributes = sets
        stack = [(root, depth) for root in roots]
        while stack:
            node, level = stack.pop()
            count += 1
            if count > max_nodes:
                raise OverBudget(f"more than {max_nodes:,} syntax nodes")
            if level > max_depth:
                raise OverBudget(f"expressions nested more than {max_depth} levels deep")
            kind = type(node)
            if kind is ast.Name:
                mentions.add(node.id)
            elif kind is ast.Attribute:
                attributes.add(node.attr)
            elif kind is ast.Global or kind is ast.Nonlocal:
                mentions.update(node.names)
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, ast.AST):
                    stack.append((value, level + 1))
                elif isinstance(value, list):
                    stack.extend((item, level + 1) for item in value if isinstance(item, ast.AST))

    for statement in tree.body:
        whole: tuple[set[str], set[str]] = (set(), set())
        bodies = [statement.body, statement.orelse] if isinstance(statement, ast.If) else \
            [statement.body] if isinstance(statement, ast.ClassDef) else []
        if bodies:
            count += 1  # the statement itself
            header = (set(), set())
            in_body = {id(child) for body in bodies for child in body}
            walk([value for name in statement._fields for value in _children(statement, name)
                  if id(value) not in in_body], 3, header)
            for body in bodies:
                for child in body:
                    own: tuple[set[str], set[str]] = (set(), set())
                    walk([child], 3, own)
                    found[id(child)] = own
                    whole[0].update(own[0])
                    whole[1].update(own[1])
            found[("header", id(statement))] = header
            whole[0].update(header[0])
            whole[1].update(header[1])
        else:
            walk([statement], 2, whole)
        found[id(statement)] = whole
    return found


def _children(node: ast.AST, name: str) -> list[ast.AST]:
    value = getattr(node, name, None)
    if isinstance(value, ast.AST):
        return [value]
    return [item for item in value if isinstance(item, ast.AST)] if isinstance(value, list) else []


class PythonSlice:
    """The statements of one file that can matter, as text without the others."""

    def __init__(self, tree: ast.Module, text: str,
                 project_import_kind: Callable[[str], set[str]] | None = None, names: dict | None = None) -> None:
        """``project_import_kind(qualname)`` says what a name imported from a project module can be:
        "sink" when its module makes a recognised call, "keyish" when it can hold a key."""
        self.text = text
        self._searchable = joined_lines(text)  # what the seed searches read
        self.names = names if names is not None else scan(tree, 1 << 62, 1 << 62)
        self.lines = LINE_BREAK_RE.split(text)
        self.breaks = [match.group() for match in LINE_BREAK_RE.finditer(text)]
        self.units: list[_Unit] = []
        for node in tree.body:
            unit = self._unit(node)
            self.units.append(unit)
            if isinstance(node, ast.ClassDef) and node.body and node.body[0].lineno > node.lineno:
                unit.members = [self._unit(member, unit) for member in node.body]
                # The class itself is its header (decorators, bases): its body is in its members.
                unit.text = "\n".join(self.lines[unit.first - 1:unit.members[0].first - 1])
                self._name(unit, ("header", id(node)))
            elif _only_imports(node):  # `if TYPE_CHECKING:` and its imports: each import on its own
                unit.members = [self._unit(member, unit) for member in (*node.body, *node.orelse)]
                unit.text = self.lines[unit.first - 1]
                self._name(unit, ("header", id(node)))
                unit.defines = set()
        self.sink_names: set[str] = set()
        self.keyish_names: set[str] = set()
        for unit in self.units:
            if unit.is_import:
                self._classify_imports(unit, project_import_kind)
        # Which unit each line's words count for (members over their class; not docstrings,
        # not a class body's lines between members), for searching the whole text at once.
        self._line_starts = [0, *(match.end() for match in LINE_BREAK_RE.finditer(text))]
        self._owner: list[_Unit | None] = [None] * (len(self.lines) + 2)
        for unit in self.units:
            for member in (unit, *unit.members):
                last = member.last if member is not unit or not unit.members else unit.members[0].first - 1
                for number in range(member.first, last + 1):
                    self._owner[number] = None if _is_prose(member.node) else member
                for number in member.docstring:
                    self._owner[number] = None

    def _unit(self, node: ast.stmt, owner: _Unit | None = None) -> _Unit:
        unit = _Unit(_first_line(node), node.end_lineno or node.lineno, node, owner=owner)
        unit.text = "\n".join(self.lines[unit.first - 1:unit.last])
        unit.docstring = _docstring_lines(node) or range(0)
        unit.defines, unit.is_import, unit.is_code = _defined_names(node)
        if owner is not None and unit.is_code:  # a method: the instance attributes it stores
            unit.defines |= {name for match in _SELF_STORE_RE.finditer(unit.text) for name in match.groups() if name}
        if unit.is_code:
            unit.defines |= {name.strip() for match in _GLOBAL_RE.finditer(unit.text)
                             for name in match.group(1).split(",")}
        self._name(unit, id(node))
        return unit

    def _name(self, unit: _Unit, key) -> None:
        """What the unit reads: names (attribute names too) and attribute names apart."""
        mentions, attributes = self.names[key]
        unit.mentions = mentions | attributes
        unit.attributes = attributes

    def _classify_imports(self, unit: _Unit, project_import_kind) -> None:
        for inner in ast.walk(unit.node):
            if isinstance(inner, ast.Import):
                for alias in inner.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    self._classify(bound, alias.name, _is_sink_module(alias.name), project_import_kind)
            elif isinstance(inner, ast.ImportFrom):
                module = inner.module or ""
                prefix = "." * inner.level + (f"{module}." if module else "")
                for alias in inner.names:
                    if alias.name != "*":
                        self._classify(alias.asname or alias.name, prefix + alias.name,
                                       not inner.level and _is_sink_module(f"{module}.{alias.name}"),
                                       project_import_kind)

    def _classify(self, bound: str, qualname: str, sink_module: bool, project_import_kind) -> None:
        kinds = {"sink"} if sink_module else project_import_kind(qualname) if project_import_kind else set()
        if "sink" in kinds:
            self.sink_names.add(bound)
        if "keyish" in kinds:
            self.keyish_names.add(bound)

    # --- the closure ---------------------------------------------------------------------------

    def _all_units(self) -> list[_Unit]:
        """Every unit: top-level statements, and for a class both its header and its members."""
        return [unit for top in self.units for unit in (top, *top.members)]

    def kept_text(self, wanted: frozenset[str] = frozenset()) -> str | None:
        """The file without the units that cannot matter (``line_map`` gives each of its lines'
        number in the file); None when all of it matters.
        ``wanted``: names another module imports from this one (their definitions are kept)."""
        units = self._all_units()
        defined_by: dict[str, list[_Unit]] = {}
        top_defined_by: dict[str, list[_Unit]] = {}  # module-level names: read by bare name
        member_defined_by: dict[str, list[_Unit]] = {}  # class members: read as attributes
        mentioned_by: dict[str, list[_Unit]] = {}
        for unit in units:
            for name in unit.defines:
                defined_by.setdefault(name, []).append(unit)
                (member_defined_by if unit.owner is not None else top_defined_by).setdefault(name, []).append(unit)
            for name in unit.mentions:
                mentioned_by.setdefault(name, []).append(unit)
        line_mates = _line_mates(self.units)

        queue: list[tuple[_Unit, bool]] = [(unit, True) for unit in self._seeds(units, mentioned_by)]
        queue += [(unit, False) for unit in self._imports_that_matter()]
        queue += [(unit, False) for name in sorted(wanted) for unit in defined_by.get(name, ())]
        kept: set[int] = set()
        spread: set[int] = set()  # seeds and their users: whoever mentions what they define is kept
        live: set[int] = set()  # classes kept by name: instances exist, their members can be read
        read_attributes: set[str] = set()  # attribute names kept code reads
        while queue:
            unit, spreads = queue.pop()
            if id(unit) in kept and (not spreads or id(unit) in spread):
                continue
            kept.add(id(unit))
            queue.extend((mate, False) for mate in line_mates.get(id(unit), ()))
            if unit.members and unit.owner is None:  # a class used by name: what building one
                live.add(id(unit))  # reads, and the members kept code reads as attributes
                queue.extend((member, False) for member in unit.members
                             if not _is_plain_method(member.node) or member.defines & read_attributes)
            if spreads:
                spread.add(id(unit))
                for name in unit.defines:
                    queue.extend((user, True) for user in mentioned_by.get(name, ()) if id(user) not in spread)
            # A kept member keeps its class's header: what the bases and decorators name too.
            for name in unit.mentions | (unit.owner.mentions if unit.owner is not None else set()):
                queue.extend((definition, False) for definition in top_defined_by.get(name, ())
                             if id(definition) not in kept)
            # Members are read as attributes (or by name from their own class body), and only
            # from classes that can have instances here, or from the member's own class.
            attributes = unit.attributes | (unit.mentions if unit.owner is not None else set())
            read_attributes |= attributes
            for name in attributes:
                queue.extend((member, False) for member in member_defined_by.get(name, ())
                             if id(member) not in kept and (id(member.owner) in live or member.owner is unit.owner))
        self._kept_names = {name for name, definitions in defined_by.items()
                            if all(id(definition) in kept for definition in definitions)}
        self._defined_names = set(defined_by)
        return self._render(kept)

    def defines(self, name: str) -> bool:
        return name in self._defined_names

    def keeps(self, name: str) -> bool:
        """Are all the definitions of ``name`` in the slice last made?"""
        return name in self._kept_names

    def _matching(self, pattern: re.Pattern[str]) -> set[int]:
        """The units (by id) whose code, docstrings aside, holds a match: one search of the text."""
        found = set()
        for match in pattern.finditer(self._searchable):
            owner = self._owner[bisect.bisect_right(self._line_starts, match.start())]
            if owner is not None:
                found.add(id(owner))
        return found

    def _keyish_names(self, units: list[_Unit], mentioned_by: dict[str, list[_Unit]], keyish_units: set[int]) -> set[str]:
        """Names that can hold a key: defined by a unit that says so or uses such a name."""
        names = set(self.keyish_names) | self.sink_names
        queue = [unit for unit in units if id(unit) in keyish_units]
        queue += [user for name in sorted(names) for user in mentioned_by.get(name, ())]
        seen: set[int] = set()
        while queue:
            unit = queue.pop()
            if id(unit) in seen:
                continue
            seen.add(id(unit))
            for name in unit.defines - names:
                names.add(name)
                queue.extend(mentioned_by.get(name, ()))
        return names

    def _seeds(self, units: list[_Unit], mentioned_by: dict[str, list[_Unit]]) -> list[_Unit]:
        keyish_units = self._matching(_KEYISH_RE)
        keyish = self._keyish_names(units, mentioned_by, keyish_units)
        seeded = self._matching(SEED_RE)
        logging = self._matching(_LOG_CALL_RE)
        return [unit for unit in units if not unit.is_import and not _is_prose(unit.node) and (
            id(unit) in seeded
            or (not self.sink_names.isdisjoint(unit.mentions) and uses_any(unit.text, self.sink_names & unit.mentions))
            or (id(unit) in logging and (id(unit) in keyish_units or not keyish.isdisjoint(unit.mentions))))]

    def _imports_that_matter(self) -> list[_Unit]:
        """Imports of Klaviyo or of a recognised module, and one of the SDK: the model asks
        whether the file imports it at all, and one import (the shortest kind) answers that."""
        imports = [unit for unit in self._all_units() if unit.is_import and not unit.members]
        sdk = sorted((unit for unit in imports if _imports_sdk(unit.node)),
                     key=lambda unit: (not isinstance(unit.node, (ast.Import, ast.ImportFrom)), unit.first))
        return [unit for unit in imports if _imports_what_matters(unit.node)] + sdk[:1]

    def _render(self, kept: set[int]) -> str | None:
        keep = [True] * (len(self.lines) + 1)  # by line number; lines between statements stay
        dropped = False

        def wanted(unit: _Unit) -> bool:
            return id(unit) in kept

        for top in self.units:
            if top.members:
                pieces = [(member, wanted(member)) for member in top.members]
                if not any(keep_it for _, keep_it in pieces):
                    pieces = [(top, False)]
            else:
                pieces = [(top, wanted(top))]
            for unit, keep_it in pieces:
                if not keep_it:
                    dropped = True
                    for number in range(unit.first, unit.last + 1):
                        keep[number] = False
        if not dropped:
            return None
        out = []
        self.line_map = []  # the file's line number of each line of the slice
        for number, line in enumerate(self.lines, 1):
            if keep[number]:
                self.line_map.append(number)
                out.append(line)
                out.append(self.breaks[number - 1] if number <= len(self.breaks) else "")
        return "".join(out)


def _is_plain_method(node: ast.stmt) -> bool:
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not (
        node.name.startswith("__") and node.name.endswith("__"))


def _only_imports(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and bool(node.body) and all(
        isinstance(inner, (ast.Import, ast.ImportFrom)) for inner in (*node.body, *node.orelse)) and \
        node.body[0].lineno > node.lineno


def _is_prose(node: ast.stmt) -> bool:
    """A bare string statement (a docstring): prose the model does not read as a value."""
    return isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr)) and \
        not isinstance(getattr(node.value, "value", ""), (int, float, complex))


def _line_mates(tops: list[_Unit]) -> dict[int, list[_Unit]]:
    """Units that share a line (`a = 1; b = 2`): kept together, so no statement is ever cut."""
    mates: dict[int, list[_Unit]] = {}
    for siblings in [tops, *(top.members for top in tops if top.members)]:
        for before, after in zip(siblings, siblings[1:]):
            if after.first <= before.last:
                mates.setdefault(id(before), []).append(after)
                mates.setdefault(id(after), []).append(before)
    return mates


def _imports_sdk(node: ast.stmt) -> bool:
    return any(isinstance(inner, ast.ImportFrom) and (inner.module or "").split(".")[0] in ("klaviyo_api", "openapi_client")
               or isinstance(inner, ast.Import) and any(alias.name.split(".")[0] in ("klaviyo_api", "openapi_client")
                                                        for alias in inner.names)
               for inner in ast.walk(node))


def _imports_what_matters(node: ast.stmt) -> bool:
    """An import of Klaviyo, of a recognised module, from `__future__`, or a star import."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Import):
            modules = [alias.name for alias in inner.names]
        elif isinstance(inner, ast.ImportFrom):
            if any(alias.name == "*" for alias in inner.names):
                return True
            modules = [inner.module or ""]
        else:
            continue
        for module in modules:
            if _is_sink_module(module) or module == "__future__" or "klaviyo" in module.lower():
                return True
    return False


# --- other modules of the project ----------------------------------------------------------------

_MODULE_SINK_RE = re.compile(rf"\burlopen\b|\.(?:{_SDK_GROUPS})\s*\.\s*\w+\s*\(")
_FROM_IMPORT_RE = re.compile(r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)", re.MULTILINE)
_IMPORT_RE = re.compile(r"^[ \t]*import[ \t]+([\w.][\w., \t]*)", re.MULTILINE)
_COMMENT_LINE_RE = re.compile(r"^[ \t]*#[^\n]*", re.MULTILINE)


def _inert_uses(names: set[str]) -> re.Pattern[str]:
    """Uses of a module that make no call and no value: a comment line, an import, or setting an
    attribute of something in it (`httplib.HTTPConnection.debuglevel = 1`)."""
    alternatives = "|".join(sorted(map(re.escape, names)))
    return re.compile(rf"^[ \t]*#[^\n]*|^[ \t]*(?:from|import)[ \t][^\n]*"
                      rf"|^[ \t]*(?:{alternatives})(?:[ \t]*\.[ \t]*\w+)+[ \t]*=(?!=)[^\n]*", re.MULTILINE)


def uses_any(text: str, names: set[str]) -> bool:
    """Does ``text`` use one of ``names`` other than inertly?"""
    if not names:
        return False
    stripped = _inert_uses(names).sub("", text)
    return not names.isdisjoint(_IDENTIFIER_RE.findall(stripped))


def module_kinds(project, path) -> set[str]:
    """What the names a project module exports can be: "sink" when it uses a module whose calls
    the model recognises (or a project module that does), "keyish" when one of them can hold a
    key. Judged on the text (imports read with a regex), once per module and process."""
    kinds, _exact, read = _module_kinds(project, path, set())
    project.peeked.update(read)  # a linted file's results depend on what decided its slice
    return kinds


def _module_kinds(project, path, on_stack: set) -> tuple[set[str], bool, frozenset]:
    """(kinds, exact, the files read for it): a module in an import cycle is judged assuming the modules above it on the
    stack are neither, which may be too little; such answers are not remembered, the answer for
    the module asked about is (all it reaches has been looked at by then)."""
    from klint.frontends.python_semantics import locate_python_module

    key = ("python-kinds", path)
    if key in project.memo:
        return (*project.memo[key][:1], True, project.memo[key][1])
    if path in on_stack:
        return set(), False, frozenset()
    text = project.text_of(path)
    if text is None:
        return set(), True, frozenset()
    on_stack.add(path)
    exact = True
    read = {path}
    kinds: set[str] = {"keyish"} if _is_keyish(text) else set()
    sink_names: set[str] = set()
    for bound, qualname in _module_imports(text):
        if not qualname.startswith(".") and _is_sink_module(qualname):
            sink_names.add(bound)
            continue
        located = locate_python_module(project, path, qualname)
        if located is None or located[0] == path:
            continue
        imported, imported_exact, imported_read = _module_kinds(project, located[0], on_stack)
        exact = exact and imported_exact
        read |= imported_read
        kinds |= imported & {"keyish"}
        if "sink" in imported:
            sink_names.add(bound)
    on_stack.discard(path)
    if _MODULE_SINK_RE.search(text) or uses_any(text, sink_names):
        kinds.add("sink")
    if exact or not on_stack:
        project.memo[key] = (kinds, frozenset(read))
    return kinds, exact, frozenset(read)


_CONTINUATION_RE = re.compile(r"\\\r?\n")


def joined_lines(text: str) -> str:
    """The text with each backslash line continuation blanked (same length, so offsets hold):
    `from app.settings import \\` and `print \\` then `(key)` read as one line."""
    return _CONTINUATION_RE.sub(lambda match: " " * len(match.group()), text) if "\\" in text else text


def _module_imports(text: str) -> list[tuple[str, str]]:
    """(the name bound, the qualified name imported) of each import, read with a regex."""
    text = joined_lines(text)
    found = []
    for match in _FROM_IMPORT_RE.finditer(text):
        module = match.group(1)
        prefix = module if module.endswith(".") else f"{module}."
        for alias in match.group(2).strip("()").replace("\\", " ").split(","):
            words = alias.split()
            if words and words[0] != "*":
                found.append((words[-1], prefix + words[0]))
    for match in _IMPORT_RE.finditer(text):
        for alias in match.group(1).split(","):
            words = alias.split()
            if words:
                found.append((words[-1] if len(words) == 3 else words[0].split(".")[0], words[0]))
    return found


def imports_module_mentioning(project, path, text: str, word: str) -> bool:
    """Does the file import a module of the project whose text holds ``word`` (or that imports
    one, as an `__init__.py` re-exports)? (The pre-filter's second pass: the module words it
    matched on, `settings`, are shared by half of Django.)"""
    from klint.frontends import reaches_mention

    return reaches_mention(project, _imported_modules, path, text, word)


def _imported_modules(project, path, text: str) -> list:
    """The project files the file's imports name, in order, once each."""
    from klint.frontends.python_semantics import locate_python_module

    found = []
    for _bound, qualname in _module_imports(text):
        for candidate in (qualname, f"{qualname}._"):  # a module, or what holds `settings.X`
            located = locate_python_module(project, path, candidate)
            if located is not None:
                if located[0] not in found:
                    found.append(located[0])
                break
    return found


# What the text of a file must hold for its slice to have a seed (a superset of what the units
# are searched for): the seed and logging words, a name of a recognised module, or an import
# of a project module whose names can be sinks.
_SINK_WORD_RE = re.compile(r"\b(?:requests|httpx|aiohttp|urllib|urlopen|hmac|hashlib|klaviyo_api|klaviyo_sdk)\b"
                           r"|\bhttp\b(?!:)|^[^\n#]*\bimport\b[^\n]*\bklaviyo\b|\bfrom\s+klaviyo\b", re.MULTILINE)


class _NothingMatters:
    """The slice of a file none of whose statements can matter: empty. An importer asking for any
    name has the whole file read instead."""

    line_map: list[int] = []

    def kept_text(self, wanted: frozenset[str] = frozenset()) -> str:
        return ""

    def defines(self, name: str) -> bool:
        return True

    def keeps(self, name: str) -> bool:
        return False


NOTHING_MATTERS = _NothingMatters()


# Supersets of the three searches above, each led by a literal: Python's regex engine scans for
# a leading literal at C speed, while `\b` or `^` first, IGNORECASE or a long alternation check
# every position (the exact searches took 2.8 s on the 14 MB of the Python SDK, these 0.15 s).
# On lowercased text, which for ASCII is what IGNORECASE matches.
_QUICK_LOWERED = tuple(re.compile(pattern) for pattern in (
    r"429", r"revision", r"phone_?number(?:[\"']|[ \t]*=(?!=))", r"klaviyo(?:[-_](?:signature|timestamp|webhook|hmac)|-[\"'{])", r"urlopen",
    r"klaviyo\.com(?:/api\b|:\d|/?[\"'`{}%\\])", r"print\s*\(", r"log(?:ger|ging)?\s*\.\s*\w+\s*\("))
_QUICK_CASED = tuple(re.compile(pattern) for pattern in (
    rf"\.(?:{_SDK_GROUPS})\s*\.\s*\w+\s*\(", r"http\b(?!:)", r"import\b[^\n]*\bklaviyo\b", r"from\s+klaviyo\b",
    r"(?:requests|httpx|aiohttp|urllib|hmac|hashlib|klaviyo_api|klaviyo_sdk)\b"))


def _has_seed_words(text: str) -> bool:
    text = joined_lines(text)
    if text.isascii():
        lowered = text.lower()
        if not any(pattern.search(lowered) for pattern in _QUICK_LOWERED) and \
                not any(pattern.search(text) for pattern in _QUICK_CASED):
            return False
    return bool(SEED_RE.search(text) or _LOG_CALL_RE.search(text) or _SINK_WORD_RE.search(text))


def may_have_seeds(text: str, project, path) -> bool:
    """False when no statement of the file can matter: its model is then empty (the file's
    imports of what matters would make this True)."""
    if _has_seed_words(text):
        return True
    if project is None:
        return False
    for _bound, qualname in _module_imports(text.replace(";", "\n")):
        if _is_sink_module(qualname.lstrip(".")) or "sink" in project.import_kinds(path, qualname):
            return True
    return False
