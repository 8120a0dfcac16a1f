"""The CAF 2020 model: 9 criteria (enablers 1–5, results 6–9) and their 28 sub-criteria.

Titles follow the model; the guidance is written for the employment centres
that use this platform, in Italian and English side by side. A later version
of the model is a new ``CafModel`` row loaded by a migration of its own: the
assessments made with this one keep pointing at these rows, which are never
edited (the criteria and sub-criteria are PROTECTed).
"""

from django.db import migrations

ENABLER, RESULT = "enabler", "result"

# (number, kind, title_it, title_en, [(title_it, title_en, guidance_it, guidance_en), ...])
CRITERIA = [
    (1, ENABLER, "Leadership", "Leadership", [
        ("Orientare l'organizzazione sviluppando missione, visione e valori",
         "Provide direction for the organisation by developing its mission, vision and values",
         "Il centro ha una missione scritta e condivisa (chi serve, quali servizi offre secondo la "
         "legge), una visione di dove vuole arrivare e valori che il personale riconosce nel lavoro "
         "di ogni giorno allo sportello.",
         "The centre has a written, shared mission (whom it serves, which services the law asks of "
         "it), a vision of where it wants to go and values the staff recognise in everyday work at "
         "the desk."),
        ("Gestire l'organizzazione, la sua performance e il suo miglioramento continuo",
         "Manage the organisation, its performance and its continuous improvement",
         "Ruoli e responsabilità sono chiari; i dirigenti fissano obiettivi misurabili, seguono gli "
         "indicatori dei servizi (presa in carico, patti di servizio, tempi di attesa) e avviano "
         "miglioramenti quando i numeri lo chiedono.",
         "Roles and responsibilities are clear; managers set measurable goals, follow the service "
         "indicators (caseload, service agreements, waiting times) and start improvements when the "
         "figures call for them."),
        ("Ispirare, motivare e sostenere le persone e dare l'esempio",
         "Inspire, motivate and support people in the organisation and act as a role model",
         "I responsabili sono presenti, ascoltano gli operatori, riconoscono l'impegno, delegano "
         "e si comportano per primi secondo i valori dichiarati.",
         "Leaders are present, listen to the operators, recognise effort, delegate, and are the "
         "first to act by the values they state."),
        ("Gestire relazioni efficaci con le autorità politiche e gli altri portatori di interesse",
         "Manage effective relations with political authorities and other stakeholders",
         "Il centro dialoga con la Regione, i Comuni, le agenzie per il lavoro, le scuole e le "
         "imprese del territorio, ne conosce le attese e rende conto di ciò che fa.",
         "The centre works with the Region, the municipalities, employment agencies, schools and "
         "local firms, knows what they expect and reports on what it does."),
    ]),
    (2, ENABLER, "Strategia e pianificazione", "Strategy and planning", [
        ("Individuare bisogni e attese dei portatori di interesse, il contesto esterno e le "
         "informazioni di gestione rilevanti",
         "Identify the needs and expectations of stakeholders, the external environment and "
         "relevant management information",
         "Il centro raccoglie dati sul mercato del lavoro locale, sulle persone che si rivolgono "
         "allo sportello e sulle imprese, e li usa per decidere le priorità.",
         "The centre gathers data on the local labour market, on the people who come to its desks "
         "and on firms, and uses them to set priorities."),
        ("Sviluppare strategia e pianificazione a partire dalle informazioni raccolte",
         "Develop strategy and planning based on gathered information",
         "Gli obiettivi annuali del centro discendono dal piano regionale e dai bisogni rilevati; "
         "risorse e tempi sono assegnati a ciascun obiettivo.",
         "The centre's yearly goals follow from the regional plan and the needs it found; "
         "resources and deadlines are set for each goal."),
        ("Comunicare, attuare e riesaminare strategia e pianificazione",
         "Communicate, implement and review strategy and planning",
         "Tutto il personale conosce gli obiettivi e il proprio contributo; l'avanzamento è "
         "verificato a scadenze fisse e il piano si corregge quando serve.",
         "All staff know the goals and their own part in them; progress is reviewed at set times "
         "and the plan is corrected when needed."),
        ("Gestire cambiamento e innovazione per un'organizzazione agile e resiliente",
         "Manage change and innovation to ensure the agility and resilience of the organisation",
         "Il centro sperimenta nuovi modi di lavorare (servizi online, appuntamenti, nuovi "
         "strumenti) e affronta le riforme preparando le persone al cambiamento.",
         "The centre tries new ways of working (online services, appointments, new tools) and "
         "meets reforms by preparing its people for change."),
    ]),
    (3, ENABLER, "Persone", "People", [
        ("Gestire e migliorare le risorse umane a sostegno della strategia",
         "Manage and improve human resources to support the strategy of the organisation",
         "Organici, profili e carichi di lavoro sono analizzati rispetto ai servizi da erogare; "
         "le assegnazioni sono trasparenti ed eque.",
         "Staffing, profiles and workloads are analysed against the services to deliver; "
         "assignments are transparent and fair."),
        ("Sviluppare e gestire le competenze delle persone",
         "Develop and manage competencies of people",
         "Le competenze mancanti sono individuate e colmate con la formazione (le 40 ore annue, "
         "l'affiancamento, lo scambio tra colleghi); i nuovi arrivati sono accompagnati.",
         "Missing competencies are identified and filled through training (the 40 hours a year, "
         "on-the-job coaching, peer exchange); newcomers are supported."),
        ("Coinvolgere le persone, dare loro autonomia e sostenerne il benessere",
         "Involve and empower the people and support their well-being",
         "Gli operatori partecipano alle decisioni che li riguardano, propongono miglioramenti "
         "e lavorano in un ambiente attento al benessere e alla conciliazione.",
         "Operators take part in decisions that concern them, suggest improvements and work in "
         "a setting that cares for well-being and work-life balance."),
    ]),
    (4, ENABLER, "Partnership e risorse", "Partnerships and resources", [
        ("Sviluppare e gestire partnership con le organizzazioni rilevanti",
         "Develop and manage partnerships with relevant organisations",
         "Accordi con servizi sociali, enti di formazione, agenzie private e imprese hanno "
         "obiettivi chiari e sono verificati nei risultati.",
         "Agreements with social services, training providers, private agencies and firms have "
         "clear goals and are checked against their results."),
        ("Collaborare con i cittadini e le organizzazioni della società civile",
         "Collaborate with citizens and civil society organisations",
         "Il centro ascolta utenti e associazioni, li coinvolge nel disegno dei servizi e "
         "informa in modo chiaro e accessibile.",
         "The centre listens to users and associations, involves them in designing services and "
         "informs in a clear and accessible way."),
        ("Gestire le risorse finanziarie",
         "Manage finances",
         "Le risorse (anche dei fondi europei) sono programmate, spese secondo le regole e "
         "rendicontate; la spesa è collegata agli obiettivi.",
         "Resources (European funds included) are planned, spent by the rules and accounted for; "
         "spending is tied to goals."),
        ("Gestire informazioni e conoscenza",
         "Manage information and knowledge",
         "Procedure, modulistica e buone pratiche sono raccolte in un luogo condiviso e "
         "aggiornato; ciò che sa chi esce non va perso.",
         "Procedures, forms and good practices are kept in one shared, up-to-date place; what "
         "leavers know is not lost."),
        ("Gestire la tecnologia",
         "Manage technology",
         "Sistemi informativi e dotazioni sono adeguati ai servizi, sicuri e usati al meglio; "
         "il personale sa usarli.",
         "Information systems and equipment fit the services, are secure and well used; the "
         "staff know how to use them."),
        ("Gestire le strutture",
         "Manage facilities",
         "Sedi accessibili, ben segnalate, con spazi riservati per i colloqui e orari adatti "
         "a chi si rivolge al centro.",
         "Premises are accessible and well signed, with private rooms for interviews and hours "
         "that suit the people the centre serves."),
    ]),
    (5, ENABLER, "Processi", "Processes", [
        ("Progettare e gestire i processi per accrescere il valore per cittadini e clienti",
         "Design and manage processes to increase value for citizens and customers",
         "I processi chiave (accoglienza, profilazione, patto di servizio, incontro domanda e "
         "offerta) sono descritti, hanno un responsabile e indicatori.",
         "Key processes (reception, profiling, service agreement, job matching) are described, "
         "have an owner and indicators."),
        ("Erogare prodotti e servizi per clienti, cittadini, portatori di interesse e società",
         "Deliver products and services for customers, citizens, stakeholders and society",
         "I servizi rispondono ai bisogni delle persone e delle imprese, sono personalizzati e "
         "raggiungibili anche da chi è più lontano dal lavoro.",
         "Services answer the needs of people and firms, are tailored and reach those furthest "
         "from work too."),
        ("Coordinare i processi nell'organizzazione e con le altre organizzazioni",
         "Coordinate processes across the organisation and with other relevant organisations",
         "I passaggi tra uffici e con gli altri enti sono chiari, senza duplicazioni: la persona "
         "non deve ripetere la propria storia a ogni sportello.",
         "Hand-overs between offices and with other bodies are clear and not duplicated: people "
         "do not have to tell their story again at each desk."),
    ]),
    (6, RESULT, "Risultati orientati al cittadino/cliente", "Citizen/customer-oriented results", [
        ("Misure di percezione",
         "Perception measurements",
         "Cosa pensano del centro le persone e le imprese servite: indagini di soddisfazione, "
         "reclami, segnalazioni, con il loro andamento nel tempo.",
         "What the people and firms served think of the centre: satisfaction surveys, "
         "complaints, feedback, and their trend over time."),
        ("Misure di performance",
         "Performance measurements",
         "Indicatori interni sui servizi: tempi di attesa, patti di servizio stipulati, "
         "inserimenti al lavoro, confrontati con gli obiettivi.",
         "Internal service indicators: waiting times, service agreements signed, job "
         "placements, compared with targets."),
    ]),
    (7, RESULT, "Risultati relativi alle persone", "People results", [
        ("Misure di percezione",
         "Perception measurements",
         "Cosa pensa il personale del proprio lavoro: clima, soddisfazione, fiducia nella "
         "direzione, rilevati con indagini ripetute.",
         "What the staff think of their work: climate, satisfaction, trust in management, "
         "measured by repeated surveys."),
        ("Misure di performance",
         "Performance measurements",
         "Assenze, rotazione, ore di formazione per persona, partecipazione alle iniziative di "
         "miglioramento.",
         "Absences, turnover, training hours per person, take-up of improvement initiatives."),
    ]),
    (8, RESULT, "Risultati relativi alla responsabilità sociale",
     "Social responsibility results", [
        ("Misure di percezione",
         "Perception measurements",
         "Come il territorio vede il contributo del centro: reputazione presso Comuni, imprese, "
         "terzo settore e media locali.",
         "How the area sees the centre's contribution: reputation among municipalities, firms, "
         "the third sector and local media."),
        ("Misure di performance",
         "Performance measurements",
         "Azioni per l'inclusione, la parità e l'ambiente e i loro risultati misurati (ad esempio "
         "persone fragili accompagnate al lavoro).",
         "Actions for inclusion, equality and the environment and their measured results (for "
         "example vulnerable people helped into work)."),
    ]),
    (9, RESULT, "Risultati chiave di performance", "Key performance results", [
        ("Risultati esterni: output e valore pubblico",
         "External results: outputs and public value",
         "Quanto il centro raggiunge i risultati attesi dalla legge e dal piano regionale: "
         "livelli essenziali delle prestazioni, esiti occupazionali.",
         "How far the centre reaches the results the law and the regional plan expect: "
         "essential service levels, employment outcomes."),
        ("Risultati interni: livello di efficienza",
         "Internal results: level of efficiency",
         "Uso delle risorse rispetto ai risultati: costi, tempi dei processi, esiti di audit e "
         "controlli.",
         "Use of resources against results: costs, process times, audit and inspection "
         "findings."),
    ]),
]


