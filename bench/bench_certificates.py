"""How fast are certificates? One PDF, and the 316 of the demo plan issued in bulk.

Everything is measured against reportlab's own minimum, a one-page document
with one line of text, made in the same process in the same run, so the
ratios hold on any machine:

- the minimum one-page PDF (the unit);
- one certificate as the app makes it (certificates/pdf.py: fixed positions
  measured with reportlab's metrics, written directly with the faces and
  images prepared once per process);
- the same certificate laid out with reportlab's flowing layout (platypus),
  the reportlab alternative (the app drew on reportlab's canvas until
  2026-12-05: see bench/RESULTS.md);
- 316 certificates issued in bulk through the issue service, as the task
  worker runs them: the PDF, the signed credential, the rows and the file of
  each, and one queued task per batch of 25 for the holders' e-mails and
  notices, on a throw-away SQLite database;
- apart, the work those queued tasks do afterwards (a worker's, not the
  run's): the holders' e-mails rendered and their notices written (the
  batches' tasks), then the e-mails sent (one task each, to a dummy mailer);
  and the two together, issue and telling, per certificate.

The bulk part runs in a child process with its own settings and database; its
task backend only queues (django-tasks' DummyBackend), so that each part is
timed on its own.
"""

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 200
BULK = 316
EDITION_SIZE = 30


