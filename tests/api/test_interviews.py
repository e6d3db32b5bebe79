"""/v1/interviews: the shape integrators rely on, driven through a real store."""

from __future__ import annotations

from fastapi.testclient import TestClient

from legweak.api import create_app
from legweak.service import Checker
from legweak.storage import InterviewStore, Stored
from tests.api.conftest import answer_dont_know, assert_problem, start

STROKE = "My right leg and arm went weak suddenly twenty minutes ago and my speech is slurred."


def test_starting_gives_the_first_question_in_the_documented_shape(client: TestClient) -> None:
    state = start(client, text="My legs feel weak and tired.")
    assert set(state) == {"id", "status", "question", "triage", "progress", "not_understood", "disclaimer"}
    assert len(state["id"]) == 22  # 128 random bits
    assert state["status"] == "in_progress" and state["triage"] is None
    assert state["progress"]["asked"] == 0 and state["progress"]["estimated_remaining"] >= 1
    question = state["question"]
    assert {"id", "text", "type", "options", "items", "why"} <= set(question)
    assert question["type"] in {"yes_no", "choice", "group"} and question["why"]
    assert [o["id"] for o in question["options"]][-1] == "dont_know"
    if question["type"] == "group":
        assert all(set(item) == {"id", "text"} for item in question["items"])


def test_text_is_optional(client: TestClient) -> None:
    assert start(client)["question"] is not None


def test_an_emergency_in_the_text_is_known_at_once(client: TestClient) -> None:
    state = start(client, age=70, sex="male", text=STROKE)
    assert state["status"] == "done" and state["question"] is None
    assert state["triage"]["level"] == "emergency_ambulance" and state["triage"]["advice"]
    result = client.get(f"/v1/interviews/{state['id']}/result").json()
    assert result["triage"]["level"] == "emergency_ambulance"


def test_a_whole_interview_to_its_result(client: TestClient) -> None:
    state = start(client, text="My legs have felt weak for a few weeks.")
    steps = 0
    while state["status"] == "in_progress":
        state = answer_dont_know(client, state)
        steps += 1
        assert steps < 50
    assert state["question"] is None and state["triage"]["level"]
    assert state["progress"] == {"asked": steps, "estimated_remaining": 0}
    result = client.get(f"/v1/interviews/{state['id']}/result")
    assert result.status_code == 200
    body = result.json()
    for key in ("red_flags", "watch_for", "advice_first", "not_understood", "answers", "disclaimer"):
        assert key in body
    assert body["kb_version"] and body["kb_hash"] and body["engine_version"]
    top = body["conditions"][0]
    assert {"id", "name", "icd10", "probability", "reasons"} <= set(top) and 0 <= top["probability"] <= 1
    for condition in body["conditions"]:
        assert condition["icd10"] or condition["id"] == "other"  # only the catch-all has no code


def test_reading_twice_gives_the_same_json(client: TestClient) -> None:
    state = start(client, text="My legs feel weak.")
    first = client.get(f"/v1/interviews/{state['id']}")
    second = client.get(f"/v1/interviews/{state['id']}")
    assert first.status_code == 200 and first.content == second.content
    assert first.json() == state


def test_a_repeated_answer_is_a_conflict_not_a_skipped_screen(client: TestClient) -> None:
    state = start(client)
    after = answer_dont_know(client, state)
    question = state["question"]
    body = {
        "question_id": question["id"],
        **({"answers": {}} if question["type"] == "group" else {"answer": "dont_know"}),
    }
    again = client.post(f"/v1/interviews/{state['id']}/answers", json=body)
    problem = assert_problem(again, 409, "stale-answer")
    assert problem["pending"] == after["question"]["id"]
    assert client.get(f"/v1/interviews/{state['id']}").json() == after  # nothing changed


def test_back_asks_the_last_question_again(client: TestClient) -> None:
    state = start(client)
    assert_problem(client.post(f"/v1/interviews/{state['id']}/back"), 409, "interview-state")
    answer_dont_know(client, state)
    back = client.post(f"/v1/interviews/{state['id']}/back")
    assert back.status_code == 200 and back.json() == state


def test_the_result_waits_for_the_end(client: TestClient) -> None:
    state = start(client)
    assert_problem(client.get(f"/v1/interviews/{state['id']}/result"), 409, "interview-in-progress")


def test_delete_removes_the_interview(client: TestClient) -> None:
    state = start(client)
    assert client.delete(f"/v1/interviews/{state['id']}").status_code == 204
    assert_problem(client.get(f"/v1/interviews/{state['id']}"), 404, "interview-not-found")
    assert_problem(client.delete(f"/v1/interviews/{state['id']}"), 404, "interview-not-found")


def test_unknown_and_malformed_ids_are_404(client: TestClient) -> None:
    assert_problem(client.get("/v1/interviews/AAAAAAAAAAAAAAAAAAAAAA"), 404, "interview-not-found")
    assert_problem(client.get("/v1/interviews/not-an-id"), 404, "interview-not-found")
    assert_problem(client.post("/v1/interviews/x%20y/back"), 404, "interview-not-found")


class RacingStore(InterviewStore):
    """A store in which another request answers between this request's read and its write."""

    def __init__(self, inner: InterviewStore, checker: Checker) -> None:
        super().__init__(inner.engine)
        self.checker = checker
        self.race = False

    def load(self, interview_id: str) -> Stored:
        stored = super().load(interview_id)
        if self.race:
            self.race = False
            rival = stored.session.model_copy(deep=True)
            question = self.checker.next_question(rival)
            assert question is not None
            self.checker.answer(rival, question.id, {})
            self.save(interview_id, rival, stored.session.revision, self.checker.kb_version, None)
        return stored


def test_of_two_concurrent_answers_one_gets_409(store: InterviewStore, checker: Checker) -> None:
    racing = RacingStore(store, checker)
    with TestClient(create_app(checker, racing, prepare=False)) as client:
        state = start(client)
        racing.race = True
        question = state["question"]
        body = {"question_id": question["id"]}
        body.update({"answers": {}} if question["type"] == "group" else {"answer": "dont_know"})
        lost = client.post(f"/v1/interviews/{state['id']}/answers", json=body)
        assert_problem(lost, 409, "concurrent-update")
        now = client.get(f"/v1/interviews/{state['id']}").json()
        assert now["progress"]["asked"] == 1  # the rival's answer, once; the lost one is not recorded
