"""Run every performance row script (`row_*.py`) and write the table of figures vs goals.

Run: .venv/bin/python benchmarks/perf/run_perf.py [--readme]
Each script runs in its own interpreter; its ``ROW`` lines become the rows of
``benchmarks/perf/PERF.md``. With ``--readme`` the table also replaces the part of README.md
between the ``perf-table`` markers. Exits with status 1 when a script fails.
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
    lines = [f"Machine: {machine()}. One run of `benchmarks/perf/run_perf.py`; each ratio is "
             "measured within one script run.", "",
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


if __name__ == "__main__":
    rows, failed = [], []
    for script in sorted(HERE.glob("row_*.py")):
        print(f"\n== {script.name}", flush=True)
        script_rows, ok = run_script(script)
        rows += script_rows
        if not ok:
            failed.append(script.name)
    text = table(rows)
    (HERE / "PERF.md").write_text(text)
    if "--readme" in sys.argv:
        write_readme(text)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    sys.exit(1 if failed else 0)
