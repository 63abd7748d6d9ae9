"""Two enterprise users accept two different proposals for one need at the same moment: on
PostgreSQL the need's row lock lets exactly one of them win, and the other is told why."""

from functools import partial

import pytest
from django.db import connection

from cooperation import services
from cooperation.choices import NeedStatus, ProposalStatus
from cooperation.models import Proposal
from portal.core.workflow import WorkflowError
from tests.concurrency import race
from tests.cooperation.builders import make_need, make_proposal

ROUNDS = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_acceptances_racing_for_one_need_leave_exactly_one(personas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for round_ in range(ROUNDS):
        need = make_need(personas.enterprise_admin, title=f"并发测试需求 {round_}")
        first = make_proposal(need, personas.school_admin)
        second = make_proposal(need, personas.outsider)

        outcomes = race(
            partial(services.accept_proposal, first, personas.enterprise_admin),
            partial(services.accept_proposal, second, personas.enterprise_staff),
        )

        winners = [o for o in outcomes if isinstance(o, Proposal)]
        losers = [o for o in outcomes if isinstance(o, WorkflowError)]
        assert (len(winners), len(losers)) == (1, 1), outcomes
        need.refresh_from_db()
        assert need.status == NeedStatus.MATCHED
        statuses = sorted(need.proposals.values_list("status", flat=True))
        assert statuses == sorted([ProposalStatus.ACCEPTED, ProposalStatus.DECLINED])
        assert need.proposals.get(status=ProposalStatus.ACCEPTED).pk == winners[0].pk
