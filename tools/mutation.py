"""Mutation testing of gradlab's engines, numerics, comparison, cache keys and parser (mutmut 3).

Run as ``make mutation`` or ``python tools/mutation.py [--groups a,b] [--sample N] [--all]``.

The modules are split into groups, each with the tests that exercise it (a pytest ``-k``
expression keeps e.g. the numpy.gradient group to the tests that use that engine). Each group
runs mutmut in its own working folder, ``mutants/groups/<group>/``, whose ``pyproject.toml`` is
the repository's with the group's ``[tool.mutmut]`` settings, so mutmut's test statistics of
one group never invalidate another's. By default a seeded sample of ``--sample`` mutants (300)
is drawn over all groups, in proportion to their sizes (``--groups`` runs part of that same
sample); the report, with every survivor's diff, goes to ``mutation-report.md``.

mutmut runs a mutant against the tests that called its function while it mapped them; code run
at import time or inside a closure is not mapped to the tests that use it, so its survivors are
run a second time against every selected test (tools/mutation_testmap.py). ``--rerun`` runs the
sampled mutants that were not detected again (after new tests), and ``--sampled-results``
reports the sample from the last results of each group. Mutants that cannot change any result
are listed with their reasons in tools/mutation_equivalents.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mutation_equivalents import EQUIVALENT
from mutation_testmap import widen_test_map

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutants" / "groups"
MUTMUT = Path(sys.executable).with_name("mutmut")


@dataclass(frozen=True)
class Group:
    modules: tuple[str, ...]  # globs under the repository
    tests: tuple[str, ...]  # globs under tests/
    keyword: str | None = None  # pytest -k expression

    def files(self) -> list[str]:
        return sorted({str(path.relative_to(ROOT)) for pattern in self.modules
                       for path in ROOT.glob(pattern)})


ENGINE_TESTS = ("test_engines.py", "test_check.py", "test_compare.py", "test_rebind.py",
                "test_rebind_calls.py", "test_trust.py", "test_option_values.py")
KNOWN = ("test_mutants_*.py",)
# gradlab.numerics but numpy.gradient's stencils (in the numpy_gradient group)
NUMERICS = tuple(f"gradlab/numerics/{name}.py" for name in (
    "__init__", "agreement", "complex_difference", "differences", "evaluator", "extrapolation",
    "namespaces", "steps"))

GROUPS: dict[str, Group] = {
    "expression": Group(("gradlab/expression.py",), ("test_expression.py", *KNOWN), "expression"),
    "numpy_gradient": Group(("gradlab/backends/numpy_gradient.py", "gradlab/numerics/stencil.py"),
                            (*ENGINE_TESTS, *KNOWN), "numpy"),
    "finite_diff": Group(("gradlab/backends/finite_diff.py", *NUMERICS),
                         (*ENGINE_TESTS, "test_richardson.py", "test_sweep.py",
                          "test_finite_diff*.py", "test_numerics*.py", "test_mutants_jax.py",
                          *KNOWN),
                         "finite or richardson or central or forward or complex or scipy or sweep "
                         "or step or numerics or agreement or without_jit"),
    "dual_number": Group(("gradlab/backends/dual*.py",),
                         (*ENGINE_TESTS, "test_dual*.py", "test_conformance.py", *KNOWN), "dual"),
    "sympy_symbolic": Group(("gradlab/backends/sympy*.py", "gradlab/backends/norms.py"),
                            (*ENGINE_TESTS, "test_sympy*.py", "test_conformance.py", *KNOWN),
                            "sympy or reference"),
    # test_conformance takes jax.grad as its truth: it would select every case for jax
    "jax_autodiff": Group(("gradlab/backends/jax_autodiff.py",),
                          (*ENGINE_TESTS, "test_jax*.py", *KNOWN), "jax"),
    "pytensor_graph": Group(("gradlab/backends/pytensor*.py",),
                            (*ENGINE_TESTS, "test_pytensor*.py", "test_conformance.py", *KNOWN),
                            "pytensor"),
    "engine_base": Group(("gradlab/backends/base.py", "gradlab/backends/semantics.py",
                          "gradlab/backends/__init__.py"),
                         ("test_registry.py", "test_inputs.py", "test_semantics*.py",
                          "test_engines.py", "test_option_values.py", *KNOWN),
                         "registry or inputs or semantics or base or option or dual or numpy"),
    "compare": Group(("gradlab/comparison/compare.py", "gradlab/comparison/results.py",
                      "gradlab/comparison/reference.py", "gradlab/comparison/runner.py",
                      "gradlab/comparison/camps.py"),
                     ("test_compare.py", "test_check.py", "test_trust*.py", "test_results*.py",
                      "test_reference*.py", *KNOWN),
                     "compare or check or trust or results or reference or consensus"),
    "cache_keys": Group(("gradlab/fingerprint.py", "gradlab/cache.py"),
                        ("test_compare.py", "test_cache*.py", "test_fingerprint*.py", *KNOWN),
                        "cache or fingerprint or recompile or data_changed or unchanged "
                        "or helper or wrt"),
}

STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", 37: "caught by type check", -24: "timeout", 24: "timeout",
          152: "timeout", 255: "timeout", -11: "segfault", -9: "segfault", None: "not checked"}
DETECTED = {"killed", "timeout", "segfault", "caught by type check"}
REMOVED = "function removed since the sample was drawn"


def main() -> int:
    args = parse_args()
    groups = {name: GROUPS[name] for name in args.groups}
    # the sample is drawn over every group, so that running the groups one at a time (or
    # reporting them with --sampled-results) covers the same mutants as one run of all groups
    every = {name: mutant_names(name, group) for name, group in GROUPS.items()}
    names = {name: every[name] for name in groups}
    drawn = {name: every[name] for name in groups} if args.all else {
        name: mutants for name, mutants in frozen_sample(every, args).items() if name in groups}
    if args.report_only or args.sampled_results:
        chosen = {name: [] for name in groups}
    elif args.rerun:
        chosen = {name: undetected(name, group, drawn[name]) for name, group in groups.items()}
    else:
        chosen = drawn
    started = time.monotonic()
    deadline = started + 60 * args.budget_minutes
    pending = sum(map(len, chosen.values()))
    for name, group in groups.items():
        if chosen[name]:  # each group gets its share of the time left
            share = (deadline - time.monotonic()) * len(chosen[name]) / pending
            run_group(name, group, chosen[name], args.max_children, max(120.0, share),
                      fresh=not args.rerun)
            record_results(name, group, chosen[name])
            pending -= len(chosen[name])
    reported = names if args.report_only else drawn if args.sampled_results else chosen
    outcomes = {name: read_outcomes(name, group, reported[name]) for name, group in groups.items()}
    if args.report_only:  # every mutant that has a result
        outcomes = {name: {m: s for m, s in result.items() if s != "not checked"}
                    for name, result in outcomes.items()}
    report = render_report(args, names, outcomes, time.monotonic() - started)
    Path(args.report).write_text(report)
    print(report.split("\n## Survivors")[0])
    print(f"report: {args.report}")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", default=",".join(GROUPS),
                        type=lambda text: [g for g in text.split(",") if g],
                        help=f"comma-separated, from: {', '.join(GROUPS)}")
    parser.add_argument("--sample", type=int, default=300, help="mutants drawn over all groups")
    parser.add_argument("--all", action="store_true", help="every mutant, no sampling")
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--resample", action="store_true",
                        help="draw the sample again from the mutants there are now")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--rerun", action="store_true",
                        help="rerun the sampled mutants that the last run of each group did not "
                             "detect or did not finish")
    parser.add_argument("--report-only", action="store_true",
                        help="run nothing: report every mutant that has a result")
    parser.add_argument("--sampled-results", action="store_true",
                        help="run nothing: report the last result of each mutant of the sample")
    parser.add_argument("--budget-minutes", type=float, default=60.0,
                        help="time for all groups; a group past its share is stopped and its "
                             "unfinished mutants reported as not checked")
    parser.add_argument("--report", default=str(ROOT / "mutation-report.md"))
    args = parser.parse_args()
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {list(GROUPS)}")
    return args


def prepare_workdir(name: str, group: Group) -> Path:
    """A folder where mutmut sees the live sources and tests and this group's settings."""
    workdir = WORK / name
    workdir.mkdir(parents=True, exist_ok=True)
    for linked in ("gradlab", "tests"):
        link = workdir / linked
        if not link.is_symlink():
            link.symlink_to(ROOT / linked, target_is_directory=True)
    (workdir / "pyproject.toml").write_text(group_pyproject(group))
    return workdir


