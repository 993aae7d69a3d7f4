#!/usr/bin/env python3
"""Benchmark klint against Semgrep and Ruff on a sparse and a dense tree.

    python bench/run.py                 # build the trees (first run downloads Django), time, print
    python bench/run.py --runs 5 --output bench/results.md

Trees (built under --workdir, default bench/.work, ignored by git):
  sparse  Django's sdist from PyPI (~2,900 Python files, no Klaviyo code) plus the Klaviyo
          samples from tests/samples/: what a large monorepo with a little Klaviyo code looks like.
  dense   2,000 generated Python / TypeScript / JavaScript files that all use Klaviyo, most with
          findings.

Tools: klint cold (`--no-cache`, the default worker count), klint warm (cache filled, tree
unchanged), Semgrep with bench/klaviyo-semgrep.yml, and Ruff's default rules, each where installed
(`semgrep`/`ruff` on PATH, or --semgrep / --ruff). Every command runs --runs times; the table gives
medians and the ratio to Semgrep. This is a measurement to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DJANGO = "django==5.2.8"


def build_sparse(workdir: Path) -> Path:
    tree = workdir / "sparse"
    if tree.exists():
        return tree
    download = workdir / "download"
    download.mkdir(parents=True, exist_ok=True)
    if not list(download.glob("*.tar.gz")):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        DJANGO, "-d", str(download)], check=True)
    archive = next(download.glob("*.tar.gz"))
    staging = workdir / "sparse.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(staging, filter="data") if sys.version_info >= (3, 12) else tar.extractall(staging)
    shutil.copytree(ROOT / "tests" / "samples", staging / "klaviyo_integration")
    staging.rename(tree)
    return tree


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
    staging.rename(tree)
    return tree


def median_seconds(command: list[str], runs: int, cwd: Path, setup: list[str] | None = None) -> float:
    times = []
    for _ in range(runs):
        if setup:
            subprocess.run(setup, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=HERE / ".work")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--semgrep", default=shutil.which("semgrep"))
    parser.add_argument("--ruff", default=shutil.which("ruff"))
    parser.add_argument("--output", type=Path, help="also write the Markdown table here")
    options = parser.parse_args()

    options.workdir.mkdir(parents=True, exist_ok=True)
    trees = {"sparse": build_sparse(options.workdir), "dense": build_dense(options.workdir)}
    klint = [sys.executable, "-m", "klint", "--exit-zero", "-q", "-f", "json", "-o", os.devnull]
    cache = options.workdir / "klint-cache"
    rules = HERE / "klaviyo-semgrep.yml"

    rows = []
    for name, tree in trees.items():
        files = sum(1 for path in tree.rglob("*") if path.is_file())
        timings: dict[str, float] = {}
        timings["klint cold"] = median_seconds([*klint, "--no-cache", "."], options.runs, tree)
        subprocess.run([*klint, "--cache-dir", str(cache), "."], cwd=tree)  # fill the cache
        timings["klint warm"] = median_seconds([*klint, "--cache-dir", str(cache), "."], options.runs, tree)
        timings["klint cold -j1"] = median_seconds([*klint, "--no-cache", "-j", "1", "."], options.runs, tree)
        if options.semgrep:
            (tree / ".semgrepignore").write_text("", encoding="utf-8")  # scan tests/ too, like klint
            timings["semgrep"] = median_seconds(
                [options.semgrep, "scan", "--metrics=off", "--disable-version-check", "--quiet", "--no-git-ignore",
                 "--config", str(rules), "--json", "-o", os.devnull, "."], options.runs, tree)
        if options.ruff:
            timings["ruff"] = median_seconds([options.ruff, "check", "--isolated", "--no-cache",
                                              "--exit-zero", "-q", "."], options.runs, tree)
        rows.append((name, files, timings))

    lines = [f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
             f"median of {options.runs} runs.", "",
             "| tree | files | tool | seconds | × Semgrep |", "|---|---|---|---|---|"]
    for name, files, timings in rows:
        semgrep = timings.get("semgrep")
        for tool, seconds in timings.items():
            ratio = f"{seconds / semgrep:.2f}" if semgrep else "n/a"
            lines.append(f"| {name} | {files} | {tool} | {seconds:.2f} | {ratio} |")
    table = "\n".join(lines) + "\n"
    print(table)
    if options.output:
        options.output.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
