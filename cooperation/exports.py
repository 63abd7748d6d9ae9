"""What the register of agreements and the list of training needs hold as spreadsheets (see
portal.core.exports)."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.models import Agreement, TrainingNeed
from portal.core.exports import Export, ExportColumn, Field, join


def parties(agreement) -> str:
    """Each party with its role, in the order of the roles: "Party A: …; Party B: …"."""
    return join(
        gettext("%(role)s: %(unit)s") % {"role": party.get_role_display(), "unit": party.unit.name}
        for party in agreement.parties.all()
    )


AGREEMENTS = Export(
    Agreement,
    "agreements",
    [
        Field("number", width=18),
        Field("title", width=40),
        Field("kind", width=24),
        ExportColumn(_("Parties"), parties, width=60),
        Field("status", width=18),
        "signed_on",
        "starts_on",
        "ends_on",
        Field("apprentice_name", width=12),
        Field("amends", width=40),
        Field("renews", width=40),
        "created_by",
        "summary",
    ],
    select_related=("amends", "renews", "created_by"),
)

TRAINING_NEEDS = Export(
    TrainingNeed,
    "training-needs",
    [
        Field("title", width=40),
        Field("unit", width=36),
        Field("kind", width=20),
        Field("industry", width=30),
        Field("major_categories", width=30),
        "headcount",
        "starts_on",
        "ends_on",
        Field("place", width=30),
        "deadline",
        "status",
        ExportColumn(_("Proposals"), "proposal_count"),
        Field("agreement", width=40),
        "posted_by",
        ExportColumn(_("Posted on"), lambda need: timezone.localdate(need.created), width=12),
        "description",
    ],
    select_related=("agreement", "posted_by"),
)
