"""``%%gradient ... --points N``: the cell's function surveyed at N points of a region.

The region is ``--region`` where given and, for the other variables, a box around the point on
the line; the output says which box. ``--scheduler ADDRESS`` runs the survey on the Dask
cluster there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .magic_input import CellError
from .survey_front import (
    SurveyOptionError,
    check_points,
    describe_region,
    scheduler_client,
    survey_region,
)

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
    return result
