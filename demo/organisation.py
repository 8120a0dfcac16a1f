"""Demo organisation: one regional plan of 12 clusters and 64 centres, and one account per role.

The demo accounts' centres are confirmed affiliations (set by the seed, as a
training manager would); one newcomer's request waits for the demo manager.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from allauth.account.models import EmailAddress

from demo import texts
from website.accounts.models import AffiliationRequest, Cluster, EmploymentCentre, Region, User
from website.accounts.roles import Role, role_group

TEXTS = texts.load("organisation")

DEMO_PASSWORD = "aula-demo-2026"
# The password the demo accounts get: the published one, or None for an unusable
# password (``seed_demo`` under production settings; see its ``handle``).
LOGIN_PASSWORD: ContextVar[str | None] = ContextVar("LOGIN_PASSWORD", default=DEMO_PASSWORD)

CLUSTERS = TEXTS.clusters


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: Role | None
    description: str
    job_title: str = ""
    centre_code: str | None = "CPI-PA01"
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin@aula.example",
        "Amministratore",
        "di sistema",
        None,
        "superuser",
        "Amministratore della piattaforma",
        None,
        True,
    ),
    DemoAccount(
        "gestore@aula.example",
        "Giovanna",
        "Russo",
        Role.TRAINING_MANAGER,
        "gestore della formazione",
        "Funzionaria, servizio formazione",
        None,
    ),
    DemoAccount(
        "redattore@aula.example",
        "Marco",
        "Lombardo",
        Role.EDITOR,
        "redattore",
        "Redattore del canale web",
        None,
    ),
    DemoAccount(
        "caporedattore@aula.example",
        "Elena",
        "Costa",
        Role.EDITOR_IN_CHIEF,
        "caporedattrice: approva e pubblica ciò che la redazione propone",
        "Responsabile della redazione del canale web",
        None,
    ),
    DemoAccount(
        "docente@aula.example",
        "Francesca",
        "Ferrara",
        Role.TEACHER,
        "docente",
        "Formatrice esperta di servizi per il lavoro",
        None,
    ),
    DemoAccount(
        "coach@aula.example",
        "Salvatore",
        "Greco",
        Role.COACH,
        "coach",
        "Coach per l'affiancamento on the job",
        None,
    ),
    DemoAccount(
        "responsabile@aula.example",
        "Rosaria",
        "Marino",
        Role.CLUSTER_LEAD,
        "responsabile del cluster Palermo Città",
        "Responsabile di cluster",
    ),
    DemoAccount(
        "dirigente@aula.example",
        "Antonino",
        "Gallo",
        Role.CENTRE_MANAGER,
        "dirigente del CPI Palermo Centro",
        "Responsabile del CPI",
    ),
    DemoAccount(
        "operatore@aula.example",
        "Giuseppe",
        "Bruno",
        Role.OPERATOR,
        "operatore del CPI Palermo Centro",
        "Operatore dei servizi per l'impiego",
    ),
    DemoAccount(
        "nuovo.collega@aula.example",
        "Davide",
        "Randazzo",
        Role.OPERATOR,
        "chiede di far parte del CPI Palermo Centro: il dirigente conferma o respinge",
        "Operatore dei servizi per l'impiego",
        None,
    ),
]

# A demo person whose request to join a centre waits for that centre's manager.
PENDING_AFFILIATION = ("nuovo.collega@aula.example", "CPI-PA01")


# Centres named after a district of a city, and the city they are in.
CITY_DISTRICTS = {
    "Palermo Centro": "Palermo",
    "Palermo Brancaccio": "Palermo",
    "Palermo Borgo Nuovo": "Palermo",
    "Catania Centro": "Catania",
    "Catania Librino": "Catania",
    "Messina Centro": "Messina",
    "Messina Sud": "Messina",
}


def town_of(centre_name: str) -> str:
    return CITY_DISTRICTS.get(centre_name, centre_name)


def centre_code(province: str, number: int) -> str:
    return f"CPI-{province}{number:02d}"


def seed_organisation():
    region, _ = Region.objects.update_or_create(code="sicilia", defaults={"name": "Sicilia"})
    numbers: dict[str, int] = {}
    for code, name, province, towns in CLUSTERS:
        cluster, _ = Cluster.objects.update_or_create(
            code=code, defaults={"region": region, "name": name}
        )
        for town in towns:
            numbers[province] = numbers.get(province, 0) + 1
            EmploymentCentre.objects.update_or_create(
                code=centre_code(province, numbers[province]),
                defaults={
                    "cluster": cluster,
                    "name": f"CPI {town}",
                    "town": town_of(town),
                    "email": f"{centre_code(province, numbers[province]).lower()}@cpi.aula.example",
                },
            )
    return region


def ensure_user(*, email, first_name, last_name, **fields):
    """Create a verified demo user once; later runs leave it as it is."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **fields}
    )
    if created:
        user.set_password(LOGIN_PASSWORD.get())  # None: an unusable password
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def logins() -> tuple[str | None, list[tuple[str, str]]]:
    """The shared password (or None) and each account's (email, description), to print."""
    return LOGIN_PASSWORD.get(), [(account.email, account.description) for account in DEMO_ACCOUNTS]


def seed(*, scale, log):
    seed_organisation()
    centres = {c.code: c for c in EmploymentCentre.objects.all()}
    for account in DEMO_ACCOUNTS:
        user = ensure_user(
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            job_title=account.job_title,
            centre=centres.get(account.centre_code) if account.centre_code else None,
            is_superuser=account.superuser,
            is_staff=account.superuser,
        )
        if account.role:
            user.groups.add(role_group(account.role))
    palermo = Cluster.objects.get(code="pa-citta")
    palermo.leads.add(User.objects.get(email="responsabile@aula.example"))
    palermo.coaches.add(User.objects.get(email="coach@aula.example"))
    centres["CPI-PA01"].managers.add(User.objects.get(email="dirigente@aula.example"))
    seed_pending_affiliation(centres)
    log(
        f"Organisation: {Cluster.objects.count()} clusters, {EmploymentCentre.objects.count()} centres"
    )


def seed_pending_affiliation(centres):
    """Once: the demo newcomer asks to join a centre (a later run leaves the outcome alone)."""
    email, code = PENDING_AFFILIATION
    person = User.objects.get(email=email)
    if not person.affiliation_requests.exists():
        # Made directly, without the service's notices: the seed sends no mail.
        AffiliationRequest.objects.create(person=person, centre=centres[code])
