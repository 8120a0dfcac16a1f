"""URN:NIR identifiers of Italian acts and their Normattiva links.

A URN:NIR names an act by who issued it, what kind of act it is, its date and
its number (the «Norme in Rete» standard, resolved by Normattiva)::

    urn:nir:<authority>:<kind>:<yyyy-mm-dd>[;<number>][~art<article>]

    urn:nir:stato:decreto.legge:2008-11-29;185
    urn:nir:stato:decreto.legislativo:2015-09-14;150~art18
    urn:nir:presidente.repubblica:decreto:2000-12-28;445
    urn:nir:ministero.lavoro.e.politiche.sociali:decreto:2016-01-11;4
    urn:nir:regione.sicilia:legge:2004-02-26;2
    urn:nir:regione.sicilia;giunta:delibera:2019-05-16;186

The authority is the State for laws and legislative decrees, the President of
the Republic or of the Council of Ministers for their decrees, the issuing
ministry or agency for ministerial decrees and circulars, and the region (with
its organ, the Giunta, for its resolutions) for regional acts. Names are lower
case with their words joined by dots. Numbers and articles lose their leading
zeros; a Latin extension joins the number («4-bis» → ``4bis``) and any other
separator becomes a hyphen («12/A» → ``12-a``).
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NORMATTIVA_RESOLVER = "https://www.normattiva.it/uri-res/N2Ls?"

# Who issues what. Kinds whose authority is fixed carry it here; the others
# take it from the act (a ministry or agency, or a region).
STATE = "stato"


@dataclass(frozen=True)
class ActKind:
    code: str  # the value stored on the page
    label: "StrOrPromise"
    nir_kind: str  # the <kind> part of the URN
    authority: str = ""  # fixed authority; "" when the act names it
    needs: str = ""  # "issuer" (ministry or agency), "region", or "issuer-or-region"
    organ: str = ""  # the organ of a region that adopts the act (";giunta")


ACT_KINDS = [
    ActKind("legge", _("Legge"), "legge", authority=STATE),
    ActKind("decreto-legge", _("Decreto-legge"), "decreto.legge", authority=STATE),
    ActKind(
        "decreto-legislativo", _("Decreto legislativo"), "decreto.legislativo", authority=STATE
    ),
    ActKind(
        "dpr",
        _("Decreto del Presidente della Repubblica"),
        "decreto",
        authority="presidente.repubblica",
    ),
    ActKind(
        "dpcm",
        _("Decreto del Presidente del Consiglio dei ministri"),
        "decreto",
        authority="presidente.consiglio.ministri",
    ),
    ActKind("dm", _("Decreto ministeriale"), "decreto", needs="issuer"),
    ActKind("circolare", _("Circolare"), "circolare", needs="issuer-or-region"),
    ActKind("legge-regionale", _("Legge regionale"), "legge", needs="region"),
    ActKind(
        "delibera-regionale",
        _("Delibera della Giunta regionale"),
        "delibera",
        needs="region",
        organ="giunta",
    ),
]
ACT_KINDS_BY_CODE = {kind.code: kind for kind in ACT_KINDS}
ACT_KIND_CHOICES = [(kind.code, kind.label) for kind in ACT_KINDS]

# Ministries and national agencies that issue decrees and circulars in this field.
ISSUERS = [
    ("ministero.lavoro.e.politiche.sociali", _("Ministero del lavoro e delle politiche sociali")),
    ("ministero.economia.e.finanze", _("Ministero dell'economia e delle finanze")),
    (
        "agenzia.nazionale.politiche.attive.lavoro",
        _("ANPAL – Agenzia nazionale per le politiche attive del lavoro"),
    ),
    (
        "istituto.nazionale.previdenza.sociale",
        _("INPS – Istituto nazionale della previdenza sociale"),
    ),
    ("ispettorato.nazionale.lavoro", _("Ispettorato nazionale del lavoro")),
]
ISSUER_LABELS = dict(ISSUERS)

# The regions and autonomous provinces, by the code stored on pages, with their NIR authority.
REGIONS = [
    ("abruzzo", "Abruzzo", "regione.abruzzo"),
    ("basilicata", "Basilicata", "regione.basilicata"),
    ("bolzano", "Provincia autonoma di Bolzano", "provincia.autonoma.bolzano"),
    ("calabria", "Calabria", "regione.calabria"),
    ("campania", "Campania", "regione.campania"),
    ("emilia-romagna", "Emilia-Romagna", "regione.emilia.romagna"),
    ("friuli-venezia-giulia", "Friuli Venezia Giulia", "regione.friuli.venezia.giulia"),
    ("lazio", "Lazio", "regione.lazio"),
    ("liguria", "Liguria", "regione.liguria"),
    ("lombardia", "Lombardia", "regione.lombardia"),
    ("marche", "Marche", "regione.marche"),
    ("molise", "Molise", "regione.molise"),
    ("piemonte", "Piemonte", "regione.piemonte"),
    ("puglia", "Puglia", "regione.puglia"),
    ("sardegna", "Sardegna", "regione.sardegna"),
    ("sicilia", "Sicilia", "regione.sicilia"),
    ("toscana", "Toscana", "regione.toscana"),
    ("trento", "Provincia autonoma di Trento", "provincia.autonoma.trento"),
    ("trentino-alto-adige", "Trentino-Alto Adige", "regione.trentino.alto.adige"),
    ("umbria", "Umbria", "regione.umbria"),
    ("valle-d-aosta", "Valle d'Aosta", "regione.valle.d.aosta"),
    ("veneto", "Veneto", "regione.veneto"),
]
REGION_CHOICES = [(code, name) for code, name, _authority in REGIONS]
REGION_NAMES = {code: name for code, name, _authority in REGIONS}
REGION_AUTHORITIES = {code: authority for code, _name, authority in REGIONS}

LATIN_EXTENSIONS = (
    "bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies|"
    "undecies|duodecies|terdecies|quaterdecies|quinquiesdecies"
)
_NUMBER_PREFIX = re.compile(r"^(?:n\.|n°|nr\.|num\.)\s*", re.IGNORECASE)
_ARTICLE_PREFIX = re.compile(r"^(?:articolo|art\.?)\s*", re.IGNORECASE)
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_EXTENSION = re.compile(rf"(\d)[\s\-]*({LATIN_EXTENSIONS})\b")
_SEPARATORS = re.compile(r"[\s/_\-]+")
_NUMBER = re.compile(r"^\d+[a-z]*(?:[.\-][0-9a-z]+)*$")
_ARTICLE = re.compile(rf"^\d+(?:{LATIN_EXTENSIONS})?(?:\.\d+)?$")


def _checked(text, pattern, message, code):
    if not pattern.match(text):
        raise ValidationError(message, code=code)
    return text


def _joined_extension(text, prefix):
    """Lower case, without the prefix («n.», «art.»), the extension joined («4 bis» → 4bis)."""
    return _EXTENSION.sub(r"\1\2", prefix.sub("", text.strip()).lower())


def normalize_number(value: str) -> str:
    """An act's number as the URN writes it: «n. 0150» → ``150``, «12/A» → ``12-a``."""
    if not (value or "").strip():
        return ""
    text = _SEPARATORS.sub("-", _joined_extension(value, _NUMBER_PREFIX)).strip("-")
    return _checked(
        _LEADING_ZEROS.sub("", text),
        _NUMBER,
        _("Numero non valido: usa cifre, eventualmente seguite da lettere (es. 185, 4-bis, 12/A)."),
        "invalid_number",
    )


