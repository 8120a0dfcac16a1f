"""One feedback model for every page: "Questa pagina ti è stata utile?" Sì / No (issue 18).

The 1–5 ratings become rows of the new model as they were given: their score is
kept, their yes/no stays empty (no answer is made up for them).
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_page_url_path_index"),
        ("wagtailcore", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="contentrating", name="content_rating_score_range"),
        migrations.RemoveConstraint(model_name="contentrating", name="content_rating_has_reader"),
        migrations.RemoveConstraint(model_name="contentrating", name="content_rating_one_per_user"),
        migrations.RemoveConstraint(
            model_name="contentrating", name="content_rating_one_per_reader"
        ),
        migrations.RenameModel(old_name="ContentRating", new_name="PageFeedback"),
        migrations.AlterModelOptions(
            name="pagefeedback",
            options={
                "ordering": ["-updated_at"],
                "permissions": [
                    ("view_rating_report", "Può vedere il rapporto sulle valutazioni")
                ],
                "verbose_name": "riscontro su una pagina",
                "verbose_name_plural": "riscontri sulle pagine",
            },
        ),
        migrations.AlterField(
            model_name="pagefeedback",
            name="page",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="feedback",
                to="wagtailcore.page",
                verbose_name="pagina",
            ),
        ),
        migrations.AddField(
            model_name="pagefeedback",
            name="useful",
            field=models.BooleanField(blank=True, null=True, verbose_name="utile"),
        ),
        migrations.AlterField(
            model_name="pagefeedback",
            name="score",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Solo le valutazioni date prima della domanda sì/no.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(5),
                ],
                verbose_name="voto da 1 a 5",
            ),
        ),
        migrations.AlterField(
            model_name="pagefeedback",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                verbose_name="aggiornata il",
            ),
        ),
        migrations.AddConstraint(
            model_name="pagefeedback",
            constraint=models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | models.Q(score__gte=1, score__lte=5),
                name="page_feedback_score_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="pagefeedback",
            constraint=models.CheckConstraint(
                condition=models.Q(useful__isnull=False) | models.Q(score__isnull=False),
                name="page_feedback_has_answer",
            ),
        ),
        migrations.AddConstraint(
            model_name="pagefeedback",
            constraint=models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(reader_key=""),
                name="page_feedback_has_reader",
            ),
        ),
        migrations.AddConstraint(
            model_name="pagefeedback",
            constraint=models.UniqueConstraint(
                condition=models.Q(user__isnull=True),
                fields=("page", "reader_key"),
                name="page_feedback_one_per_reader",
            ),
        ),
        migrations.AddConstraint(
            model_name="pagefeedback",
            constraint=models.UniqueConstraint(
                condition=models.Q(user__isnull=False),
                fields=("page", "user"),
                name="page_feedback_one_per_user",
            ),
        ),
    ]
