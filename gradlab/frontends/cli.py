"""``gradlab`` on the command line: compare every engine on an expression or a function in a file.

    gradlab compare "q*chi*delta" --at q=1,chi=2,delta=3
    gradlab compare model.py:energy --at x=[1,2,3] --backends jax,sympy --json
    gradlab compare "x**2*y + y**3" --at x=1,y=2 --hessian
    gradlab compare "x**2*y + y**3" --at x=1,y=2 --derivative hvp --direction 1,0
    gradlab survey "sin(x)*exp(x*y)" --region x=-2:2,y=-1:3 --points 500 [--json]
    gradlab backends

Bad input exits with status 2 and one line on stderr starting with ``gradlab: error:``.
Expressions go through gradlab's restricted parser; numbers are read with float() and JSON.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..backends import defaults
from ..backends.base import OPERATORS
from ..errors import GradlabError
from ..plain_text import comma_list, text_table
from .budgets import add_budget_arguments, budget_options
from .point_text import (
    REGION_EXAMPLE,
    NotANumber,
    PointError,
    check_brackets,
    direction_refusal,
    join_equals,
    parse_direction,
    parse_pairs,
    parse_value,
    point_items,
    words,
)
from .survey_front import (
    SurveyOptionError,
    check_points,
    describe_region,
    read_region,
    scheduler_client,
)

EXIT_BAD_INPUT = 2
_FILE_SPEC = re.compile(r"^(?P<path>.+\.py):(?P<name>[^\W\d]\w*(?:\.[^\W\d]\w*)*)$")


class UsageError(Exception):
    """A command-line argument gradlab cannot use (reported on one line, exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would print usage + exit; say it once
        raise UsageError(f"{message} (see gradlab {self.prog.split()[-1]} --help)"
                         if self.prog.split()[-1] != "gradlab" else f"{message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gradlab", description="Every way to get the partial derivatives of "
                     "your Python function, side by side.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    compare = commands.add_parser(
        "compare", help="the gradient from every engine, against a high-precision reference",
        description="FUNCTION is an expression such as 'sin(x)*exp(x*y)' or path/to/file.py:name")
    compare.add_argument("function", help="an expression, or FILE.py:FUNCTION")
    compare.add_argument("--at", required=True, metavar="POINT",
                         help="x=0.5,y=2 or x=[1,2,3] (named) or 1,2,3 (positional)")
    compare.add_argument("--backends", metavar="LIST", help=f"e.g. {','.join(defaults.EXAMPLES)}")
    compare.add_argument("--wrt", metavar="NAMES", help="differentiate by these only, e.g. x,y")
    _derivative_arguments(compare)
    compare.add_argument("--json", action="store_true", help="print the comparison as JSON")
    compare.add_argument("--plot", metavar="FILE", help="save the error/time figure (e.g. out.png)")
    compare.add_argument("--no-timing", action="store_true", help="skip the per-call timing")
    compare.add_argument("--code", action="store_true", help="also print each engine's code")
    add_budget_arguments(compare.add_argument)
    _survey_arguments(commands.add_parser(
        "survey", help="every engine at many points of a region: where does each one fail?",
        description="FUNCTION is an expression such as 'sin(x)*exp(x*y)' or "
                    "path/to/file.py:name; its gradient is compared at --points points "
                    "drawn from --region"))
    commands.add_parser("backends", help="every registered engine, installed or not")
    return parser


def _survey_arguments(survey: argparse.ArgumentParser) -> None:
    survey.add_argument("function", help="an expression, or FILE.py:FUNCTION")
    survey.add_argument("--region", required=True, metavar="RANGES",
                        help=f"each variable's range, e.g. {REGION_EXAMPLE}; a vector "
                             "variable entry by entry: v=[-1:1,0:2]")
    survey.add_argument("--points", type=int, default=100, metavar="N",
                        help="how many points to draw (default: 100)")
    survey.add_argument("--sobol", action="store_true",
                        help="a scrambled Sobol sequence instead of uniform random points")
    survey.add_argument("--seed", type=int, default=0, metavar="N",
                        help="the seed of the points (default: 0)")
    survey.add_argument("--backends", metavar="LIST", help=f"e.g. {','.join(defaults.EXAMPLES)}")
    survey.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on the Dask cluster whose scheduler is at ADDRESS, e.g. "
                             "tcp://10.0.0.5:8786 (default: here, one point after another)")
    survey.add_argument("--no-timing", action="store_true",
                        help="skip the per-call timing (each engine is timed briefly at each "
                             "point otherwise)")
    survey.add_argument("--json", action="store_true",
                        help="print every row (point x engine) as JSON instead of the summary")
    add_budget_arguments(survey.add_argument)


