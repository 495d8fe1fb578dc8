"""What GET /metrics shows (Prometheus text format): answers by verdict, latency, LLM fallbacks, overrides, drops.

One registry per app (not the process-global one), so tests can build as many apps as they like.
Counters are per process: Prometheus sums them over the replicas.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from bot.answer.models import Answer

LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.answers = Counter("policybot_answers", "Answers posted to Slack, by verdict", ["verdict"], registry=r)
        self.latency = Histogram(
            "policybot_answer_latency_seconds",
            "From taking the question to having its answer (context, retrieval, rules, LLM)",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.llm_fallbacks = Counter(
            "policybot_llm_fallbacks", "Answers whose LLM draft failed or was rejected (extractive instead)", registry=r
        )
        self.overrides = Counter("policybot_overrides", "Guard overrides of what the LLM said", registry=r)
        self.failures = Counter("policybot_answer_failures", "Questions that got an apology instead", registry=r)
        self.dropped = Counter(
            "policybot_events_dropped", "Slack deliveries dropped: retries, duplicate ids", ["reason"], registry=r
        )
        self.audit_failures = Counter(
            "policybot_audit_record_failures", "Answers given but not recorded in the audit store", registry=r
        )
        for reason in ("retry", "duplicate"):
            self.dropped.labels(reason)  # shown as 0 from the start

    def answered(self, answer: Answer, seconds: float) -> None:
        self.answers.labels(answer.verdict.value).inc()
        self.latency.observe(seconds)
        if answer.llm_fallback:
            self.llm_fallbacks.inc()
        if answer.overrides:
            self.overrides.inc(len(answer.overrides))

    def drop(self, reason: str) -> None:
        self.dropped.labels(reason).inc()

    def render(self) -> tuple[int, str, str]:
        """The GET /metrics route: (status, content type, body)."""
        return 200, CONTENT_TYPE_LATEST, generate_latest(self.registry).decode("utf-8")
