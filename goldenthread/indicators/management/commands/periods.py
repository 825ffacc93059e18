"""``goldenthread periods extend [--to FY2030-31]``: create the reporting periods of the years
ahead (every kind), so returns, targets and imports never meet a missing period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.indicators.models import Period
from goldenthread.indicators.services import YEARS_AHEAD, periods_extend
from goldenthread.periods import PeriodKind, financial_year_label, parse_financial_year


def financial_year_option(value: str) -> int:
    """ "FY2030-31", "2030-31" or "2030/31" as its start year."""
    text = value.strip()
    if text[:2].upper() == "FY":
        text = text[2:]
    try:
        return parse_financial_year(text)
    except ValueError as error:
        raise CommandError(f"--to: {error}; e.g. --to FY2030-31") from None


class Command(BaseCommand):
    help = (
        f"Reporting periods: `extend` creates every kind of period up to {YEARS_AHEAD} "
        "financial years ahead, or to --to FY2030-31 if later."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        extend = actions.add_parser("extend", help="create the periods of the years ahead")
        extend.add_argument("--to", help="the last financial year to create, e.g. FY2030-31")

    def handle(self, *args: Any, **options: Any) -> None:
        to_year = financial_year_option(options["to"]) if options.get("to") else None
        created = periods_extend(to_year=to_year)
        years = Period.objects.filter(kind=PeriodKind.FINANCIAL_YEAR).order_by("-start")
        last = years.values_list("financial_year", flat=True).first()
        through = financial_year_label(last) if last is not None else "none"
        if created:
            self.stdout.write(f"Created {created} reporting periods; periods now run to {through}.")
        else:
            self.stdout.write(f"Nothing to do: periods already run to {through}.")
