"""Forms for the benchmarking pages: read from the query string, so they work without JS."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.benchmarking.models import Authority, ComparatorGroup
from goldenthread.core.forms import GovukFormMixin


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


class SummaryForm(GovukFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, year_label(y)) for y in years]  # type: ignore[attr-defined]


class MeasureForm(GovukFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(
        label="Comparator group", required=False, coerce=int, empty_value=None
    )
    viewpoint = forms.ChoiceField(label="From the point of view of", required=False)

    def __init__(
        self,
        *args: Any,
        years: list[int],
        groups: list[ComparatorGroup],
        authorities: list[Authority],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, year_label(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["group"].choices = [("", "Family group of the authority")] + [  # type: ignore[attr-defined]
            (g.pk, g.name) for g in groups
        ]
        self.fields["viewpoint"].choices = [("", "No authority")] + [  # type: ignore[attr-defined]
            (a.gss_code, a.short_name) for a in authorities
        ]
