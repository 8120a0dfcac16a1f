from website.core.models import SiteIdentity


def seed(*, scale, log):
    identity = SiteIdentity.load()
    identity.owner_name = "Regione Siciliana"
    identity.owner_url = ""
    identity.office_name = "Dipartimento del lavoro, dell'impiego e della formazione professionale"
    identity.address = "Via della Libertà 1, 90141 Palermo"
    identity.email = "formazione.cpi@aula.example"
    identity.pec = "formazione.cpi@pec.aula.example"
    identity.phone = "+39 091 000 0000"
    identity.tax_code = "80012000826"
    identity.save()
    log("Site identity: Regione Siciliana")
