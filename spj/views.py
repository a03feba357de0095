"""Organiser pages of an event's accountability pack (SPJ): the people and
their data, the settings, the documents as PDF and Word, the team's
templates, the whole pack as a ZIP. Organisers of the event's team only
(``spj.manage_spj``): the pages show speakers' NIK, NPWP and accounts."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from bimtek.forms import ServiceErrorMixin
from bimtek.services import audit_export
from bimtek.views.organiser import OrganiserEventMixin
from spj import selectors, services
from spj.documents import context, pack, word
from spj.errors import SpjError
from spj.forms import (
    DataRequestForm,
    PackSettingsForm,
    PersonForm,
    PhotoForm,
    SpeakerDataForm,
    TemplateUploadForm,
)
from spj.models import DocumentKind, DocumentTemplate, MinutesNumber, Person, Photo


class SpjMixin(ServiceErrorMixin, OrganiserEventMixin):
    permission_required = "spj.manage_spj"
    event_tab = "spj"

    def overview_url(self) -> str:
        return reverse("spj:overview", kwargs={"code": self.get_event().code})


def _file(content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=pack.FORMATS.get(fmt, "application/zip"))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SpjOverviewView(SpjMixin, TemplateView):
    """Organisers. Speakers from the agenda with their data and honorarium,
    the committee, the documents, the templates and the pack."""

    template_name = "spj/spj_overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        event = self.get_event()
        sessions = selectors.event_sessions(event=event)
        honoraria = selectors.honoraria(event=event, sessions=sessions)
        lines = {line.person.pk: line for line in honoraria.lines}
        speakers = selectors.speakers_of_event(event=event, sessions=sessions)
        own = {t.kind: t for t in DocumentTemplate.objects.filter(team_id=event.team_id)}
        requests = selectors.data_requests_of(event=event)
        ctx.update(
            speakers=[
                (
                    speaker,
                    lines.get(speaker.person.pk) if speaker.person else None,
                    requests.get(speaker.person.pk) if speaker.person else None,
                )
                for speaker in speakers
            ],
            now=timezone.now(),
            committee=selectors.committee_of_event(event=event),
            others=[
                p
                for p in Person.objects.filter(event=event, is_committee=False)
                if p.pk not in {s.person.pk for s in speakers if s.person}
            ],
            honoraria=honoraria,
            documents=[
                (kind, label, own.get(kind), context.PLACEHOLDERS[kind])
                for kind, label in DocumentKind.choices
            ],
            upload_form=TemplateUploadForm(),
            photo_form=PhotoForm(),
            photos=Photo.objects.filter(event=event).defer("content"),
            pack_settings=selectors.pack_settings_for(event),
            minutes_number=MinutesNumber.objects.filter(event=event).first(),
            minutes_open=selectors.minutes_can_be_numbered(event),
        )
        return ctx


class PersonFormMixin(SpjMixin):
    template_name = "spj/person_form.html"

    def render_form(self, form, person=None):
        context = {"event": self.get_event(), "view": self, "form": form, "person": person}
        status = 400 if form.errors else 200
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def save(self, form, person):
        changed = list(form.changed_data)
        saved = self.run_service(
            form, services.person_save, person=form.save(commit=False), actor=self.request.user,
            changed=changed, no_npwp=form.cleaned_data.get("no_npwp", False),
        )  # fmt: skip
        if saved is None:
            return self.render_form(form, person)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": saved.name})
        return redirect(self.overview_url())


class PersonCreateView(PersonFormMixin, View):
    """Organisers. A speaker's record (the name from the agenda) or a
    committee member's."""

    def get(self, request, code: str):
        # From the agenda: "Name (Institution)" is a name and an institution.
        name, institution = selectors.agenda_name_split(request.GET.get("name", "")[:200])
        institution = institution or request.GET.get("institution", "")[:200]
        initial = {"name": name, "institution": institution}
        if request.GET.get("committee"):
            initial["is_committee"] = True
        return self.render_form(PersonForm(initial=initial, event=self.get_event()))

    def post(self, request, code: str):
        event = self.get_event()
        form = PersonForm(request.POST, instance=Person(event=event), event=event)
        if not form.is_valid():
            return self.render_form(form)
        return self.save(form, None)


