"""What the survey front-ends read: the region as typed (``x=-2:2,y=-1:3``), the box around a
point, and --points."""

import numpy as np
import pytest
from optional_engines import require

from gradlab.frontends.point_text import PointError, parse_region
from gradlab.frontends.survey_front import (
    SurveyOptionError,
    box_around,
    check_points,
    describe_region,
    scheduler_client,
    survey_region,
)


def test_region_scalars_and_vectors():
    assert parse_region("x=-2:2,y=-1:3") == {"x": (-2.0, 2.0), "y": (-1.0, 3.0)}
    region = parse_region(" x = -2.5e-1:1e1 , v=[-1:1, 0:2,3:4.5]")
    assert region == {"x": (-0.25, 10.0), "v": [(-1.0, 1.0), (0.0, 2.0), (3.0, 4.5)]}
    assert list(region) == ["x", "v"]  # the order typed


BAD_REGIONS = [
    ("", r"no ranges given"),
    ("x", r"'x' is not name=LOW:HIGH"),
    ("-2:2", r"'-2:2' is not name=LOW:HIGH"),
    ("x=", r"x= has no range; write x=LOW:HIGH"),
    ("x=1", r"x=1 is not a range; write x=LOW:HIGH"),
    ("x=1:2:3", r"x=1:2:3 is not a range"),
    ("x=:2", r"x=:2 is not a range"),
    ("x=-2:2,y=a:3", r"y: the low end 'a' is not a number"),
    ("x=-2:2,y=1:3b", r"y: the high end '3b' is not a number"),
    ("x=-2:2,y=3:1", r"y=3:1: the low end \(3\) must be below the high end \(1\)"),
    ("x=1:1", r"x=1:1: the low end \(1\) must be below the high end \(1\)"),
    ("x=nan:1", r"x: the low end 'nan' is not finite"),
    ("x=0:inf", r"x: the high end 'inf' is not finite"),
    ("x=0:1,x=2:3", r"x is given twice"),
    ("2x=0:1", r"'2x' \(in '2x=0:1'\) is not a variable name"),
    ("x=0:1,,y=0:1", r"has an empty entry; check the commas"),
    ("v=[0:1", r"unmatched '\['"),
    ("v=[0:1,]", r"v=\[0:1,\] has an empty entry"),
    ("v=[]", r"v=\[\] gives no ranges"),
    ("v=[0:1]2", r"inside one pair of brackets"),
    ("v=[0:1,2:1]", r"v\[1\]=2:1: the low end \(2\) must be below"),
]


@pytest.mark.parametrize("text, message", BAD_REGIONS)
def test_bad_region_says_which_part_and_what(text, message):
    with pytest.raises(PointError, match=message):
        parse_region(text)


def test_box_around_a_point_keeps_the_sign_and_reaches_half_a_unit():
    box = box_around({"x": 0.25, "y": -4.0, "z": 0.0})
    assert box == {"x": (-0.25, 0.75), "y": (-6.0, -2.0), "z": (-0.5, 0.5)}
    array_box = box_around({"w": np.array([1.0, -10.0])})
    np.testing.assert_array_equal(array_box["w"][0], [0.5, -15.0])
    np.testing.assert_array_equal(array_box["w"][1], [1.5, -5.0])
    with pytest.raises(SurveyOptionError, match="x is not finite at the point"):
        box_around({"x": np.nan})


def test_typed_ranges_win_over_the_box():
    region = survey_region({"x": 1.0, "y": 2.0}, "y=-1:3,z=0:1")
    assert region == {"x": (0.5, 1.5), "y": (-1.0, 3.0), "z": (0.0, 1.0)}
    assert survey_region({"x": 1.0}, None) == {"x": (0.5, 1.5)}
    with pytest.raises(SurveyOptionError, match=r"^--region: y=3:1: the low end"):
        survey_region({"x": 1.0}, "y=3:1")


def test_describe_region():
    text = describe_region({"x": (-2.0, 2.0), "v": [(0.0, 1.0), (2.0, 3.5)]})
    assert text == "x in [-2, 2], v in [[0, 1], [2, 3.5]]"
    boxed = describe_region(box_around({"w": np.array([[1.0, 4.0]])}))
    assert boxed.startswith("w in [0.5, 6] entry by entry (shape 1x2")


@pytest.mark.parametrize("count", [0, -3, 2.5, True, "10"])
def test_points_must_be_a_positive_whole_number(count):
    with pytest.raises(SurveyOptionError, match="--points needs a whole number"):
        check_points(count)
    assert check_points(np.int64(7)) == 7


def test_no_scheduler_means_serial():
    with scheduler_client(None) as client:
        assert client is None


def test_a_dead_scheduler_address_is_named(monkeypatch):
    require("distributed")
    monkeypatch.setattr("gradlab.frontends.survey_front.CONNECT_TIMEOUT_S", 1)
    with pytest.raises(SurveyOptionError, match=r"could not reach a Dask scheduler at "
                                                r"'tcp://127.0.0.1:1'"):
        with scheduler_client("tcp://127.0.0.1:1"):
            pass
