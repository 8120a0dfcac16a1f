"""Forums → topics → posts, with what keeps people informed and what moderators do.

Counters and last-post pointers on forums and topics are denormalised (see
``services``): they count only what every reader sees, that is approved posts
that are not hidden, in approved topics that are not hidden.
"""

import re
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Edition
from website.accounts.models import Cluster
from website.core.models import AppendOnlyModel

from .markup import HANDLE_PATTERN
from .search import ItalianWords, plain_text

HANDLE_RE = re.compile(HANDLE_PATTERN)

# Paths under /forum/ that are pages, not forums.
RESERVED_SLUGS = frozenset(
    {
        "allegati",
        "anteprima",
        "cerca",
        "discussioni",
        "disiscrizione",
        "messaggi",
        "moderazione",
        "preferenze",
        "segna-tutto-letto",
    }
)


def validate_handle(value):
    if not HANDLE_RE.fullmatch(value):
        raise ValidationError(
            _(
                "Usa da 1 a 40 lettere minuscole, cifre, punti, trattini o trattini bassi; "
                "inizia e finisci con una lettera o una cifra."
            )
        )


def validate_forum_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("Questo indirizzo è riservato: scegline un altro."))


class Forum(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Comunità")
        CLUSTER = "cluster", _("Cluster")
        EDITION = "edition", _("Edizione di un corso")

    kind = models.CharField(
        _("tipo"), max_length=12, choices=Kind.choices, default=Kind.COMMUNITY, editable=False
    )
    title = models.CharField(_("titolo"), max_length=200)
    slug = models.SlugField(
        _("indirizzo"),
        max_length=80,
        unique=True,
        validators=[validate_forum_slug],
        help_text=_("La parte finale dell'indirizzo del forum, ad esempio «normativa»."),
    )
    description = models.TextField(_("descrizione"), blank=True)
    cluster = models.OneToOneField(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forum",
        verbose_name=_("cluster"),
        editable=False,
    )
    edition = models.OneToOneField(
        Edition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forum",
        verbose_name=_("edizione"),
        editable=False,
    )
    is_announcements = models.BooleanField(
        _("forum di avvisi"),
        default=False,
        help_text=_(
            "Solo docenti, coach, gestori della formazione e moderatori vi aprono discussioni; "
            "tutti possono rispondere."
        ),
    )
    premoderate_newcomers = models.BooleanField(
        _("approva i primi messaggi dei nuovi utenti"),
        default=False,
        help_text=_(
            "I messaggi di chi non ha ancora messaggi approvati attendono "
            "l'approvazione di un moderatore."
        ),
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_forums",
        verbose_name=_("altri moderatori"),
        help_text=_(
            "Oltre a chi modera per ruolo: i responsabili del cluster, i docenti "
            "dell'edizione, i gestori della formazione."
        ),
    )
    position = models.PositiveSmallIntegerField(_("ordine"), default=100)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)

    # Denormalised, kept by forums.services.
    topic_count = models.PositiveIntegerField(_("discussioni"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("messaggi"), default=0, editable=False)
    last_post = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("ultimo messaggio"),
    )

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("forum")
        verbose_name_plural = _("forum")
        permissions = [
            ("moderate_all", _("Leggere e moderare ogni forum")),
            ("post_announcements", _("Aprire discussioni nei forum degli avvisi")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="community", cluster__isnull=True, edition__isnull=True)
                    | Q(kind="cluster", cluster__isnull=False, edition__isnull=True)
                    | Q(kind="edition", cluster__isnull=True, edition__isnull=False)
                ),
                name="forum_scope_matches_kind",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:forum", kwargs={"slug": self.slug})


