"""One structured chat call to an OpenAI-compatible server, with retries inside a time budget.

The `openai` client is a parameter (built at the edge by `build_openai_client`); its own retries are
switched off so that this module alone decides when to retry (429, 408/409, 5xx, timeouts, dropped
connections), how long to back off (exponential with jitter, or the server's Retry-After), and when
to give up: never after the caller's deadline. JSON-schema structured output is tried first; a
server that rejects it (400/422) is asked in JSON mode from then on. A reply that is not valid JSON
of the expected shape is retried once, with the error, and then given up on.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.answer.llm_schema import strict_schema
from bot.config import Settings
from bot.errors import ConfigError, LLMInvalidOutput, LLMUnavailable

T = TypeVar("T", bound=BaseModel)

MIN_REQUEST_S = 0.05  # less time than this left in the budget: do not start another request
_RETRY_STATUS = frozenset({408, 409, 429})
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)


@dataclass
class Deadline:
    """The end of the time the LLM may take for one answer, on a monotonic clock."""

    end: float
    clock: Callable[[], float] = time.monotonic

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float] = time.monotonic) -> Deadline:
        return cls(clock() + seconds, clock)

    def remaining(self) -> float:
        return self.end - self.clock()


@dataclass
class UsageMeter:
    """Tokens the server reports, requests made and seconds spent waiting on it, for one answer."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    seconds: float = 0.0
    prompt_tokens_counted: int = 0  # our own count of what we sent (tiktoken, or the estimate)
    notes: list[str] = field(default_factory=list)

    def add(self, usage: Any) -> None:
        if usage is not None:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)


class ChatLLM:
    """Structured output from one model behind an `openai.OpenAI` (or `AzureOpenAI`) client."""

    def __init__(
        self,
        client: Any,
        model: str,
        *,
        timeout_s: float = 20.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client.with_options(max_retries=0)
        self.model = model
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._sleep = sleep
        self._clock = clock
        self.json_schema_supported: bool | None = None  # learnt from the server on first use

    def close(self) -> None:
        self._client.close()

    def structured(
        self, messages: list[dict[str, str]], model: type[T], name: str, deadline: Deadline, meter: UsageMeter
    ) -> T:
        """The reply parsed as `model`; one retry when it does not parse, then LLMInvalidOutput."""
        schema = strict_schema(model)
        content = self._complete(messages, name, schema, deadline, meter)
        try:
            return parse_reply(content, model)
        except ValueError as exc:
            problem = _brief(exc)
        retry = [
            *messages,
            {"role": "assistant", "content": content[:2000]},
            {
                "role": "user",
                "content": f"That reply was not valid: {problem}. Reply again with only the JSON object "
                "described in the instructions, and nothing else.",
            },
        ]
        content = self._complete(retry, name, schema, deadline, meter)
        try:
            return parse_reply(content, model)
        except ValueError as exc:
            raise LLMInvalidOutput(f"the LLM's reply was not valid {name} JSON, twice ({_brief(exc)})") from None

    def _complete(
        self, messages: list[dict[str, str]], name: str, schema: dict[str, Any], deadline: Deadline, meter: UsageMeter
    ) -> str:
        import openai

        attempt = 0
        last = "no request made"
        while True:
            remaining = deadline.remaining()
            if remaining <= MIN_REQUEST_S:
                raise LLMUnavailable(f"the LLM's time budget ran out ({last})")
            use_schema = self.json_schema_supported is not False
            response_format: dict[str, Any] = (
                {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}}
                if use_schema
                else {"type": "json_object"}
            )
            started = self._clock()
            meter.calls += 1
            try:
                response = self._client.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    response_format=response_format,
                    timeout=min(self.timeout_s, remaining),
                )
            except openai.OpenAIError as exc:
                meter.seconds += self._clock() - started
                status = getattr(exc, "status_code", None)
                if use_schema and status in (400, 422):
                    self.json_schema_supported = False  # no structured output here: JSON mode from now on
                    meter.notes.append("the server rejected JSON-schema output; JSON mode was used")
                    continue
                last = _describe(exc)
                if not _retryable(exc):
                    raise LLMUnavailable(last) from None
                if attempt >= self.max_retries:
                    raise LLMUnavailable(f"{last}, {attempt + 1} attempts") from None
                wait = self._backoff(attempt, exc)
                if wait > deadline.remaining() - MIN_REQUEST_S:
                    raise LLMUnavailable(f"{last}; no time left to retry") from None
                self._sleep(wait)
                attempt += 1
                continue
            meter.seconds += self._clock() - started
            meter.add(getattr(response, "usage", None))
            if use_schema:
                self.json_schema_supported = True
            choices = getattr(response, "choices", None) or []
            if not choices:
                return ""
            message = choices[0].message
            if getattr(message, "refusal", None):
                raise LLMUnavailable("the LLM refused to answer")
            return message.content or ""

    def _backoff(self, attempt: int, exc: Exception) -> float:
        wait = min(self.max_backoff_s, self.backoff_s * 2**attempt) * (0.5 + random.random() / 2)
        retry_after = _retry_after(exc)
        return max(wait, retry_after) if retry_after is not None else wait