class PersonUpdateView(PersonFormMixin, View):
    def get_person(self) -> Person:
        return get_object_or_404(Person, pk=self.kwargs["pk"], event=self.get_event())

    def get(self, request, code: str, pk: int):
        person = self.get_person()
        return self.render_form(PersonForm(instance=person, event=self.get_event()), person)

    def post(self, request, code: str, pk: int):
        person = self.get_person()
        form = PersonForm(request.POST, instance=person, event=self.get_event())
        if not form.is_valid():
            return self.render_form(form, person)
        return self.save(form, person)


class PersonDeleteView(SpjMixin, View):
    def post(self, request, code: str, pk: int):
        person = get_object_or_404(Person, pk=pk, event=self.get_event())
        services.person_delete(person=person, actor=request.user)
        messages.success(request, _("Deleted: %(name)s.") % {"name": person.name})
        return redirect(self.overview_url())


class PackSettingsView(SpjMixin, TemplateView):
    """Organisers. Background, purpose, closing and the signatories."""

    template_name = "spj/packsettings_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault(
            "form", PackSettingsForm(instance=selectors.pack_settings_for(self.get_event()))
        )
        return ctx

    def post(self, request, code: str):
        form = PackSettingsForm(
            request.POST, instance=selectors.pack_settings_for(self.get_event())
        )
        if form.is_valid():
            saved = self.run_service(
                form, services.pack_settings_save, pack=form.save(commit=False),
                actor=request.user, changed=list(form.changed_data),
            )  # fmt: skip
            if saved is not None:
                messages.success(request, _("SPJ settings saved."))
                return redirect(self.overview_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _kind(value: str) -> str:
    if value not in DocumentKind.values:
        raise Http404
    return value


class DocumentDownloadView(SpjMixin, View):
    """Organisers. One document as PDF or DOCX (?per=day: the speakers'
    daftar hadir per day)."""

    def get(self, request, code: str, doc: str, ext: str):
        kind = _kind(doc)
        if ext not in pack.FORMATS:
            raise Http404
        per = request.GET.get("per", "session")
        per = per if per in pack.PER else "session"
        event = self.get_event()
        try:
            content = pack.document(event=event, kind=kind, fmt=ext, per=per)
        except SpjError as error:
            messages.error(request, error.message)
            return redirect(self.overview_url())
        audit_export(actor=request.user, kind=f"spj.{kind}", rows=1, event=event, fmt=ext)
        return _file(
            content, fmt=ext, filename=pack.filename(event=event, kind=kind, fmt=ext, per=per)
        )


class PackDownloadView(SpjMixin, View):
    """Organisers. "Unduh paket SPJ": every document, PDF and DOCX, in a ZIP."""

    def get(self, request, code: str):
        event = self.get_event()
        try:
            content = pack.pack_zip(event=event)
        except SpjError as error:
            messages.error(request, error.message)
            return redirect(self.overview_url())
        audit_export(actor=request.user, kind="spj.pack", rows=1, event=event, fmt="zip")
        return _file(content, fmt="zip", filename=pack.pack_filename(event=event))


class TemplateUploadView(SpjMixin, View):
    """Organisers. Replace the team's Word template of one document."""

    def post(self, request, code: str):
        event = self.get_event()
        form = TemplateUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(self.overview_url() + "#templates")
        upload = form.cleaned_data["file"]
        try:
            services.template_upload(
                team=event.team, kind=form.cleaned_data["kind"], filename=upload.name,
                content=upload.read(), event=event, actor=request.user,
            )  # fmt: skip
        except SpjError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Template uploaded; the team's documents use it now."))
        return redirect(self.overview_url() + "#templates")


class TemplateDefaultView(SpjMixin, View):
    """Organisers. The built-in template of a document (a starting point)."""

    def get(self, request, code: str, doc: str):
        kind = _kind(doc)
        return _file(word.default_template(kind), fmt="docx", filename=f"templat_{kind}.docx")


class TemplateResetView(SpjMixin, View):
    def post(self, request, code: str, doc: str):
        event = self.get_event()
        if services.template_reset(
            team=event.team, kind=_kind(doc), event=event, actor=request.user
        ):
            messages.success(request, _("Back to the built-in template."))
        return redirect(self.overview_url() + "#templates")


class PhotoAddView(SpjMixin, View):
    """Organisers. A documentation photo for the laporan kegiatan."""

    def post(self, request, code: str):
        form = PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(self.overview_url() + "#photos")
        try:
            services.photo_add(
                event=self.get_event(), upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"], actor=request.user,
            )  # fmt: skip
        except SpjError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Photo added."))
        return redirect(self.overview_url() + "#photos")


class PhotoImageView(SpjMixin, View):
    def get(self, request, code: str, pk: int):
        photo = get_object_or_404(Photo, pk=pk, event=self.get_event())
        response = HttpResponse(bytes(photo.content), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        return response


class PhotoDeleteView(SpjMixin, View):
    def post(self, request, code: str, pk: int):
        photo = get_object_or_404(Photo, pk=pk, event=self.get_event())
        services.photo_delete(photo=photo, actor=request.user)
        messages.success(request, _("Photo deleted."))
        return redirect(self.overview_url() + "#photos")


class DataRequestView(SpjMixin, View):
    """Organisers. E-mail a speaker or moderator of the agenda (``?name=``)
    the link to a form for their own data; sending again replaces the link."""

    template_name = "spj/data_request_form.html"

    def _speaker(self, name: str):
        key = selectors.speaker_key(name)
        for speaker in selectors.speakers_of_event(event=self.get_event()):
            if selectors.name_key(speaker.name) == key:
                return speaker
        raise Http404

    def _render(self, form, speaker, status=200):
        context = {
            "event": self.get_event(),
            "view": self,
            "form": form,
            "speaker": speaker,
            "state": selectors.data_requests_of(event=self.get_event()).get(
                speaker.person.pk if speaker.person else None
            ),
            "now": timezone.now(),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, code: str):
        speaker = self._speaker(request.GET.get("name", "")[:200])
        email = speaker.person.email if speaker.person else ""
        return self._render(DataRequestForm(initial={"email": email}), speaker)

    def post(self, request, code: str):
        speaker = self._speaker(request.POST.get("name", "")[:200])
        form = DataRequestForm(request.POST)
        if form.is_valid():
            sent = self.run_service(
                form, services.data_request_send, event=self.get_event(), name=speaker.name,
                email=form.cleaned_data["email"], actor=request.user,
            )  # fmt: skip
            if sent is not None:
                messages.success(
                    request,
                    _("The form was sent to %(name)s (%(email)s).")
                    % {"name": speaker.name, "email": form.cleaned_data["email"]},
                )
                return redirect(self.overview_url())
        return self._render(form, speaker, status=400)


@method_decorator(never_cache, name="dispatch")
class SpeakerDataView(ServiceErrorMixin, View):
    """Whoever holds a speaker's link (no account): that speaker's own form
    for that event, nothing else: the 256-bit token is the key. An unknown
    link answers 404; a used or expired one says so (410)."""

    template_name = "spj/speaker_data.html"

    def get_data_request(self):
        found = selectors.data_request_by_token(self.kwargs["token"])
        if found is None:
            raise Http404
        return found

    def _render(self, data_request, form=None, status=200):
        person = data_request.person
        now = timezone.now()
        speaker = next(
            (
                s
                for s in selectors.speakers_of_event(event=person.event)
                if s.person is not None and s.person.pk == person.pk
            ),
            None,
        )
        closed = not data_request.is_open(now)
        context = {
            "data_request": data_request,
            "person": person,
            "event": person.event,
            "sessions": speaker.sessions if speaker else [],
            "form": form if form is not None else SpeakerDataForm(instance=person),
            "closed": closed,
            "filled": data_request.filled_at is not None,
        }
        if closed and data_request.filled_at is None:
            status = 410
        response = TemplateResponse(self.request, self.template_name, context, status=status)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get(self, request, token: str):
        return self._render(self.get_data_request())

    def post(self, request, token: str):
        data_request = self.get_data_request()
        if not data_request.is_open(timezone.now()):
            return self._render(data_request)
        form = SpeakerDataForm(request.POST, instance=data_request.person)
        if form.is_valid():
            saved = self.run_service(
                form, services.data_request_submit, request=data_request,
                data=form.data_for_service(),
            )  # fmt: skip
            if saved is not None:
                # The page itself says thank you (``filled``): no second message.
                return redirect(request.path)
        return self._render(data_request, form, status=400)


class MinutesNumberView(SpjMixin, View):
    """Organisers. Give the berita acara its number (once; the next of the
    team's sequence in the event's year)."""

    def post(self, request, code: str):
        try:
            numbered = services.minutes_number_assign(event=self.get_event(), actor=request.user)
        except SpjError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The berita acara is number %(number)s.") % {"number": numbered.number}
            )
        return redirect(self.overview_url() + "#documents")
