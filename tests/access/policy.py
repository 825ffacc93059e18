"""The declared access policy: for every URL name, which roles may use it with which method.

``tests/access/test_matrix.py`` requests every URL pattern as every role with every method and
holds the answer to this table: allowed means the page works for them (not 403, not 405, not
sent to sign in); anything not listed for a method is refused (403 or 405 signed in; sent to
sign in, or 405, when signed out). A URL with no entry here fails the test, so a new page
cannot ship without someone deciding who may use it.
"""

from __future__ import annotations

ANONYMOUS = "anonymous"
ADMIN, PERFORMANCE = "admin", "performance"
DIRECTOR, HEAD = "director", "head_of_service"
OWNER, COUNCILLOR, SCRUTINY = "owner", "councillor", "scrutiny"
PARTNER, STAFF = "partner", "staff"

PEOPLE = frozenset(
    {ADMIN, PERFORMANCE, DIRECTOR, HEAD, OWNER, COUNCILLOR, SCRUTINY, PARTNER, STAFF}
)
ROLES = PEOPLE | {ANONYMOUS}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

EVERYONE = ROLES
TEAM = frozenset({ADMIN, PERFORMANCE})
INTERNAL = PEOPLE - {PARTNER}
APPROVERS = TEAM | {DIRECTOR, HEAD}
COUNCILLORS = frozenset({COUNCILLOR, SCRUTINY})
NOBODY: frozenset[str] = frozenset()


def read(roles: frozenset[str]) -> dict[str, frozenset[str]]:
    return {"GET": roles}


def form(roles: frozenset[str], post: frozenset[str] | None = None) -> dict[str, frozenset[str]]:
    return {"GET": roles, "POST": roles if post is None else post}