def parse_reply(content: str, model: type[T]) -> T:
    """JSON (possibly fenced, possibly with prose around it) validated as `model`; ValueError otherwise."""
    text = _FENCE.sub("", content.strip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            raise ValueError("no JSON object in the reply") from None
        try:
            data = json.loads(text[start : end + 1])
        except json.JSONDecodeError as exc:
            raise ValueError(f"invalid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ValueError("the reply is JSON but not an object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"{'.'.join(map(str, first['loc'])) or 'reply'}: {first['msg']}") from None


def _retryable(exc: Exception) -> bool:
    import openai

    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(status, int) and (status in _RETRY_STATUS or status >= 500)


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        if ms := headers.get("retry-after-ms"):
            return float(ms) / 1000
        if seconds := headers.get("retry-after"):
            return float(seconds)
    except (TypeError, ValueError):
        return None
    return None


def _describe(exc: Exception) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return "the LLM timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "the LLM could not be reached"
    status = getattr(exc, "status_code", None)
    if status == 429:
        return "the LLM is rate-limited (HTTP 429)"
    if isinstance(status, int):
        return f"the LLM answered HTTP {status}"
    return f"the LLM call failed ({type(exc).__name__})"


def _brief(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]


def build_openai_client(settings: Settings) -> tuple[Any, str] | None:
    """The configured client and model (for Azure: the deployment), or None when no LLM is set up.

    Azure OpenAI wins when AZURE_OPENAI_ENDPOINT is set; otherwise OPENAI_API_KEY (with
    OPENAI_BASE_URL for any OpenAI-compatible server). Empty variables count as unset.
    """
    if not settings.azure_openai_endpoint and not settings.openai_api_key:
        return None  # before importing openai: an extractive run should not pay for it
    import openai

    client: openai.OpenAI
    if settings.azure_openai_endpoint:
        missing = [
            name
            for name, value in (
                ("AZURE_OPENAI_API_KEY", settings.azure_openai_api_key),
                ("AZURE_OPENAI_DEPLOYMENT", settings.azure_openai_deployment),
            )
            if not value
        ]
        if missing:
            raise ConfigError(f"AZURE_OPENAI_ENDPOINT is set: also set {' and '.join(missing)}")
        client = openai.AzureOpenAI(
            azure_endpoint=settings.azure_openai_endpoint,
            api_key=settings.azure_openai_api_key,
            api_version=settings.azure_openai_api_version,
            azure_deployment=settings.azure_openai_deployment,
            timeout=settings.llm_timeout_s,
            max_retries=0,
        )
        return client, str(settings.azure_openai_deployment)
    client = openai.OpenAI(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url or None,
        timeout=settings.llm_timeout_s,
        max_retries=0,
    )
    return client, settings.llm_model
