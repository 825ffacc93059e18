"""The open data's Frictionless Table Schemas and Data Package, built from the models' own
choices so the published schema cannot drift from what the system stores.

Specification: https://specs.frictionlessdata.io/table-schema/ and /data-package/.
"""

from __future__ import annotations

from typing import Any

from goldenthread import status
from goldenthread.indicators.models import (
    AGGREGATION_CHOICES,
    FREQUENCY_CHOICES,
    POLARITY_CHOICES,
    Family,
    Unit,
)

# A published figure always has a value, so its status is never "missing" or "not yet due".
PUBLISHED_RAGS = [
    status.Rag.GREEN.value,
    status.Rag.AMBER.value,
    status.Rag.RED.value,
    status.Rag.NOT_RATED.value,
]
DIRECTIONS = [direction.value for direction in status.Direction]


def _field(name: str, kind: str, description: str, **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if kind == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    if constraints:
        field["constraints"] = constraints
    return field


def _values(choices: list[tuple[str, str]]) -> list[str]:
    return [value for value, _ in choices]


INDICATORS_SCHEMA: dict[str, Any] = {
    "fields": [
        _field("code", "string", "The indicator's code, e.g. BV 12 or LPI 7.", required=True),
        _field("title", "string", "What the indicator measures.", required=True),
        _field("definition", "string", "How it is defined and calculated."),
        _field("family", "string", "National, local, partnership …", enum=Family.values),
        _field("unit", "string", "The unit figures are in.", required=True, enum=Unit.values),
        _field(
            "polarity",
            "string",
            "Which way is better: higher, lower, within a band, or none (not rated).",
            required=True,
            enum=_values(POLARITY_CHOICES),
        ),
        _field("decimals", "integer", "Stated precision.", minimum=0, maximum=6),
        _field(
            "frequency",
            "string",
            "How often it is reported (the period kind).",
            required=True,
            enum=_values(FREQUENCY_CHOICES),
        ),
        _field(
            "aggregation",
            "string",
            "How periods add up to the year: sum, mean, latest or ratio.",
            enum=_values(AGGREGATION_CHOICES),
        ),
        _field("cumulative", "boolean", "Each period's figure is already the year to date."),
        _field("key", "boolean", "On the council's corporate scorecard."),
        _field("service", "string", "The service responsible."),
        _field("directorate", "string", "The directorate the service belongs to."),
        _field("data_source", "string", "Where the figures come from."),
        _field("first_year", "integer", "First financial year reported (its starting year)."),
        _field("last_year", "integer", "Last financial year reported; empty while current."),
    ],
    "primaryKey": ["code"],
    "missingValues": [""],
}

VALUES_SCHEMA: dict[str, Any] = {
    "fields": [
        _field("indicator_code", "string", "The indicator (see indicators.csv).", required=True),
        _field("period_label", "string", "The period as the council writes it.", required=True),
        _field("period_start", "date", "First day of the period.", required=True),
        _field("period_end", "date", "Last day of the period.", required=True),
        _field("value", "number", "The published figure, in the indicator's unit.", required=True),
        _field("numerator", "number", "For a ratio: the numerator."),
        _field("denominator", "number", "For a ratio: the denominator."),
        _field("estimated", "boolean", "The figure is an estimate or provisional."),
        _field("target", "number", "The period's target."),
        _field("target_lower", "number", "For a band target: the lower bound."),
        _field("target_upper", "number", "For a band target: the upper bound."),
        _field(
            "rag_status",
            "string",
            "Green meets the target; amber misses within tolerance; red beyond it.",
            required=True,
            enum=PUBLISHED_RAGS,
        ),
        _field(
            "direction",
            "string",
            "Against the previous period's published figure, judged with the polarity.",
            required=True,
            enum=DIRECTIONS,
        ),
        _field(
            "direction_last_year",
            "string",
            "Against the same period last year.",
            required=True,
            enum=DIRECTIONS,
        ),
        _field("commentary", "string", "The owner's published commentary."),
        _field(
            "published",
            "date",
            "When the figure was published: the day its period was signed off.",
            required=True,
        ),
    ],
    "primaryKey": ["indicator_code", "period_start", "period_end"],
    "foreignKeys": [
        {
            "fields": ["indicator_code"],
            "reference": {"resource": "indicators", "fields": ["code"]},
        }
    ],
    "missingValues": [""],
}

SCHEMAS = {"indicators": INDICATORS_SCHEMA, "values": VALUES_SCHEMA}

DESCRIPTIONS = {
    "indicators": "The definitions of the council's public performance indicators.",
    "values": "Every published figure of the public indicators, with its target and status.",
}


def field_names(dataset: str) -> list[str]:
    return [field["name"] for field in SCHEMAS[dataset]["fields"]]


def datapackage(*, council: str, base_url: str) -> dict[str, Any]:
    """The Data Package tying both CSV files to their schemas (paths relative to it)."""
    return {
        "name": "performance-indicators",
        "title": f"{council}: published performance indicators",
        "homepage": base_url,
        "licenses": [
            {
                "name": "OGL-UK-3.0",
                "title": "Open Government Licence v3.0",
                "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            }
        ],
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": DESCRIPTIONS[name],
                "schema": f"{name}.schema.json",
            }
            for name in SCHEMAS
        ],
    }
