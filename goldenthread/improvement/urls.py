from django.urls import path

from goldenthread.improvement import action_views, projects, risks, views

app_name = "improvement"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/export.<str:fmt>", views.plan_export, name="plan-export"),
    path("risks/<int:pk>/", views.register, name="register"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("programme/", projects.programme, name="programme"),
    # Risk reviews and checkpoint decisions (issue 17 d).
    path("risks/<int:pk>/top-risks.docx", risks.top_risks_docx, name="register-top-risks"),
    path("risk/<int:pk>/", risks.risk, name="risk"),
    path("risk/<int:pk>/review/", risks.risk_review, name="risk-review"),
    path("projects/<int:pk>/checkpoint/", projects.checkpoint, name="project-checkpoint"),
    # Action plans: the lead's and the plan owner's pages (issue 17 part c).
    path("actions/<int:pk>/", action_views.action, name="action"),
    path("actions/<int:pk>/progress/", action_views.progress, name="action-progress"),
    path("actions/<int:pk>/new-date/", action_views.new_date, name="action-new-date"),
    path("actions/<int:pk>/done/", action_views.done, name="action-done"),
    path("actions/<int:pk>/edit/", action_views.edit, name="action-edit"),
    path("actions/<int:pk>/merge/", action_views.merge, name="action-merge"),
    path("actions/<int:pk>/close/", action_views.close, name="action-close"),
    path("plans/<int:pk>/actions/add/", action_views.add, name="action-add"),
    path("plans/<int:pk>/new-dates/", action_views.date_requests, name="date-requests"),
    path("new-dates/<int:pk>/", action_views.date_request, name="date-request"),
    path("indicators/<int:pk>/remedial-action/", action_views.remedial, name="remedial-add"),
]
