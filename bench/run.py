#!/usr/bin/env python3
"""Benchmark klint against Semgrep (and Ruff, if given) on six trees; print one table.

    python bench/run.py                          # build the trees (first run downloads), time, print
    python bench/run.py --runs 3 --semgrep /path/to/semgrep --output results.md
    python bench/run.py --runs 1 --trees dense,module-180k      # a quick look at some trees

Trees (built under --workdir, default bench/.work, ignored by git; downloads are cached there):
  sparse       Django's sdist from PyPI (no Klaviyo code) plus the samples from tests/samples/:
               a large monorepo with a little Klaviyo code.
  dense        2,000 generated Python / TypeScript / JavaScript files that all use Klaviyo.
  pypi-sdk     the klaviyo-api 25.0.0 wheel from PyPI, unzipped (Klaviyo's generated Python SDK).
  npm-sdk      the klaviyo-api 23.0.0 package from npm, untarred (the generated TypeScript SDK with
               its compiled JavaScript).
  real-dense   open-source Klaviyo integrations from PyPI and npm (taps, CLIs, MCP servers, a
               Django app, Medusa / Gatsby / Expo plugins, Segment's Klaviyo destination, old
               community SDKs): 842 files, copied --real-copies times (default 4) into numbered folders. The two big SDKs are not
               in it (they have their own rows). Third-party code is downloaded, never committed.
  module-180k  one generated ~180 KB Python module (Flask routes, SQL helpers, utilities) with
               five functions that call Klaviyo.

In the downloaded trees, folders named dist/ or build/ are renamed (dist_/ build_/) and .gitignore
files removed, so that klint's default excludes and Semgrep's empty .semgrepignore see the same
files.

Per tree: klint cold (`--no-cache`, the default worker count), klint warm (second run, cache filled,
tree unchanged), klint cold -j1 (all with `--no-respect-gitignore`, like Semgrep's `--no-git-ignore`:
the workdir is git-ignored), Semgrep (bench/klaviyo-semgrep.yml, `--no-git-ignore`, an empty
.semgrepignore, `--metrics=off`, no file-size limit), the ratio to Semgrep, and peak memory. Times
are medians of --runs. Peak memory is the ru_maxrss that wait4() returns for the command (the
largest single process of its tree: klint's parent or one of its workers, Semgrep's Python or its
semgrep-core), median over the runs; "tree RSS" and "tree PSS" are the peaks of the summed RSS
and of the summed PSS (shared pages counted once) of klint's whole process tree, sampled from
/proc every 20 ms in one extra cold run; the memory target is judged on the larger of the
largest process and the tree's PSS. "beyond start-up" is klint
cold minus `python -c "import klint.cli"`. The first cold run's JSON report is kept in the workdir
and its diagnostics and findings are counted under the table. This is a measurement to run by
hand, not a test; results depend on the machine's load.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DJANGO = "django==5.2.8"
PYPI_SDK = "klaviyo-api==25.0.0"
NPM_SDK = "klaviyo-api@23.0.0"
# Open-source Klaviyo integrations (checked to exist on the registries, versions pinned).
REAL_PYPI = [
    "tap-klaviyo==1.1.5", "klaviyo-cli==0.11.0", "klaviyo-sdk==1.0.9.20220329",
    "airbyte-source-klaviyo==2.13.1", "universal-mcp-klaviyo==0.1.1", "klaviyo-for-django==0.0.4",
    "klaviyo==3.1.7", "condor-retl-klaviyo==0.1.0", "headless-klaviyo==0.2.1",
    "mcparmory-klaviyo==1.0.3", "odoo12-addon-crm-klaviyo==12.0.1.0.0.99.dev6", "source-klaviyo==1.0.0",
    "dolaru-swagger-client==0.0.4",
]
# (spec, the part of the package to keep: None for all of it)
REAL_NPM = [
    ("@eancarr/klaviyo-medusa@0.2.5", None), ("gatsby-plugin-klaviyo@0.1.2", None),
    ("klaviyo-expo-plugin@0.4.0", None), ("klaviyo-node@1.0.8", None), ("klaviyo-sdk@20220330.0.0", None),
    ("klaviyo-subscribe@1.0.0", None), ("node-klaviyo@1.1.3", None),
    ("@segment/action-destinations@3.497.0", "package/dist/destinations/klaviyo"),
]
REAL_COPIES = 4  # --real-copies; 842 files a copy
TARGETS_NOTE = "results depend on the machine's load: run on an idle machine"


def _slug(spec: str) -> str:
    return spec.lstrip("@").replace("@", "-").replace("/", "-").replace("==", "-")


def _extract(archive: Path, dest: Path) -> None:
    if archive.suffix == ".whl" or archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(dest)
    else:
        with tarfile.open(archive) as tar:
            tar.extractall(dest, filter="data") if sys.version_info >= (3, 12) else tar.extractall(dest)


def pip_fetch(spec: str, workdir: Path, sdist: bool = False) -> Path:
    """Download one distribution (no dependencies) into its own folder; return the archive."""
    folder = workdir / "download" / "pypi" / _slug(spec)
    found = [path for path in folder.glob("*") if path.suffix in (".whl", ".gz", ".zip")] if folder.exists() else []
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        extra = ["--no-binary", ":all:"] if sdist else []
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--ignore-requires-python", *extra,
                        spec, "-d", str(folder)], check=True)
        found = [path for path in folder.glob("*") if path.suffix in (".whl", ".gz", ".zip")]
    return found[0]


def npm_fetch(spec: str, workdir: Path) -> Path:
    """`npm pack` one package into its own folder; return the tarball."""
    folder = workdir / "download" / "npm" / _slug(spec)
    found = list(folder.glob("*.tgz")) if folder.exists() else []
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", "--silent", spec], cwd=folder, check=True, stdout=subprocess.DEVNULL)
        found = list(folder.glob("*.tgz"))
    return found[0]


def _level(tree: Path) -> None:
    """Rename dist/ and build/ folders and drop .gitignore files, so both tools scan the same files."""
    for path in sorted(tree.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and path.name in ("dist", "build"):
            path.rename(path.with_name(path.name + "_"))
        elif path.name == ".gitignore" and path.is_file():
            path.unlink()


def _finish(staging: Path, tree: Path) -> Path:
    (staging / ".semgrepignore").write_text("", encoding="utf-8")  # scan tests/ too, like klint
    staging.rename(tree)
    return tree


def _staged(workdir: Path, name: str, fill: Callable[[Path], None]) -> Path:
    """The tree ``name`` in the workdir, built once: ``fill`` writes it into a staging folder,
    which is renamed into place only when complete (an interrupted build leaves no tree)."""
    tree = workdir / name
    if tree.exists():
        return tree
    staging = workdir / f"{name}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    fill(staging)
    return _finish(staging, tree)


def build_sparse(workdir: Path) -> Path:
    def fill(staging: Path) -> None:
        _extract(pip_fetch(DJANGO, workdir, sdist=True), staging)
        shutil.copytree(ROOT / "tests" / "samples", staging / "klaviyo_integration")

    return _staged(workdir, "sparse", fill)


def build_pypi_sdk(workdir: Path) -> Path:
    def fill(staging: Path) -> None:
        _extract(pip_fetch(PYPI_SDK, workdir), staging)
        _level(staging)

    return _staged(workdir, "pypi-sdk", fill)


def build_npm_sdk(workdir: Path) -> Path:
    def fill(staging: Path) -> None:
        _extract(npm_fetch(NPM_SDK, workdir), staging)
        _level(staging)

    return _staged(workdir, "npm-sdk", fill)


def build_real_dense(workdir: Path) -> Path:
    def fill(staging: Path) -> None:
        shutil.rmtree(workdir / "download" / "npm-unpacked", ignore_errors=True)
        one = staging / "copy0"
        for spec in REAL_PYPI:
            _extract(pip_fetch(spec, workdir), one / _slug(spec))
        for spec, keep in REAL_NPM:
            unpacked = workdir / "download" / "npm-unpacked" / _slug(spec)
            shutil.rmtree(unpacked, ignore_errors=True)
            _extract(npm_fetch(spec, workdir), unpacked)
            shutil.copytree(unpacked / keep if keep else unpacked, one / _slug(spec))
            shutil.rmtree(unpacked)
        _level(one)
        for copy in range(1, REAL_COPIES):
            shutil.copytree(one, staging / f"copy{copy}")

    return _staged(workdir, f"real-dense-{REAL_COPIES}", fill)


_PY_TEMPLATES = [
    'import requests\n\nBASE = "https://a.klaviyo.com/api"\nHEADERS = {{"Authorization": "Klaviyo-API-Key x", "revision": "2024-0{m}-15"}}\n\n\ndef fetch_{i}():\n    return requests.get(f"{{BASE}}/lists/{i}/", headers=HEADERS)\n',
    'from klaviyo_api import KlaviyoAPI\n\nclient = KlaviyoAPI(KEY, max_retries={r})\n\n\ndef sync_{i}(user):\n    client.Profiles.create_profile({{"data": {{"type": "profile", "attributes": {{"email": user.email, "phone_number": "555-01{i:02d}"}}}}}})\n',
    'import hmac, hashlib\n\n# Klaviyo webhook {i}\ndef verify(secret, body, sig):\n    return hmac.new(secret, body, hashlib.sha256).hexdigest() == sig\n',
    'import os\nfrom klaviyo_api import KlaviyoAPI\n\nKLAVIYO = KlaviyoAPI(os.environ["KLAVIYO_PRIVATE_KEY"])\n\n\ndef track_{i}(order):\n    KLAVIYO.Events.create_event({{"data": {{"type": "event", "attributes": {{"properties": {{"n": {i}}}, "unique_id": str(order.id), "metric": {{}}, "profile": {{}}}}}}}})\n',
]
_TS_TEMPLATES = [
    'import axios from "axios";\n\nconst api = axios.create({{ baseURL: "https://a.klaviyo.com/api", headers: {{ revision: "2025-0{m}-15" }} }});\n\nexport const get{i} = () => api.get("/profiles/{i}/");\n',
    'import {{ ApiKeySession, ProfilesApi }} from "klaviyo-api";\n\nconst profiles = new ProfilesApi(new ApiKeySession(process.env.KEY!));\n\nexport async function sync{i}(email: string) {{\n  return profiles.createProfile({{ data: {{ type: "profile", attributes: {{ email, phone_number: "+1500555{i:04d}" }} }} }} as any);\n}}\n',
    'const KEY = "pk_{key}";\n\nexport async function list{i}() {{\n  return fetch(`https://a.klaviyo.com/api/lists/?n={i}`, {{ headers: {{ Authorization: `Klaviyo-API-Key ${{KEY}}` }} }});\n}}\n',
]


def build_dense(workdir: Path, count: int = 2000) -> Path:
    tree = workdir / f"dense-{count}"
    if tree.exists():
        return tree
    staging = workdir / "dense.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    chooser = random.Random(20261126)
    for i in range(count):
        folder = staging / f"service{i % 20}"
        folder.mkdir(parents=True, exist_ok=True)
        values = {"i": i, "m": chooser.choice("1247"), "r": chooser.choice("0135"),
                  "key": "".join(chooser.choice("0123456789abcdef") for _ in range(34))}
        if i % 2:
            template, suffix = chooser.choice(_PY_TEMPLATES), ".py"
        else:
            template, suffix = chooser.choice(_TS_TEMPLATES), chooser.choice([".ts", ".js"])
        (folder / f"module_{i}{suffix}").write_text(template.format(**values), encoding="utf-8")
    return _finish(staging, tree)


# module-180k: realistic unrelated code (none of the downloaded packages has a ~180 KB module that is
# mostly not Klaviyo: their large modules are generated SDK or MCP files, Klaviyo on every line).
_MODULE_HEADER = '''"""Storefront back office: order, customer and catalogue endpoints, reporting, housekeeping."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps

