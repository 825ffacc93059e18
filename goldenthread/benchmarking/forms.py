"""Forms for the benchmarking pages: read from the query string, so they work without JS."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.benchmarking.models import Authority, ComparatorGroup, Measure
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
            (g.pk, g.label) for g in groups
        ]
        self.fields["viewpoint"].choices = [("", "No authority")] + [  # type: ignore[attr-defined]
            (a.gss_code, a.short_name) for a in authorities
        ]


class BenchmarkSettingForm(GovukFormMixin, forms.Form):
    """What an indicator is benchmarked against: a published measure and a comparator group."""

    measure = forms.ModelChoiceField(
        label="Published measure",
        queryset=Measure.objects.order_by("source", "code"),
        required=False,
        empty_label="Not benchmarked",
        help_text="The measure other authorities publish that matches this indicator.",
    )
    group = forms.ModelChoiceField(
        label="Comparator group",
        queryset=ComparatorGroup.objects.order_by("council", "name"),
        required=False,
        help_text="Whose figures this indicator's are compared with. Our own groups come first.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("measure") and not data.get("group"):
            self.add_error("group", "Choose the comparator group to compare with.")
        return data
