"""The seeding steps of ``seed_demo``, in the order they run: each one reads what the earlier made.

Each module offers ``seed(*, scale, log)``; ``organisation`` also offers ``logins()``.
"""

from demo import (
    analytics,
    attendance,
    certificates,
    cms,
    courses,
    forums,
    learning,
    organisation,
    packages,
    privacy,
    quality,
    quizzes,
    records,
    resources,
    site,
    surveys,
)

STEPS = (
    site,
    organisation,
    courses,
    attendance,
    certificates,
    cms,
    analytics,
    forums,
    resources,
    quizzes,
    surveys,
    packages,
    quality,
    learning,
    records,
    privacy,
)
