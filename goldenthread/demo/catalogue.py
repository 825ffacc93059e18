"""The demo council's indicator catalogue: 84 performance indicators an English council reports.

Codes follow the sets councils used: Best Value PIs (BV 8, BV 9, BV 12 …), the National
Indicator set (NI 155, NI 191, NI 192 …), the Adult Social Care Outcomes Framework and local
PIs (LPI …). Titles and definitions are written the way a council's PI manual writes them.

Each entry also says how the demo should make up its history: a typical ``baseline`` (the
year's outturn for summed indicators, otherwise the level of each period's figure), the
``spread`` of period-to-period noise (a fraction of the baseline), the first year's ``target``
on the same footing, and for ratio indicators the size of the denominator. The figures are
invented but of a plausible size for a unitary council of about 190,000 people.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.indicators.models import Family, Unit
from goldenthread.periods import PeriodKind
from goldenthread.status import Aggregation, Polarity

HIGHER, LOWER, BAND, NONE = Polarity.HIGHER, Polarity.LOWER, Polarity.BAND, Polarity.NONE
SUM, MEAN, LATEST, RATIO = Aggregation.SUM, Aggregation.MEAN, Aggregation.LATEST, Aggregation.RATIO
MONTH, QUARTER, HALF = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR
YEAR, ACADEMIC, TERM = PeriodKind.FINANCIAL_YEAR, PeriodKind.ACADEMIC_YEAR, PeriodKind.TERM
PCT, NUM, DAYS, WEEKS = Unit.PERCENT, Unit.NUMBER, Unit.DAYS, Unit.WEEKS
HOURS, GBP, SCORE = Unit.HOURS, Unit.POUNDS, Unit.SCORE
PER_1000, PER_100000 = Unit.RATE_PER_1000, Unit.RATE_PER_100000


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One indicator in the catalogue, and how its demo history is made up."""

    code: str
    title: str
    definition: str
    service: str
    family: Family
    unit: Unit
    polarity: Polarity
    frequency: PeriodKind
    aggregation: Aggregation
    baseline: float
    """The year's outturn for a summed or cumulative indicator; else a period's usual level."""
    target: float | None
    """The first year's target on the same footing as ``baseline``; None: no target is set."""
    spread: float = 0.04
    """Noise on each period's figure, as a fraction of the baseline."""
    decimals: int = 0
    cumulative: bool = False
    band: tuple[float, float] | None = None
    denominator: float | None = None
    """Ratio indicators: the year's denominator (or each period's, when ``stock``)."""
    stock: bool = False
    """The denominator is a population or caseload, not a flow that grows with the period."""
    seasonal: float = 0.0
    """Amplitude of the seasonal swing (negative: a dip) peaking in ``peak_month``."""
    peak_month: int = 1
    jitter: float = 0.0
    """Extra noise in the indicator's own units, for figures that hover around zero."""
    tolerance: tuple[str, float] | None = None
    """The indicator's own tolerance (kind, amount); None uses the council's default."""
    key: bool = True
    data_source: str = ""


