"""A survey's questions, read from the copy of the questionnaire it keeps (plain data)."""

from dataclasses import dataclass, field

from . import blocks

RATING_SCALE = tuple(range(1, 11))


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    help_text: str
    required: bool
    options: tuple[str, ...] = ()

    @property
    def is_text(self) -> bool:
        return self.type in blocks.TEXT_TYPES

    @property
    def is_multiple(self) -> bool:
        return self.type == blocks.MULTIPLE

    @property
    def is_rating(self) -> bool:
        return self.type == blocks.RATING

    def labels(self) -> tuple[str, ...]:
        """What each stored ``choice`` stands for, in order."""
        if self.is_rating:
            return tuple(str(n) for n in RATING_SCALE)
        return self.options

    def chosen(self, stored: int) -> list[int]:
        """The options a stored multiple-choice value holds (see ``Answer.choice``)."""
        return [n for n in range(len(self.options)) if stored >> n & 1]

    def choice_values(self) -> tuple[int, ...]:
        """The values an ``Answer.choice`` may hold for this question."""
        if self.is_rating:
            return RATING_SCALE
        return tuple(range(len(self.options)))


@dataclass
class Section:
    title: str
    intro: str
    questions: list[Question] = field(default_factory=list)


def parse_questions(stream: list[dict]) -> list[Section]:
    """Sections in order; questions before the first heading form an untitled section."""
    sections: list[Section] = []
    for block in stream or ():
        kind, value = block.get("type"), block.get("value") or {}
        if kind == blocks.SECTION:
            sections.append(Section(title=value.get("title", ""), intro=value.get("intro", "")))
            continue
        if kind not in blocks.QUESTION_TYPES:
            continue
        if not sections:
            sections.append(Section(title="", intro=""))
        options: tuple[str, ...] = ()
        if kind == blocks.LIKERT:
            options = tuple(_items(value.get("labels")))
        elif kind in (blocks.SINGLE, blocks.MULTIPLE):
            options = tuple(_items(value.get("choices")))
        sections[-1].questions.append(
            Question(
                id=str(block.get("id")),
                type=kind,
                text=value.get("text", ""),
                help_text=value.get("help_text", "") or "",
                required=bool(value.get("required")),
                options=options,
            )
        )
    return [section for section in sections if section.questions]


def _items(raw) -> list[str]:
    """A ListBlock's items, in either of Wagtail's stored shapes."""
    items = []
    for item in raw or ():
        if isinstance(item, dict) and "value" in item:
            item = item["value"]
        items.append(str(item))
    return items


def all_questions(sections: list[Section]) -> list[Question]:
    return [question for section in sections for question in section.questions]


def options_mask(options) -> int:
    """The stored value of a multiple-choice answer: option n is bit n."""
    mask = 0
    for option in set(options):
        mask |= 1 << int(option)
    return mask
