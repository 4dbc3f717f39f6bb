from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_drop_redundant_indexes'),
        ('wards', '0002_ward_code_validator'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['assignee', 'department'], name='case_assignee_department_idx'),
        ),
    ]
