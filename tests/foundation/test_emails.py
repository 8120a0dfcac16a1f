from website.notifications.emails import email_person


def test_email_is_rendered_in_the_recipients_language_and_sent_after_commit(
    operator, mailoutbox, django_capture_on_commit_callbacks, tmp_path, settings
):
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "hello_subject.txt").write_text("{% load i18n %}{% translate 'Profilo' %}")
    (tmp_path / "demo" / "hello_body.txt").write_text(
        "{% load i18n %}{% translate 'Esci' %} {{ user.email }}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    operator.language = "en"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_person(operator, "demo/hello", {})
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[Aula] Profile"
    assert mailoutbox[0].body == f"Sign out {operator.email}"
    assert mailoutbox[0].to == [operator.email]
