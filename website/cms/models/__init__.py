"""The web channel's page types, snippets and what readers leave on pages."""

from .base import (
    ContentKind,
    ContentPage,
    PageAttachment,
    RelatedLink,
    StandardPage,
    ThematicArea,
)
from .collections import (
    CollectionEntry,
    DocumentCollectionPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
    GoodPracticeIndexPage,
    GoodPracticePage,
)
from .feedback import PageFeedback
from .home import HomeFeaturedPage, HomeFeaturedPractice, HomePage
from .news import (
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    PressReviewIndexPage,
    PressReviewItem,
    PressReviewPage,
)
from .regulations import RegulationIndexPage, RegulationPage, RegulationRelation

__all__ = [
    "CollectionEntry",
    "ContentKind",
    "ContentPage",
    "DocumentCollectionPage",
    "EventIndexPage",
    "EventPage",
    "EventRegistration",
    "GoodPracticeIndexPage",
    "GoodPracticePage",
    "HomeFeaturedPage",
    "HomeFeaturedPractice",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "PageAttachment",
    "PageFeedback",
    "PressReviewIndexPage",
    "PressReviewItem",
    "PressReviewPage",
    "RegulationIndexPage",
    "RegulationPage",
    "RegulationRelation",
    "RelatedLink",
    "StandardPage",
    "ThematicArea",
]