CATALOGUE: tuple[Entry, ...] = (
    # Resources: Revenues and Benefits
    Entry(
        code="BV 9",
        title="Percentage of council tax collected",
        definition=(
            "Council tax received in the year to date as a percentage of the net collectable "
            "debit for the year, excluding arrears from earlier years."
        ),
        service="revenues-and-benefits",
        family=Family.NATIONAL_BVPI,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=RATIO,
        cumulative=True,
        baseline=96.8,
        target=97.2,
        spread=0.01,
        decimals=1,
        denominator=98_400_000,
        stock=True,
        tolerance=("absolute", 1.0),
        data_source="Revenues system (council tax collection report)",
    ),
    Entry(
        code="BV 10",
        title="Percentage of non-domestic rates collected",
        definition=(
            "Business rates received in the year to date as a percentage of the net collectable "
            "non-domestic rates debit for the year."
        ),
        service="revenues-and-benefits",
        family=Family.NATIONAL_BVPI,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        cumulative=True,
        baseline=97.9,
        target=98.3,
        spread=0.01,
        decimals=1,
        denominator=46_200_000,
        stock=True,
        tolerance=("absolute", 1.0),
        data_source="Revenues system (NNDR collection report)",
    ),
    Entry(
        code="BV 78a",
        title="Average number of days to process new housing benefit claims",
        definition=(
            "Average calendar days from the date a new claim is received to the date it is "
            "decided, for all new housing benefit and council tax support claims."
        ),
        service="revenues-and-benefits",
        family=Family.NATIONAL_BVPI,
        unit=DAYS,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=MEAN,
        baseline=22.4,
        target=20.0,
        spread=0.08,
        decimals=1,
        seasonal=0.06,
        peak_month=4,
        data_source="Benefits system (DWP SHBE extract)",
    ),
    Entry(
        code="BV 78b",
        title="Average number of days to process changes in circumstances",
        definition=(
            "Average calendar days to process notifications of changes in circumstances to "
            "housing benefit and council tax support claims."
        ),
        service="revenues-and-benefits",
        family=Family.NATIONAL_BVPI,
        unit=DAYS,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=MEAN,
        baseline=9.6,
        target=8.0,
        spread=0.10,
        decimals=1,
        seasonal=0.12,
        peak_month=4,
        data_source="Benefits system (DWP SHBE extract)",
    ),
    Entry(
        code="BV 79a",
        title="Percentage of housing benefit claims calculated correctly",
        definition=(
            "Of a random sample of housing benefit claims checked each quarter, the percentage "
            "where the benefit was calculated correctly."
        ),
        service="revenues-and-benefits",
        family=Family.NATIONAL_BVPI,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=97.4,
        target=98.0,
        spread=0.01,
        decimals=1,
        denominator=480,
        data_source="Benefits quality assurance checks",
    ),
    Entry(
        code="LPI RB1",
        title="Number of households receiving council tax support",
        definition="Households receiving council tax support on the last day of the period.",
        service="revenues-and-benefits",
        family=Family.LOCAL,
        unit=NUM,
        polarity=NONE,
        frequency=QUARTER,
        aggregation=LATEST,
        baseline=11_850,
        target=None,
        spread=0.01,
        data_source="Revenues system",
    ),
    # Resources: Finance
    Entry(
        code="BV 8",
        title="Percentage of invoices paid within 30 days",
        definition=(
            "Undisputed invoices for commercial goods and services paid within 30 days of "
            "receipt, as a percentage of all undisputed invoices paid in the period."
        ),
        service="finance",
        family=Family.NATIONAL_BVPI,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=RATIO,
        baseline=93.2,
        target=95.0,
        spread=0.015,
        decimals=1,
        denominator=36_500,
        seasonal=-0.012,
        peak_month=12,
        data_source="Financial system (accounts payable)",
    ),
    Entry(
        code="LPI FIN3",
        title="Sundry debt more than 90 days old",
        definition="Value of sundry debtor invoices unpaid more than 90 days after issue.",
        service="finance",
        family=Family.LOCAL,
        unit=GBP,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=LATEST,
        baseline=1_460_000,
        target=1_300_000,
        spread=0.07,
        data_source="Financial system (aged debt report)",
    ),
    Entry(
        code="LPI FIN4",
        title="Forecast revenue outturn variance within ±1% of net budget",
        definition=(
            "The forecast year-end variance on the net revenue budget as a percentage of the "
            "net budget (overspend positive). The aim is to stay within one per cent either way."
        ),
        service="finance",
        family=Family.LOCAL,
        unit=PCT,
        polarity=BAND,
        frequency=QUARTER,
        aggregation=LATEST,
        baseline=0.3,
        target=None,
        band=(-1.0, 1.0),
        spread=0.0,
        jitter=0.45,
        decimals=2,
        tolerance=("absolute", 0.5),
        data_source="Budget monitoring report",
    ),
    Entry(
        code="LPI FIN5",
        title="Band D council tax increase within the 2.99% to 4.99% policy range",
        definition=(
            "The increase in the Band D council tax for the council's own services, set at "
            "budget council, against the medium-term financial strategy range."
        ),
        service="finance",
        family=Family.LOCAL,
        unit=PCT,
        polarity=BAND,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=4.2,
        target=None,
        band=(2.99, 4.99),
        spread=0.0,
        jitter=0.55,
        decimals=2,
        data_source="Council tax resolution",
    ),
    # Resources: HR and Organisational Development
    Entry(
        code="BV 12",
        title="Working days lost to sickness absence per full-time equivalent employee",
        definition=(
            "Working days lost to sickness absence in the year to date divided by the average "
            "number of full-time equivalent employees, excluding schools."
        ),
        service="hr-and-organisational-development",
        family=Family.NATIONAL_BVPI,
        unit=DAYS,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        cumulative=True,
        baseline=9.3,
        target=8.5,
        spread=0.06,
        decimals=2,
        seasonal=0.18,
        peak_month=1,
        tolerance=("absolute", 0.4),
        data_source="HR and payroll system",
    ),
    Entry(
        code="LPI HR2",
        title="Percentage of staff with a completed performance and development review",
        definition=(
            "Employees with a performance and development review (PDR) recorded in the last "
            "six months, as a percentage of employees in post for at least six months."
        ),
        service="hr-and-organisational-development",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=HALF,
        aggregation=RATIO,
        baseline=81.0,
        target=90.0,
        spread=0.04,
        decimals=1,
        denominator=2_380,
        stock=True,
        data_source="HR and payroll system (PDR module)",
    ),
    Entry(
        code="LPI HR3",
        title="Voluntary staff turnover within the 8% to 12% range",
        definition=(
            "Voluntary leavers in the last twelve months as a percentage of average headcount. "
            "Too low can mean stagnation; too high loses skills and costs recruitment."
        ),
        service="hr-and-organisational-development",
        family=Family.LOCAL,
        unit=PCT,
        polarity=BAND,
        frequency=QUARTER,
        aggregation=LATEST,
        baseline=10.8,
        target=None,
        band=(8.0, 12.0),
        spread=0.07,
        decimals=1,
        data_source="HR and payroll system",
    ),
    Entry(
        code="BV 16a",
        title="Percentage of employees declaring that they meet the Equality Act disability definition",
        definition=(
            "Employees who declare a disability as defined by the Equality Act 2010, as a "
            "percentage of all employees at 31 March."
        ),
        service="hr-and-organisational-development",
        family=Family.NATIONAL_BVPI,
        unit=PCT,
        polarity=HIGHER,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=4.1,
        target=4.8,
        spread=0.04,
        decimals=1,
        key=False,
        data_source="HR and payroll system",
    ),
    Entry(
        code="LPI HR4",
        title="Spend on agency staff",
        definition="Expenditure on agency and interim staff in the period, all services.",
        service="hr-and-organisational-development",
        family=Family.LOCAL,
        unit=GBP,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        baseline=3_250_000,
        target=2_900_000,
        spread=0.08,
        data_source="Financial system (agency contract spend)",
    ),
    # Resources: Customer Services
    Entry(
        code="LPI CS1",
        title="Percentage of calls to the contact centre answered within 20 seconds",
        definition=(
            "Calls to the main council number answered by an adviser within 20 seconds, as a "
            "percentage of all calls offered (including abandoned calls)."
        ),
        service="customer-services",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=RATIO,
        baseline=72.0,
        target=80.0,
        spread=0.04,
        decimals=1,
        denominator=246_000,
        seasonal=-0.08,
        peak_month=4,
        data_source="Contact centre telephony system",
    ),
    Entry(
        code="LPI CS2",
        title="Percentage of customer enquiries resolved at first point of contact",
        definition=(
            "Enquiries to the contact centre and customer service points resolved without a "
            "referral to a back office, as a percentage of all enquiries."
        ),
        service="customer-services",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=80.5,
        target=85.0,
        spread=0.02,
        decimals=1,
        denominator=92_000,
        data_source="Customer relationship management system",
    ),
    Entry(
        code="LPI CS3",
        title="Number of stage 1 complaints received",
        definition="Complaints logged at stage 1 of the corporate complaints procedure.",
        service="customer-services",
        family=Family.LOCAL,
        unit=NUM,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        baseline=1_160,
        target=1_050,
        spread=0.09,
        data_source="Complaints system",
    ),
    Entry(
        code="LPI CS6",
        title="Customer satisfaction with the contact centre (score out of 10)",
        definition=(
            "Average score given by callers in the post-call survey to the question 'How "
            "satisfied were you with the service today?' on a scale of 0 to 10."
        ),
        service="customer-services",
        family=Family.PERCEPTION,
        unit=SCORE,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=MEAN,
        baseline=7.6,
        target=8.0,
        spread=0.025,
        decimals=1,
        data_source="Post-call survey",
    ),
    # Resources: Digital
    Entry(
        code="LPI DIG1",
        title="Availability of core IT systems during working hours",
        definition=(
            "Percentage of core working hours (08:00 to 18:00, Monday to Friday) in which the "
            "council's core business systems were available to users."
        ),
        service="digital",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=MEAN,
        baseline=99.55,
        target=99.5,
        spread=0.0015,
        decimals=2,
        tolerance=("absolute", 0.3),
        data_source="IT service management system",
    ),
    Entry(
        code="LPI DIG2",
        title="Percentage of IT incidents resolved within the agreed time",
        definition=(
            "IT service desk incidents resolved within the service level for their priority, as "
            "a percentage of incidents resolved in the period."
        ),
        service="digital",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=RATIO,
        baseline=87.5,
        target=90.0,
        spread=0.025,
        decimals=1,
        denominator=26_400,
        data_source="IT service management system",
    ),
    Entry(
        code="LPI DIG4",
        title="Average time to resolve priority 1 IT incidents",
        definition="Average elapsed hours from logging to resolution of priority 1 incidents.",
        service="digital",
        family=Family.LOCAL,
        unit=HOURS,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=MEAN,
        baseline=5.4,
        target=4.0,
        spread=0.15,
        decimals=1,
        data_source="IT service management system",
    ),
    Entry(
        code="LPI DIG5",
        title="Number of transactions completed online",
        definition=(
            "Service requests, payments and applications completed end to end through the "
            "council's website and resident account."
        ),
        service="digital",
        family=Family.LOCAL,
        unit=NUM,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=SUM,
        baseline=412_000,
        target=None,
        spread=0.05,
        seasonal=0.08,
        peak_month=4,
        data_source="Web analytics and online forms platform",
    ),
    # Chief Executive's: Policy and Performance
    Entry(
        code="LPI PP1",
        title="Percentage of performance indicator returns submitted by the deadline",
        definition=(
            "Indicator returns entered and signed off in the performance system by the "
            "data-entry deadline, as a percentage of returns due."
        ),
        service="policy-and-performance",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=90.5,
        target=95.0,
        spread=0.03,
        decimals=1,
        denominator=336,
        data_source="Golden Thread",
    ),
    Entry(
        code="LPI LD1",
        title="Percentage of Freedom of Information requests answered within 20 working days",
        definition=(
            "Requests under the Freedom of Information Act and Environmental Information "
            "Regulations answered within 20 working days, as a percentage of requests due."
        ),
        service="legal-and-democratic-services",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=86.0,
        target=90.0,
        spread=0.03,
        decimals=1,
        denominator=1_320,
        data_source="Information requests case system",
    ),
    Entry(
        code="NI 4",
        title="Percentage of people who feel they can influence decisions in their locality",
        definition="Residents' survey respondents who agree they can influence local decisions.",
        service="policy-and-performance",
        family=Family.PERCEPTION,
        unit=PCT,
        polarity=HIGHER,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=27.0,
        target=None,
        spread=0.05,
        decimals=1,
        data_source="Residents' survey",
    ),
    Entry(
        code="LPI PP3",
        title="Percentage of residents satisfied with the way the council runs things",
        definition="Residents' survey respondents fairly or very satisfied with the council.",
        service="policy-and-performance",
        family=Family.PERCEPTION,
        unit=PCT,
        polarity=HIGHER,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=61.0,
        target=65.0,
        spread=0.03,
        decimals=1,
        data_source="Residents' survey",
    ),
    Entry(
        code="LPI PP4",
        title="Population estimate (mid-year)",
        definition="The ONS mid-year estimate of the borough's resident population.",
        service="policy-and-performance",
        family=Family.LOCAL,
        unit=NUM,
        polarity=NONE,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=187_400,
        target=None,
        spread=0.002,
        data_source="ONS mid-year population estimates",
    ),
    # Chief Executive's: Communities
    Entry(
        code="NI 1",
        title="Percentage of people who believe people from different backgrounds get on well together",
        definition="Residents' survey respondents who agree that their local area is a place "
        "where people from different backgrounds get on well together.",
        service="communities",
        family=Family.PERCEPTION,
        unit=PCT,
        polarity=HIGHER,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=78.0,
        target=None,
        spread=0.02,
        decimals=1,
        key=False,
        data_source="Residents' survey",
    ),
    Entry(
        code="NI 16",
        title="Serious acquisitive crime rate per 1,000 population",
        definition=(
            "Domestic burglary, vehicle crime and robbery recorded by the police in the period, "
            "per 1,000 resident population."
        ),
        service="communities",
        family=Family.PARTNERSHIP,
        unit=PER_1000,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        baseline=11.4,
        target=10.5,
        spread=0.08,
        decimals=2,
        data_source="Police recorded crime (Community Safety Partnership)",
    ),
    Entry(
        code="NI 20",
        title="Assault with injury crime rate per 1,000 population",
        definition="Assaults with injury recorded by the police per 1,000 resident population.",
        service="communities",
        family=Family.PARTNERSHIP,
        unit=PER_1000,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        baseline=5.6,
        target=5.2,
        spread=0.08,
        decimals=2,
        seasonal=0.1,
        peak_month=7,
        data_source="Police recorded crime (Community Safety Partnership)",
    ),
    Entry(
        code="LPI COM1",
        title="Number of anti-social behaviour incidents reported to the council",
        definition="Anti-social behaviour reports logged by the council's community safety team.",
        service="communities",
        family=Family.LOCAL,
        unit=NUM,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=SUM,
        baseline=3_940,
        target=3_700,
        spread=0.1,
        seasonal=0.18,
        peak_month=7,
        data_source="Anti-social behaviour case system",
    ),
    # Adults and Health: Housing Needs
    Entry(
        code="NI 156",
        title="Number of households living in temporary accommodation",
        definition="Households in temporary accommodation arranged by the council on the last "
        "night of the period (H-CLIC definition).",
        service="housing-needs",
        family=Family.NATIONAL_INDICATOR,
        unit=NUM,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=LATEST,
        baseline=212,
        target=180,
        spread=0.04,
        data_source="Housing options case system (H-CLIC)",
    ),
    Entry(
        code="LPI HN1",
        title="Number of people sleeping rough on a single night",
        definition="People found sleeping rough in the monthly street count.",
        service="housing-needs",
        family=Family.LOCAL,
        unit=NUM,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=LATEST,
        baseline=14,
        target=10,
        spread=0.2,
        seasonal=0.15,
        peak_month=8,
        data_source="Outreach team street count",
    ),
    Entry(
        code="LPI HN2",
        title="Number of households on the housing register",
        definition="Households on the council's housing register on the last day of the period.",
        service="housing-needs",
        family=Family.LOCAL,
        unit=NUM,
        polarity=NONE,
        frequency=QUARTER,
        aggregation=LATEST,
        baseline=6_420,
        target=None,
        spread=0.015,
        data_source="Choice-based lettings system",
    ),
    Entry(
        code="LPI HN3",
        title="Percentage of homelessness cases where homelessness was prevented or relieved",
        definition=(
            "Prevention and relief duties ended with accommodation secured for six months or "
            "more, as a percentage of all prevention and relief duties ended."
        ),
        service="housing-needs",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=58.0,
        target=62.0,
        spread=0.04,
        decimals=1,
        denominator=1_620,
        data_source="Housing options case system (H-CLIC)",
    ),
    Entry(
        code="LPI HN4",
        title="Occupancy of council temporary accommodation within 90% to 100% of capacity",
        definition=(
            "Occupied units of council-owned temporary accommodation as a percentage of units "
            "available, averaged over the period."
        ),
        service="housing-needs",
        family=Family.LOCAL,
        unit=PCT,
        polarity=BAND,
        frequency=MONTH,
        aggregation=MEAN,
        baseline=94.0,
        target=None,
        band=(90.0, 100.0),
        spread=0.025,
        decimals=1,
        data_source="Temporary accommodation management system",
    ),
    Entry(
        code="BV 183a",
        title="Average length of stay in bed and breakfast of households with dependent children",
        definition=(
            "Average weeks spent in bed and breakfast accommodation by households with "
            "dependent children or a pregnant member who left it in the period."
        ),
        service="housing-needs",
        family=Family.NATIONAL_BVPI,
        unit=WEEKS,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=MEAN,
        baseline=4.3,
        target=3.0,
        spread=0.15,
        decimals=1,
        data_source="Housing options case system",
    ),
    # Adults and Health: Adult Social Care
    Entry(
        code="NI 125",
        title="Older people at home 91 days after discharge from hospital into reablement",
        definition=(
            "People aged 65 and over still at home 91 days after discharge from hospital into "
            "reablement or rehabilitation services, as a percentage of those discharged."
        ),
        service="adult-social-care",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=81.5,
        target=85.0,
        spread=0.03,
        decimals=1,
        denominator=540,
        data_source="Adult social care case system",
    ),
    Entry(
        code="NI 130",
        title="Percentage of social care clients receiving self-directed support",
        definition=(
            "Adults receiving community-based services through a personal budget or direct "
            "payment, as a percentage of all adults receiving community-based services."
        ),
        service="adult-social-care",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=LATEST,
        baseline=74.0,
        target=80.0,
        spread=0.015,
        decimals=1,
        data_source="Adult social care case system",
    ),
    Entry(
        code="NI 131",
        title="Delayed transfers of care from hospital per 100,000 population aged 18 and over",
        definition=(
            "Average number of adults whose discharge from hospital was delayed on a snapshot "
            "day each week, per 100,000 population aged 18 and over."
        ),
        service="adult-social-care",
        family=Family.NATIONAL_INDICATOR,
        unit=PER_100000,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=MEAN,
        baseline=9.8,
        target=8.5,
        spread=0.1,
        decimals=1,
        seasonal=0.15,
        peak_month=1,
        data_source="NHS discharge data (integrated care board)",
    ),
    Entry(
        code="NI 132",
        title="Percentage of social care assessments completed within 28 days",
        definition=(
            "New adult social care assessments completed within 28 days of first contact, as a "
            "percentage of new assessments completed."
        ),
        service="adult-social-care",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=RATIO,
        baseline=76.0,
        target=80.0,
        spread=0.04,
        decimals=1,
        denominator=3_420,
        data_source="Adult social care case system",
    ),
    Entry(
        code="ASCOF 2A",
        title="Permanent admissions to residential and nursing care homes, aged 65+, per 100,000",
        definition=(
            "Council-supported permanent admissions of people aged 65 and over to residential "
            "and nursing care in the year to date, per 100,000 population aged 65 and over."
        ),
        service="adult-social-care",
        family=Family.BENCHMARKING,
        unit=PER_100000,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        cumulative=True,
        baseline=565.0,
        target=540.0,
        spread=0.08,
        decimals=1,
        data_source="Adult social care case system",
    ),
    Entry(
        code="LPI ASC1",
        title="Number of adults receiving long-term support",
        definition="Adults receiving long-term support funded by the council on the last day "
        "of the period.",
        service="adult-social-care",
        family=Family.LOCAL,
        unit=NUM,
        polarity=NONE,
        frequency=QUARTER,
        aggregation=LATEST,
        baseline=2_960,
        target=None,
        spread=0.012,
        data_source="Adult social care case system",
    ),
    # Adults and Health: Public Health
    Entry(
        code="NI 123",
        title="Stopping smoking: four-week quitters per 100,000 population aged 16 and over",
        definition=(
            "People who set a quit date with the stop smoking service and had not smoked four "
            "weeks later, in the year to date, per 100,000 population aged 16 and over."
        ),
        service="public-health",
        family=Family.PARTNERSHIP,
        unit=PER_100000,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=SUM,
        cumulative=True,
        baseline=615.0,
        target=700.0,
        spread=0.08,
        decimals=1,
        seasonal=0.2,
        peak_month=1,
        data_source="Stop smoking service returns",
    ),
    Entry(
        code="NI 39",
        title="Alcohol-related hospital admissions per 100,000 population",
        definition="Hospital admissions with an alcohol-related condition per 100,000 population.",
        service="public-health",
        family=Family.NATIONAL_INDICATOR,
        unit=PER_100000,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        baseline=1_960.0,
        target=None,
        spread=0.05,
        decimals=1,
        data_source="Hospital episode statistics",
    ),
    Entry(
        code="NI 56",
        title="Obesity among primary school age children in Year 6",
        definition=(
            "Year 6 pupils measured by the National Child Measurement Programme whose body mass "
            "index is at or above the 95th centile, as a percentage of pupils measured."
        ),
        service="public-health",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=LOWER,
        frequency=ACADEMIC,
        aggregation=LATEST,
        baseline=20.6,
        target=19.5,
        spread=0.03,
        decimals=1,
        data_source="National Child Measurement Programme",
    ),
    Entry(
        code="LPI PH1",
        title="Percentage of the eligible population offered an NHS Health Check (year to date)",
        definition=(
            "People aged 40 to 74 offered an NHS Health Check in the year to date, as a "
            "percentage of the eligible population."
        ),
        service="public-health",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        cumulative=True,
        baseline=17.0,
        target=20.0,
        spread=0.06,
        decimals=1,
        denominator=56_200,
        stock=True,
        data_source="GP practice returns",
    ),
    # Children and Education: Children's Social Care
    Entry(
        code="NI 60",
        title="Percentage of child and family assessments completed within 45 working days",
        definition=(
            "Child and family assessments authorised within 45 working days of referral, as a "
            "percentage of assessments completed."
        ),
        service="childrens-social-care",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=RATIO,
        baseline=79.0,
        target=85.0,
        spread=0.05,
        decimals=1,
        denominator=1_560,
        data_source="Children's social care system",
    ),
    Entry(
        code="NI 62",
        title="Stability of placements of looked after children: three or more placements",
        definition=(
            "Looked after children with three or more placements in the last twelve months, as "
            "a percentage of all looked after children."
        ),
        service="childrens-social-care",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=LATEST,
        baseline=10.4,
        target=9.0,
        spread=0.08,
        decimals=1,
        data_source="Children's social care system (SSDA903)",
    ),
    Entry(
        code="NI 65",
        title="Children becoming the subject of a child protection plan for a second time",
        definition=(
            "Children who became the subject of a child protection plan for a second or "
            "subsequent time, as a percentage of all children becoming subject to a plan. "
            "Both very low and very high figures call for challenge, hence the band."
        ),
        service="childrens-social-care",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=BAND,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=13.0,
        target=None,
        band=(10.0, 15.0),
        spread=0.06,
        decimals=1,
        denominator=290,
        data_source="Children's social care system",
    ),
    Entry(
        code="LPI CSC1",
        title="Children in need rate per 1,000 children aged under 18",
        definition="Children in need on the last day of the period per 1,000 children under 18.",
        service="childrens-social-care",
        family=Family.LOCAL,
        unit=PER_1000,
        polarity=NONE,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=33.5,
        target=None,
        spread=0.02,
        decimals=1,
        denominator=41_800,
        stock=True,
        data_source="Children's social care system (CIN census)",
    ),
    Entry(
        code="NI 66",
        title="Looked after children cases reviewed within required timescales",
        definition=(
            "Looked after children reviews held within statutory timescales, as a percentage "
            "of reviews due in the period."
        ),
        service="childrens-social-care",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=93.5,
        target=98.0,
        spread=0.015,
        decimals=1,
        denominator=940,
        data_source="Children's social care system",
    ),
    Entry(
        code="LPI CSC2",
        title="Number of looked after children",
        definition="Children looked after by the council on the last day of the period.",
        service="childrens-social-care",
        family=Family.LOCAL,
        unit=NUM,
        polarity=NONE,
        frequency=MONTH,
        aggregation=LATEST,
        baseline=312,
        target=None,
        spread=0.012,
        data_source="Children's social care system",
    ),
    # Children and Education: Education and Skills
    Entry(
        code="NI 75",
        title="Percentage of pupils achieving a strong pass (grade 5 or above) in English and maths",
        definition=(
            "Pupils at the end of key stage 4 in the borough's schools achieving grade 5 or "
            "above in both English and maths GCSE."
        ),
        service="education-and-skills",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=ACADEMIC,
        aggregation=LATEST,
        baseline=44.6,
        target=47.0,
        spread=0.03,
        decimals=1,
        data_source="DfE key stage 4 performance tables",
    ),
    Entry(
        code="NI 73",
        title="Achievement at the expected standard in reading, writing and maths at key stage 2",
        definition=(
            "Pupils at the end of key stage 2 reaching the expected standard in reading, writing "
            "and maths, as a percentage of eligible pupils."
        ),
        service="education-and-skills",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=ACADEMIC,
        aggregation=LATEST,
        baseline=58.5,
        target=61.0,
        spread=0.03,
        decimals=1,
        data_source="DfE key stage 2 attainment statistics",
    ),
    Entry(
        code="NI 87",
        title="Secondary school persistent absence rate",
        definition=(
            "Pupils in the borough's secondary schools missing 10% or more of possible sessions "
            "in the term, as a percentage of pupils on roll."
        ),
        service="education-and-skills",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=LOWER,
        frequency=TERM,
        aggregation=MEAN,
        baseline=20.4,
        target=18.0,
        spread=0.05,
        decimals=1,
        seasonal=0.08,
        peak_month=2,
        data_source="School census attendance returns",
    ),
    Entry(
        code="NI 103a",
        title="Education, health and care plans issued within 20 weeks",
        definition=(
            "New education, health and care plans issued within 20 weeks of the request for "
            "assessment, excluding exceptions, as a percentage of new plans issued."
        ),
        service="education-and-skills",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=54.0,
        target=65.0,
        spread=0.08,
        decimals=1,
        denominator=430,
        data_source="SEN case management system",
    ),
    Entry(
        code="NI 117",
        title="16 to 17 year olds not in education, employment or training (NEET)",
        definition=(
            "Young people aged 16 and 17 known to be NEET, as a percentage of those known to the "
            "council (three-month average, DfE definition)."
        ),
        service="education-and-skills",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=LATEST,
        baseline=5.2,
        target=4.5,
        spread=0.05,
        decimals=1,
        seasonal=0.12,
        peak_month=10,
        tolerance=("absolute", 0.3),
        data_source="Client caseload information system (CCIS)",
    ),
    # Children and Education: Early Help
    Entry(
        code="LPI EH1",
        title="Number of families supported by early help",
        definition="Families with an open early help assessment and plan in the period.",
        service="early-help",
        family=Family.LOCAL,
        unit=NUM,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=SUM,
        baseline=1_920,
        target=2_000,
        spread=0.06,
        data_source="Early help case system",
    ),
    Entry(
        code="LPI EH2",
        title="Percentage of early help cases closed with outcomes achieved",
        definition=(
            "Early help plans closed because the family's outcomes were achieved, as a "
            "percentage of all early help plans closed."
        ),
        service="early-help",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=71.0,
        target=75.0,
        spread=0.04,
        decimals=1,
        denominator=1_740,
        data_source="Early help case system",
    ),
    Entry(
        code="NI 111",
        title="First time entrants to the youth justice system aged 10 to 17 per 100,000",
        definition=(
            "Young people aged 10 to 17 receiving their first reprimand, warning or conviction "
            "in the year to date, per 100,000 population aged 10 to 17."
        ),
        service="early-help",
        family=Family.PARTNERSHIP,
        unit=PER_100000,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        cumulative=True,
        baseline=212.0,
        target=190.0,
        spread=0.12,
        decimals=1,
        data_source="Youth justice service",
    ),
    Entry(
        code="NI 112",
        title="Under-18 conception rate per 1,000 females aged 15 to 17",
        definition="Conceptions to females under 18 per 1,000 females aged 15 to 17.",
        service="early-help",
        family=Family.PARTNERSHIP,
        unit=PER_1000,
        polarity=LOWER,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=16.4,
        target=15.0,
        spread=0.06,
        decimals=1,
        data_source="ONS conception statistics",
    ),
    # Place: Waste and Recycling
    Entry(
        code="NI 192",
        title="Percentage of household waste sent for reuse, recycling and composting",
        definition=(
            "Tonnes of household waste sent for reuse, recycling or composting as a percentage "
            "of tonnes of household waste collected."
        ),
        service="waste-and-recycling",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=RATIO,
        baseline=44.0,
        target=47.0,
        spread=0.025,
        decimals=1,
        denominator=78_400,
        seasonal=0.12,
        peak_month=7,
        data_source="WasteDataFlow",
    ),
    Entry(
        code="NI 191",
        title="Residual household waste per household (kg)",
        definition=(
            "Kilograms of household waste collected that is not sent for reuse, recycling or "
            "composting, in the year to date, per household."
        ),
        service="waste-and-recycling",
        family=Family.NATIONAL_INDICATOR,
        unit=NUM,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        cumulative=True,
        baseline=522.0,
        target=500.0,
        spread=0.03,
        seasonal=0.05,
        peak_month=12,
        data_source="WasteDataFlow",
    ),
    Entry(
        code="BV 82a",
        title="Percentage of household waste sent for recycling",
        definition=(
            "Tonnes of household waste sent for recycling (excluding composting) as a "
            "percentage of tonnes of household waste collected."
        ),
        service="waste-and-recycling",
        family=Family.NATIONAL_BVPI,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=27.0,
        target=29.0,
        spread=0.03,
        decimals=1,
        denominator=78_400,
        data_source="WasteDataFlow",
    ),
    Entry(
        code="NI 195a",
        title="Improved street and environmental cleanliness: litter",
        definition=(
            "Percentage of relevant land and highways surveyed that falls below an acceptable "
            "level of litter (Keep Britain Tidy local environmental quality survey)."
        ),
        service="waste-and-recycling",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=LOWER,
        frequency=HALF,
        aggregation=MEAN,
        baseline=6.2,
        target=5.0,
        spread=0.12,
        decimals=1,
        data_source="Local environmental quality survey",
    ),
    Entry(
        code="NI 196",
        title="Number of fly-tipping incidents",
        definition="Fly-tipping incidents on public land reported to or found by the council.",
        service="waste-and-recycling",
        family=Family.NATIONAL_INDICATOR,
        unit=NUM,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=SUM,
        baseline=2_620,
        target=2_400,
        spread=0.1,
        seasonal=0.12,
        peak_month=6,
        data_source="Flycapture returns",
    ),
    Entry(
        code="LPI WR1",
        title="Missed bin collections per 100,000 collections",
        definition="Reported missed household collections per 100,000 scheduled collections.",
        service="waste-and-recycling",
        family=Family.LOCAL,
        unit=PER_100000,
        polarity=LOWER,
        frequency=MONTH,
        aggregation=RATIO,
        baseline=46.0,
        target=40.0,
        spread=0.1,
        decimals=1,
        denominator=4_210_000,
        seasonal=0.2,
        peak_month=1,
        data_source="Waste round management system",
    ),
    # Place: Planning
    Entry(
        code="NI 157a",
        title="Percentage of major planning applications determined within 13 weeks",
        definition=(
            "Major planning applications determined within 13 weeks or an agreed extension of "
            "time, as a percentage of major applications determined."
        ),
        service="planning",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=78.0,
        target=80.0,
        spread=0.05,
        decimals=1,
        denominator=64,
        data_source="Planning case system (PS1/PS2 returns)",
    ),
    Entry(
        code="NI 157b",
        title="Percentage of minor planning applications determined within 8 weeks",
        definition=(
            "Minor planning applications determined within 8 weeks or an agreed extension of "
            "time, as a percentage of minor applications determined."
        ),
        service="planning",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=82.0,
        target=85.0,
        spread=0.04,
        decimals=1,
        denominator=530,
        data_source="Planning case system (PS1/PS2 returns)",
    ),
    Entry(
        code="NI 157c",
        title="Percentage of other planning applications determined within 8 weeks",
        definition=(
            "Other planning applications (householder, change of use, advertisements) "
            "determined within 8 weeks, as a percentage of other applications determined."
        ),
        service="planning",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=RATIO,
        baseline=88.0,
        target=90.0,
        spread=0.03,
        decimals=1,
        denominator=1_340,
        data_source="Planning case system (PS1/PS2 returns)",
    ),
    Entry(
        code="BV 204",
        title="Percentage of appeals allowed against refusals of planning permission",
        definition=(
            "Appeals allowed by the Planning Inspectorate against the council's refusal of "
            "planning permission, as a percentage of appeals decided."
        ),
        service="planning",
        family=Family.NATIONAL_BVPI,
        unit=PCT,
        polarity=LOWER,
        frequency=HALF,
        aggregation=RATIO,
        baseline=31.0,
        target=30.0,
        spread=0.1,
        decimals=1,
        denominator=68,
        data_source="Planning Inspectorate appeal decisions",
    ),
    Entry(
        code="NI 154",
        title="Net additional homes provided",
        definition="Net additional dwellings completed in the borough in the financial year.",
        service="planning",
        family=Family.NATIONAL_INDICATOR,
        unit=NUM,
        polarity=HIGHER,
        frequency=YEAR,
        aggregation=SUM,
        baseline=820,
        target=900,
        spread=0.08,
        data_source="Housing land supply monitoring",
    ),
    Entry(
        code="NI 155",
        title="Number of affordable homes delivered (cumulative)",
        definition="Affordable homes (social rent, affordable rent and shared ownership) "
        "completed in the year to date.",
        service="planning",
        family=Family.NATIONAL_INDICATOR,
        unit=NUM,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=SUM,
        cumulative=True,
        baseline=236,
        target=260,
        spread=0.15,
        data_source="Housing enabling team returns",
    ),
    # Place: Highways and Transport
    Entry(
        code="NI 168",
        title="Principal roads where maintenance should be considered",
        definition="Percentage of the principal road network in red condition (SCANNER survey).",
        service="highways-and-transport",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=LOWER,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=5.0,
        target=4.0,
        spread=0.08,
        decimals=0,
        data_source="SCANNER road condition survey",
    ),
    Entry(
        code="NI 169",
        title="Non-principal classified roads where maintenance should be considered",
        definition="Percentage of the non-principal classified network in red condition.",
        service="highways-and-transport",
        family=Family.NATIONAL_INDICATOR,
        unit=PCT,
        polarity=LOWER,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=8.0,
        target=7.0,
        spread=0.08,
        decimals=0,
        data_source="SCANNER road condition survey",
    ),
    Entry(
        code="LPI HT1",
        title="Percentage of category 2 potholes repaired within 28 days",
        definition="Category 2 highway defects repaired within 28 days of inspection.",
        service="highways-and-transport",
        family=Family.LOCAL,
        unit=PCT,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=RATIO,
        baseline=86.0,
        target=90.0,
        spread=0.04,
        decimals=1,
        denominator=9_650,
        seasonal=-0.05,
        peak_month=2,
        data_source="Highways asset management system",
    ),
    Entry(
        code="NI 47",
        title="People killed or seriously injured in road traffic collisions",
        definition="People killed or seriously injured in reported road traffic collisions in "
        "the borough in the year to date.",
        service="highways-and-transport",
        family=Family.PARTNERSHIP,
        unit=NUM,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=SUM,
        cumulative=True,
        baseline=62,
        target=55,
        spread=0.2,
        data_source="Police STATS19 returns",
    ),
    Entry(
        code="LPI HT2",
        title="Number of parking penalty charge notices issued",
        definition="Penalty charge notices issued by civil enforcement officers.",
        service="highways-and-transport",
        family=Family.LOCAL,
        unit=NUM,
        polarity=NONE,
        frequency=MONTH,
        aggregation=SUM,
        baseline=38_200,
        target=None,
        spread=0.07,
        seasonal=0.06,
        peak_month=12,
        key=False,
        data_source="Parking enforcement system",
    ),
    # Place: Leisure and Culture
    Entry(
        code="LPI LC1",
        title="Number of visits to leisure centres",
        definition="Visits to the council's four leisure centres and swimming pools.",
        service="leisure-and-culture",
        family=Family.LOCAL,
        unit=NUM,
        polarity=HIGHER,
        frequency=MONTH,
        aggregation=SUM,
        baseline=1_150_000,
        target=1_200_000,
        spread=0.05,
        seasonal=0.12,
        peak_month=1,
        data_source="Leisure management system",
    ),
    Entry(
        code="LPI LC2",
        title="Number of library visits (physical and virtual)",
        definition="Visits to the borough's libraries and to the online library service.",
        service="leisure-and-culture",
        family=Family.LOCAL,
        unit=NUM,
        polarity=HIGHER,
        frequency=QUARTER,
        aggregation=SUM,
        baseline=822_000,
        target=800_000,
        spread=0.05,
        seasonal=-0.06,
        peak_month=12,
        data_source="Library management system",
    ),
    Entry(
        code="NI 8",
        title="Adult participation in sport and active recreation",
        definition="Adults taking part in at least 150 minutes of moderate activity a week.",
        service="leisure-and-culture",
        family=Family.PERCEPTION,
        unit=PCT,
        polarity=HIGHER,
        frequency=YEAR,
        aggregation=LATEST,
        baseline=61.5,
        target=63.0,
        spread=0.02,
        decimals=1,
        data_source="Sport England Active Lives survey",
    ),
    Entry(
        code="LPI LC3",
        title="Net cost per leisure centre visit",
        definition="Net cost of the leisure contract divided by the number of visits.",
        service="leisure-and-culture",
        family=Family.LOCAL,
        unit=GBP,
        polarity=LOWER,
        frequency=QUARTER,
        aggregation=MEAN,
        baseline=1.64,
        target=1.5,
        spread=0.05,
        decimals=2,
        data_source="Financial system and leisure management system",
    ),
)
"""The catalogue in the order indicators are created; ``build_council`` repeats it past 84."""


