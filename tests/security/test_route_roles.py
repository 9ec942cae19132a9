"""Who may open what: every route of the app against every role, read from the route table.

A route added without a line in ``WHO_MAY`` fails the first test, so nobody ships a page
whose audience was never decided. Each role then requests every route: a role not listed is
sent to log in (anonymous) or refused with 403, a listed one is let through.
"""

from __future__ import annotations

import httpx
import pytest

from tests.factories import csrf_token, login, make_user
from tests.security.routes import endpoints

ROLES = ["anonymous", "facilitator", "manager", "hr", "admin"]
EVERYONE = frozenset(ROLES)
FORUM = frozenset({"facilitator", "manager", "admin"})
MANAGERS = frozenset({"manager", "admin"})
# Officers' development: the city's HR agency (BKPSDM) everywhere, managers for their units.
DEVELOPMENT = frozenset({"hr", "manager", "admin"})
HR = frozenset({"hr", "admin"})
ADMIN = frozenset({"admin"})
SIGNED_IN = EVERYONE - {"anonymous"}

_PUBLIC = """api_unit_ikm api_units health home login login_submit logout logout_page methodology
public_unit set_language survey_form survey_submit survey_thanks survey_answered
kiosk_manifest kiosk_worker kiosk_tokens kiosk_saved
forum_join forum_join_code hall_display"""
_FORUM = """forum_entry_undo forum_home forum_input_create forum_input_delete forum_input_edit
forum_input_update forum_inputs forum_inputs_csv forum_paper forum_paper_store forum_session
forum_session_close forum_session_close_confirm forum_session_create forum_session_edit
forum_session_new forum_session_open forum_session_qr forum_session_record
forum_session_summary forum_session_update forum_tally forum_tally_store
forum_upload forum_upload_store"""
# Managers see citizens' answers, flagged responses and the reports of their own units.
_MANAGERS = """forum_session_history forum_session_reopen dashboard dashboard_sparkline dashboard_unit
dashboard_unit_elements dashboard_unit_trend export_processing_csv export_processing_xlsx
export_responses_csv export_responses_xlsx flagged_accept flagged_list flagged_reject
flagged_review_many followups_create followups_delete followups_edit followups_list
followups_new followups_overdue followups_update publications_create publications_delete
publications_list report_pdf report_show report_docx report_approval_save city_recap
city_recap_xlsx comment_display hall_displays hall_display_replace"""
# Officers' scores, the training analysis and their development plans and mentoring.
_DEVELOPMENT = """api_training_analysis officer training_analysis training_analysis_event_study
training_analysis_forest training_analysis_officers_csv training_analysis_results_csv
training_analysis_scatter api_competency_officer api_competency_unit competency_home
competency_officer competency_plan competency_plan_draft competency_activity
competency_activity_create competency_activity_delete competency_activity_done
competency_activity_update competency_mentoring competency_pair competency_pair_create
competency_session_create competency_unit competency_unit_csv competency_unit_xlsx
competency_unit_needs_csv competency_unit_needs_xlsx competency_officer_needs_csv
competency_officer_needs_xlsx"""
# The city-wide competency dictionary, positions, assessments and their imports.
_HR = """competency_assessment_create competency_assessment_new competency_create
competency_dictionary competency_edit competency_new competency_update competency_import_upload
competency_imports competency_mapping competency_mapping_update competency_position
competency_position_create competency_position_new competency_position_update
competency_positions competency_settings competency_settings_update"""
_ADMIN = """admin_audit admin_desk_cards admin_duty_create admin_duty_delete admin_duty_end
admin_home admin_import_sample admin_import_upload admin_imports admin_point
admin_point_create admin_point_new admin_point_poster admin_point_qr_png admin_point_qr_svg
admin_point_revoke admin_point_revoke_confirm admin_point_update admin_points
admin_population_create admin_population_delete admin_population_update
admin_service_type_create admin_service_type_update admin_officers admin_officer_activate
admin_officer_create admin_officer_deactivate admin_officer_detail admin_officer_new admin_officer_update
admin_training admin_training_create admin_training_delete admin_training_new
admin_training_update admin_unit admin_unit_create admin_unit_new admin_unit_update admin_units
admin_user admin_user_activate admin_user_create admin_user_deactivate admin_user_new
admin_user_password admin_user_update admin_users"""

# Development events: the reaction form is public behind its QR code; unit heads read their
# officers' events and evaluate them; only the HR agency (and administrators) manage events.
_EVALUATION_PUBLIC = "reaction_form reaction_submit self_report_form self_report_submit"
_EVALUATION_READERS = """behaviour_due behaviour_follow_up behaviour_form behaviour_submit event
event_report event_report_pdf events events_overview events_overview_csv events_overview_xlsx"""
_EVALUATION_MANAGERS = """event_create event_edit event_finish event_import event_import_upload
event_new event_note_add event_poster event_register event_results event_unregister
event_update"""

WHO_MAY: dict[str, frozenset[str]] = {
    **dict.fromkeys(_PUBLIC.split(), EVERYONE),
    **dict.fromkeys(_EVALUATION_PUBLIC.split(), EVERYONE),
    **dict.fromkeys(_EVALUATION_READERS.split(), DEVELOPMENT),
    **dict.fromkeys(_EVALUATION_MANAGERS.split(), HR),
    **dict.fromkeys(_FORUM.split(), FORUM),
    **dict.fromkeys(_MANAGERS.split(), MANAGERS),
    **dict.fromkeys(_DEVELOPMENT.split(), DEVELOPMENT),
    **dict.fromkeys(_HR.split(), HR),
    **dict.fromkeys(_ADMIN.split(), ADMIN),
    # The problems of one's own refused import or upload (others get 404).
    "import_problems": SIGNED_IN,
}
# Routes whose request would end the session the rest of the run needs.
SKIPPED = {"logout"}


def test_every_route_has_a_rule_saying_who_may_open_it(app):
    names = {endpoint.name for endpoint in endpoints(app)}
    assert sorted(names - set(WHO_MAY)) == [], "add the new routes to WHO_MAY"
    assert sorted(set(WHO_MAY) - names) == [], "remove the rules of routes that are gone"


def _refused(role: str, response: httpx.Response) -> bool:
    location = response.headers.get("location", "")
    sent_to_login = response.status_code in (302, 303) and "/login" in location
    return response.status_code in (401, 403) or sent_to_login


@pytest.fixture
async def hr_officer(db):
    """The city's HR agency (BKPSDM): every unit, without naming any."""
    return await make_user("bkpsdm", "hr")


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_reaches_exactly_the_routes_meant_for_it(
    app, city, role, admin, manager_of_disdukcapil, facilitator, hr_officer
):
    people = {
        "admin": admin,
        "manager": manager_of_disdukcapil,
        "facilitator": facilitator,
        "hr": hr_officer,
    }
    transport = httpx.ASGITransport(app=app, client=("203.0.113.20", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        if role != "anonymous":
            await login(client, people[role])
        token = await csrf_token(client)
        wrong = []
        for endpoint in endpoints(app):
            if endpoint.name in SKIPPED:
                continue
            path = endpoint.fill(city)
            if endpoint.method == "GET":
                response = await client.get(path)
            else:
                response = await client.post(path, data={"_csrf_token": token})
            allowed = role in WHO_MAY[endpoint.name]
            if allowed == _refused(role, response) or response.status_code >= 500:
                wrong.append((endpoint.method, endpoint.path, response.status_code))
    assert wrong == []
