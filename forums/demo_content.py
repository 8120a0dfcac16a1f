# ruff: noqa: E501 (long Italian sentences read better unbroken; demo.py has the same exemption)
"""The demo discussions, written for this project.

Each thread is a title and a list of (speaker, text). Speakers are slots that
forums.demo fills with people who may read the forum; ``@{slot}`` in a text
becomes a mention of whoever fills that slot.
"""

COMMUNITY_THREADS = [
    {
        "title": "Assegno di ricollocazione: quanto passa tra la domanda e il rilascio?",
        "posts": [
            (
                "operatore",
                "Da noi una persona ha chiesto l'assegno di ricollocazione a inizio mese e ancora non ha notizie. Sapete indicativamente quanto tempo passa prima che possa scegliere il soggetto erogatore? Non vorrei darle informazioni sbagliate.",
            ),
            (
                "p1",
                "Nella nostra esperienza la verifica dei requisiti arriva in un paio di settimane, ma dipende molto da quando è stata fatta la profilazione. Se il punteggio di occupabilità non era aggiornato, conviene ricontrollare la scheda prima di tutto.",
            ),
            (
                "docente",
                "Aggiungo una cosa che abbiamo visto in aula: l'assegno è uno strumento della persona, non del centro. Al colloquio conviene spiegare bene che la scelta del soggetto erogatore è libera e che il servizio di assistenza intensiva ha una durata definita. Se l'utente lo sa, vive meglio l'attesa.",
            ),
            (
                "operatore",
                "Grazie @{docente}, in effetti il punto debole era proprio la spiegazione iniziale. Ho riletto la scheda: la profilazione era di otto mesi fa. La aggiorno e la richiamo.",
            ),
            (
                "p4",
                "Noi abbiamo preparato un foglio di una pagina con le tappe (domanda, verifica, scelta dell'ente, programma di ricerca intensiva) da consegnare alla fine del colloquio. Le persone chiamano molto meno per chiedere a che punto sono. Se serve lo condivido nelle risorse.",
            ),
            (
                "gestore",
                "@{p4} sarebbe utilissimo: mandalo pure, lo pubblichiamo tra gli strumenti operativi così lo usano tutti i centri.",
            ),
            ("p4", "Fatto, l'ho inviato all'indirizzo del servizio formazione."),
        ],
    },
    {
        "title": "Accesso agli atti o accesso civico? Un caso concreto",
        "posts": [
            (
                "dirigente",
                "Ci è arrivata una richiesta di copia degli elenchi dei tirocini attivati lo scorso anno, firmata da un cittadino che non indica nessun interesse particolare. Secondo voi la trattiamo come accesso documentale ai sensi della legge 241 o come accesso civico generalizzato?",
            ),
            (
                "docente",
                "Se il richiedente non motiva e non dichiara un interesse diretto, concreto e attuale, siamo fuori dalla 241: è accesso civico generalizzato (articolo 5, comma 2, del d.lgs. 33/2013). Attenzione però ai limiti: negli elenchi ci sono dati personali dei tirocinanti, quindi vanno coinvolti i controinteressati o si fornisce un elenco privo di dati identificativi.",
            ),
            (
                "p2",
                "Noi in un caso simile abbiamo dato i numeri aggregati per settore e per comune, senza nominativi. Il cittadino si è detto soddisfatto e non ha fatto riesame.",
            ),
            ("dirigente", "Mi sembra la strada giusta. Trenta giorni per rispondere, giusto?"),
            (
                "docente",
                "Sì, trenta giorni, sospesi se devi notificare ai controinteressati (che hanno dieci giorni per opporsi). Ricordate di annotare tutto nel registro degli accessi.",
            ),
            (
                "responsabile",
                "Propongo di preparare un modello di risposta comune per tutti i centri del cluster, così nessuno parte da zero. @{dirigente} te ne occupi tu con me?",
            ),
            ("dirigente", "Volentieri, ne parliamo alla riunione di cluster."),
        ],
    },
    {
        "title": "Patto di servizio personalizzato: come lo costruite insieme all'utente?",
        "posts": [
            (
                "p3",
                "Ho l'impressione che molti patti di servizio vengano compilati in fretta, con obiettivi generici. Voi come fate a renderlo davvero personalizzato?",
            ),
            (
                "coach",
                "Nei centri che seguo funziona bene dedicare il primo colloquio solo all'ascolto e rimandare la firma del patto al secondo incontro. Nel frattempo la persona riflette sulle proprie disponibilità e porta documenti e attestati.",
            ),
            (
                "operatore",
                "Da noi è difficile fissare due appuntamenti per tutti, ma per i disoccupati di lunga durata lo facciamo. Scriviamo nel patto azioni precise: numero di candidature al mese, un laboratorio di ricerca attiva, la data del colloquio di verifica.",
            ),
            (
                "p5",
                "Le azioni precise aiutano anche noi quando dobbiamo verificare la condizionalità: se l'impegno è chiaro, è chiaro anche quando non viene rispettato.",
            ),
            (
                "p3",
                "Ottimo spunto. Provo a proporre al mio responsabile una scaletta di colloquio comune.",
            ),
            (
                "coach",
                "Se vi serve, nella prossima visita al centro possiamo fare una simulazione di colloquio con due colleghi.",
            ),
        ],
    },
    {
        "title": "Spiegare la profilazione senza spaventare",
        "posts": [
            (
                "p6",
                "Quando dico a una persona che il sistema le attribuisce un indice di svantaggio, spesso si irrigidisce. Avete parole migliori per spiegarlo?",
            ),
            (
                "p1",
                "Io dico che è uno strumento che serve a capire quanto aiuto il centro le deve dare, non un giudizio su di lei. Funziona quasi sempre.",
            ),
            (
                "docente",
                "Aggiungerei che la profilazione si aggiorna: se cambia la situazione (un corso completato, un'esperienza di lavoro) cambia anche il punteggio. Dà alla persona la sensazione di poter fare qualcosa.",
            ),
            ("p6", "Questa la uso da domani. Grazie!"),
            (
                "responsabile",
                "Bel thread. Lo segnalo ai colleghi nuovi del cluster che stanno facendo affiancamento.",
            ),
        ],
    },
    {
        "title": "Articolo 18 del decreto 150: quali servizi garantiamo davvero?",
        "posts": [
            (
                "responsabile",
                "Nella riunione di cluster abbiamo fatto l'elenco dei servizi dell'articolo 18 e, con onestà, abbiamo segnato quali riusciamo a offrire tutti i giorni e quali solo a richiesta. Vi propongo di fare lo stesso esercizio nei vostri cluster.",
            ),
            (
                "p2",
                "Da noi l'orientamento specialistico e l'accompagnamento al lavoro autonomo sono i punti deboli: manca personale formato. Accoglienza, profilazione e patto li garantiamo sempre.",
            ),
            (
                "p5",
                "Stessa situazione. Per il lavoro autonomo ci appoggiamo allo sportello della camera di commercio, con un invio guidato.",
            ),
            (
                "gestore",
                "È un'analisi preziosa anche per il servizio formazione: ci dice su quali servizi progettare le prossime unità didattiche. Se ogni cluster ci manda il suo quadro, lo usiamo per l'analisi dei fabbisogni.",
            ),
            ("responsabile", "Perfetto, entro fine mese raccolgo quello del nostro cluster."),
            (
                "dirigente",
                "Nel nostro centro aggiungerei anche la gestione degli incentivi alle assunzioni: le aziende chiedono spesso informazioni e non sempre sappiamo rispondere.",
            ),
        ],
    },
    {
        "title": "Convocazioni non rispettate e comunicazioni all'INPS",
        "posts": [
            (
                "p4",
                "Domanda pratica: se una persona percettrice di sostegno al reddito non si presenta alla convocazione e giustifica dopo tre giorni, la comunicazione va fatta comunque?",
            ),
            (
                "p1",
                "Bisogna verificare se il motivo rientra tra i giustificati e se la documentazione è arrivata nei termini. Noi annotiamo tutto nel fascicolo e ci confrontiamo con il responsabile prima di procedere.",
            ),
            (
                "dirigente",
                "Confermo: meglio una verifica in più. Il provvedimento ha conseguenze pesanti per la persona, la motivazione deve essere solida e documentata.",
            ),
            ("p4", "Chiaro. Era la prima volta che mi capitava e non volevo sbagliare."),
            (
                "coach",
                "Potrebbe essere un buon caso da portare nella prossima giornata d'aula sulla condizionalità, anonimizzato.",
            ),
        ],
    },
    {
        "title": "Incrocio domanda-offerta: cosa apprezzano le aziende",
        "posts": [
            (
                "p2",
                "Abbiamo chiesto a dieci aziende che hanno assunto tramite il centro che cosa avevano apprezzato. Quasi tutte hanno risposto: la rapidità della preselezione e il fatto che i candidati arrivassero già informati sulla posizione.",
            ),
            (
                "operatore",
                "Interessante. Noi mandiamo ancora troppi curriculum non filtrati. Come fate la preselezione?",
            ),
            (
                "p2",
                "Breve colloquio telefonico con una traccia di cinque domande costruita insieme all'azienda. Poi al massimo cinque nominativi per posizione.",
            ),
            (
                "p6",
                "Funziona anche con le piccole imprese? Spesso il titolare non ha tempo di costruire la traccia.",
            ),
            (
                "p2",
                "Con le piccole la facciamo noi e la facciamo approvare via email. Ci vuole un quarto d'ora.",
            ),
            (
                "coach",
                "Questa è una buona pratica da mappare: @{p2} ti va di descriverla nella scheda delle buone pratiche?",
            ),
            ("p2", "Certo, la preparo."),
        ],
    },
    {
        "title": "Un avvocato chiede il fascicolo di un suo assistito",
        "posts": [
            (
                "p5",
                "Un legale ci chiede copia integrale del fascicolo di un utente, allegando una delega. Possiamo consegnarlo?",
            ),
            (
                "docente",
                "Con una delega firmata dall'interessato e un documento di identità, l'avvocato agisce per conto della persona: di fatto è l'interessato che accede ai propri dati. Verificate che la delega sia specifica e controllate se nel fascicolo ci sono dati di terzi da oscurare.",
            ),
            ("p5", "Nel fascicolo c'è una segnalazione dei servizi sociali. Va oscurata?"),
            (
                "docente",
                "Va valutata con attenzione: se contiene dati di altre persone o valutazioni di un altro ente, conviene sentire l'ente che l'ha prodotta. In caso di dubbio, chiedete al responsabile della protezione dei dati.",
            ),
            (
                "dirigente",
                "Da noi il referente privacy risponde in giornata: ne approfitto per ricordare che il suo indirizzo è nella intranet regionale.",
            ),
        ],
    },
    {
        "title": "Giovani che non studiano e non lavorano: cosa funziona",
        "posts": [
            (
                "p3",
                "Da qualche mese facciamo incontri di gruppo per ragazzi tra i 18 e i 24 anni, con un ex utente che racconta il suo percorso. La partecipazione è raddoppiata rispetto ai colloqui individuali.",
            ),
            (
                "p6",
                "Bella idea. Come li contattate? Da noi molti non rispondono alle convocazioni.",
            ),
            (
                "p3",
                "Passaparola, scuole serali e i canali social del comune. Abbiamo anche spostato l'orario al tardo pomeriggio.",
            ),
            (
                "coach",
                "L'orario è decisivo, lo confermo da quello che vedo in altri centri. Anche il linguaggio: meno moduli, più esempi concreti.",
            ),
            (
                "operatore",
                "Proveremo anche noi. @{p3} posso chiamarti per qualche dettaglio organizzativo?",
            ),
            ("p3", "Certamente."),
        ],
    },
    {
        "title": "Collocamento mirato: coordinamento con l'ufficio provinciale",
        "posts": [
            (
                "p1",
                "Quando una persona iscritta al collocamento mirato si presenta allo sportello generico, noi la indirizziamo all'ufficio provinciale, ma spesso torna indietro. Come vi coordinate?",
            ),
            (
                "p4",
                "Abbiamo una referente per il collocamento mirato in ogni centro, che fa da ponte. Le richieste passano da lei e non si perde nessuno.",
            ),
            (
                "dirigente",
                "Anche da noi. In più, una volta al mese l'ufficio provinciale ci manda l'elenco delle aziende con posti scoperti in quota d'obbligo.",
            ),
            ("p1", "Lo proporrò al mio dirigente. Grazie."),
        ],
    },
    {
        "title": "Un'informazione sbagliata allo sportello: chi ne risponde?",
        "posts": [
            (
                "p6",
                "Dopo la giornata sulla responsabilità dei dipendenti pubblici mi è rimasto un dubbio: se do un'informazione sbagliata e la persona perde una scadenza, ne rispondo personalmente?",
            ),
            (
                "docente",
                "La responsabilità personale richiede dolo o colpa grave: un errore in buona fede, in una materia complessa, di norma non basta. Per questo però conviene mettere per iscritto le informazioni importanti e, nei casi dubbi, rinviare a una verifica invece di rispondere subito.",
            ),
            (
                "p1",
                "Noi usiamo le schede informative validate dal servizio regionale: se l'informazione viene da lì siamo tutti più tranquilli.",
            ),
            (
                "responsabile",
                "Le schede andrebbero aggiornate più spesso però. Qualcuno sa chi le cura?",
            ),
            (
                "gestore",
                "Le cura il servizio regionale competente; raccogliamo volentieri qui le segnalazioni di schede da aggiornare e le giriamo noi.",
            ),
            (
                "p6",
                "Allora segnalo quella sui tirocini extracurricolari: cita ancora la vecchia indennità.",
            ),
            ("gestore", "Ricevuto, la giro oggi stesso."),
        ],
    },
    {
        "title": "Presentare l'elenco degli enti accreditati senza influenzare la scelta",
        "posts": [
            (
                "operatore",
                "Per l'assegno di ricollocazione consegniamo l'elenco degli enti accreditati, ma le persone ci chiedono sempre quale sia il migliore. Come rispondete?",
            ),
            (
                "p5",
                "Non diamo consigli sul singolo ente: spieghiamo come leggere i dati (sedi, servizi, risultati quando disponibili) e lasciamo la scelta alla persona.",
            ),
            (
                "docente",
                "È l'unica risposta corretta: il centro deve restare neutrale. Potete però aiutare a scegliere in base alla vicinanza della sede e agli orari, che sono criteri oggettivi.",
            ),
            ("operatore", "Chiarissimo. Aggiungo al nostro foglio informativo una riga su questo."),
            ("p2", "Buona idea, la aggiungo anch'io."),
        ],
    },
]