class Topic(models.Model):
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="topics", verbose_name=_("forum")
    )
    title = models.CharField(_("titolo"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_topics",
        verbose_name=_("autore"),
    )
    created_at = models.DateTimeField(_("creata il"), default=timezone.now, db_index=True)
    is_pinned = models.BooleanField(_("in evidenza"), default=False)
    is_locked = models.BooleanField(_("chiusa"), default=False)
    is_hidden = models.BooleanField(_("nascosta"), default=False)
    is_approved = models.BooleanField(_("approvata"), default=True)

    # Denormalised, kept by forums.services.
    post_count = models.PositiveIntegerField(_("messaggi"), default=0, editable=False)
    last_post = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("ultimo messaggio"),
    )
    last_post_at = models.DateTimeField(_("ultima attività"), null=True, blank=True)

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-id"]
        verbose_name = _("discussione")
        verbose_name_plural = _("discussioni")
        indexes = [
            models.Index(
                fields=["forum", "-is_pinned", "-last_post_at"], name="topic_forum_listing_idx"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:topic", kwargs={"pk": self.pk})

    @property
    def is_visible(self):
        return self.is_approved and not self.is_hidden

    @property
    def reply_count(self):
        return max(self.post_count - 1, 0)


class PostManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        # Only the database reads the search vector (the search's match and rank): loading
        # it with every post would carry each post's words a second time.
        return super().get_queryset().defer("search_vector")


class Post(models.Model):
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("discussione")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_posts",
        verbose_name=_("autore"),
    )
    source = models.TextField(_("testo (Markdown)"))
    html = models.TextField(_("testo (HTML ripulito)"), editable=False)
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cita il messaggio"),
    )
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("persone menzionate")
    )
    created_at = models.DateTimeField(_("scritto il"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("modificato il"), null=True, blank=True)
    is_hidden = models.BooleanField(_("nascosto"), default=False)
    is_approved = models.BooleanField(_("approvato"), default=True)
    useful_count = models.PositiveIntegerField(_("utile"), default=0, editable=False)
    like_count = models.PositiveIntegerField(_("mi piace"), default=0, editable=False)
    # Kept by the database itself, bulk writes included (PostgreSQL: under a GIN index,
    # migration 0007); always NULL on SQLite, whose FTS5 table does the same job.
    search_vector = models.GeneratedField(
        expression=ItalianWords("source"),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("parole per la ricerca"),
    )

    objects = PostManager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("messaggio")
        verbose_name_plural = _("messaggi")
        indexes = [models.Index(fields=["topic", "id"], name="post_topic_order_idx")]

    def __str__(self):
        return f"{self.topic} #{self.pk}"

    def get_absolute_url(self):
        return reverse("forums:post", kwargs={"pk": self.pk})

    @property
    def plain_text(self) -> str:
        """The post as one line of text, for notices and plain-text emails."""
        return plain_text(self.html)

    @property
    def is_visible(self):
        return self.is_approved and not self.is_hidden


class PostSearchEntry(models.Model):
    """A post's row in SQLite's full-text index (an FTS5 table over ``Post.source``).

    The table, and the triggers that keep it in step with every insert, edit and
    delete of a post (bulk ones included), exist on SQLite only: migration 0006
    makes them. On PostgreSQL posts are searched through their own stored
    ``search_vector`` under a GIN index and this model has no table
    (``forums.selectors`` reads it on SQLite only).
    """

    post = models.OneToOneField(
        Post,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="search_entry",
        db_constraint=False,
    )
    source = models.TextField()

    class Meta:
        managed = False
        db_table = "forums_post_fts"

    def __str__(self):
        return f"{self.post_id}"


class PostRevision(models.Model):
    """The text of a post before an edit: moderators and the author see the history."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("messaggio")
    )
    source = models.TextField(_("testo (Markdown)"))
    html = models.TextField(_("testo (HTML ripulito)"))
    written_at = models.DateTimeField(_("scritto il"))
    replaced_at = models.DateTimeField(_("sostituito il"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("modificato da"),
    )

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = _("versione precedente")
        verbose_name_plural = _("versioni precedenti")

    def __str__(self):
        return f"{self.post} · {self.written_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename):
    # A random name: the original one is kept in the row and given on download.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"forum_attachments/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("messaggio")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("nome del file"), max_length=200)
    content_type = models.CharField(_("tipo"), max_length=100)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    uploaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("allegato")
        verbose_name_plural = _("allegati")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forums:attachment", kwargs={"pk": self.pk, "name": self.name})

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class Reaction(models.Model):
    class Kind(models.TextChoices):
        USEFUL = "useful", _("Utile")
        LIKE = "like", _("Mi piace")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("messaggio")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_reactions",
        verbose_name=_("persona"),
    )
    kind = models.CharField(_("reazione"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("data"), auto_now_add=True)

    class Meta:
        verbose_name = _("reazione")
        verbose_name_plural = _("reazioni")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="reaction_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.post_id}"


class ForumProfile(models.Model):
    """A person's name in the forums (for @mentions) and how they want to be told."""

    class EmailMode(models.TextChoices):
        IMMEDIATE = "immediate", _("Un'email per ogni nuovo messaggio")
        DIGEST = "digest", _("Un riepilogo al giorno")
        OFF = "off", _("Nessuna email")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="forum_profile",
        verbose_name=_("persona"),
    )
    handle = models.CharField(
        _("nome per le menzioni"),
        max_length=40,
        unique=True,
        validators=[validate_handle],
        help_text=_("Gli altri ti menzionano scrivendo @ seguito da questo nome."),
    )
    email_mode = models.CharField(
        _("email dai forum"),
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.DIGEST,
        help_text=_("Riguarda i forum e le discussioni che segui."),
    )
    auto_subscribe = models.BooleanField(
        _("segui le discussioni che apri o a cui rispondi"), default=True
    )
    digest_sent_at = models.DateTimeField(_("ultimo riepilogo"), null=True, blank=True)
    digest_through_post_id = models.BigIntegerField(
        _("riepilogo inviato fino al messaggio"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("profilo nei forum")
        verbose_name_plural = _("profili nei forum")

    def __str__(self):
        return f"@{self.handle}"


class Subscription(models.Model):
    """Following a forum or a topic. An inactive row remembers an explicit "stop following"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
        verbose_name=_("persona"),
    )
    forum = models.ForeignKey(
        Forum,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("forum"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("discussione"),
    )
    is_active = models.BooleanField(_("attiva"), default=True)
    created_at = models.DateTimeField(_("dal"), auto_now_add=True)

    class Meta:
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        constraints = [
            models.CheckConstraint(
                condition=Q(forum__isnull=True, topic__isnull=False)
                | Q(forum__isnull=False, topic__isnull=True),
                name="subscription_to_forum_or_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "forum"],
                condition=Q(forum__isnull=False),
                name="subscription_once_per_forum",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="subscription_once_per_topic",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target}"

    @property
    def target(self):
        """What is followed: the topic or the forum."""
        return self.topic or self.forum


class ReadMark(models.Model):
    """Up to which post a person has read (post ids only grow)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_post_id = models.BigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.user_id} · {self.last_read_post_id}"


class TopicReadMark(ReadMark):
    """The last post a person has seen in a topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_marks")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="topic_read_mark_once")
        ]


class ForumReadMark(ReadMark):
    """ "Mark all read" in a forum: every post up to this id counts as read."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="read_marks")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "forum"], name="forum_read_mark_once")
        ]


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Pubblicità o spam")
        OFFENSIVE = "offensive", _("Offensivo o irrispettoso")
        PERSONAL_DATA = "personal_data", _("Contiene dati personali di terzi")
        OFF_TOPIC = "off_topic", _("Fuori tema")
        OTHER = "other", _("Altro")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("messaggio")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_reports",
        verbose_name=_("segnalato da"),
    )
    reason = models.CharField(_("motivo"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("dettagli"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("segnalato il"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chiuso da"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("segnalazione")
        verbose_name_plural = _("segnalazioni")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="report_one_open_per_person",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.post_id}"


class ModerationAction(AppendOnlyModel):
    """The log of every moderation action: who did what to which topic or post.

    Kept for good: neither a forum nor a moderator with entries can be deleted.
    An author may still withdraw their own topic or post: the entry stays, its
    link to what was withdrawn becomes empty (the only change the database
    allows on this table).
    """

    class Action(models.TextChoices):
        PIN = "pin", _("Messa in evidenza")
        UNPIN = "unpin", _("Tolta dall'evidenza")
        LOCK = "lock", _("Chiusura")
        UNLOCK = "unlock", _("Riapertura")
        MOVE = "move", _("Spostamento")
        HIDE_TOPIC = "hide_topic", _("Discussione nascosta")
        RESTORE_TOPIC = "restore_topic", _("Discussione ripristinata")
        HIDE_POST = "hide_post", _("Messaggio nascosto")
        RESTORE_POST = "restore_post", _("Messaggio ripristinato")
        APPROVE_POST = "approve_post", _("Messaggio approvato")
        REJECT_POST = "reject_post", _("Messaggio respinto")
        EDIT_POST = "edit_post", _("Messaggio modificato da un moderatore")
        DISMISS_REPORTS = "dismiss_reports", _("Segnalazioni archiviate")

    forum = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        null=True,
        related_name="moderation_actions",
        verbose_name=_("forum"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("discussione")
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("messaggio")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("moderatore"),
    )
    action = models.CharField(_("azione"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("dettagli"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("data"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("azione di moderazione")
        verbose_name_plural = _("registro di moderazione")

    def __str__(self):
        return f"{self.get_action_display()} · {self.topic or self.forum}"


class ForumEvent(models.Model):
    """What changed in a topic, for live pages. Carries ids only; kept for a few days.

    Ids grow, and within one topic they grow in commit order (events are written
    while the topic row is locked), so a page that knows the last id it saw
    can ask for what it missed after a reconnect.
    """

    class Kind(models.TextChoices):
        POST_CREATED = "post_created"
        POST_CHANGED = "post_changed"
        POST_REMOVED = "post_removed"
        TOPIC_CHANGED = "topic_changed"

    class Audience(models.TextChoices):
        READERS = "readers"
        MODERATORS_AND_AUTHOR = "moderators"

    id = models.BigAutoField(primary_key=True)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    # A plain id, not a key: the event outlives a deleted post.
    post_ref = models.BigIntegerField(null=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    audience = models.CharField(max_length=12, choices=Audience.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["topic", "id"], name="forum_event_replay_idx")]

    def __str__(self):
        return f"{self.pk} {self.kind} · {self.topic_id}"