def median_ms(function, repeat=REPEAT):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def minimal_pdf():
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Attestato")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def platypus_certificate(snapshot, version):
    """The certificate's content through SimpleDocTemplate and Paragraphs, for comparison."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer

    from certificates.fonts import BOLD, REGULAR, register_fonts
    from certificates.pdf import Page

    register_fonts()
    centred = ParagraphStyle("c", fontName=REGULAR, fontSize=12, leading=16, alignment=1)
    big = ParagraphStyle("b", parent=centred, fontName=BOLD, fontSize=22, leading=28)
    buffer = io.BytesIO()
    story = [
        Image(version.logo.path, width=180, height=60),  # JPEG, embedded as it is
        Paragraph(snapshot["issuer"]["name"], big),
        Spacer(1, 30),
        Paragraph("ATTESTATO DI PARTECIPAZIONE", big),
        Paragraph("Si attesta che", centred),
        Paragraph(snapshot["holder"]["name"], big),
        Paragraph(f"in servizio presso {snapshot['holder']['centre']}", centred),
        Paragraph("ha partecipato al corso", centred),
        Paragraph(f"{snapshot['course']['code']} – {snapshot['course']['title']}", big),
        Paragraph(f"del piano formativo «{snapshot['programme']['title']}»", centred),
        Paragraph(f"{snapshot['hours']['attended']} ore su {snapshot['hours']['total']}", centred),
        Spacer(1, 120),
        Paragraph(snapshot["issuer"]["signatory_name"], centred),
        Image(version.signature.path, width=160, height=44),
        Paragraph(snapshot["code"], centred),
    ]

    def verification_qr(pdf, _document):
        Page(pdf).qr(snapshot["verification_url"], x=50, y=44, size=78)

    SimpleDocTemplate(buffer, pagesize=A4).build(story, onFirstPage=verification_qr)
    return buffer.getvalue()


def child():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from certificates_bench_data import seed_bulk

    from certificates import services
    from certificates.pdf import render_certificate

    editions, manager, sample = seed_bulk(BULK, EDITION_SIZE)
    # Warm-up: fonts, template version, imports; then the measured run.
    prep = services.prepare(editions[0])
    snapshot = sample(prep)
    unit = median_ms(minimal_pdf)
    canvas_ms = median_ms(lambda: render_certificate(snapshot, prep.version))
    platypus_ms = median_ms(lambda: platypus_certificate(snapshot, prep.version), repeat=50)
    from django_tasks import default_task_backend

    from website.notifications.emails import send_email

    queued = default_task_backend.results  # type: ignore[attr-defined]
    queued.clear()
    # The seeding above leaves tens of thousands of objects in the collector's oldest
    # generation, enough to set off a full collection (0.15-0.3 s, walking every object of
    # the process) in the first few batches: a cost of this set-up, not of issuing, which a
    # worker's later runs do not meet (five runs of 316 in one process: none after the
    # first). Collected here, before the clock starts (timeit goes further: it turns the
    # collector off while it times).
    gc.collect()
    # The minimal PDF is made again between the editions of the run (20 samples before each
    # and after the last, outside the timed calls): on a shared machine a core's speed
    # changes from one minute to the next, by up to half, and the run's ratios are taken
    # against the unit measured in the same minutes.
    unit_samples: list[float] = []
    bulk_seconds = bulk_cpu = 0.0
    issued = 0
    for edition in [*editions, None]:
        for _ in range(20):
            sample_start = time.perf_counter()
            minimal_pdf()
            unit_samples.append((time.perf_counter() - sample_start) * 1000)
        if edition is None:
            break
        start, cpu_start = time.perf_counter(), time.process_time()
        count, _skipped = services.certificates_issue_edition(edition=edition, by=manager)
        bulk_seconds += time.perf_counter() - start
        bulk_cpu += time.process_time() - cpu_start
        issued += count
    unit_during = statistics.median(unit_samples)
    per_certificate = bulk_seconds * 1000 / issued
    # The bulk run's wall time also holds its waits for the disk (SQLite commits, PDF files)
    # and, on a shared machine, for a core, which the minimal PDF's median of short samples
    # leaves out: its CPU time is shown as well.
    per_certificate_cpu = bulk_cpu * 1000 / issued

    def run_queued(name):
        """Run the queued tasks of one name as the worker would; (wall, CPU) ms per certificate."""
        tasks = [result for result in queued if result.task.name == name]
        for result in tasks:
            queued.remove(result)
        start, cpu_start = time.perf_counter(), time.process_time()
        for result in tasks:
            result.task.call(*result.args, **result.kwargs)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        return len(tasks), wall * 1000 / issued, cpu * 1000 / issued

    batches, tell_ms, tell_cpu = run_queued("tell_holders")
    emails, send_ms, send_cpu = run_queued(send_email.name)
    assert emails == issued, (emails, issued)
    rows = [
        ("reportlab's minimal one-page PDF", unit, unit),
        ("one certificate, direct writer (used)", canvas_ms, unit),
        ("one certificate, reportlab platypus", platypus_ms, unit),
        ("reportlab's minimal one-page PDF, during the bulk issue", unit_during, unit_during),
        (f"one certificate within the bulk issue of {issued}", per_certificate, unit_during),
        (
            "  the same, CPU time only (no wait for disk or a core)",
            per_certificate_cpu,
            unit_during,
        ),
        (
            f"  then its holder told ({batches} queued tasks): e-mail and notice",
            tell_ms,
            unit_during,
        ),
        ("    the same, CPU time only", tell_cpu, unit_during),
        (f"  then its e-mail sent ({emails} queued tasks, dummy mailer)", send_ms, unit_during),
        ("    the same, CPU time only", send_cpu, unit_during),
        (
            "issue, holder told and e-mail sent, together",
            per_certificate + tell_ms + send_ms,
            unit_during,
        ),
        ("  the same, CPU time only", per_certificate_cpu + tell_cpu + send_cpu, unit_during),
    ]
    width = max(len(label) for label, _value, _unit in rows)
    print(f"{'':{width}}  ratio to the minimal PDF   (this machine)")
    for label, value, row_unit in rows:
        print(f"{label:{width}}  {value / row_unit:8.1f}×              ({value:.2f} ms)")
    print(
        f"{issued} certificates in bulk: {bulk_seconds:.1f} s "
        f"= {bulk_seconds * 1000 / (unit_during * issued):.0f}× the minimal PDF made {issued} times"
    )
    from bench import summary as targets

    for label, value, row_unit in (
        ("one certificate alone", canvas_ms, unit),
        (
            f"one within the bulk issue of {issued} (e-mails queued), wall time",
            per_certificate,
            unit_during,
        ),
        (
            f"one within the bulk issue of {issued} (e-mails queued), CPU time",
            per_certificate_cpu,
            unit_during,
        ),
        (
            f"one within the bulk issue of {issued} with its e-mail and notice, CPU time",
            per_certificate_cpu + tell_cpu + send_cpu,
            unit_during,
        ),
    ):
        targets.record(
            "certificates", f"{label} / the minimal PDF", value / row_unit, 5, at_least=False
        )


def main():
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.dev",
            "DATABASE_URL": f"sqlite:///{Path(scratch) / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(Path(scratch) / "media"),
            # Queued, not run: the bench runs the queued tasks itself, timing each part.
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "EMAIL_URL": "dummymail://",
            "DEBUG": "false",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(Path(__file__).parent)]),
        }
        subprocess.run([sys.executable, __file__, "--child"], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        main()