ANNOUNCEMENT_THREADS = [
    {
        "title": "Come funzionano i forum: poche regole per discutere bene",
        "pinned": True,
        "locked": True,
        "posts": [
            (
                "gestore",
                "Benvenute e benvenuti nei forum di Aula. Qualche regola per discutere bene:\n\n- scrivete un titolo che dica di che cosa si parla, meglio se in forma di domanda;\n- **non inserite mai dati personali degli utenti** (nomi, codici fiscali, situazioni riconoscibili): descrivete i casi in forma anonima;\n- citate le fonti normative con il riferimento preciso, ad esempio il d.lgs. 14 settembre 2015, n. 150;\n- per menzionare una collega o un collega scrivete @ seguito dal suo nome nei forum.\n\nSe un messaggio non rispetta le regole usate il pulsante «Segnala»: arriva ai moderatori del forum.",
            ),
        ],
    },
    {
        "title": "Calendario delle edizioni del piano formativo",
        "pinned": False,
        "locked": False,
        "posts": [
            (
                "gestore",
                "Il calendario delle edizioni in aula è pubblicato nella sezione Corsi. Ogni edizione ha il suo forum, riservato a chi partecipa e ai docenti: lo trovate nella pagina del corso e tra «I miei forum» della vostra formazione.",
            ),
            (
                "responsabile",
                "Grazie. Le iscrizioni dei colleghi del cluster le raccolgo io o ognuno fa domanda dal sito?",
            ),
            (
                "gestore",
                "Ognuno fa domanda dal sito; voi responsabili vedete le iscrizioni del vostro cluster e potete sollecitare chi non si è ancora iscritto.",
            ),
        ],
    },
    {
        "title": "Materiali della prima unità didattica",
        "pinned": False,
        "locked": False,
        "posts": [
            (
                "docente",
                "Sono disponibili le slide e la dispensa della prima unità didattica su trasparenza, accesso agli atti e responsabilità dei dipendenti pubblici. Trovate anche un modello di registro degli accessi da adattare al vostro centro.",
            ),
            (
                "p1",
                "Il modello di registro è molto utile, grazie. Lo possiamo modificare liberamente?",
            ),
            (
                "docente",
                "Sì, è pensato proprio per essere adattato. Se aggiungete campi utili, raccontatelo qui: lo miglioriamo per tutti.",
            ),
        ],
    },
]