def load(apps, schema_editor):
    CafModel = apps.get_model("quality", "CafModel")
    Criterion = apps.get_model("quality", "Criterion")
    SubCriterion = apps.get_model("quality", "SubCriterion")
    model, _ = CafModel.objects.get_or_create(
        code="caf2020", defaults={"name": "CAF 2020", "year": 2020, "is_current": True}
    )
    for number, kind, title_it, title_en, subcriteria in CRITERIA:
        criterion, _ = Criterion.objects.get_or_create(
            model=model,
            number=number,
            defaults={"kind": kind, "title_it": title_it, "title_en": title_en},
        )
        for position, (sub_it, sub_en, guide_it, guide_en) in enumerate(subcriteria, start=1):
            SubCriterion.objects.get_or_create(
                criterion=criterion,
                position=position,
                defaults={
                    "code": f"{number}.{position}",
                    "title_it": sub_it,
                    "title_en": sub_en,
                    "guidance_it": guide_it,
                    "guidance_en": guide_en,
                },
            )


def unload(apps, schema_editor):
    CafModel = apps.get_model("quality", "CafModel")
    SubCriterion = apps.get_model("quality", "SubCriterion")
    Criterion = apps.get_model("quality", "Criterion")
    SubCriterion.objects.filter(criterion__model__code="caf2020").delete()
    Criterion.objects.filter(model__code="caf2020").delete()
    CafModel.objects.filter(code="caf2020").delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
