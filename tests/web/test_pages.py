"""The web pages without a browser: the journey, forms, safety, privacy and plain words."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine

from legweak.config import RateLimit, Settings
from legweak.errors import InterviewNotFoundError
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.kb.test_readability import too_hard
from tests.web.conftest import (
    CALM_CHOICES,
    CONSULTATION_TEXT,
    EMERGENCY_TEXT,
    SELF_CARE_TEXT,
    csrf_of,
    finish,
    interview_of,
    start,
    web_client,
)
from tests.web.plain import page_texts


def test_the_start_page_says_what_it_is_and_asks_age_sex_and_words(client: TestClient) -> None:
    html = client.get("/").text
    assert '<label for="age">Age</label>' in html
    assert 'value="female"' in html and ">Female</label>" in html
    assert 'value="male"' in html and ">Male</label>" in html
    assert "Describe what is happening in your own words" in html
    assert "16 and over" in html and "not a diagnosis" in html
    assert "999 in the UK, 911 in the US, 112 in Europe" in html
    assert "What we keep" in html


def test_the_emergency_number_is_a_setting(checker: Checker, web_store: InterviewStore) -> None:
    with web_client(checker, web_store, emergency_number="000 in Australia") as client:
        assert "call 000 in Australia now" in client.get("/").text


def test_a_self_care_journey_ends_on_a_self_care_result(client: TestClient) -> None:
    assert start(client, SELF_CARE_TEXT, age="28") == "/question"
    assert finish(client, CALM_CHOICES) == "/result"
    html = client.get("/result").text
    assert "level-self_care" in html and "What might be causing it" in html
    assert "What would change this advice" in html and "Get help sooner if" in html


def test_an_emergency_text_goes_straight_to_the_emergency_advice(client: TestClient) -> None:
    assert start(client, EMERGENCY_TEXT, age="70") == "/emergency"
    html = client.get("/emergency").text
    assert "Call an ambulance now" in html and "The warning signs in your answers" in html


def test_back_asks_the_last_question_again_and_start_over_deletes(
    client: TestClient, web_store: InterviewStore
) -> None:
    start(client, CONSULTATION_TEXT)
    first = client.get("/question").text
    token = csrf_of(first)
    client.post("/question", data={"csrf": token, "question_id": "onset", "answer": "weeks"})
    assert 'value="onset"' not in client.get("/question").text
    client.post("/back", data={"csrf": token})
    assert 'value="onset"' in client.get("/question").text
    before = set(web_store.ids())
    assert client.post("/restart", data={"csrf": token}).headers["location"] == "/"
    assert len(set(web_store.ids()) - before) == 0 and len(before - set(web_store.ids())) == 1


def test_every_form_needs_the_session_token(client: TestClient) -> None:
    client.get("/")
    for path in ("/start", "/question", "/back", "/restart", "/delete", "/clinician/key"):
        response = client.post(path, data={"age": "40", "sex": "male"})
        assert response.status_code == 403, path
        assert "This form has expired" in response.text
    assert client.post("/start", data={"csrf": "forged", "age": "40", "sex": "male"}).status_code == 403


def test_the_start_form_explains_what_to_fix(client: TestClient) -> None:
    token = csrf_of(client.get("/").text)
    response = client.post("/start", data={"csrf": token, "age": "12", "sex": ""})
    assert response.status_code == 422
    assert "for people aged 16 and over" in response.text and "Choose Female or Male." in response.text


def test_security_headers_on_pages_api_and_docs(client: TestClient) -> None:
    for path in ("/", "/healthz", "/v1/kb", "/static/legweak.css", "/nothing-here"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "no-referrer", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "script-src" not in headers["content-security-policy"], path
    docs = client.get("/docs").headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in docs and "frame-ancestors 'none'" in docs


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(
    checker: Checker, web_store: InterviewStore
) -> None:
    with web_client(checker, web_store) as plain:
        cookie = plain.get("/").headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    with web_client(checker, web_store) as client:
        client.base_url = client.base_url.copy_with(scheme="https")
        assert "Secure" in client.get("/").headers["set-cookie"]


def test_a_browser_gets_an_error_page_and_a_client_gets_json(client: TestClient) -> None:
    page = client.get("/nothing-here", headers={"accept": "text/html"})
    assert page.status_code == 404 and "Page not found" in page.text
    assert client.get("/nothing-here").headers["content-type"] == "application/problem+json"
    lost = client.get("/result", headers={"accept": "text/html"})
    assert lost.status_code == 404 and "We cannot find your answers" in lost.text


def test_a_person_downloads_and_deletes_their_own_answers(
    client: TestClient, web_store: InterviewStore
) -> None:
    start(client, SELF_CARE_TEXT, age="28")
    finish(client, CALM_CHOICES)
    summary = client.get("/summary")
    assert "Summary for your doctor" in summary.text and "In their own words" in summary.text
    fhir = client.get("/download/fhir")
    assert fhir.headers["content-type"] == "application/fhir+json"
    assert fhir.json()["resourceType"] == "Bundle" and "attachment" in fhir.headers["content-disposition"]
    before = set(web_store.ids())
    deleted = client.post("/delete", data={"csrf": csrf_of(client.get("/result").text)})
    assert "Your answers are deleted" in deleted.text
    (gone,) = before - set(web_store.ids())
    with pytest.raises(InterviewNotFoundError):
        web_store.load(gone)
    assert client.get("/summary").status_code == 404


def test_the_clinician_view_shows_numbers_codes_weights_rules_and_sites(client: TestClient) -> None:
    start(client, EMERGENCY_TEXT, age="70")
    finish(client)
    html = client.get("/clinician").text
    assert "Where the problem most likely lies" in html and "Brain" in html
    assert "I63" in html or "G45" in html  # an ICD-10-CM code of stroke
    assert " %</td>" in html and "Weight of each answer" in html
    assert "Red-flag rules that fired" in html and "NICE" in html


def test_a_key_guards_the_clinician_view_but_not_the_persons_own_pages(
    checker: Checker, web_store: InterviewStore
) -> None:
    with web_client(checker, web_store, api_keys=frozenset({"k-123"})) as client:
        start(client, SELF_CARE_TEXT, age="28")
        finish(client, CALM_CHOICES)
        assert client.get("/result").status_code == 200
        assert client.get("/summary").status_code == 200
        assert client.get("/download/fhir").status_code == 200
        asked = client.get("/clinician")
        assert asked.status_code == 401 and '<label for="key">Key</label>' in asked.text
        token = csrf_of(asked.text)
        assert client.post("/clinician/key", data={"csrf": token, "key": "wrong"}).status_code == 401
        accepted = client.post("/clinician/key", data={"csrf": token, "key": "k-123"})
        assert accepted.status_code == 303
        assert "Differential" in client.get("/clinician").text
        cookie = client.cookies["legweak_session"]
        payload = URLSafeTimedSerializer("unused").load_payload(cookie.rsplit(".", 2)[0].encode())
        assert payload["api_key"] and "k-123" not in str(payload)  # a hash of the key, not the key


def test_with_the_database_down_the_start_and_emergency_pages_still_work(checker: Checker) -> None:
    down = InterviewStore(create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    with web_client(checker, down) as client:
        html = client.get("/").text
        assert "We cannot save answers right now" in html
        assert "Call an ambulance now" in client.get("/emergency").text
        token = csrf_of(html)
        calm = client.post("/start", data={"csrf": token, "age": "30", "sex": "male", "text": SELF_CARE_TEXT})
        assert calm.status_code == 503 and "We cannot save answers right now" in calm.text
        urgent = client.post(
            "/start", data={"csrf": token, "age": "70", "sex": "male", "text": EMERGENCY_TEXT}
        )
        assert urgent.status_code == 200 and "Call an ambulance now" in urgent.text
        assert "We cannot save answers right now" in urgent.text


def test_every_patient_page_reads_at_grade_8(client: TestClient) -> None:
    texts = page_texts("start", client.get("/").text)
    texts += page_texts("emergency (no answers)", client.get("/emergency").text)
    start(client, CONSULTATION_TEXT)
    texts += page_texts("question", client.get("/question").text)
    finish(client)
    result = client.get("/result").text
    texts += page_texts("result", result)
    texts += page_texts("summary", client.get("/summary").text)
    texts += page_texts("condition", client.get("/conditions/peripheral_neuropathy").text)
    texts += page_texts("error", client.get("/conditions/nothing", headers={"accept": "text/html"}).text)
    start(client, EMERGENCY_TEXT, age="70")
    texts += page_texts("emergency", client.get("/emergency").text)
    texts += page_texts("deleted", client.post("/delete", data={"csrf": csrf_of(result)}).text)
    assert len(texts) > 40
    assert too_hard(texts) == []


def test_an_old_page_sent_again_records_nothing_and_shows_the_current_question(
    client: TestClient, web_store: InterviewStore
) -> None:
    start(client, CONSULTATION_TEXT)
    token = csrf_of(client.get("/question").text)
    client.post("/question", data={"csrf": token, "question_id": "onset", "answer": "weeks"})
    again = client.post("/question", data={"csrf": token, "question_id": "onset", "answer": "sudden"})
    assert again.headers["location"] == "/question"
    stored = web_store.load(interview_of(client)).session
    assert stored.evidence["onset"] == "weeks" and stored.questions_asked == 1


def test_starting_too_many_checks_gets_a_page_that_says_so(
    checker: Checker, web_store: InterviewStore
) -> None:
    with web_client(checker, web_store) as client:
        client.app.state.checker = Checker(checker.kb, Settings(rate_limit=RateLimit(1, 86400)))
        token = csrf_of(client.get("/").text)
        form = {"csrf": token, "age": "40", "sex": "male", "text": ""}
        assert client.post("/start", data=form).status_code == 303
        refused = client.post("/start", data=form)
        assert refused.status_code == 429 and "Too many starts" in refused.text