import requests
from flask import Flask, abort, g, jsonify, request
from klaviyo_api import KlaviyoAPI
from sqlalchemy import text

from .db import db
from .auth import login_required

log = logging.getLogger(__name__)
app = Flask(__name__)
KLAVIYO_KEY = os.environ["KLAVIYO_PRIVATE_KEY"]
klaviyo = KlaviyoAPI(KLAVIYO_KEY, max_retries=3)
SLUG = re.compile(r"[^a-z0-9]+")

'''
_MODULE_BLOCKS = [
    '''
@app.route("/api/orders/<int:order_id>/items/{i}", methods=["GET"])
@login_required
def order_items_{i}(order_id):
    """Return one page of an order's items (listing {i})."""
    page = int(request.args.get("page", 1))
    per_page = min(int(request.args.get("per_page", 50)), 200)
    rows = db.session.execute(
        text("SELECT id, sku, quantity, unit_price FROM order_items WHERE order_id = :order_id "
             "ORDER BY id LIMIT :limit OFFSET :offset"),
        {{"order_id": order_id, "limit": per_page, "offset": (page - 1) * per_page}},
    ).fetchall()
    if not rows:
        abort(404)
    return jsonify([{{"id": r.id, "sku": r.sku, "quantity": r.quantity, "price": str(r.unit_price)}} for r in rows])
