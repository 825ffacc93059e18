from django.urls import path

from goldenthread.returns import views

app_name = "returns"

urlpatterns = [
    path("returns/", views.my_returns, name="mine"),
    path("returns/overdue/", views.chase, name="chase"),
    path("returns/periods/", views.periods, name="periods"),
    path("returns/periods/<str:code>/", views.sign_off, name="sign_off"),
    path(
        "returns/periods/<str:code>/<str:action>/",
        views.period_action,
        name="period_action",
    ),
    path("returns/<int:indicator_pk>/<str:period_code>/", views.return_edit, name="edit"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:pk>/", views.review, name="review"),
    path("indicators/<int:pk>/history.csv", views.indicator_history_csv, name="history_csv"),
    path("audit.csv", views.audit_csv, name="audit_csv"),
]
