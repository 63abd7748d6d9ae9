from django import forms
from django.utils.translation import gettext_lazy as _

from portal.imports.models import ImportJob


class UploadForm(forms.Form):
    """The file; :func:`upload_form` adds what a kind of import needs chosen beside it."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX, or CSV in UTF-8 or GBK/GB18030, with the column names in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )


def upload_form(importer) -> type[forms.Form]:
    """The upload form of a kind of import: the file, then its options form's fields (an order
    class for a roster), which is built with ``user=``."""
    if importer.options_form is None:

        class PlainUploadForm(UploadForm):
            def __init__(self, *args, user, **kwargs):
                super().__init__(*args, **kwargs)

        return PlainUploadForm
    return type("OptionsUploadForm", (UploadForm, importer.options_form), {})


class ColumnMappingForm(forms.Form):
    """For each column of the file, the field it holds, or nothing to leave it out."""

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.imports.services import IMPORTERS

        importer = IMPORTERS[job.kind]
        choices = [("", _("— leave out —"))] + [
            (c.key, f"{c.label} *" if c.required else str(c.label)) for c in importer.columns
        ]
        self.job = job
        for position, header in enumerate(job.header):
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=header or _("(column %(number)d without a name)") % {"number": position + 1},
                choices=choices,
                required=False,
                initial=job.mapping[position] if position < len(job.mapping) else "",
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{position}", "") for position in range(len(self.job.header))]
