"""LLM answerers and services wired to a fake OpenAI server, with short timeouts so tests stay fast."""

from __future__ import annotations

import openai

from bot.answer.llm_answerer import LLMAnswerer
from bot.answer.llm_client import ChatLLM
from bot.answer.prompts import PromptBook
from bot.answer.service import PolicyService
from tests.conftest import ROOT, TODAY, make_service
from tests.fakes.openai_server import FakeOpenAI


def make_chat(server: FakeOpenAI, *, timeout_s: float = 2.0, retries: int = 2, backoff_s: float = 0.01) -> ChatLLM:
    client = openai.OpenAI(api_key="sk-test", base_url=server.base_url, max_retries=0, timeout=timeout_s)
    return ChatLLM(client, "fake-model", timeout_s=timeout_s, max_retries=retries, backoff_s=backoff_s)


def make_llm(
    server: FakeOpenAI,
    *,
    timeout_s: float = 2.0,
    retries: int = 2,
    budget_s: float = 5.0,
    max_prompt_tokens: int = 6000,
) -> LLMAnswerer:
    return LLMAnswerer(
        make_chat(server, timeout_s=timeout_s, retries=retries),
        PromptBook.load(ROOT / "prompts"),
        max_prompt_tokens=max_prompt_tokens,
        total_budget_s=budget_s,
    )


def llm_service(llm: LLMAnswerer) -> PolicyService:
    """The shipped knowledge base, lexical retrieval and the semantic match (as make_service), answering with `llm`."""
    base = make_service()
    return PolicyService(base.kb, today=lambda: TODAY, llm=llm, semantic=base.semantic)