SERVICE_CONTEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # service: (reasons things went well, reasons they did not, remedial actions)
    "revenues-and-benefits": (
        (
            "the new online claim form",
            "automated processing of change notifications from DWP",
            "the extra assessors recruited in the spring",
        ),
        (
            "a rise of about 12% in new claims after the closure of the Westgate distribution "
            "centre",
            "vacancies in the assessment team",
            "the annual billing workload",
        ),
        (
            "Overtime agreed for the assessment team until the backlog clears.",
            "Two temporary assessors start next month; weekly backlog reports go to the head of "
            "service.",
            "Reminder and summons runs brought forward by two weeks.",
        ),
    ),
    "finance": (
        (
            "the move to purchase-card payments for low-value orders",
            "e-invoicing for the council's top 50 suppliers",
        ),
        (
            "delays in approving invoices during the finance system upgrade",
            "disputes over two large construction invoices",
        ),
        (
            "Budget holders reminded of the approval timescales; aged items reviewed weekly.",
            "Debt recovery officer assigned to the 20 largest accounts.",
        ),
    ),
    "hr-and-organisational-development": (
        (
            "the wellbeing programme and fast-track physiotherapy referrals",
            "managers' attendance training",
        ),
        (
            "seasonal flu and a rise in stress-related absence",
            "long-term absences in the depot workforce",
        ),
        (
            "Absence case reviews held with every service over the trigger point.",
            "Occupational health capacity increased for the winter.",
        ),
    ),
    "customer-services": (
        (
            "the new telephone menu routing council tax calls directly",
            "more customers using the online account",
        ),
        ("high call volumes after annual billing", "adviser vacancies and training of new staff"),
        (
            "Call-back service introduced at peak times.",
            "Staff from the customer service centre redeployed to the phones at peak times.",
        ),
    ),
    "digital": (
        (
            "the migration of the core systems to the new data centre",
            "the revised incident triage process",
        ),
        ("a network outage at the civic centre", "the supplier's delayed security patch"),
        (
            "Root-cause review completed and the supplier's service credits claimed.",
            "Out-of-hours change window moved to reduce the impact on users.",
        ),
    ),
    "policy-and-performance": (
        ("earlier reminders to data owners", "the higher response to this year's survey"),
        ("late sign-off in two directorates", "staff absence in the team"),
        (
            "Deadline reminders now go to directors as well as data owners.",
            "Outstanding returns reported to the corporate management team each week.",
        ),
    ),
    "legal-and-democratic-services": (
        (
            "the online request form with automatic acknowledgement",
            "the new information governance triage",
        ),
        ("a sharp rise in complex requests", "staff absence in the information governance team"),
        (
            "Weekly tracker of overdue requests sent to the corporate management team.",
            "Directors asked to nominate a deputy to sign off responses.",
        ),
    ),
    "communities": (
        (
            "targeted patrols with the neighbourhood policing team",
            "the Safer Streets lighting scheme in the town centre",
        ),
        ("a rise in incidents over the summer holidays", "reduced police patrols in the east"),
        (
            "Partnership problem-solving group meeting fortnightly on the hotspots.",
            "Additional youth outreach sessions funded for the summer.",
        ),
    ),
    "housing-needs": (
        ("earlier prevention work with private landlords", "the new supported lodgings scheme"),
        ("rising evictions from the private rented sector", "a shortage of affordable lets"),
        (
            "Private sector leasing scheme expanded by 20 units.",
            "Weekly panel reviewing every household in bed and breakfast.",
        ),
    ),
    "adult-social-care": (
        ("the expanded reablement team", "trusted assessors working on the hospital wards"),
        ("winter pressures on the hospital", "a shortage of home care in rural areas"),
        (
            "Discharge-to-assess beds commissioned for the winter.",
            "Recruitment campaign for home care workers launched with providers.",
        ),
    ),
    "public-health": (
        ("the community pharmacy stop smoking offer", "the GP practice call-and-recall campaign"),
        ("lower referrals from GP practices", "the provider's staff shortages"),
        (
            "Contract performance meeting held with the provider; recovery plan agreed.",
            "Targeted outreach in the three wards with the lowest uptake.",
        ),
    ),
    "childrens-social-care": (
        ("the stable permanent workforce", "the new multi-agency front door"),
        ("a rise in referrals after the school term started", "agency social worker turnover"),
        (
            "Additional team manager oversight of assessments nearing timescale.",
            "Weekly performance clinic with team managers.",
        ),
    ),
    "education-and-skills": (
        ("the attendance support team working with schools", "more EHC needs assessors"),
        (
            "a rise of almost a third in requests for assessment",
            "delays in educational psychology advice",
        ),
        (
            "Locum educational psychologists commissioned to clear the backlog.",
            "Attendance panels held with the schools with the highest absence.",
        ),
    ),
    "early-help": (
        ("the family hubs opening in the north and east", "stronger referral pathways"),
        ("higher caseloads in the family support team", "fewer referrals from health visitors"),
        (
            "Step-down arrangements reviewed with children's social care.",
            "Family hub outreach workers recruited.",
        ),
    ),
    "waste-and-recycling": (
        ("the garden waste subscription growth", "the food waste collection roll-out"),
        (
            "contamination of dry recycling rejected at the materials recovery facility",
            "vehicle breakdowns in the ageing fleet",
        ),
        (
            "Contamination campaign with bin tags in the worst-affected rounds.",
            "Two hire vehicles in place until the new fleet arrives.",
        ),
    ),
    "planning": (
        ("agreed extensions of time on major schemes", "the new validation checklist"),
        ("vacancies in the development management team", "a backlog of complex applications"),
        (
            "Agency planners engaged for six months.",
            "Pre-application service promoted to reduce invalid submissions.",
        ),
    ),
    "highways-and-transport": (
        ("the additional pothole repair gang", "the dry weather"),
        ("a prolonged cold spell", "the number of defects reported after flooding"),
        (
            "Second repair contractor called off under the framework.",
            "Weekend working approved until the backlog clears.",
        ),
    ),
    "leisure-and-culture": (
        ("the new fitness membership offer", "the refurbished Riverside pool"),
        ("the temporary closure of Northgate pool for repairs", "lower footfall in the winter"),
        (
            "Programme of holiday activities promoted through schools.",
            "Contract review meeting held with the leisure operator.",
        ),
    ),
}
"""Phrases the demo puts together into owners' commentary, per service."""
