"""The demo's e-learning packages, made for this project: rebuild them with

    python -m demo.package_builder OUTPUT_FOLDER

A SCORM 1.2 package (one SCO: a short module on the *assegno di ricollocazione*, four
pages and a final question, resumable), a SCORM 2004 4th edition package (two SCOs,
moved between with ``adl.nav.request``) and an H5P activity (the same text and three
questions, the last the final one, played by our own content type ``H5P.AulaDomande``,
whose sources are in ``demo/h5p/``). All are small, in Italian, and written here in
full; the seed builds them in memory with the same functions.
"""

import io
import json
import sys
import zipfile
from pathlib import Path

FIXED_DATE = (2026, 1, 1, 0, 0, 0)

PAGES = [
    (
        "Che cos'è",
        "L'assegno di ricollocazione è una somma spendibile presso un soggetto accreditato "
        "(un centro per l'impiego o un'agenzia per il lavoro) per ricevere un servizio "
        "intensivo di assistenza nella ricerca di un nuovo lavoro.",
    ),
    (
        "A chi spetta",
        "Nell'ordinamento attuale l'assegno è riconosciuto, su richiesta, a chi percepisce la "
        "NASpI da almeno quattro mesi e ad altri destinatari individuati dalle norme sulle "
        "politiche attive. L'importo dipende dal profilo di occupabilità della persona.",
    ),
    (
        "Come funziona",
        "La persona sceglie il soggetto erogatore; con il tutor definisce un programma di "
        "ricerca intensiva. Il soggetto erogatore è pagato in larga parte a risultato, cioè "
        "solo se la persona trova un lavoro.",
    ),
    (
        "Il ruolo del centro per l'impiego",
        "L'operatore del CPI informa la persona, verifica i requisiti, registra la scelta "
        "del soggetto erogatore e segue l'esito del servizio nel sistema informativo.",
    ),
]
QUESTION = "Quando il soggetto erogatore riceve la parte principale del compenso?"
ANSWERS = [
    ("a", "Al momento della presa in carico della persona", False),
    ("b", "Solo se la persona trova un lavoro (a risultato)", True),
    ("c", "Ogni mese, per tutta la durata del servizio", False),
]

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:46rem;margin:1.5rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a}h1{font-size:1.6rem}button{font:inherit;padding:.4rem 1rem;
margin:.25rem .25rem 0 0;border:2px solid #0059b3;background:#0066cc;color:#fff;border-radius:4px}
button.secondary{background:#fff;color:#0059b3}fieldset{border:1px solid #999;padding:1rem}
.esito{font-weight:700;margin-top:1rem}
"""


def _page(title: str, body: str, script: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style>
</head><body><main>{body}</main><script>{script}</script></body></html>
"""


_FIND_API = """
function findApi(name){var w=window;for(var i=0;i<10&&w;i++){if(w[name])return w[name];
if(w.parent===w)break;w=w.parent;}return null;}
"""

_SCORM12_SCRIPT = (
    _FIND_API
    + """
var api=findApi("API");var pages=%(pages)s;var page=0;var answered=null;var finished=false;
function set(k,v){if(api){api.LMSSetValue(k,v);}}
function save(){set("cmi.core.lesson_location",String(page));
set("cmi.suspend_data",JSON.stringify({page:page}));set("cmi.core.exit","suspend");
if(api){api.LMSCommit("");}}
function show(){var box=document.getElementById("contenuto");var p=pages[page];
document.getElementById("titolo").textContent=p[0];box.textContent=p[1];
document.getElementById("posizione").textContent="Pagina "+(page+1)+" di "+(pages.length+1);
document.getElementById("indietro").disabled=page===0;
document.getElementById("pagine").hidden=false;document.getElementById("domanda").hidden=true;}
function showQuestion(){document.getElementById("pagine").hidden=true;
document.getElementById("domanda").hidden=false;
document.getElementById("posizione").textContent="Pagina "+(pages.length+1)+" di "+(pages.length+1);}
function go(delta){page=Math.max(0,page+delta);if(page>=pages.length){page=pages.length;save();showQuestion();return;}
save();show();}
function answer(){var chosen=document.querySelector("input[name=risposta]:checked");
if(!chosen){document.getElementById("esito").textContent="Scegli una risposta.";return;}
var right=chosen.value===%(right)s;
set("cmi.core.score.raw",right?"100":"0");set("cmi.core.score.min","0");set("cmi.core.score.max","100");
set("cmi.core.lesson_status",right?"passed":"failed");set("cmi.core.exit","");
document.getElementById("esito").textContent=right?"Risposta corretta: modulo superato.":
"Risposta non corretta: il compenso è a risultato. Puoi ripetere il modulo.";
if(api){api.LMSCommit("");api.LMSFinish("");}finished=true;}
window.addEventListener("load",function(){if(api){api.LMSInitialize("");
var entry=api.LMSGetValue("cmi.core.entry");var loc=api.LMSGetValue("cmi.core.lesson_location");
if(entry==="resume"&&loc!==""){page=parseInt(loc,10)||0;
document.getElementById("ripresa").hidden=false;}
var status=api.LMSGetValue("cmi.core.lesson_status");
if(status==="not attempted"){set("cmi.core.lesson_status","incomplete");}}
if(page>=pages.length){showQuestion();}else{show();}
document.getElementById("avanti").addEventListener("click",function(){go(1);});
document.getElementById("indietro").addEventListener("click",function(){go(-1);});
document.getElementById("conferma").addEventListener("click",answer);});
window.addEventListener("pagehide",function(){if(api&&!finished){save();api.LMSFinish("");finished=true;}});
"""
)


def _scorm12_html() -> str:
    choices = "".join(
        f'<div><input type="radio" name="risposta" id="r-{key}" value="{key}">'
        f' <label for="r-{key}">{text}</label></div>'
        for key, text, _ in ANSWERS
    )
    body = f"""
<h1>L'assegno di ricollocazione</h1>
<p id="ripresa" hidden>Bentornata, bentornato: riprendi da dove eri rimasto.</p>
<p id="posizione" aria-live="polite"></p>
<section id="pagine"><h2 id="titolo"></h2><p id="contenuto"></p>
<button type="button" id="indietro" class="secondary">Indietro</button>
<button type="button" id="avanti">Avanti</button></section>
<section id="domanda" hidden><h2>Domanda finale</h2>
<fieldset><legend>{QUESTION}</legend>{choices}</fieldset>
<button type="button" id="conferma">Conferma la risposta</button>
<p id="esito" class="esito" role="status"></p></section>
"""
    right = next(key for key, _, correct in ANSWERS if correct)
    script = _SCORM12_SCRIPT % {"pages": json.dumps(PAGES), "right": json.dumps(right)}
    return _page("L'assegno di ricollocazione", body, script)


_SCORM12_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="aula-assegno-ricollocazione-12" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>L'assegno di ricollocazione (SCORM 1.2)</title>
      <item identifier="modulo" identifierref="res-modulo">
        <title>L'assegno di ricollocazione</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-modulo" type="webcontent" adlcp:scormtype="sco" href="modulo/index.html">
      <file href="modulo/index.html"/>
    </resource>
  </resources>
</manifest>
"""


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def scorm12_zip() -> bytes:
    return _zip({"imsmanifest.xml": _SCORM12_MANIFEST, "modulo/index.html": _scorm12_html()})


_SCORM2004_SCRIPT = (
    _FIND_API
    + """
var api=findApi("API_1484_11");var done=false;
function set(k,v){if(api){api.SetValue(k,v);}}
function leave(request){if(done)return;done=true;if(request){set("adl.nav.request",request);}
if(api){api.Commit("");api.Terminate("");}}
window.addEventListener("load",function(){if(api){api.Initialize("");}
%(on_load)s});
window.addEventListener("pagehide",function(){if(!done&&api){set("cmi.exit","suspend");leave(null);}});
"""
)

_INTRO_LOAD = """
set("cmi.completion_status","completed");set("cmi.exit","normal");api&&api.Commit("");
document.getElementById("avanti").addEventListener("click",function(){leave("continue");});
"""

_TEST_LOAD = """
document.getElementById("indietro").addEventListener("click",function(){set("cmi.exit","suspend");leave("previous");});
document.getElementById("conferma").addEventListener("click",function(){
var chosen=document.querySelector("input[name=risposta]:checked");
if(!chosen){document.getElementById("esito").textContent="Scegli una risposta.";return;}
var right=chosen.value===%(right)s;
set("cmi.interactions.0.id","domanda-finale");set("cmi.interactions.0.type","choice");
set("cmi.interactions.0.learner_response",chosen.value);set("cmi.interactions.0.result",right?"correct":"incorrect");
set("cmi.score.scaled",right?"1":"0");set("cmi.score.raw",right?"1":"0");set("cmi.score.min","0");set("cmi.score.max","1");
set("cmi.success_status",right?"passed":"failed");set("cmi.completion_status","completed");set("cmi.exit","normal");
document.getElementById("esito").textContent=right?"Risposta corretta: verifica superata.":"Risposta non corretta.";
leave(null);});
"""


def _scorm2004_intro() -> str:
    text = "".join(f"<h2>{title}</h2><p>{body}</p>" for title, body in PAGES)
    body = f"""<h1>L'assegno di ricollocazione: i contenuti</h1>{text}
<button type="button" id="avanti">Vai alla verifica finale</button>"""
    return _page("I contenuti", body, _SCORM2004_SCRIPT % {"on_load": _INTRO_LOAD})


def _scorm2004_test() -> str:
    choices = "".join(
        f'<div><input type="radio" name="risposta" id="r-{key}" value="{key}">'
        f' <label for="r-{key}">{text}</label></div>'
        for key, text, _ in ANSWERS
    )
    right = next(key for key, _, correct in ANSWERS if correct)
    body = f"""<h1>Verifica finale</h1>
<fieldset><legend>{QUESTION}</legend>{choices}</fieldset>
<button type="button" id="indietro" class="secondary">Torna ai contenuti</button>
<button type="button" id="conferma">Conferma la risposta</button>
<p id="esito" class="esito" role="status"></p>"""
    load = _TEST_LOAD % {"right": json.dumps(right)}
    return _page("Verifica finale", body, _SCORM2004_SCRIPT % {"on_load": load})


_SCORM2004_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="aula-assegno-ricollocazione-2004" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>L'assegno di ricollocazione (SCORM 2004)</title>
      <item identifier="contenuti" identifierref="res-contenuti"><title>I contenuti</title></item>
      <item identifier="verifica" identifierref="res-verifica">
        <title>Verifica finale</title>
        <imsss:sequencing><imsss:objectives>
          <imsss:primaryObjective objectiveID="verifica" satisfiedByMeasure="true">
            <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
          </imsss:primaryObjective>
        </imsss:objectives></imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-contenuti" type="webcontent" adlcp:scormType="sco" href="contenuti.html">
      <file href="contenuti.html"/>
    </resource>
    <resource identifier="res-verifica" type="webcontent" adlcp:scormType="sco" href="verifica.html">
      <file href="verifica.html"/>
    </resource>
  </resources>
</manifest>
"""


def scorm2004_zip() -> bytes:
    return _zip(
        {
            "imsmanifest.xml": _SCORM2004_MANIFEST,
            "contenuti.html": _scorm2004_intro(),
            "verifica.html": _scorm2004_test(),
        }
    )


H5P_LIBRARY = Path(__file__).parent / "h5p" / "H5P.AulaDomande-1.0"
H5P_QUESTIONS = [
    (
        "Chi può erogare il servizio di assistenza intensiva?",
        [
            ("Un centro per l'impiego o un'agenzia per il lavoro accreditata", True),
            ("Solo l'INPS", False),
            ("Qualunque datore di lavoro", False),
        ],
    ),
    (
        "Che cosa fa l'operatore del centro per l'impiego?",
        [
            ("Sceglie il soggetto erogatore al posto della persona", False),
            ("Informa la persona, verifica i requisiti e registra la scelta", True),
            ("Paga direttamente il compenso al soggetto erogatore", False),
        ],
    ),
    (QUESTION, [(text, correct) for _key, text, correct in ANSWERS]),
]


def _h5p_content() -> dict:
    return {
        "title": "L'assegno di ricollocazione",
        "text": [{"heading": title, "body": body} for title, body in PAGES],
        "questions": [
            {"question": question, "answers": [{"text": t, "correct": c} for t, c in answers]}
            for question, answers in H5P_QUESTIONS
        ],
        "passPercentage": 60,
    }


def h5p_file() -> bytes:
    """The H5P activity: h5p.json, the content and the content type's library, bundled."""
    meta = {
        "title": "L'assegno di ricollocazione (H5P)",
        "language": "it",
        "mainLibrary": "H5P.AulaDomande",
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [
            {"machineName": "H5P.AulaDomande", "majorVersion": 1, "minorVersion": 0}
        ],
    }
    files = {
        "h5p.json": json.dumps(meta, ensure_ascii=False, indent=2),
        "content/content.json": json.dumps(_h5p_content(), ensure_ascii=False, indent=2),
    }
    for source in sorted(H5P_LIBRARY.iterdir()):
        files[f"{H5P_LIBRARY.name}/{source.name}"] = source.read_text(encoding="utf-8")
    return _zip(files)


BUILDS = {
    "assegno-ricollocazione-scorm12.zip": scorm12_zip,
    "assegno-ricollocazione-scorm2004.zip": scorm2004_zip,
    "assegno-ricollocazione.h5p": h5p_file,
}


def main(argv: list[str]) -> None:
    out = Path(argv[1] if len(argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDS.items():
        (out / name).write_bytes(build())
        print(out / name)


if __name__ == "__main__":
    main(sys.argv)
