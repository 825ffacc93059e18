import secrets
from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db.models.signals import post_migrate


def renew_data_version(
    sender: AppConfig, using: str, apps: Apps | None = None, **kwargs: Any
) -> None:
    """After every migrate (and a flush), a new generation of the data version: a data
    migration may have changed what pages show (``core.datacache``)."""
    try:
        model = (apps or global_apps).get_model("core", "DataVersion")
    except LookupError:
        return  # migrated back to before the table existed
    model.objects.using(using).update_or_create(pk=1, defaults={"generation": secrets.token_hex(8)})


class CoreConfig(AppConfig):
    name = "goldenthread.core"
    label = "core"
    verbose_name = "Core: audit and shared parts"

    def ready(self) -> None:
        post_migrate.connect(renew_data_version, sender=self)
