from django.urls import path

from goldenthread.indicators import scorecard_import

urlpatterns = [
    path("", scorecard_import.scorecard_import, name="scorecard-import"),
    path(
        "mapping.json", scorecard_import.scorecard_import_mapping, name="scorecard-import-mapping"
    ),
]