def _derivative_arguments(parser: argparse.ArgumentParser) -> None:
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--derivative", choices=OPERATORS, metavar="OPERATOR",
                        help="what to compare: " + ", ".join(OPERATORS) + " (default: the "
                        "gradient of a scalar f, the Jacobian of an array-valued f)")
    chosen.add_argument("--hessian", dest="derivative", action="store_const", const="hessian",
                        help="short for --derivative hessian")
    chosen.add_argument("--jacobian", dest="derivative", action="store_const",
                        const="jacobian", help="short for --derivative jacobian")
    parser.add_argument("--direction", metavar="NUMBERS",
                        help="v for hvp/jvp (like the point, flat) or u for vjp (like f's "
                        "output, flat), e.g. 1,0 (a negative first entry: --direction=-1,0); "
                        "default: a fixed, seeded random unit vector")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input)."""
    try:
        args = build_parser().parse_args(argv)
        if args.command == "compare":
            return run_compare(args)
        if args.command == "survey":
            return run_survey(args)
        if args.command == "backends":
            print(backends_table())
            return 0
        raise UsageError("choose a command: compare, survey or backends (see --help)")
    except (UsageError, SurveyOptionError, GradlabError, OSError) as err:
        message = " ".join(str(err).split()) or type(err).__name__
        print(f"gradlab: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT


# --- compare ----------------------------------------------------------------------------------

def run_compare(args: argparse.Namespace) -> int:
    from ..comparison.compare import compare

    function = load_function(args.function)
    at = parse_point(args.at)
    backends = _names(args.backends, "--backends") if args.backends is not None else None
    wrt = _names(args.wrt, "--wrt") if args.wrt is not None else None
    result = compare(function, at, backends=backends, timing=not args.no_timing, wrt=wrt,
                     **derivative_options(args), **budget_options(args))
    if args.plot:
        save_plot(result, args.plot)
    if args.json:
        print(result.to_json())
        return 0
    print(result)
    if args.code:
        for row in result.results:
            print(f"\n# --- {row.backend} ---")
            print(row.code.rstrip() if row.code else "# (no code for this engine)")
    if args.plot:
        print(f"\nfigure saved to {args.plot}")
    return 0


def derivative_options(args: argparse.Namespace) -> dict[str, Any]:
    """compare's ``derivative=`` and ``direction=`` (nothing given: compare's default)."""
    chosen: dict[str, Any] = {"derivative": args.derivative} if args.derivative else {}
    if args.direction is not None:
        if args.derivative not in (None, "hvp", "jvp", "vjp"):
            raise UsageError(direction_refusal(args.derivative))
        try:
            chosen["direction"] = parse_direction(args.direction)
        except PointError as err:
            raise UsageError(str(err)) from None
    return chosen


def _names(text: str, option: str) -> list[str]:
    names = comma_list(text)
    if not names:
        raise UsageError(f"{option} is empty; give names separated by commas")
    return names


def save_plot(result: Any, path: str) -> None:
    from .plots import plot_comparison

    if Path(path).suffix.lower() not in (".png", ".pdf", ".svg", ".jpg", ".jpeg"):
        raise UsageError(f"--plot {path!r}: give a file ending in .png, .pdf, .svg or .jpg")
    figure = plot_comparison(result)
    getattr(figure, "figure", figure).savefig(path)


def load_function(spec: str) -> Any:
    """``FILE.py:NAME`` -> that function (the file runs); anything else is an expression."""
    match = _FILE_SPEC.match(spec)
    if match is None:
        if spec.strip().endswith(".py") or Path(spec.strip()).is_file():
            raise UsageError(f"{spec!r} names a file; add the function: {spec.strip()}:NAME")
        return spec  # an expression: gradlab.compare parses it with the restricted parser
    path, name = Path(match["path"]), match["name"]
    if not path.is_file():
        raise UsageError(f"file not found: {path}")
    module = _run_file(path)
    target: Any = module
    for part in name.split("."):
        if not hasattr(target, part):
            defined = sorted(k for k, v in vars(module).items()
                             if callable(v) and not k.startswith("_")
                             and getattr(v, "__module__", None) == module.__name__)
            raise UsageError(f"{path} has no function {name!r}; it defines: "
                             + (", ".join(defined) or "no functions"))
        target = getattr(target, part)
    if not callable(target):
        raise UsageError(f"{path}:{name} is a {type(target).__name__}, not a function")
    return target


def _run_file(path: Path) -> Any:
    name = "gradlab_user_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise UsageError(f"cannot load {path} as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # so inspect can find the source for the code snippets
    sys.path.insert(0, str(path.resolve().parent))  # the file may import its neighbours
    try:
        spec.loader.exec_module(module)
    except Exception as err:  # noqa: BLE001 (the user's file failed: say how, on one line)
        detail = " ".join(str(err).split())
        raise UsageError(f"running {path} raised {type(err).__name__}: {detail}") from None
    return module


def parse_point(text: str) -> Any:
    """``x=0.5,y=[1,2]`` -> dict; ``1,2,3`` -> list; ``[1,2,3]`` -> one vector. No eval."""
    items = _point_items(text)
    named = ["=" in item for item in items]
    if any(named) and not all(named):
        raise UsageError(f"--at {text!r} mixes name=value and bare values; name them all")
    try:
        if all(named):
            return parse_pairs(items)
        values = [parse_value(f"value {i + 1}", item) for i, item in enumerate(items)]
    except NotANumber as err:
        what = "must contain only numbers" if err.text.startswith("[") else "is not a number"
        raise UsageError(f"--at: {err.name} = {err.text!r} {what}") from None
    except PointError as err:
        raise UsageError(f"--at: {err}") from None
    if len(values) == 1 and isinstance(values[0], list):
        return values[0]
    if any(isinstance(v, list) for v in values):
        raise UsageError("--at: give a vector by name (x=[1,2,3]) or alone ([1,2,3])")
    return values


def _point_items(text: str) -> list[str]:
    """The point's items, separated by commas or spaces outside brackets."""
    try:
        check_brackets(text)
        items = [item for word in words(join_equals(text)) for item in point_items(word)]
    except PointError as err:
        raise UsageError(f"--at {err}") from None
    if not items:
        raise UsageError("--at is empty; give the point, e.g. --at x=0.5,y=2")
    return items


