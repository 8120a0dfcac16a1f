"""The CAF scoring panels, as the CAF 2020 guidance defines them.

Classical panel: one score from 0 to 100 per sub-criterion, read in the
panel's six bands (0–10, 11–30, 31–50, 51–70, 71–90, 91–100): for enablers
the bands follow how far the PDCA cycle is run, for results how far trends
and targets are met.

Fine-tuned panel: an enabler's sub-criterion is scored 0–100 on each phase
(Plan, Do, Check, Act) and its score is the mean of the four; a result's
sub-criterion is scored 0–100 on trends and on targets and its score is the
mean of the two.

With either panel a criterion's score is the mean of its sub-criteria's
scores, the overall score is the mean of the nine criteria (0–100), and the
total is their sum (0–900). Means are rounded half up to one decimal.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.core.exceptions import Refused

from .models import SCORE_MAX, SCORE_MIN, Criterion, Panel

ENABLER_PHASES = ("phase_plan", "phase_do", "phase_check", "phase_act")
RESULT_PHASES = ("trends", "targets")
CLASSICAL = ("score",)
ALL_SCORES = CLASSICAL + ENABLER_PHASES + RESULT_PHASES
ONE_DECIMAL = Decimal("0.1")

PHASE_LABELS = {
    "score": gettext_lazy("Punteggio"),
    "phase_plan": "Plan",
    "phase_do": "Do",
    "phase_check": "Check",
    "phase_act": "Act",
    "trends": gettext_lazy("Andamenti"),
    "targets": gettext_lazy("Obiettivi"),
}


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    enabler: str | Promise
    result: str | Promise


BANDS = (
    Band(
        0,
        10,
        gettext_lazy("Nessuna evidenza o solo idee"),
        gettext_lazy("Nessun risultato misurato"),
    ),
    Band(
        11,
        30,
        gettext_lazy("Pianificato (Plan)"),
        gettext_lazy("Risultati chiave misurati, andamenti negativi o nessun obiettivo"),
    ),
    Band(
        31,
        50,
        gettext_lazy("Pianificato e attuato (Plan, Do)"),
        gettext_lazy("Andamenti stabili o progressi modesti, alcuni obiettivi raggiunti"),
    ),
    Band(
        51,
        70,
        gettext_lazy("Pianificato, attuato e verificato (Plan, Do, Check)"),
        gettext_lazy("Progressi sostanziali, obiettivi rilevanti raggiunti"),
    ),
    Band(
        71,
        90,
        gettext_lazy("Ciclo PDCA completo, con miglioramenti (Act)"),
        gettext_lazy("Progressi considerevoli, quasi tutti gli obiettivi raggiunti"),
    ),
    Band(
        91,
        100,
        gettext_lazy("Ciclo PDCA completo e confronto con altri (benchlearning)"),
        gettext_lazy("Risultati eccellenti e stabili, obiettivi raggiunti, confronti positivi"),
    ),
)


def band_for(value) -> Band | None:
    if value is None:
        return None
    for band in BANDS:
        if value <= band.high:
            return band
    return BANDS[-1]


def mean(values: Iterable) -> Decimal | None:
    values = [Decimal(value) for value in values]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def fields_for(panel: str, *, is_enabler: bool) -> tuple[str, ...]:
    """The score fields a sub-criterion asks for with this panel."""
    if panel == Panel.CLASSICAL:
        return CLASSICAL
    return ENABLER_PHASES if is_enabler else RESULT_PHASES


def parse_score(raw, label) -> int | None:
    """An integer from 0 to 100, None when blank; Refused otherwise."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise Refused(
            _("%(field)s: scrivi un numero intero da 0 a 100.") % {"field": label}
        ) from None
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise Refused(
            _("%(field)s: il punteggio va da 0 a 100, non %(value)s.")
            % {"field": label, "value": value}
        )
    return value


def sub_value(
    panel: str, *, is_enabler: bool, scores: Mapping, required: bool = False
) -> Decimal | None:
    """The sub-criterion's score from its panel's fields (already parsed), or None when blank.

    Refused when a field of the other panel is given, when only some of the
    panel's fields are, or (``required``) when none is.
    """
    wanted = fields_for(panel, is_enabler=is_enabler)
    stray = [name for name in ALL_SCORES if name not in wanted and scores.get(name) is not None]
    if stray:
        raise Refused(
            _("Questa autovalutazione usa la griglia %(panel)s: non si compilano %(fields)s.")
            % {
                "panel": Panel(panel).label,
                "fields": ", ".join(str(PHASE_LABELS[name]) for name in stray),
            }
        )
    given = [scores.get(name) for name in wanted]
    if all(value is None for value in given):
        if required:
            raise Refused(_("Manca il punteggio."))
        return None
    missing = [
        str(PHASE_LABELS[name]) for name, value in zip(wanted, given, strict=True) if value is None
    ]
    if missing:
        raise Refused(_("Punteggio incompleto: manca %(fields)s.") % {"fields": ", ".join(missing)})
    for name, value in zip(wanted, given, strict=True):
        if value is not None and not SCORE_MIN <= value <= SCORE_MAX:  # None refused above
            raise Refused(
                _("%(field)s: il punteggio va da 0 a 100, non %(value)s.")
                % {"field": PHASE_LABELS[name], "value": value}
            )
    return mean(given)


@dataclass
class CriterionScore:
    criterion: Criterion
    value: Decimal | None
    sub_values: list


@dataclass
class Totals:
    criteria: list[CriterionScore]
    overall: Decimal | None
    total: Decimal | None
    enablers: Decimal | None
    results: Decimal | None


def totals(criteria, values_by_sub: Mapping[int, Decimal | None]) -> Totals:
    """Criterion means, overall mean (0–100) and total (0–900); None where anything is missing.

    ``criteria`` carry their ``subcriteria`` (prefetched); ``values_by_sub`` maps a
    sub-criterion's id to its score.
    """
    scores = []
    for criterion in criteria:
        subs = [values_by_sub.get(sub.pk) for sub in criterion.subcriteria.all()]
        complete = subs and all(value is not None for value in subs)
        scores.append(CriterionScore(criterion, mean(subs) if complete else None, subs))
    known = [score.value for score in scores]
    complete = bool(known) and all(value is not None for value in known)
    enablers = [s.value for s in scores if s.criterion.is_enabler]
    results = [s.value for s in scores if not s.criterion.is_enabler]
    return Totals(
        criteria=scores,
        overall=mean(known) if complete else None,
        total=sum((v for v in known if v is not None), Decimal(0)) if complete else None,
        enablers=mean(enablers) if complete else None,
        results=mean(results) if complete else None,
    )
