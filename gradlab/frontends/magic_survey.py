"""``%%gradient ... --points N``: the cell's function surveyed at N points of a region.

The region is ``--region`` where given and, for the other variables, a box around the point on
the line; the output says which box. ``--scheduler ADDRESS`` runs the survey on the Dask
cluster there.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..plain_text import text_table
from .magic_input import CellError
from .survey_front import (
    SurveyOptionError,
    check_points,
    describe_region,
    scheduler_client,
    survey_region,
)

WORST_SHOWN = 5
SURVEY_ONLY = ("region", "scheduler", "sobol", "seed")
NOT_WITH_SURVEY = {"widget": "--widget", "code": "--code", "direction": "--direction"}


def check_survey_options(args: Any) -> None:
    """--region, --scheduler, --sobol and --seed go with --points; --widget, --code and
    --direction do not."""
    if args.points is None:
        given = [f"--{name}" for name in SURVEY_ONLY if getattr(args, name) not in (None, False)]
        if given:
            raise CellError(f"{given[0]} is for surveys; add --points N (e.g. --points 200)")
        return
    try:
        check_points(args.points)
    except SurveyOptionError as err:
        raise CellError(str(err)) from None
    for name, option in NOT_WITH_SURVEY.items():
        if getattr(args, name) not in (None, False):
            raise CellError(f"{option} is for one point; leave it out with --points")


def magic_region(point: Mapping[str, Any], args: Any) -> dict[str, Any]:
    try:
        region = survey_region(point, args.region)
    except SurveyOptionError as err:
        raise CellError(str(err)) from None
    if not region:
        raise CellError("--points needs the variables: give a point for a box around it "
                        "(%%gradient x=0.5 y=2 --points 200) or their ranges (--region "
                        "x=-2:2,y=-1:3)")
    return region


def run_survey(func: Any, region: dict[str, Any], args: Any, **options: Any) -> Any:
    """Sample the region, survey ``func`` there, show the Survey; returns it."""
    from IPython.display import display

    from ..comparison.survey import survey
    from ..points import sample

    method = "sobol" if args.sobol else "uniform"
    seed = 0 if args.seed is None else args.seed
    points = sample(region, args.points, seed=seed, method=method)
    try:
        with scheduler_client(args.scheduler) as client:
            result = survey(func, points, executor=client, **options)
    except SurveyOptionError as err:
        raise CellError(str(err)) from None
    where = f" on the cluster at {args.scheduler}" if args.scheduler else ""
    print(f"{len(points)} {method} points (seed {seed}){where} in {describe_region(region)}")
    display(result)
    display(worst_points(result), raw=True)
    return result


def worst_points(result: Any, count: int = WORST_SHOWN) -> dict[str, str]:
    """The points where engines disagree most (those with an engine whose value cannot be
    taken), as text and HTML; ``s.worst(k)[i].compare()`` reruns one in full."""
    worst = [w for w in result.worst(count) if w.wrong]
    if not worst:
        text = "worst points: none; no engine disagrees, is inaccurate or not finite anywhere"
        return {"text/plain": text, "text/html": f"<p>{html.escape(text)}</p>"}
    rows = [("point", "where", "wrong here", "max rel. error")]
    rows += [(str(w.index), _where(w.point), ", ".join(w.wrong),
              "—" if w.max_error is None else f"{w.max_error:.1e}") for w in worst]
    title = (f"The {len(worst)} worst points (with -o s: s.worst({len(worst)})[i].compare() "
             "reruns one)")
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                   for row in rows[1:])
    return {"text/plain": title + "\n" + text_table(rows, rule=True),
            "text/html": f"<p>{html.escape(title)}</p><table><thead><tr>{head}</tr></thead>"
                         f"<tbody>{body}</tbody></table>"}


def _where(point: Mapping[str, Any]) -> str:
    return ", ".join(f"{name}={np.array2string(np.asarray(value), precision=6)}"
                     for name, value in point.items())
