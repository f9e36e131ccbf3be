# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scoring arithmetic of the assessment (考核), free of the ORM."""

import math

EPSILON = 1e-9


def area_score(value, target, good, passing, zero, higher_is_better=True):
    """The 0-10 area score of a KPI value.

    ``target`` scores 10, ``good`` 8, ``passing`` 5 and ``zero`` 0; between
    two thresholds the score grows linearly and is rounded down inside its
    band (8-10, 5-7, 0-4), as the regulation scores whole points. When lower
    values are better (a cycle time), the thresholds descend.
    """
    if value is None:
        return None
    if not higher_is_better:
        value, target, good, passing, zero = (-value, -target, -good, -passing, -zero)
    if value >= target - EPSILON:
        return 10
    if value >= good - EPSILON:
        return 8 + min(1, math.floor(2 * (value - good) / (target - good) + EPSILON))
    if value >= passing - EPSILON:
        return 5 + min(
            2, math.floor(3 * (value - passing) / (good - passing) + EPSILON)
        )
    if value <= zero:
        return 0
    return min(4, math.floor(5 * (value - zero) / (passing - zero) + EPSILON))


def weighted_score(areas):
    """Scale ``(area score, weight)`` pairs to 0-100; None without any pair."""
    areas = [(score, weight) for score, weight in areas if score is not None]
    total_weight = sum(weight for _score, weight in areas)
    if not total_weight:
        return None
    return sum(score * weight for score, weight in areas) * 10.0 / total_weight


def whole_points(score):
    """A 0-10 score in whole points, halves rounded up (8.5 scores 9)."""
    return min(10, max(0, math.floor(score + 0.5 + EPSILON)))


def band_of(score, excellent, good, passing):
    """The band of a 0-100 score: boundaries belong to the higher band."""
    score = round(score, 2)
    if score >= excellent:
        return "excellent"
    if score >= good:
        return "good"
    if score >= passing:
        return "pass"
    return "fail"
