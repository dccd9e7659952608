"""Merge the results of a run split with --cases/--tag into results.json and summary.md.

    /work/main/.venv/bin/python benchmarks/user_corpus/round5/merge_results.py seg0 seg1 seg2 seg3
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import functions as F  # noqa: E402
import judge  # noqa: E402


def main(tags):
    rows, notes, wall = [], [], 0.0
    if tags and tags[0].startswith("--note="):
        notes.append(tags.pop(0)[len("--note="):])
    for tag in tags:
        with open(os.path.join(HERE, f"results_{tag}.json")) as fh:
            part = json.load(fh)
        seen = {r["case"] for r in rows}
        rows += [r for r in part["rows"] if r["case"] not in seen]  # a case run twice: the first
        wall += part["wall_s"]
        notes += [n for n in part["notes"] if n not in notes]
        notes += [n for n in part.get("env", []) if n not in notes]
    done = {r["case"] for r in rows}
    cases = [c for c in F.CASES if c.name in done]
    notes.append(f"merged from {', '.join(tags)}; cases not run: "
                 f"{[c.name for c in F.CASES if c.name not in done] or 'none'}")
    with open(os.path.join(HERE, "results.json"), "w") as fh:
        json.dump({"wall_s": wall, "notes": notes, "rows": rows}, fh, indent=0, default=str)
    summary = judge.summarise(rows, cases, notes, wall)
    with open(os.path.join(HERE, "summary.md"), "w") as fh:
        fh.write(summary)
    print(summary)


if __name__ == "__main__":
    main(sys.argv[1:])