''',
    '''
def upsert_customer_{i}(conn, customer):
    """Insert or update a customer row; return the number of rows written."""
    with conn.cursor() as cur:
        cur.execute(
            """
            INSERT INTO customers (id, email, first_name, last_name, segment, updated_at)
            VALUES (%s, %s, %s, %s, %s, now())
            ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name,
                last_name = EXCLUDED.last_name, segment = EXCLUDED.segment, updated_at = now()
            """,
            (customer["id"], customer["email"].strip().lower(), customer.get("first_name"),
             customer.get("last_name"), "tier-{i}"),
        )
        count = cur.rowcount
    conn.commit()
    return count
''',
    '''
@dataclass
class LineTotal{i}:
    sku: str
    quantity: int
    unit_price: Decimal
    discounts: list[Decimal] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        gross = self.unit_price * self.quantity
        return max(Decimal("0"), gross - sum(self.discounts, Decimal("0")))

    def as_row(self) -> list[str]:
        return [self.sku, str(self.quantity), f"{{self.unit_price:.2f}}", f"{{self.total:.2f}}"]
''',
    '''
def slugify_{i}(value: str, limit: int = 80) -> str:
    """Lower-case, ASCII-only slug for product {i} URLs."""
    value = SLUG.sub("-", value.strip().lower()).strip("-")
    return value[:limit].rstrip("-") or "item-{i}"


