"""Reading what a package declares: a SCORM ``imsmanifest.xml`` or an H5P ``h5p.json``.

The XML is parsed with defusedxml (no entities, no external references, no DTD
tricks). Only what the player needs is read: the schema version, the default
organisation's items (the table of contents), the resources they launch, the
mastery score (1.2) or scaled passing score (2004) and the launch data.
"""

import json
import posixpath
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from website.core.exceptions import Refused

from .cmi import SCORM12, SCORM2004

MANIFEST = "imsmanifest.xml"
H5P_JSON = "h5p.json"
SUPPORTED_2004 = ("2004 3rd edition", "2004 4th edition")
MANIFEST_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class ScoSpec:
    identifier: str
    title: str
    href: str  # launch address inside the package, with the item's parameters
    parent: str | None
    order: int
    launchable: bool
    mastery: Decimal | None = None  # 0–100
    launch_data: str = ""
    fingerprint: str = ""


@dataclass
class ManifestSpec:
    standard: str  # SCORM12 / SCORM2004
    schema_version: str
    title: str
    scos: list[ScoSpec] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node, name):
    return [child for child in node if _local(child.tag) == name]


def _child(node, name):
    found = _children(node, name)
    return found[0] if found else None


def _attr(node, name: str) -> str:
    for key, value in node.attrib.items():
        if _local(key).lower() == name.lower():
            return value.strip()
    return ""


def _text(node) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def _parse_xml(data: bytes):
    try:
        return ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise Refused(
            _("il file imsmanifest.xml non è XML valido (%(error)s).") % {"error": error}
        ) from error


def _launch_path(href: str) -> str:
    """The file a launch address points to, inside the package."""
    path = unquote(urlsplit(href).path)
    return posixpath.normpath(path) if path else ""


def parse_scorm(data: bytes, names: dict[str, int]) -> ManifestSpec:
    """The manifest's content; ``names`` maps each file of the zip to its CRC."""
    root = _parse_xml(data)
    if _local(root.tag) != "manifest":
        raise Refused(_("imsmanifest.xml non contiene un elemento «manifest»."))
    metadata = _child(root, "metadata")
    version = _text(_child(metadata, "schemaversion")) if metadata is not None else ""
    if version == "1.2":
        standard = SCORM12
    elif version.lower() in SUPPORTED_2004:
        standard = SCORM2004
    else:
        raise Refused(
            _(
                "la versione «%(version)s» del manifest non è supportata: sono accettati "
                "SCORM 1.2 e SCORM 2004 3ª e 4ª edizione."
            )
            % {"version": version or _("nessuna")}
        )
    organizations = _child(root, "organizations")
    orgs = _children(organizations, "organization") if organizations is not None else []
    if not orgs:
        raise Refused(_("il manifest non dichiara nessuna organizzazione (indice del corso)."))
    default = _attr(organizations, "default")
    organization = next((o for o in orgs if _attr(o, "identifier") == default), orgs[0])
    resources_node = _child(root, "resources")
    resources = {
        _attr(r, "identifier"): r
        for r in (_children(resources_node, "resource") if resources_node is not None else [])
    }
    spec = ManifestSpec(
        standard=standard, schema_version=version, title=_text(_child(organization, "title"))
    )
    seen: set[str] = set()

    def walk(node, parent: str | None) -> None:
        for item in _children(node, "item"):
            identifier = _attr(item, "identifier")
            if not identifier or identifier in seen:
                raise Refused(
                    _(
                        "il manifest ha una voce senza identificativo o con un "
                        "identificativo ripetuto."
                    )
                )
            seen.add(identifier)
            ref = _attr(item, "identifierref")
            href = ""
            fingerprint = ""
            if ref:
                resource = resources.get(ref)
                if resource is None or not _attr(resource, "href"):
                    raise Refused(
                        _("la voce «%(item)s» rimanda a una risorsa che il manifest non dichiara.")
                        % {"item": identifier}
                    )
                base = _attr(resource, "base")
                href = (
                    posixpath.join(base, _attr(resource, "href"))
                    if base
                    else _attr(resource, "href")
                )
                launch = _launch_path(href)
                if launch.startswith(("../", "/")) or launch == ".." or launch not in names:
                    raise Refused(
                        _("manca il file di avvio «%(file)s» della voce «%(item)s».")
                        % {"file": launch or href, "item": identifier}
                    )
                files = sorted(
                    {launch}
                    | {
                        posixpath.normpath(posixpath.join(base, _attr(f, "href")))
                        for f in _children(resource, "file")
                        if _attr(f, "href")
                    }
                )
                crcs = "|".join(f"{name}:{names.get(name, '')}" for name in files)
                fingerprint = f"{href}|{zlib.crc32(crcs.encode()):08x}"
                parameters = _attr(item, "parameters")
                if parameters:
                    parameters = parameters.lstrip("?&")
                    href = f"{href}{'&' if '?' in href else '?'}{parameters}"
            mastery = None
            mastery_text = _text(_child(item, "masteryscore"))
            if standard == SCORM2004:
                mastery_text = _scaled_passing(item)
            if mastery_text:
                try:
                    mastery = Decimal(mastery_text)
                except InvalidOperation:
                    mastery = None
                if mastery is not None and standard == SCORM2004:
                    mastery = mastery * 100
            spec.scos.append(
                ScoSpec(
                    identifier=identifier[:200],
                    title=(_text(_child(item, "title")) or identifier)[:300],
                    href=href[:1000],
                    parent=parent,
                    order=len(spec.scos),
                    launchable=bool(ref),
                    mastery=mastery,
                    launch_data=_text(_child(item, "dataFromLMS"))[:4096],
                    fingerprint=fingerprint,
                )
            )
            walk(item, identifier)

    walk(organization, None)
    if not any(sco.launchable for sco in spec.scos):
        raise Refused(_("il manifest non ha nessuna voce da avviare."))
    return spec