def group_pyproject(group: Group) -> str:
    """The repository's pyproject.toml with [tool.mutmut] narrowed to ``group``."""
    text = (ROOT / "pyproject.toml").read_text()
    base = tomllib.loads(text)["tool"]["mutmut"]
    without = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    tests = sorted({str(path.relative_to(ROOT)) for pattern in group.tests
                    for path in (ROOT / "tests").glob(pattern)})
    selection = tests + (["-k", group.keyword] if group.keyword else [])
    preload = str(ROOT / base.get("preload_modules_file", "tools/mutation_preload.txt"))
    settings = {**base, "only_mutate": group.files(), "do_not_mutate": [],
                "preload_modules_file": preload,
                "pytest_add_cli_args_test_selection": selection}
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    return without.rstrip() + "\n\n[tool.mutmut]\n" + "\n".join(lines) + "\n"


def mutant_names(name: str, group: Group) -> list[str]:
    """Every mutant mutmut will generate for the group's modules (asked of mutmut itself)."""
    workdir = prepare_workdir(name, group)
    code = ("import json, sys\nfrom pathlib import Path\n"
            "from mutmut.mutation.file_mutation import mutate_file_contents\n"
            "from mutmut.utils.format_utils import get_mutant_name\n"
            "names = [get_mutant_name(Path(p), m) for p in sys.argv[1:]\n"
            "         for m in mutate_file_contents(p, Path(p).read_text()).mutant_names]\n"
            "print(json.dumps(names))\n")
    found = subprocess.run([sys.executable, "-c", code, *group.files()], cwd=workdir, check=True,
                           capture_output=True, text=True)
    return json.loads(found.stdout.strip().splitlines()[-1])