def chunked_{i}(items, size=100):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
''',
    '''
@app.route("/reports/sales/{i}.csv")
@login_required
def sales_report_{i}():
    since = dt.date.fromisoformat(request.args.get("since", "2025-01-01"))
    rows = db.session.execute(
        text("SELECT o.id, o.placed_at, c.email, SUM(i.quantity * i.unit_price) AS total "
             "FROM orders o JOIN customers c ON c.id = o.customer_id JOIN order_items i ON i.order_id = o.id "
             "WHERE o.placed_at >= :since GROUP BY o.id, o.placed_at, c.email ORDER BY o.placed_at"),
        {{"since": since}},
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["order", "placed_at", "email", "total"])
    for row in rows:
        writer.writerow([row.id, row.placed_at.isoformat(), row.email, f"{{row.total:.2f}}"])
    log.info("sales report %s: %d bytes", {i}, buffer.tell())
    return buffer.getvalue(), 200, {{"Content-Type": "text/csv"}}
''',
    '''
def retry_{i}(attempts=3, delay=0.5):
    def decorate(function):
        @wraps(function)
        def wrapper(*args, **kwargs):
            for attempt in range(attempts):
                try:
                    return function(*args, **kwargs)
                except ConnectionError:
                    if attempt == attempts - 1:
                        raise
                    log.warning("retrying %s (%d)", function.__name__, attempt + 1)
        return wrapper
    return decorate


def load_settings_{i}(path):
    with open(path, encoding="utf-8") as handle:
        settings = json.load(handle)
    settings.setdefault("page_size", 50)
    settings.setdefault("currency", "USD")
    return settings
''',
]
_MODULE_KLAVIYO = [
    '''