CLUSTER_THREADS = [
    {
        "title": "Sportello accoglienza nei giorni di punta",
        "posts": [
            (
                "lead",
                "Il lunedì mattina le code allo sportello accoglienza sono ingestibili in quasi tutti i centri del cluster. Proviamo a confrontare come vi organizzate?",
            ),
            (
                "op1",
                "Da noi il lunedì apriamo un secondo sportello solo per le dichiarazioni di immediata disponibilità, che sono le pratiche più veloci.",
            ),
            (
                "op2",
                "Noi abbiamo introdotto la prenotazione online per i colloqui: chi arriva senza appuntamento viene accolto, ma per il colloquio lungo si fissa un'altra data.",
            ),
            (
                "op3",
                "La prenotazione funziona se il sito è semplice. Molti dei nostri utenti hanno difficoltà con lo SPID.",
            ),
            (
                "coach",
                "Suggerisco di misurare per due settimane gli accessi per fascia oraria: con i dati è più facile decidere dove spostare il personale.",
            ),
            (
                "lead",
                "D'accordo, preparo una tabella comune. @{op1} e @{op2}, potete compilarla anche per i vostri centri?",
            ),
            ("op1", "Certo."),
        ],
    },
    {
        "title": "Tirocini estivi: convenzione con le scuole",
        "posts": [
            (
                "op2",
                "Alcuni istituti superiori ci hanno chiesto di aiutarli a trovare aziende per i tirocini estivi. Qualcuno ha già una convenzione tipo?",
            ),
            (
                "lead",
                "L'anno scorso ne abbiamo firmata una con il liceo del capoluogo. Te la giro, va solo aggiornata con le nuove date.",
            ),
            (
                "op3",
                "Attenzione ai tirocini estivi di orientamento: hanno regole diverse da quelli extracurricolari, in particolare sulla durata.",
            ),
            (
                "op2",
                "Grazie a entrambi, verifico le regole regionali prima di rispondere alle scuole.",
            ),
            (
                "op1",
                "Se servono aziende del settore turistico, noi abbiamo un buon elenco di strutture disponibili.",
            ),
        ],
    },
    {
        "title": "Fascicolo elettronico del lavoratore che non si aggiorna",
        "posts": [
            (
                "op3",
                "Da una settimana alcune esperienze di lavoro comunicate con le comunicazioni obbligatorie non compaiono nel fascicolo. Capita anche a voi?",
            ),
            (
                "op1",
                "Sì, per i rapporti iniziati nell'ultimo mese. Abbiamo aperto una segnalazione all'assistenza del sistema informativo.",
            ),
            (
                "lead",
                "Intanto consiglio di annotare nel colloquio quello che dichiara la persona e di verificarlo quando il fascicolo si allinea.",
            ),
            ("op3", "Va bene. Vi aggiorno se ricevo risposte dall'assistenza."),
            ("op3", "Aggiornamento: il problema è stato risolto ieri sera, i dati ora ci sono."),
        ],
    },
    {
        "title": "Un modello di risposta comune per le richieste di accesso",
        "posts": [
            (
                "lead",
                "Come deciso in riunione, ho preparato una bozza di risposta per le richieste di accesso documentale, con le ipotesi di accoglimento, differimento e diniego. Chi la rilegge prima di diffonderla?",
            ),
            ("dirigente", "La rileggo io questa settimana."),
            (
                "op1",
                "Posso suggerire di aggiungere il riferimento al termine di trenta giorni e ai rimedi (riesame, difensore civico, ricorso)? Le persone li chiedono sempre.",
            ),
            ("lead", "Giusto, lo aggiungo."),
            (
                "docente",
                "Se volete, nella prossima edizione del corso la usiamo come esercitazione: è un ottimo caso di lavoro.",
            ),
            ("lead", "Con piacere @{docente}!"),
        ],
    },
    {
        "title": "Incontro con le agenzie per il lavoro del territorio",
        "posts": [
            (
                "lead",
                "Il mese prossimo incontriamo le agenzie per il lavoro accreditate della provincia. Quali temi volete portare?",
            ),
            (
                "op2",
                "Lo scambio di informazioni sulle persone prese in carico con l'assegno di ricollocazione: spesso non sappiamo come procede il percorso.",
            ),
            (
                "op1",
                "E i tempi di risposta alle aziende: a volte un'impresa si rivolge sia a noi sia a un'agenzia e riceve gli stessi candidati.",
            ),
            (
                "coach",
                "Proporrei di uscire dall'incontro con un calendario di riunioni trimestrali, altrimenti resta un episodio.",
            ),
            ("lead", "Ottimo, metto tutti e tre i punti nell'ordine del giorno."),
        ],
    },
    {
        "title": "Quante persone scelgono l'assegno di ricollocazione?",
        "posts": [
            (
                "op1",
                "Ho fatto un piccolo conteggio: negli ultimi tre mesi, su venti persone con i requisiti, solo sei hanno chiesto l'assegno. Vi sembra normale?",
            ),
            (
                "op3",
                "Da noi la percentuale è simile. Molti temono di perdere il rapporto con il centro.",
            ),
            (
                "lead",
                "È un timore da sciogliere nel colloquio: la persona resta iscritta al centro e può tornare quando vuole.",
            ),
            (
                "op2",
                "Forse serve anche un materiale scritto. Nella comunità qualcuno ha condiviso un foglio con le tappe, potremmo adattarlo.",
            ),
            (
                "lead",
                "Sì, usiamolo. Tra tre mesi rifacciamo il conteggio e vediamo se cambia qualcosa.",
            ),
        ],
    },
    {
        "title": "Calendario comune per le convocazioni di condizionalità",
        "posts": [
            (
                "op2",
                "Proposta: un calendario condiviso tra i centri del cluster per le convocazioni collettive, così chi ha un impedimento può presentarsi nel centro vicino.",
            ),
            (
                "op3",
                "Mi piace, ma serve che i fascicoli siano consultabili da tutti i centri del cluster. Lo sono?",
            ),
            ("lead", "Sì, il sistema lo consente. Va solo chiarito chi registra la presenza."),
            (
                "op1",
                "Registra il centro dove la persona si presenta e avvisa quello di competenza. Una email basta.",
            ),
            ("lead", "Proviamo per tre mesi. Preparo io il calendario."),
        ],
    },
    {
        "title": "Giornata di incontro con le aziende in primavera",
        "posts": [
            (
                "lead",
                "Stiamo organizzando una giornata di colloqui con le aziende del territorio ad aprile. Chi partecipa con i propri utenti?",
            ),
            ("op1", "Noi sì, abbiamo già quattro aziende del commercio interessate."),
            (
                "op3",
                "Noi portiamo le imprese edili: cercano soprattutto operai qualificati e un geometra.",
            ),
            (
                "op2",
                "Possiamo prevedere uno spazio per la revisione dei curriculum prima dei colloqui? Molti utenti ne avrebbero bisogno.",
            ),
            ("coach", "Mi offro per lo spazio curriculum insieme a due colleghi."),
            ("lead", "Perfetto, grazie @{coach}."),
        ],
    },
    {
        "title": "Dubbi sul collocamento mirato dopo la giornata in aula",
        "posts": [
            (
                "op3",
                "Dopo la giornata sul collocamento mirato mi resta un dubbio sulle convenzioni di inserimento: chi segue la persona dopo l'assunzione?",
            ),
            (
                "docente",
                "La convenzione prevede un tutor aziendale e le verifiche periodiche dell'ufficio competente. Il centro resta il punto di riferimento per la persona se il rapporto si interrompe.",
            ),
            (
                "op1",
                "Da noi è capitato che nessuno se ne occupasse. Forse manca un passaggio di consegne scritto.",
            ),
            ("lead", "Inseriamolo nella procedura comune del cluster."),
        ],
    },
    {
        "title": "Sostituzioni estive negli sportelli dei centri più piccoli",
        "posts": [
            (
                "lead",
                "Ad agosto tre centri del cluster resteranno con una sola persona allo sportello. Organizziamo le sostituzioni?",
            ),
            ("op2", "Io posso coprire due giorni a settimana nel centro più vicino al mio."),
            ("op3", "Io la seconda metà del mese."),
            (
                "op1",
                "Io la prima settimana. Serve però l'abilitazione al sistema informativo anche per le sedi diverse dalla nostra.",
            ),
            ("lead", "Chiedo oggi le abilitazioni. Grazie a tutti per la disponibilità."),
        ],
    },
    {
        "title": "Scheda anagrafico-professionale: i campi che mancano più spesso",
        "posts": [
            (
                "op1",
                "Controllando un campione di schede abbiamo visto che mancano spesso il titolo di studio conseguito all'estero e le lingue conosciute. Sono dati importanti per l'incrocio con le offerte.",
            ),
            (
                "op2",
                "Il titolo estero spesso manca perché non è riconosciuto. Lo indichiamo comunque nelle note?",
            ),
            (
                "lead",
                "Sì, meglio nelle note che niente. E chiediamo alla persona se ha avviato la pratica di riconoscimento.",
            ),
            (
                "op3",
                "Per le lingue proporrei di usare sempre i livelli del quadro comune europeo, anche autodichiarati.",
            ),
            ("lead", "Ottimo: lo mettiamo nella checklist comune della scheda."),
        ],
    },
    {
        "title": "Preselezione per un'azienda agroalimentare",
        "posts": [
            (
                "op3",
                "Un'azienda agroalimentare cerca quindici addetti alla lavorazione per la campagna estiva. Chi ha candidati disponibili?",
            ),
            ("op1", "Ne ho almeno cinque, quasi tutti con esperienza stagionale."),
            ("op2", "Io tre, ma due non hanno la patente: l'azienda è raggiungibile con i mezzi?"),
            (
                "op3",
                "C'è una navetta dalla stazione, lo confermo all'azienda. Mandatemi i nominativi entro venerdì.",
            ),
            (
                "lead",
                "Bell'esempio di lavoro di rete tra centri. Teniamo traccia delle assunzioni per il rapporto trimestrale.",
            ),
        ],
    },
    {
        "title": "Buone pratiche da trasferire tra i centri del cluster",
        "posts": [
            (
                "coach",
                "Come previsto dal piano di miglioramento, raccogliamo le buone pratiche da trasferire. Ogni centro ne indica una?",
            ),
            (
                "op1",
                "La nostra: il colloquio di gruppo per le dichiarazioni di immediata disponibilità, che riduce le attese.",
            ),
            ("op2", "La nostra: la preselezione telefonica con traccia concordata con l'azienda."),
            (
                "op3",
                "La nostra: l'elenco aggiornato dei corsi di formazione finanziati, consegnato a ogni colloquio.",
            ),
            (
                "coach",
                "Ottimo. Le descrivo nella scheda comune e proviamo a trasferirne una per centro entro l'autunno.",
            ),
            ("lead", "Porto la proposta al coordinamento regionale."),
        ],
    },
    {
        "title": "Rapporti con i servizi sociali per i percorsi di inclusione",
        "posts": [
            (
                "op2",
                "Per le persone seguite anche dai servizi sociali del comune facciamo colloqui separati e spesso diamo indicazioni diverse. Come vi coordinate?",
            ),
            (
                "lead",
                "Da noi c'è un incontro mensile con l'assistente sociale di riferimento per i casi comuni.",
            ),
            (
                "op1",
                "Noi usiamo una scheda di invio concordata, con il consenso della persona alla condivisione delle informazioni.",
            ),
            ("op2", "Il consenso è il punto delicato. Potete condividere il modello?"),
            ("op1", "Lo carico nelle risorse del cluster appena il referente privacy lo approva."),
        ],
    },
    {
        "title": "Autovalutazione CAF: come è andata nel nostro cluster",
        "posts": [
            (
                "lead",
                "Abbiamo concluso l'autovalutazione con il modello CAF. Punti di forza: accoglienza e rapporto con le aziende. Punti deboli: misurazione dei risultati e comunicazione interna.",
            ),
            (
                "coach",
                "È un quadro coerente con quello che vedo nelle visite. Sulla misurazione possiamo lavorare subito con pochi indicatori semplici.",
            ),
            ("op3", "Quali indicatori proporreste?"),
            (
                "coach",
                "Tempi di attesa per il primo colloquio, patti di servizio firmati, persone inserite al lavoro entro sei mesi. Tre numeri, raccolti ogni mese.",
            ),
            ("lead", "Li adottiamo. Ne parliamo alla prossima riunione."),
        ],
    },
    {
        "title": "Sportelli accessibili per le persone con disabilità",
        "posts": [
            (
                "op1",
                "Il nostro sportello ha il bancone troppo alto per chi è in carrozzina. Abbiamo segnalato il problema, ma intanto come facciamo?",
            ),
            (
                "op3",
                "Noi abbiamo una scrivania dedicata vicino all'ingresso, con una sedia per l'accompagnatore.",
            ),
            (
                "op2",
                "Ricordiamoci anche dei materiali: le schede informative dovrebbero essere disponibili in formato leggibile con i lettori di schermo.",
            ),
            ("lead", "Segnalo entrambe le cose all'ufficio tecnico e al servizio regionale."),
        ],
    },
]

