"""Read marks kept on reads and written by the periodic job (see website.core.counters).

Buffered under the person, as ``<topic id>`` → the last post read (the largest
wins), so the person's own pages can merge what is not yet written.
"""

from django.contrib.auth import get_user_model

from website.core import counters

from .models import Topic, TopicReadMark


def _write_read_marks(values: counters.Values) -> None:
    marks = {(int(user), int(topic)): post for (user, topic), post in values.items()}
    topics = set(Topic.objects.filter(pk__in={t for _u, t in marks}).values_list("pk", flat=True))
    users = set(
        get_user_model().objects.filter(pk__in={u for u, _t in marks}).values_list("pk", flat=True)
    )
    marks = {(u, t): post for (u, t), post in marks.items() if u in users and t in topics}
    TopicReadMark.objects.bulk_create(
        [
            TopicReadMark(user_id=u, topic_id=t, last_read_post_id=post)
            for (u, t), post in marks.items()
        ],
        ignore_conflicts=True,
    )
    for (user_id, topic_id), post in marks.items():  # never backwards
        TopicReadMark.objects.filter(
            user_id=user_id, topic_id=topic_id, last_read_post_id__lt=post
        ).update(last_read_post_id=post)


READ_MARKS = counters.Kind("forums.read_marks", merge=counters.MAX, apply=_write_read_marks)


def pending_read_marks(user_id: int) -> dict[int, int]:
    """Topic id → last post read, for what this person read since the last flush."""
    return {int(topic): post for topic, post in READ_MARKS.pending(user_id).items()}
