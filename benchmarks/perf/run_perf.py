"""Run every performance row script (`row_*.py`) and write the table of figures vs goals.

Run: .venv/bin/python benchmarks/perf/run_perf.py [--readme] [row_x.py ...]
Each script runs in its own interpreter; its ``ROW`` lines become the rows of
``benchmarks/perf/PERF.md`` (and ``PERF.json``). Naming scripts reruns only those and keeps the
other scripts' rows from the last run. With ``--readme`` the table also replaces the part of
README.md between the ``perf-table`` markers. Exits with status 1 when a script fails.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
README = HERE.parent.parent / "README.md"
BEGIN, END = "<!-- perf-table:begin -->", "<!-- perf-table:end -->"


def run_script(script: Path) -> tuple[list[dict], bool]:
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          check=False)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr[-2000:] if done.returncode else "")
    rows = [json.loads(line[4:]) for line in done.stdout.splitlines() if line.startswith("ROW ")]
    for row in rows:
        row["script"] = script.name
    return rows, done.returncode == 0


def machine() -> str:
    import numpy

    return (f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
            f"numpy {numpy.__version__}")


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def table(rows: list[dict]) -> str:
    lines = [f"Machine: {machine()}, shared with other work while measured. Each ratio is "
             "measured within one run of its script (raw and gradlab interleaved).", "",
             "| what (script) | measured | goal | |", "|---|---|---|---|"]
    for row in rows:
        mark = "met" if row["met"] else "**missed**"
        note = f" — {row['note']}" if row.get("note") else ""
        lines.append(f"| {row['what']} (`{row['script']}`) | {row['measured']}{note} | "
                     f"{row['goal']} | {mark} |")
    return "\n".join(lines) + "\n"


def write_readme(text: str) -> None:
    readme = README.read_text()
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{BEGIN}\n{text}{END}{tail}")


def earlier_rows() -> dict[str, list[dict]]:
    """The last run's rows, by script."""
    saved = HERE / "PERF.json"
    by_script: dict[str, list[dict]] = {}
    for row in json.loads(saved.read_text()) if saved.exists() else []:
        by_script.setdefault(row["script"], []).append(row)
    return by_script


if __name__ == "__main__":
    chosen = [name for name in sys.argv[1:] if not name.startswith("--")]
    by_script = earlier_rows() if chosen else {}
    failed = []
    for script in sorted(HERE.glob("row_*.py")):
        if chosen and script.name not in chosen:
            continue
        print(f"\n== {script.name}", flush=True)
        by_script[script.name], ok = run_script(script)
        if not ok:
            failed.append(script.name)
    rows = [row for name in sorted(by_script) for row in by_script[name]]
    (HERE / "PERF.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    text = table(rows)
    (HERE / "PERF.md").write_text(text)
    if "--readme" in sys.argv:
        write_readme(text)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    sys.exit(1 if failed else 0)