EDITION_WELCOME = (
    "Benvenute e benvenuti nel forum dell'edizione {edition} di «{course}». "
    "Qui continuiamo a discutere dopo le giornate in aula: domande, casi del vostro centro, "
    "materiali. Scrivete senza timore, e ricordate di non inserire dati personali degli utenti."
)

EDITION_THREADS = [
    {
        "title": "Domande dopo la prima giornata d'aula",
        "posts": [
            (
                "participant1",
                "Grazie per la giornata di ieri. Mi è rimasto un dubbio sull'esercitazione finale: nel caso proposto la risposta corretta era il differimento o il diniego parziale?",
            ),
            (
                "teacher",
                "Il differimento, perché il procedimento era ancora in corso: l'accesso diventa possibile quando il procedimento si chiude. Il diniego sarebbe stato eccessivo.",
            ),
            ("participant2", "Quindi bisogna sempre indicare fino a quando è differito?"),
            (
                "teacher",
                "Sì, il provvedimento deve indicare la durata del differimento e la motivazione. È uno degli errori più frequenti.",
            ),
            ("participant1", "Chiarissimo, grazie."),
        ],
    },
    {
        "title": "Come applichiamo in ufficio quello che abbiamo visto in aula",
        "posts": [
            (
                "teacher",
                "Vi propongo un piccolo impegno: ciascuno scelga una cosa vista in aula da provare nel proprio centro nelle prossime due settimane e poi ci racconti com'è andata.",
            ),
            (
                "participant2",
                "Io provo a usare la traccia di colloquio per il patto di servizio con tutti i nuovi iscritti.",
            ),
            (
                "participant1",
                "Io il registro degli accessi: da noi le richieste si perdono nella posta.",
            ),
            ("participant3", "Io la scheda informativa sull'assegno di ricollocazione."),
            ("teacher", "Ottimo. Ci rileggiamo qui tra due settimane."),
            (
                "participant2",
                "Aggiornamento: la traccia funziona, i colloqui durano un po' di più ma i patti sono molto più chiari.",
            ),
        ],
    },
    {
        "title": "Casi da discutere prima della prossima giornata",
        "posts": [
            (
                "teacher",
                "Per preparare la prossima giornata raccolgo casi reali, raccontati in forma anonima. Chi ne ha uno?",
            ),
            (
                "participant3",
                "Una persona chiede perché il suo punteggio di profilazione sia più basso di quello del fratello, che ha un percorso simile.",
            ),
            (
                "participant1",
                "Un'azienda vuole sapere quanti candidati abbiamo inviato ai concorrenti per la stessa posizione.",
            ),
            (
                "teacher",
                "Due casi perfetti: il primo sui dati personali di terzi, il secondo sul segreto commerciale. Li usiamo entrambi.",
            ),
        ],
    },
]

