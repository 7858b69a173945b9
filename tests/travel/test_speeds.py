"""Drive speeds from OSM maxspeed text and one-way directions from OSM tags."""

from __future__ import annotations

import numpy as np
import pytest

from rostering.travel.network import BACKWARD, BOTH, FORWARD, osm_direction
from rostering.travel.settings import MatrixSettings
from rostering.travel.speeds import MPH, class_default_kmh, drive_speeds_kmh, parse_maxspeed_kmh


@pytest.mark.parametrize(
    ("text", "highway", "kmh"),
    [
        ("30 mph", "residential", 30 * MPH),
        ("30mph", "residential", 30 * MPH),
        ("50", "primary", 50.0),
        ("50 km/h", "primary", 50.0),
        ("50 kph", "primary", 50.0),
        ("20 knots", "service", 20 * 1.852),
        ("30;40", "secondary", 35.0),  # a list: the mean, as osmnx does
        ("30 mph;40 mph", "secondary", 35 * MPH),
        ("national", "primary", 60 * MPH),  # UK single carriageway
        ("national", "motorway", 70 * MPH),
        ("GB:nsl_single", "tertiary", 60 * MPH),
        ("GB:nsl_dual", "trunk", 70 * MPH),
        ("DE:urban", "residential", 50.0),
        ("walk", "living_street", 5.0),
        ("none", "motorway", None),
        ("signals", "primary", None),
        ("", "primary", None),
        (None, "primary", None),
        ("0", "primary", None),
    ],
)
def test_maxspeed_parsing(text: str | None, highway: str, kmh: float | None) -> None:
    got = parse_maxspeed_kmh(text, highway)
    if kmh is None:
        assert got is None
    else:
        assert got == pytest.approx(kmh)


def test_edges_without_maxspeed_take_their_class_default_and_posted_limits_are_scaled() -> None:
    settings = MatrixSettings(maxspeed_factor=0.8, drive_speed_factor=1.0)
    maxspeed = np.array(["30 mph", "", "", "rubbish"])
    highway = np.array(["residential", "residential", "no_such_class", "trunk"])
    kmh = drive_speeds_kmh(maxspeed, highway, settings)
    assert kmh[0] == pytest.approx(30 * MPH * 0.8)
    assert kmh[1] == settings.highway_kmh["residential"]
    assert kmh[2] == settings.other_highway_kmh
    assert kmh[3] == settings.highway_kmh["trunk"]


def test_drive_speed_factor_scales_every_edge() -> None:
    base = drive_speeds_kmh(np.array(["50", ""]), np.array(["primary", "tertiary"]), MatrixSettings())
    slow = drive_speeds_kmh(
        np.array(["50", ""]), np.array(["primary", "tertiary"]), MatrixSettings(drive_speed_factor=0.5)
    )
    np.testing.assert_allclose(slow, base * 0.5)


def test_a_list_of_highway_classes_uses_the_first() -> None:
    settings = MatrixSettings()
    assert class_default_kmh("['trunk', 'primary']", settings) == settings.highway_kmh["trunk"]
    assert class_default_kmh("trunk;primary", settings) == settings.highway_kmh["trunk"]


def test_one_way_tags() -> None:
    oneway = np.array(["yes", "-1", "no", "", "true", "", "yes", "reverse", "no"])
    junction = np.array(["", "", "", "", "", "roundabout", "", "", "roundabout"])
    got = osm_direction(oneway, junction)
    expected = [FORWARD, BACKWARD, BOTH, BOTH, FORWARD, FORWARD, FORWARD, BACKWARD, BOTH]
    assert got.tolist() == expected


def test_cyclists_may_ride_against_a_one_way_street_signed_oneway_bicycle_no() -> None:
    oneway = np.array(["yes", "yes"])
    bicycle = np.array(["no", ""])
    assert osm_direction(oneway, None, bicycle).tolist() == [BOTH, FORWARD]


def test_settings_change_the_profile_cache_key_only_where_they_matter() -> None:
    a, b = MatrixSettings(walk_kmh=4.0), MatrixSettings(walk_kmh=5.0)
    assert a.profile_key("walk") != b.profile_key("walk")
    assert a.profile_key("drive") == b.profile_key("drive")