def frozen_sample(names: dict[str, list[str]], args: argparse.Namespace) -> dict[str, list[str]]:
    """The sample drawn the first time for this seed and size: edits to the modules renumber
    their mutants and would draw another one between the runs of the groups (--resample)."""
    path = WORK / f"sample-{args.seed}-{args.sample}.json"
    if path.exists() and not args.resample:
        return json.loads(path.read_text())
    drawn = sample(names, args.sample, args.seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(drawn, indent=1, ensure_ascii=False))
    return drawn


def sample(names: dict[str, list[str]], size: int, seed: int) -> dict[str, list[str]]:
    """A seeded sample of ``size`` mutants over all groups, in proportion to their sizes."""
    pool = [(group, mutant) for group, mutants in names.items() for mutant in sorted(mutants)]
    picked = random.Random(seed).sample(pool, min(size, len(pool)))
    return {group: sorted(m for g, m in picked if g == group) for group in names}


def run_group(name: str, group: Group, mutants: list[str], max_children: int,
              timeout: float, fresh: bool = True) -> None:
    workdir = prepare_workdir(name, group)
    # mutmut maps tests to the functions they call once, and keeps the map of a test that has
    # since changed: a run starts from a full map (a rerun adds the new tests to the last one)
    stats = workdir / "mutants" / "mutmut-stats.json"
    # a module new to the group was copied there unmutated, and mutmut keeps a copy it thinks
    # current: remove it, so that mutmut mutates it and maps its functions' tests
    unmutated = [workdir / "mutants" / module for module in group.files()
                 if not (workdir / "mutants" / (module + ".meta")).exists()]
    for copy in unmutated:
        copy.unlink(missing_ok=True)
    if fresh or unmutated:
        stats.unlink(missing_ok=True)
    print(f"== {name}: {len(mutants)} mutants of {', '.join(group.files())}", flush=True)
    ends = time.monotonic() + timeout
    run_mutmut(name, workdir, mutants, max_children, timeout, "w")
    record_results(name, group, mutants)  # a second pass that is stopped keeps these
    # second pass: survivors whose code the map cannot attribute to the tests that run it
    unmapped = widen_test_map(stats, ROOT, group.files()) if stats.exists() else set()
    codes, _ = mutmut_state(name, group)
    again = [m for m in mutants if function_of(m) in unmapped and codes.get(m) == 0]
    if again and ends - time.monotonic() > 30:
        print(f"   {name}: {len(again)} survivors rerun with every selected test", flush=True)
        run_mutmut(name, workdir, again, max_children, ends - time.monotonic(), "a")


