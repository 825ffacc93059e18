from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Actual
from tests.imports.conftest import problem_texts, run_import


def test_smoke(days, recycling, write_csv):
    p = write_csv(
        [
            ["Indicator", "Period", "Value", "Numerator", "Denominator", "Commentary", "Extra"],
            ["BV 8", "2025-26-Q1", "12.5", "", "", "ok", "x"],
            ["NI 192", "2025-05", "", "430", "1000", "", ""],
            ["BV 8", "2025-05", "1", "", "", "", ""],
            ["BV 9", "2025-26-Q1", "1", "", "", "", ""],
            ["BV 8", "2024-25-Q1", "1.25", "", "", "", ""],
            ["NI 192", "2025-06", "", "430", "0", "", ""],
            ["NI 192", "2025-07", "", "430", "", "", ""],
            ["NI 192", "2025-08", "", "1430", "1000", "", ""],
            ["BV 8", "2024-25-Q2", "#DIV/0!", "", "", "", ""],
            ["BV 8", "2024-25-Q3", "1e30", "", "", "", ""],
            ["BV 8", "2025-26-Q1", "12.5", "", "", "ok", "x"],
        ]
    )
    r = run_import("values", p)
    print("\n".join(problem_texts(r)))
    print(r.summary(), r.notes)
    p = write_csv(
        [
            ["Indicator", "Period", "Value", "Numerator", "Denominator", "Commentary", "Extra"],
            ["BV 8", "2025-26-Q1", "12.5", "", "", "ok", "x"],
            ["NI 192", "2025-05", "", "430", "1000", "", ""],
        ]
    )
    r = run_import("values", p, dry_run=True)
    print(r.summary(), r.changes)
    r = run_import("values", p)
    print(r.summary(), r.changes, Actual.objects.count(), AuditEntry.objects.count())
    r = run_import("values", p)
    print(r.summary(), r.changes, Actual.objects.count(), AuditEntry.objects.count())
    p = write_csv(
        [
            ["Indicator", "Period", "Value", "Numerator", "Denominator", "Commentary", "Extra"],
            ["BV 8", "2025-26-Q1", "13.5", "", "", "ok", "x"],
        ]
    )
    r = run_import("values", p)
    print(r.summary(), r.changes, Actual.objects.count(), AuditEntry.objects.count())
    print(AuditEntry.objects.first().changes)
    assert 0
