"""Per-module summary of the last `mutmut run` (reads mutants/**/*.meta; run from the repo root).

    python bench/mutation_summary.py [--equivalent bench/mutation_equivalent.txt] [--survivors]

``--equivalent`` names a file listing, one a line, mutants judged equivalent (a mutant name, then
`#` and the reason); those are counted apart and left out of the kill rate."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", None: "not checked"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--equivalent", type=Path)
    parser.add_argument("--survivors", action="store_true", help="list the survivors not judged equivalent")
    args = parser.parse_args()
    equivalent = set()
    if args.equivalent and args.equivalent.exists():
        for line in args.equivalent.read_text().splitlines():
            name = line.split("#", 1)[0].strip()
            if name:
                equivalent.add(name)
    rows, left = [], []
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        counts = Counter()
        for name, code in codes.items():
            status = STATUS.get(code, "suspicious")
            if status in ("killed", "timeout"):
                counts["killed"] += 1
            elif name in equivalent:
                counts["equivalent"] += 1
            else:
                counts[status] += 1
                if status != "killed":
                    left.append(name)
        module = str(meta.relative_to("mutants"))[:-len(".meta")]
        rows.append((module, len(codes), counts))
    print(f"{'module':48} {'total':>6} {'killed':>6} {'surv':>5} {'notest':>6} {'equiv':>5} {'rate':>7}")
    totals = Counter()
    for module, total, counts in rows:
        live = total - counts["equivalent"]
        rate = counts["killed"] / live if live else 1.0
        print(f"{module:48} {total:6} {counts['killed']:6} {counts['survived']:5} {counts['no tests']:6} "
              f"{counts['equivalent']:5} {rate:7.1%}")
        totals.update(counts)
        totals["total"] += total
    live = totals["total"] - totals["equivalent"]
    print(f"{'TOTAL':48} {totals['total']:6} {totals['killed']:6} {totals['survived']:5} "
          f"{totals['no tests']:6} {totals['equivalent']:5} {totals['killed'] / max(live, 1):7.1%}")
    if args.survivors:
        print("\n".join(left))


if __name__ == "__main__":
    main()