def run_mutmut(name: str, workdir: Path, mutants: list[str], max_children: int,
               timeout: float, mode: str) -> None:
    command = [str(MUTMUT), "run", "--max-children", str(max_children), *mutants]
    log = (WORK / f"{name}.log").open(mode)
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen(command, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                               env=env, start_new_session=True)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"   {name}: stopped after {timeout:.0f} s; unfinished mutants are 'not checked'")
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # mutmut finishes the mutant it runs: stop it
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    print(f"   {name}: mutmut exited with {process.returncode} (log: {log.name})", flush=True)


def read_outcomes(name: str, group: Group, mutants: list[str]) -> dict[str, str]:
    """Each mutant's last result: mutmut's, or where mutmut has reset it (a new test file
    changes its test selection) the one this script recorded while the function was unchanged."""
    codes, hashes = mutmut_state(name, group)
    ledger = read_ledger(name)
    outcomes = {}
    for mutant in mutants:
        status = STATUS.get(codes.get(mutant), "suspicious")
        recorded = ledger.get(mutant, {})
        if status == "not checked" and recorded.get("hash") == hashes.get(function_of(mutant)):
            status = recorded.get("status", status)
        if status == "not checked" and _removed(mutant, hashes):
            status = REMOVED
        outcomes[mutant] = status
    return outcomes


def mutmut_state(name: str, group: Group) -> tuple[dict[str, int | None], dict[str, str]]:
    """(exit code by mutant, hash by function) from mutmut's files for the group."""
    codes: dict[str, int | None] = {}
    hashes: dict[str, str] = {}
    for module in group.files():
        meta = WORK / name / "mutants" / (module + ".meta")
        if meta.exists():
            data = json.loads(meta.read_text())
            codes |= data["exit_code_by_key"]
            prefix = (module[:-3].replace("/", ".") + ".").replace(".__init__.", ".")
            hashes |= {prefix + f: h for f, h in data.get("hash_by_function_name", {}).items()}
    return codes, hashes


def _removed(mutant: str, hashes: dict[str, str]) -> bool:
    """Whether the mutant's function is gone from its module (edited away since the sample)."""
    module = mutant.rpartition(".x")[0] + "."
    return function_of(mutant) not in hashes and any(f.startswith(module) for f in hashes)


def function_of(mutant: str) -> str:
    return mutant.partition("__mutmut_")[0]


def read_ledger(name: str) -> dict[str, dict[str, str]]:
    path = WORK / f"{name}.results.json"
    return json.loads(path.read_text()) if path.exists() else {}


def record_results(name: str, group: Group, mutants: list[str]) -> None:
    """Keep the results of this run, with the hash of the function each mutant changes."""
    codes, hashes = mutmut_state(name, group)
    ledger = read_ledger(name)
    for mutant in mutants:
        status = STATUS.get(codes.get(mutant), "suspicious")
        if status != "not checked":
            ledger[mutant] = {"status": status, "hash": hashes.get(function_of(mutant), "")}
    (WORK / f"{name}.results.json").write_text(json.dumps(ledger, indent=1, ensure_ascii=False))


def undetected(name: str, group: Group, mutants: list[str]) -> list[str]:
    outcomes = read_outcomes(name, group, mutants)
    return [m for m in mutants if outcomes[m] not in DETECTED | {REMOVED}]