def track_order_placed(order):
    """Send an "Order Placed" event to Klaviyo."""
    response = requests.post(
        "https://a.klaviyo.com/api/events/",
        headers={"Authorization": f"Klaviyo-API-Key {KLAVIYO_KEY}", "revision": "2024-02-15"},
        json={"data": {"type": "event", "attributes": {
            "metric": {"data": {"type": "metric", "attributes": {"name": "Order Placed"}}},
            "profile": {"data": {"type": "profile", "attributes": {"email": order.email}}},
            "properties": {"order_id": order.id, "value": float(order.total)}}}},
    )
    response.raise_for_status()
''',
    '''
def fetch_profile(email):
    response = requests.get(
        "https://a.klaviyo.com/api/profiles/",
        params={"filter": f'equals(email,"{email}")'},
        headers={"Authorization": f"Klaviyo-API-Key {KLAVIYO_KEY}", "revision": "2025-07-15"},
    )
    return response.json()["data"]
''',
    '''
def sync_customer_profile(customer):
    klaviyo.Profiles.create_profile({"data": {"type": "profile", "attributes": {
        "email": customer.email, "first_name": customer.first_name, "phone_number": customer.phone}}})
''',
    '''
def subscribe_to_newsletter(email, list_id):
    try:
        klaviyo.Lists.create_list_relationships(list_id, {"data": [{"type": "profile", "id": email}]})
    except Exception:
        pass
''',
    '''
def record_refund(refund):
    klaviyo.Events.create_event({"data": {"type": "event", "attributes": {
        "metric": {"data": {"type": "metric", "attributes": {"name": "Refunded Order"}}},
        "profile": {"data": {"type": "profile", "attributes": {"email": refund.email}}},
        "properties": {"refund_id": refund.id}, "value": float(refund.amount)}}})