# Something for the moderators to do: a post reported for personal data and a
# newcomer's first topic in the community waiting for approval.
REPORTED_POST = (
    "Aggiornamento per tutti: la signora che vive in via dei Cantieri, quella con i due figli "
    "iscritti al collocamento mirato, è tornata ieri e ha portato il certificato. Se chiama "
    "da voi, il suo fascicolo è già completo."
)
REPORT_NOTE = "Il messaggio rende riconoscibile un'utente: meglio toglierlo o riscriverlo."
NEWCOMER = ("Noemi", "Bonanno", "Operatrice dei servizi per l'impiego")
NEWCOMER_TOPIC = {
    "title": "Colloquio di orientamento per chi rientra dall'estero",
    "posts": [
        (
            "newcomer",
            "Sono arrivata da poco al centro. Come impostate il primo colloquio con chi rientra "
            "dopo anni di lavoro all'estero? Spesso hanno titoli ed esperienze che il nostro "
            "sistema non sa leggere.",
        )
    ],
}

# Personas who voice the local staff of a cluster when the demo has no one there yet:
# first names (with the feminine flag for their job title) and surnames, paired so
# that no two personas share a name.
PERSONA_FIRST_NAMES = [
    ("Lucia", True),
    ("Davide", False),
    ("Martina", True),
    ("Alessandro", False),
    ("Chiara", True),
    ("Gaetano", False),
    ("Ilenia", True),
    ("Vincenzo", False),
    ("Serena", True),
    ("Calogero", False),
    ("Federica", True),
    ("Emanuele", False),
    ("Agata", True),
    ("Rosario", False),
    ("Valentina", True),
    ("Carmelo", False),
]
PERSONA_SURNAMES = [
    "Amato",
    "Caruso",
    "Messina",
    "Rizzo",
    "Vitale",
    "Costa",
    "Mancuso",
    "Lo Presti",
    "Cusumano",
    "Sorce",
    "Parisi",
    "Grasso",
    "Catalano",
    "Pappalardo",
    "Di Stefano",
    "Barbagallo",
]
PERSONA_JOBS = [
    ("Operatore dei servizi per l'impiego", "Operatrice dei servizi per l'impiego"),
    ("Orientatore", "Orientatrice"),
    ("Operatore per l'incontro domanda-offerta", "Operatrice per l'incontro domanda-offerta"),
    ("Funzionario amministrativo", "Funzionaria amministrativa"),
]


def persona(number):
    """The number-th persona: (first name, surname, job title), all distinct up to 256."""
    first, feminine = PERSONA_FIRST_NAMES[number % len(PERSONA_FIRST_NAMES)]
    surname = PERSONA_SURNAMES[
        (number // len(PERSONA_FIRST_NAMES) + number) % len(PERSONA_SURNAMES)
    ]
    job = PERSONA_JOBS[number % len(PERSONA_JOBS)][1 if feminine else 0]
    return first, surname, job
