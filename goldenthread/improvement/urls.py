from django.urls import path

from goldenthread.improvement import projects, risks, views

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
]
