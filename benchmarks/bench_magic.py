"""``%%gradient`` on the seed with every engine: warm (same kernel) and cold (a fresh kernel).

Run: .venv/bin/python benchmarks/bench_magic.py [--repeat 5]
Goals: warm <= 1.5 s with timing, <= 0.3 s with --no-timing; cold (a new kernel: start,
``%load_ext gradlab`` and the first ``%%gradient``) <= 8 s.

Warm runs re-run the same cell, as a user does; cold runs start a new kernel each time, so the
engines' imports and first compiles count (PyTensor's on-disk compile cache is left as it is:
a user's machine has it warm after the first session).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

SEED = "def func(q, chi, delta):\n    return q * chi * delta\n"
LINE = "q=1 chi=2 delta=3"


def warm(repeat: int) -> dict[str, list[float]]:
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "gradlab")
    times: dict[str, list[float]] = {"first in process": [], "warm": [], "warm --no-timing": []}
    with capture_output():
        start = time.perf_counter()
        shell.run_cell_magic("gradient", LINE, SEED)
        times["first in process"].append(time.perf_counter() - start)
        for label, options in (("warm", ""), ("warm --no-timing", " --no-timing")):
            for _ in range(repeat):
                start = time.perf_counter()
                shell.run_cell_magic("gradient", LINE + options, SEED)
                times[label].append(time.perf_counter() - start)
    return times


def cold(repeat: int) -> dict[str, list[float]]:
    from jupyter_client.manager import KernelManager

    times: dict[str, list[float]] = {"cold: kernel start": [], "cold: first %%gradient": []}
    with tempfile.TemporaryDirectory() as folder:
        _kernelspec(folder)
        for _ in range(repeat):
            start = time.perf_counter()
            manager = KernelManager(kernel_name="python3")
            manager.start_kernel()
            client = manager.client()
            client.start_channels()
            try:
                client.wait_for_ready(timeout=120)
                started = time.perf_counter()
                _execute(client, "%load_ext gradlab\n")
                _execute(client, f"%%gradient {LINE}\n{SEED}")
                done = time.perf_counter()
            finally:
                client.stop_channels()
                manager.shutdown_kernel(now=True)
            times["cold: kernel start"].append(started - start)
            times["cold: first %%gradient"].append(done - started)
    return times


def _kernelspec(folder: str) -> None:
    """A python3 kernelspec running this interpreter, found first through JUPYTER_PATH."""
    spec = os.path.join(folder, "kernels", "python3")
    os.makedirs(spec)
    with open(os.path.join(spec, "kernel.json"), "w") as handle:
        json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f",
                            "{connection_file}"],
                   "display_name": "Python 3", "language": "python"}, handle)
    os.environ["JUPYTER_PATH"] = folder
    os.environ.setdefault("MPLBACKEND", "Agg")


def _execute(client, code: str) -> None:
    reply = client.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r} failed: {reply['content'].get('evalue')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold-repeat", type=int, default=3)
    args = parser.parse_args()
    results = {**warm(args.repeat), **cold(args.cold_repeat)}
    results["cold: start + first %%gradient"] = [
        start + first for start, first in
        zip(results["cold: kernel start"], results["cold: first %%gradient"])]
    goals = {"warm": 1.5, "warm --no-timing": 0.3, "cold: start + first %%gradient": 8.0}
    print(f"{'%%gradient on the seed, every engine':40s} {'median':>8s} {'min':>8s} "
          f"{'max':>8s}  goal (on the median)")
    for label, values in results.items():
        median = statistics.median(values)
        goal = ""
        if label in goals:
            goal = f"<= {goals[label]:g} s  {'meets' if median <= goals[label] else 'MISSES'}"
        print(f"{label:40s} {median:7.3f}s {min(values):7.3f}s {max(values):7.3f}s  {goal}")


if __name__ == "__main__":
    main()