def _scaled_passing(item) -> str:
    sequencing = _child(item, "sequencing")
    objectives = _child(sequencing, "objectives") if sequencing is not None else None
    primary = _child(objectives, "primaryObjective") if objectives is not None else None
    if primary is None or _attr(primary, "satisfiedByMeasure").lower() != "true":
        return ""
    return _text(_child(primary, "minNormalizedMeasure"))


@dataclass
class H5pSpec:
    title: str
    main_library: str
    libraries: list[str]


def parse_h5p(data: bytes, names: dict[str, int]) -> H5pSpec:
    """h5p.json read and checked: its main library and every preloaded one are in the file."""
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Refused(_("h5p.json non è JSON valido.")) from error
    if not isinstance(meta, dict) or not isinstance(meta.get("mainLibrary"), str):
        raise Refused(_("h5p.json non dichiara la libreria principale («mainLibrary»)."))
    if "content/content.json" not in names:
        raise Refused(_("manca il contenuto dell'attività (content/content.json)."))
    libraries = []
    for dependency in meta.get("preloadedDependencies") or []:
        if not isinstance(dependency, dict):
            raise Refused(_("h5p.json ha una dipendenza non valida."))
        folder = "{}-{}.{}".format(
            dependency.get("machineName"),
            dependency.get("majorVersion"),
            dependency.get("minorVersion"),
        )
        if f"{folder}/library.json" not in names:
            raise Refused(
                _("manca la libreria «%(library)s» dichiarata da h5p.json.") % {"library": folder}
            )
        libraries.append(folder)
    if not any(lib.startswith(meta["mainLibrary"] + "-") for lib in libraries):
        raise Refused(_("la libreria principale non è tra quelle incluse nel file."))
    return H5pSpec(
        title=str(meta.get("title", ""))[:300],
        main_library=meta["mainLibrary"],
        libraries=libraries,
    )