POLICY: dict[str, dict[str, frozenset[str]]] = {
    "healthz": read(EVERYONE),
    "login": form(EVERYONE),
    "logout": {"POST": EVERYONE},
    # Django's admin: staff users only (the team in the demo). Its index answers every method;
    # each admin page checks the model permissions itself.
    "admin:index": dict.fromkeys(METHODS, TEAM),
    # Two-factor: the code step and setting up an app, for anyone signed in (the team must).
    "two_factor_verify": form(PEOPLE),
    "two_factor_setup": form(PEOPLE),
    "home": read(PEOPLE),  # My work; a partner is sent on to their returns, a director and
    # the team to their dashboard
    "my-work": read(INTERNAL),
    # Dashboards by role (issue 18): a director's directorate, the team's council, a
    # portfolio holder's portfolio (the sample councillor holds Resources).
    "dashboards:dashboard": read(TEAM | {DIRECTOR, COUNCILLOR}),
    # The corporate scorecard and indicator pages (the sample indicator is the owner's).
    "scorecard": read(INTERNAL),
    "indicator": read(INTERNAL),
    # Returns: the sample return is the data owner's (Revenues and Benefits); the review
    # sample is a Waste and Recycling return, which the Place director and head of service
    # approve.
    "returns:mine": read(PEOPLE),
    "returns:edit": form(TEAM | {OWNER}),
    "returns:approvals": form(APPROVERS),
    "returns:review": form(APPROVERS),
    "returns:chase": read(TEAM),
    "returns:periods": read(TEAM),
    "returns:period_action": {"POST": TEAM},
    "returns:sign_off": form(TEAM),
    "returns:history_csv": read(INTERNAL),
    "returns:audit_csv": read(TEAM),
    # Imports: values for those who own or approve indicators; every kind for the team.
    "import": form(APPROVERS | {OWNER, PARTNER}),
    "import-confirm": {"POST": APPROVERS | {OWNER, PARTNER}},
    "import-template": read(APPROVERS | {OWNER, PARTNER}),
    # Moving in from the council's own scorecard workbook: the performance team only.
    "scorecard-import": form(TEAM),
    "scorecard-import-mapping": read(TEAM),
    # Plans and the golden thread.
    "plans": read(INTERNAL),
    "plan": read(INTERNAL),
    "plan-refresh": form(TEAM),
    "thread-explorer": read(INTERNAL),
    "objective": read(INTERNAL),
    "objective-delete": form(TEAM),
    "plans-coverage": read(INTERNAL),
    "plans-coverage-csv": read(INTERNAL),
    "appraisals": read(INTERNAL),
    # Writing the thread (issue 17b). The samples are in a work programme the owner keeps, a
    # milestone the owner owns, an LPSA and an LAA target, and the head of service's appraisal,
    # which the director manages: he reads it, she records it.
    "plan-new": form(TEAM),
    "plan-edit": form(TEAM | {OWNER}),
    "objective-new": form(TEAM | {OWNER}),
    "objective-edit": form(TEAM | {OWNER}),
    "objective-links": form(TEAM | {OWNER}),
    "milestone-new": form(TEAM | {OWNER}),
    "milestone-edit": form(TEAM | {OWNER}),
    "milestone-done": form(TEAM | {OWNER}),
    "milestone-late": form(TEAM | {OWNER}),
    "stretch-target": form(TEAM),
    "target-shares": form(TEAM),
    "appraisal": form(TEAM | {DIRECTOR, HEAD}, post=TEAM | {DIRECTOR}),
    "appraisal-new": form(APPROVERS),
    # Benchmarking.
    "benchmarking": read(INTERNAL),
    "benchmark-measures": read(INTERNAL),
    "benchmark-bands": read(INTERNAL),
    "benchmark-measure": read(INTERNAL),
    "benchmark-groups": form(INTERNAL, post=TEAM),
    "benchmark-indicator": form(TEAM),
    # Improvement: action plans, risks, projects.
    "improvement:home": read(INTERNAL),
    "improvement:plan": read(INTERNAL),
    "improvement:plan-export": read(INTERNAL),
    "improvement:register": read(INTERNAL),
    "improvement:project": read(INTERNAL),
    "improvement:programme": read(INTERNAL),
    # Risk reviews and checkpoint decisions: the sample risk is the head of service's (its
    # owner); the sample project is the Place director's (its sponsor). The team may do both.
    "improvement:risk": read(INTERNAL),
    "improvement:risk-review": form(TEAM | {HEAD}),
    "improvement:register-top-risks": read(INTERNAL),
    "improvement:project-checkpoint": form(TEAM | {DIRECTOR}),
    # Action pages (the sample action's lead is the data owner; its plan's owner the director).
    "improvement:action": read(INTERNAL),
    "improvement:action-progress": form(TEAM | {OWNER}),
    "improvement:action-new-date": form(TEAM | {OWNER}),
    "improvement:action-done": form(TEAM | {OWNER}),
    "improvement:action-edit": form(TEAM | {DIRECTOR}),
    "improvement:action-merge": form(TEAM | {DIRECTOR}),
    "improvement:action-close": form(TEAM | {DIRECTOR}),
    "improvement:action-add": form(TEAM | {DIRECTOR}),
    "improvement:date-requests": read(TEAM | {DIRECTOR}),
    "improvement:date-request": form(TEAM | {DIRECTOR}),
    "improvement:remedial-add": form(TEAM | {OWNER}),
    # Reports and committee work.
    "reports:index": read(INTERNAL),
    "reports:matrix": read(INTERNAL),
    "reports:exceptions": read(INTERNAL),
    "reports:refer": form(TEAM | COUNCILLORS),
    "reports:pack": read(INTERNAL),
    "reports:ipr": read(INTERNAL),
    "reports:scorecard": read(INTERNAL),
    "reports:finance": read(INTERNAL),
    "reports:challenges": read(INTERNAL),
    "reports:challenge_new": form(TEAM),
    "reports:challenge": form(INTERNAL, post=TEAM),
    "reports:upcoming": read(INTERNAL),
    # The API's own pages: its description and OpenAPI document are public (shape, no data).
    # Its operations are held to API_POLICY below; any other /api/v1/ address is a JSON 404.
    "api:api-root": read(EVERYONE),
    "api:docs": read(EVERYONE),
    "api:openapi-json": read(EVERYONE),
}

