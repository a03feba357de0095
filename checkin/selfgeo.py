"""The coarse "near the venue" check of a self check-in (docs/selfcheckin.md).

The phone reports where it is (the browser's geolocation: latitude,
longitude, and how many metres that may be off); the server measures the
great-circle distance to the venue the organiser set and accepts the phone
when it is within the radius, allowing for the reported inaccuracy up to the
radius again (a phone indoors reports a few tens of metres off; one that
knows only its cell tower reports kilometres and is refused). Nothing of the
position is stored or logged.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

EARTH_RADIUS_METRES = 6_371_008.8  # the mean radius (IUGG)


class LocationState:
    NEAR = "near"
    MISSING = "missing"  # no permission, no fix, or nothing readable sent
    FAR = "far"


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    accuracy: float = 0.0  # metres, as the browser reports it


def haversine_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def position_from(data) -> Position | None:
    """The position a phone posted (``latitude``, ``longitude``, ``accuracy``),
    or None when it sent none or nothing that is a place on Earth."""
    latitude = _number(data.get("latitude"))
    longitude = _number(data.get("longitude"))
    if latitude is None or longitude is None:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    accuracy = _number(data.get("accuracy"))
    accuracy = 0.0 if accuracy is None or accuracy < 0 else accuracy
    return Position(latitude=latitude, longitude=longitude, accuracy=accuracy)


def location_state(
    *, position: Position | None, latitude: Decimal, longitude: Decimal, radius_m: int
) -> str:
    """LocationState of ``position`` against the venue at (latitude, longitude)."""
    if position is None:
        return LocationState.MISSING
    distance = haversine_metres(
        position.latitude, position.longitude, float(latitude), float(longitude)
    )
    allowance = min(position.accuracy, radius_m)
    return LocationState.NEAR if distance <= radius_m + allowance else LocationState.FAR