def mutant_diffs(name: str, mutants: list[str]) -> dict[str, str]:
    """The diff of each mutant, asked of mutmut in one process."""
    if not mutants:
        return {}
    code = ("import json, sys\n"
            "from mutmut.mutation.diff_apply import get_diff_for_mutant\n"
            "print(json.dumps({m: get_diff_for_mutant(m) for m in sys.argv[1:]}))\n")
    shown = subprocess.run([sys.executable, "-c", code, *mutants], cwd=WORK / name,
                           capture_output=True, text=True)
    if shown.returncode:
        return {m: f"(no diff: {shown.stderr.strip()[-300:]})" for m in mutants}
    return json.loads(shown.stdout.strip().splitlines()[-1])


def equivalence(mutant: str, diff: str) -> str | None:
    module, _, function = mutant.partition("__mutmut_")[0].rpartition(".x")
    function = function.strip("ǁ").replace("ǁ", ".") if function[:1] == "ǁ" else function[1:]
    lines = diff.splitlines()
    removed = [line[1:].strip() for line in lines if line[:1] == "-" and line[:3] != "---"]
    added = [line[1:].strip() for line in lines if line[:1] == "+" and line[:3] != "+++"]
    if len(removed) != 1 or len(added) != 1:
        return None
    return EQUIVALENT.get((module, function, removed[0], added[0]))


def render_report(args: argparse.Namespace, names: dict[str, list[str]],
                  outcomes: dict[str, dict[str, str]], seconds: float) -> str:
    command = "python tools/mutation.py " + " ".join(sys.argv[1:])
    lines = ["# Mutation testing report", "",
             f"- command: `{command}` (seed {args.seed}, {args.max_children} children)",
             f"- finished: {time.strftime('%Y-%m-%d %H:%M:%S')}, {seconds / 60:.1f} min", "",
             "| group | mutants | run | killed | timeout | survived | equivalent "
             "| no tests | unfinished/other | kill rate |", "|" + "---|" * 10]
    survivors: list[tuple[str, str, str, str | None]] = []
    totals: Counter[str] = Counter()
    for group, result in outcomes.items():
        counts: Counter[str] = Counter()
        diffs = mutant_diffs(group, [m for m, status in result.items()
                                     if status not in DETECTED | {"not checked", REMOVED}])
        for mutant, status in result.items():
            if status in DETECTED:
                counts["timeout" if status == "timeout" else "killed"] += 1
                continue
            if status == REMOVED:  # nothing left to run: reported apart, like unfinished ones
                counts["not checked"] += 1
                survivors.append((mutant, status, "", None))
                continue
            diff = diffs.get(mutant, "")
            reason = equivalence(mutant, diff) if status == "survived" else None
            key = "equivalent" if reason else status if status in (
                "survived", "no tests", "not checked") else "other"
            counts[key] += 1
            if status != "not checked":
                survivors.append((mutant, status, diff, reason))
        counts["sampled"] = len(result)
        totals.update(counts)
        lines.append(table_row(group, len(names[group]), counts))
    lines.append(table_row("**all**", sum(map(len, names.values())), totals))
    lines += ["", "Kill rate = (killed + timeout) / (run - unfinished - equivalent); 'no tests': "
              "no selected test reaches the mutated function; 'unfinished/other' counts "
              "sampled mutants whose function has since been removed too.", "",
              "## Survivors", ""]
    for mutant, status, diff, reason in survivors:
        label = f"equivalent: {reason}" if reason else status
        lines += [f"### {mutant} ({label})", ""]
        lines += ["```diff", diff, "```", ""] if diff else []
    return "\n".join(lines) + "\n"


def table_row(group: str, total: int, counts: Counter[str]) -> str:
    detected = counts["killed"] + counts["timeout"]
    checked = counts["sampled"] - counts["not checked"] - counts["equivalent"]
    rate = f"{100 * detected / checked:.1f} %" if checked else "-"
    other = counts["other"] + counts["not checked"]
    return (f"| {group} | {total} | {counts['sampled']} | {counts['killed']} | "
            f"{counts['timeout']} | {counts['survived']} | {counts['equivalent']} | "
            f"{counts['no tests']} | {other} | {rate} |")


if __name__ == "__main__":
    sys.exit(main())