POLICY.update(
    {
        # The public site and open data: anyone, no sign-in, GET only.
        "public:scorecard": read(EVERYONE),
        "public:indicator": read(EVERYONE),  # the sample is a public indicator
        "public:open_data": read(EVERYONE),
        "public:datapackage": read(EVERYONE),
        "public:schema": read(EVERYONE),
        "public:download": read(EVERYONE),
        # Councillors' queries. The sample query was raised by the scrutiny login about the
        # owner's indicator, routed to the councillor (portfolio holder) and the owner, and
        # answered: the step sampled is closing it, which only the councillor who raised it may.
        "queries:list": read(INTERNAL),
        "queries:raise": form(COUNCILLORS),
        "queries:detail": read(TEAM | {SCRUTINY, COUNCILLOR, OWNER}),
        "queries:step": {"POST": frozenset({SCRUTINY})},
        # Indicators and targets (issue 17a): the team defines indicators, sets and rolls
        # forward targets and decides proposals; the owner proposes changes to the sample
        # indicator (theirs) and sees their own proposal (the demo's).
        "indicators:new": form(TEAM),
        "indicators:edit": form(TEAM),
        "indicators:retire": form(TEAM),
        "indicators:targets": form(TEAM),
        "indicators:propose-definition": form(frozenset({OWNER})),
        "indicators:propose-target": form(frozenset({OWNER})),
        "indicators:proposals": read(PEOPLE),
        "indicators:proposal": {"GET": TEAM | {OWNER}, "POST": TEAM},
        "indicators:roll-forward": form(TEAM),
        # A one-time set-password link (``goldenthread setup --non-interactive``): anyone
        # holding it, signed in or not; a wrong or used token shows "this link does not work".
        "set_password": form(EVERYONE),
        # An invitation's link (the people import emails it): anyone holding it; the sample
        # token is not one that was sent, so the page says the link does not work (410).
        "invitation": form(EVERYONE),
        # The invitations list; resending and revoking are POSTs to it: administrators only.
        "invitations": form(frozenset({ADMIN})),
    }
)

# Single sign-on answers 404 until OIDC is configured (tests/security covers it configured).
NOT_CONFIGURED = frozenset({"oidc_authentication_init", "oidc_authentication_callback"})
# The first-run page answers anyone, with no sign-in, only while the database is empty, and
# 404 once anything exists, as here (tests/onboarding covers it before set-up).
FIRST_RUN_ONLY = frozenset({"setup"})

# The REST API (/api/v1/) answers bearer tokens only: signed-in users without a token, and
# anyone with no token or a revoked one, get 401. Tokens are scoped to services; the sample
# indicator is in Revenues and Benefits.
READ_TOKEN = "token: read, Revenues and Benefits"
WRITE_TOKEN = "token: write, Revenues and Benefits"
OTHER_TOKEN = "token: write, Waste and Recycling"  # another service's: 404, not 403
REVOKED_TOKEN = "token: revoked, write, Revenues and Benefits"
TOKENS = (READ_TOKEN, WRITE_TOKEN, OTHER_TOKEN, REVOKED_TOKEN)
API_PRINCIPALS = ROLES | set(TOKENS)
SCOPED = frozenset({READ_TOKEN, WRITE_TOKEN})
ANY_VALID = frozenset({READ_TOKEN, WRITE_TOKEN, OTHER_TOKEN})

# operationId → the principals for whom the operation works. Lists are filtered to the
# token's services, so any valid token may list; one indicator's data needs it in scope.
API_POLICY: dict[str, frozenset[str]] = {
    "indicators_list": ANY_VALID,
    "periods_list": ANY_VALID,
    "actions_list": ANY_VALID,
    "risks_list": ANY_VALID,
    "indicator_get": SCOPED,
    "targets_list": SCOPED,
    "values_list": SCOPED,
    "value_put": frozenset({WRITE_TOKEN}),
    "target_put": frozenset({WRITE_TOKEN}),
    "value_patch": frozenset({WRITE_TOKEN}),
    "target_patch": frozenset({WRITE_TOKEN}),
}
