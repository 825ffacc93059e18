import secrets

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    # The one row ``goldenthread.core.datacache`` advances (it re-creates it if it goes).
    DataVersion = apps.get_model("core", "DataVersion")
    DataVersion.objects.get_or_create(pk=1, defaults={"generation": secrets.token_hex(8)})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_alter_auditentry_action'),
    ]

    operations = [
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('generation', models.CharField(max_length=32)),
                ('counter', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