# --- survey -----------------------------------------------------------------------------------

def run_survey(args: argparse.Namespace) -> int:
    from ..comparison.survey import survey
    from ..points import sample

    function = load_function(args.function)
    region = read_region(args.region)
    count = check_points(args.points)
    backends = _names(args.backends, "--backends") if args.backends is not None else None
    method = "sobol" if args.sobol else "uniform"
    points = sample(region, count, seed=args.seed, method=method)
    with scheduler_client(args.scheduler) as client:
        result = survey(function, points, backends=backends, executor=client,
                        progress=sys.stderr.isatty(), timing=not args.no_timing,
                        **budget_options(args))
    if args.json:
        print(survey_json(result, region, method, args.seed))
        return 0
    where = f" on the cluster at {args.scheduler}" if args.scheduler else ""
    print(f"{count} {method} points (seed {args.seed}){where} in {describe_region(region)}")
    print(result)
    return 0


def survey_json(result: Any, region: dict[str, Any], method: str, seed: int) -> str:
    """The survey as JSON: how the points were drawn, the summary per engine, and every row
    (point x engine); numbers that are not finite (or missing) are null."""
    summary = result.summary()
    document = {
        "region": {name: bounds for name, bounds in region.items()},
        "method": method, "seed": seed, "points": len(result.points),
        "variables": list(result.names),
        "summary": [{"backend": name, **row} for name, row in
                    zip(summary.index, summary.to_dict(orient="records"))],
        "rows": result.to_frame().to_dict(orient="records"),
        "failed": {str(index): why for index, why in result.failed.items()},
    }
    return json.dumps(_plain(document), allow_nan=False)


def _plain(value: Any) -> Any:
    """JSON's types: arrays and numpy numbers as lists and numbers, NaN and inf as null."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(item) for item in value]
    if isinstance(value, (np.integer, np.bool_)):
        return value.item()
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    return value


# --- backends ---------------------------------------------------------------------------------

def backends_table() -> str:
    """Every registered engine with its status, version, description and how to install it."""
    from .. import backends
    from ..version import __version__

    rows = [("engine", "status", "version", "description", "install")]
    for name in backends.names():
        try:
            backend = backends.get(name)
        except Exception as err:  # noqa: BLE001 (a third-party entry point that does not load)
            rows.append((name, "broken", "—", f"could not load: {err}", "—"))
            continue
        ready = backend.available()
        version = backend.version() or (f"gradlab {__version__}" if backend.requires is None
                                        else "—")
        rows.append((name, "installed" if ready else "not installed", version,
                     backend.description, _install_hint(backend)))
        variants = getattr(backend, "variants", ())
        if variants:
            rows.append(("", "", "", f"variants ({name}:VARIANT): " + ", ".join(variants), ""))
    return text_table(rows)


def _install_hint(backend: Any) -> str:
    if backend.extra:
        return f"pip install 'gradlab[{backend.extra}]'"
    if backend.requires is None:
        return "built in"
    return f"pip install {backend.distribution or backend.requires}"