''',
]


def build_module(workdir: Path, size: int = 180_000) -> Path:
    tree = workdir / "module-180k"
    if tree.exists():
        return tree
    staging = workdir / "module-180k.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    blocks, total, i = [], len(_MODULE_HEADER), 0
    while total < size - sum(len(block) for block in _MODULE_KLAVIYO):
        block = _MODULE_BLOCKS[i % len(_MODULE_BLOCKS)].format(i=i)
        blocks.append(block)
        total += len(block)
        i += 1
    for n, block in enumerate(_MODULE_KLAVIYO):  # spread the five call sites through the module
        blocks.insert((n * 2 + 1) * len(blocks) // 10 + n, block)
    (staging / "backoffice.py").write_text(_MODULE_HEADER + "\n".join(blocks), encoding="utf-8")
    return _finish(staging, tree)


BUILDERS = {"sparse": build_sparse, "dense": build_dense, "pypi-sdk": build_pypi_sdk, "npm-sdk": build_npm_sdk,
            "real-dense": build_real_dense, "module-180k": build_module}


def run_once(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command; return its wall time (s) and the peak RSS (MB) of its largest process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)  # the child's rusage includes its waited-for children
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        print(f"warning: exit {process.returncode}: {' '.join(command)} in {cwd}", file=sys.stderr)
    return elapsed, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int, cwd: Path, setup: list[str] | None = None) -> tuple[float, float]:
    """Median wall time and median peak RSS over `runs` runs."""
    times, peaks = [], []
    for _ in range(runs):
        if setup:
            subprocess.run(setup, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds, peak = run_once(command, cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), statistics.median(peaks)


def _proportional_size(pid: int) -> int:
    """A process's PSS (bytes): its private pages plus its share of pages it shares (a forked
    worker shares most of its parent's), so the sum over a process tree counts each page once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _tree_memory(root: int) -> tuple[int, int]:
    """Summed RSS and summed PSS (bytes) of `root` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total_rss = total_pss = 0
    for pid in rss:
        walk = pid
        while walk > 1 and walk != root:
            walk = parents.get(walk, 0)
        if walk == root:
            total_rss += rss[pid]
            total_pss += _proportional_size(pid)
    return total_rss, total_pss


def sampled_tree_peak(command: list[str], cwd: Path, interval: float = 0.02) -> tuple[float, float]:
    """Peak summed RSS and peak summed PSS (MB) of a command's process tree, sampled every
    `interval` seconds."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            done.wait(interval)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return peak_rss / 2**20, peak_pss / 2**20


def count_files(tree: Path) -> int:
    return sum(1 for path in tree.rglob("*") if path.is_file() and path.name != ".semgrepignore")


def summarise_report(path: Path) -> str:
    """Findings per rule and diagnostics per kind in a klint JSON report."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return f"no readable report ({error})"
    kinds = collections.Counter(str(d.get("kind", "?")) for d in report.get("diagnostics", []))
    by_code = report.get("summary", {}).get("by_code") or collections.Counter(f["code"] for f in report["findings"])
    scanned = report.get("summary", {}).get("files_scanned", "?")
    findings = ", ".join(f"{code} {count}" for code, count in sorted(by_code.items())) or "none"
    diagnostics = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())) or "none"
    return f"{scanned} files scanned; findings: {findings}; diagnostics: {diagnostics}"


def tool_version(command: list[str]) -> str:
    try:
        environment = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}  # else `semgrep --version` waits on the network
        return subprocess.run(command, capture_output=True, text=True, timeout=60,
                              env=environment).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=HERE / ".work")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--trees", default=",".join(BUILDERS), help="comma-separated, from: " + ", ".join(BUILDERS))
    parser.add_argument("--real-copies", type=int, default=REAL_COPIES, help="copies of the real-dense set")
    parser.add_argument("--python", default=sys.executable, help="the Python that runs `-m klint`")
    parser.add_argument("--semgrep", default=shutil.which("semgrep"))
    parser.add_argument("--ruff", default=shutil.which("ruff"))
    parser.add_argument("--no-tree-memory", action="store_true", help="skip the extra sampled-memory run")
    parser.add_argument("--output", type=Path, help="also write the Markdown tables here")
    options = parser.parse_args()

    globals()["REAL_COPIES"] = options.real_copies  # read by build_real_dense
    names = [name.strip() for name in options.trees.split(",") if name.strip()]
    unknown = [name for name in names if name not in BUILDERS]
    if unknown:
        parser.error(f"unknown trees: {', '.join(unknown)}")
    options.workdir = options.workdir.resolve()
    options.workdir.mkdir(parents=True, exist_ok=True)
    trees = {name: BUILDERS[name](options.workdir) for name in names}

    # --no-respect-gitignore mirrors Semgrep's --no-git-ignore (and the workdir itself is git-ignored)
    klint = [options.python, "-m", "klint", "--exit-zero", "-q", "-f", "json", "--no-respect-gitignore"]
    rules = HERE / "klaviyo-semgrep.yml"
    startup, _ = measure([options.python, "-c", "import klint.cli"], max(options.runs, 5), ROOT)

    rows = []
    reports: dict[str, str] = {}
    for name, tree in trees.items():
        print(f"timing {name} ...", file=sys.stderr, flush=True)
        cache = options.workdir / "klint-cache" / name
        shutil.rmtree(cache, ignore_errors=True)
        report = options.workdir / f"report-{name}.json"
        row: dict[str, float | int | str] = {"tree": name, "files": count_files(tree)}
        row["cold"], row["cold MB"] = measure([*klint, "-o", str(report), "--no-cache", "."], options.runs, tree)
        reports[name] = summarise_report(report)
        subprocess.run([*klint, "-o", os.devnull, "--cache-dir", str(cache), "."], cwd=tree,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fill the cache
        row["warm"], _ = measure([*klint, "-o", os.devnull, "--cache-dir", str(cache), "."], options.runs, tree)
        row["cold -j1"], row["-j1 MB"] = measure([*klint, "-o", os.devnull, "--no-cache", "-j", "1", "."],
                                                 options.runs, tree)
        if not options.no_tree_memory:
            row["tree MB"], row["tree PSS MB"] = sampled_tree_peak([*klint, "-o", os.devnull, "--no-cache", "."], tree)
        row["beyond start-up"] = row["cold"] - startup
        if options.semgrep:
            row["semgrep"], row["semgrep MB"] = measure(
                [options.semgrep, "scan", "--metrics=off", "--disable-version-check", "--quiet", "--no-git-ignore",
                 "--max-target-bytes=0", "--config", str(rules), "--json", "-o", os.devnull, "."], options.runs, tree)
            row["× Semgrep"] = row["cold"] / row["semgrep"]
        if options.ruff:
            row["ruff"], _ = measure([options.ruff, "check", "--isolated", "--no-cache", "--exit-zero", "-q", "."],
                                     options.runs, tree)
        rows.append(row)

    versions = (f"{tool_version([options.python, '-m', 'klint', '--version'])}; "
                f"semgrep {tool_version([options.semgrep, '--disable-version-check', '--version']) if options.semgrep else 'not run'}"
                + (f"; {tool_version([options.ruff, '--version'])}" if options.ruff else ""))
    lines = [f"{time.strftime('%Y-%m-%d %H:%M')}; {platform.platform()}, {os.cpu_count()} CPUs, "
             f"load average {os.getloadavg()[0]:.2f} at the end; Python {platform.python_version()}; {versions}; "
             f"median of {options.runs} runs; interpreter start-up + `import klint.cli` {startup:.2f} s.", ""]
    columns = ["tree", "files", "cold", "warm", "cold -j1", "semgrep", "× Semgrep", "beyond start-up",
               "cold MB", "-j1 MB", "tree MB", "tree PSS MB", "semgrep MB", "ruff"]
    columns = [column for column in columns if any(column in row for row in rows)]
    headings = {"cold": "klint cold s", "warm": "warm s", "cold -j1": "cold -j1 s", "semgrep": "Semgrep s",
                "× Semgrep": "cold × Semgrep", "beyond start-up": "cold beyond start-up s",
                "cold MB": "cold peak MB", "-j1 MB": "-j1 peak MB", "tree MB": "cold tree RSS MB (sampled)",
                "tree PSS MB": "cold tree PSS MB (sampled)",
                "semgrep MB": "Semgrep peak MB", "ruff": "ruff s"}
    lines.append("| " + " | ".join(headings.get(column, column) for column in columns) + " |")
    lines.append("|" + "---|" * len(columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "n/a")
            if isinstance(value, float):
                value = f"{value:.0f}" if column.endswith("MB") else f"{value:.2f}"
            cells.append(str(value))
        lines.append("| " + " | ".join(cells) + " |")

    by_tree = {row["tree"]: row for row in rows}
    targets = [("pypi-sdk", "cold ≤ 0.5× Semgrep", "× Semgrep", 0.5, "×"),
               ("pypi-sdk", "peak memory ≤ 300 MB", "cold MB", 300, " MB"),
               ("npm-sdk", "cold ≤ 0.2× Semgrep", "× Semgrep", 0.2, "×"),
               ("real-dense", "cold ≤ 0.5× Semgrep", "× Semgrep", 0.5, "×"),
               ("dense", "cold ≤ 0.5× Semgrep", "× Semgrep", 0.5, "×"),
               ("module-180k", "≤ 0.3 s beyond start-up", "beyond start-up", 0.3, " s"),
               ("sparse", "cold ≤ 0.1× Semgrep", "× Semgrep", 0.1, "×")]
    targets += [(name, "warm ≤ 0.2 s", "warm", 0.2, " s") for name in by_tree]
    lines += ["", "| tree | target | measured | status |", "|---|---|---|---|"]
    for name, label, column, limit, unit in targets:
        row = by_tree.get(name)
        if row is None or column not in row:
            continue
        value = float(row[column])
        if column == "cold MB" and "tree PSS MB" in row:
            # What the tree holds: pages its forked workers share with the parent counted once
            # (PSS); summed RSS counts them once per process.
            shown = (f"{value:.0f} MB largest process; tree {float(row['tree PSS MB']):.0f} MB PSS "
                     f"({float(row['tree MB']):.0f} MB summed RSS)")
            value = max(value, float(row["tree PSS MB"]))
        else:
            shown = f"{value:.0f}{unit}" if unit == " MB" else f"{value:.2f}{unit}"
        lines.append(f"| {name} | {label} | {shown} | {'met' if value <= limit else 'missed'} |")

    lines += ["", "What klint reported on each tree (the first cold run's JSON report):", ""]
    lines += [f"- {name}: {summary}" for name, summary in reports.items()]
    table = "\n".join(lines) + "\n"
    print(table)
    if options.output:
        options.output.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
