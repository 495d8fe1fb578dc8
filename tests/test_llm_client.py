"""The LLM client over the wire: the real `openai` client against a local scripted server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from bot.answer.llm_client import Deadline, UsageMeter, build_openai_client, parse_reply
from bot.config import Settings
from bot.errors import ConfigError, LLMInvalidOutput, LLMUnavailable
from tests.fakes.llm import make_chat
from tests.fakes.openai_server import FakeOpenAI, Reply

MESSAGES = [{"role": "system", "content": "Reply in JSON."}, {"role": "user", "content": "Say hi."}]


class Greeting(BaseModel):
    greeting: str


GOOD = Reply(json.dumps({"greeting": "hi"}))


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(lambda request: GOOD) as fake:
        yield fake


def ask(server: FakeOpenAI, budget: float = 5.0, **options: float) -> tuple[Greeting, UsageMeter]:
    chat = make_chat(server, **options)  # type: ignore[arg-type]
    meter = UsageMeter()
    try:
        return chat.structured(MESSAGES, Greeting, "greeting", Deadline.after(budget), meter), meter
    finally:
        chat.close()


def test_a_good_reply_uses_json_schema_output_and_records_usage(server: FakeOpenAI) -> None:
    reply, meter = ask(server)
    assert reply.greeting == "hi"
    fmt = server.requests[0]["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    assert (meter.calls, meter.prompt_tokens, meter.completion_tokens) == (1, 100, 20)


def test_429_then_success_retries_after_the_servers_delay(server: FakeOpenAI) -> None:
    server.script(Reply(status=429, headers={"Retry-After": "0.05"}))
    reply, meter = ask(server)
    assert reply.greeting == "hi"
    assert meter.calls == 2


def test_500s_are_retried_then_given_up(server: FakeOpenAI) -> None:
    server.script(*[Reply(status=500)] * 3)
    with pytest.raises(LLMUnavailable, match="HTTP 500, 3 attempts"):
        ask(server, retries=2)
    assert len(server.requests) == 3


def test_a_502_then_success(server: FakeOpenAI) -> None:
    server.script(Reply(status=502), Reply(status=503))
    assert ask(server)[0].greeting == "hi"
    assert len(server.requests) == 3


def test_an_auth_error_is_not_retried(server: FakeOpenAI) -> None:
    server.script(Reply(status=401))
    with pytest.raises(LLMUnavailable, match="401"):
        ask(server)
    assert len(server.requests) == 1


def test_a_timeout_is_retried_within_the_deadline(server: FakeOpenAI) -> None:
    server.script(Reply("{}", delay=30))
    reply, meter = ask(server, timeout_s=0.3)
    assert reply.greeting == "hi"
    assert meter.calls == 2


def test_a_server_that_never_answers_fails_within_the_budget(server: FakeOpenAI) -> None:
    server.responder = lambda request: Reply("{}", delay=30)
    start = time.monotonic()
    with pytest.raises(LLMUnavailable):
        ask(server, budget=0.8, timeout_s=0.3, retries=5)
    assert time.monotonic() - start < 1.3


def test_invalid_json_is_retried_once_with_the_error(server: FakeOpenAI) -> None:
    server.script(Reply("Sure! Here you go: {greeting: hi"))
    assert ask(server)[0].greeting == "hi"
    assert "not valid" in server.requests[1]["messages"][-1]["content"]


def test_invalid_output_twice_gives_up(server: FakeOpenAI) -> None:
    server.script(Reply("not json"), Reply(json.dumps({"wrong": "shape"})))
    with pytest.raises(LLMInvalidOutput, match="greeting"):
        ask(server)


def test_a_server_without_json_schema_gets_json_mode_from_then_on() -> None:
    with FakeOpenAI(lambda request: GOOD, json_schema=False) as server:
        chat = make_chat(server)
        try:
            for _ in range(2):
                reply = chat.structured(MESSAGES, Greeting, "greeting", Deadline.after(5), UsageMeter())
                assert reply.greeting == "hi"
        finally:
            chat.close()
        kinds = [r["response_format"]["type"] for r in server.requests]
        assert kinds == ["json_schema", "json_object", "json_object"]
        assert chat.json_schema_supported is False


@pytest.mark.parametrize(
    "content",
    ['{"greeting": "hi"}', '```json\n{"greeting": "hi"}\n```', 'Here it is: {"greeting": "hi"} Done.'],
)
def test_parse_reply_accepts_fenced_or_wrapped_json(content: str) -> None:
    assert parse_reply(content, Greeting).greeting == "hi"


@pytest.mark.parametrize("content", ["", "[1, 2]", '{"greeting": 3}', "{broken"])
def test_parse_reply_rejects_anything_else(content: str) -> None:
    with pytest.raises(ValueError):
        parse_reply(content, Greeting)


def test_settings_choose_openai_azure_or_nothing() -> None:
    assert build_openai_client(Settings(openai_api_key="", openai_base_url="")) is None
    client, model = build_openai_client(Settings(openai_api_key="sk-x", llm_model="m1"))  # type: ignore[misc]
    assert model == "m1"
    client.close()
    azure = Settings(
        azure_openai_endpoint="https://example.invalid",
        azure_openai_api_key="k",
        azure_openai_deployment="dep",
    )
    client, model = build_openai_client(azure)  # type: ignore[misc]
    assert model == "dep" and "AzureOpenAI" in type(client).__name__
    client.close()
    with pytest.raises(ConfigError, match="AZURE_OPENAI_DEPLOYMENT"):
        build_openai_client(Settings(azure_openai_endpoint="https://example.invalid", azure_openai_api_key="k"))