def normalize_article(value: str) -> str:
    """An article as the URN writes it: «Art. 18» → ``18``, «4-bis» → ``4bis``, «018» → ``18``."""
    text = re.sub(r"\s+", "", _joined_extension(value or "", _ARTICLE_PREFIX))
    return _checked(
        _LEADING_ZEROS.sub("", text),
        _ARTICLE,
        _("Articolo non valido: usa il numero, eventualmente con l'estensione (es. 18, 4-bis)."),
        "invalid_article",
    )


def article_label(value: str) -> str:
    """An article as readers see it: «Art. 4-bis» → ``4-bis`` (the prefix goes, the rest stays)."""
    return _ARTICLE_PREFIX.sub("", (value or "").strip())


def authority_for(kind: ActKind, *, issuer: str = "", region: str = "") -> str:
    """The authority part of the URN; raises ValidationError when the act lacks what it needs."""
    if kind.authority:
        return kind.authority
    if kind.needs == "issuer-or-region" and issuer and region:
        raise ValidationError(
            _("Indica l'ente oppure la regione, non entrambi."), code="issuer_and_region"
        )
    if kind.needs in ("region", "issuer-or-region") and region:
        if region not in REGION_AUTHORITIES:
            raise ValidationError(_("Regione sconosciuta."), code="unknown_region")
        authority = REGION_AUTHORITIES[region]
        return f"{authority};{kind.organ}" if kind.organ else authority
    if kind.needs in ("issuer", "issuer-or-region") and issuer:
        if issuer not in ISSUER_LABELS:
            raise ValidationError(_("Ente emanante sconosciuto."), code="unknown_issuer")
        return issuer
    if kind.needs == "region":
        raise ValidationError(
            _("Indica la regione che ha adottato l'atto."), code="region_required"
        )
    if kind.needs == "issuer":
        raise ValidationError(
            _("Indica il ministero o l'ente che ha emanato l'atto."), code="issuer_required"
        )
    raise ValidationError(
        _("Indica l'ente o la regione che ha emanato la circolare."), code="issuer_required"
    )


def act_urn(
    *, kind: str, act_date: date, number: str = "", issuer: str = "", region: str = ""
) -> str:
    """The URN:NIR of an act, e.g. ``urn:nir:stato:decreto.legge:2008-11-29;185``."""
    act_kind = ACT_KINDS_BY_CODE.get(kind)
    if act_kind is None:
        raise ValidationError(_("Tipo di atto sconosciuto."), code="unknown_kind")
    authority = authority_for(act_kind, issuer=issuer, region=region)
    urn = f"urn:nir:{authority}:{act_kind.nir_kind}:{act_date.isoformat()}"
    number = normalize_number(number)
    return f"{urn};{number}" if number else urn


def article_urn(urn: str, article: str) -> str:
    """The URN of an article of the act: ``…;150`` + «18» → ``…;150~art18``."""
    return f"{urn}~art{normalize_article(article)}"


def normattiva_url(urn: str) -> str:
    return NORMATTIVA_RESOLVER + urn


def article_anchor(article: str) -> str:
    """The fragment of an article on the act's page: «4-bis» → ``art-4bis``."""
    try:
        return f"art-{normalize_article(article)}"
    except ValidationError:
        return ""
