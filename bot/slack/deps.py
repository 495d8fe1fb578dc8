"""What the Slack app needs, passed in whole: built by bot.wiring, faked in tests.

What each field stands for, and its fake: docs/architecture.md, "The seams".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from bot.config import Settings
from bot.policy.knowledge import KnowledgeBase
from bot.seams import AuditSink, Retriever, Service
from bot.slack.dedupe import SeenEvents, TTLSeenEvents
from bot.slack.feedback import FeedbackStore
from bot.slack.metrics import Metrics
from bot.slack.ratelimit import RateLimiter
from bot.slack.recent import RecentAnswers
from bot.slack.workers import Workers


@dataclass
class SlackDeps:
    settings: Settings
    kb: KnowledgeBase
    service: Service
    retriever: Retriever
    feedback: FeedbackStore
    context_reader: Service  # a service without an LLM: reads a thread's first message as context, vets deals
    limiter: RateLimiter
    workers: Workers
    today: Callable[[], date] = date.today
    seen: SeenEvents = field(default_factory=TTLSeenEvents)
    recent: RecentAnswers = field(default_factory=RecentAnswers)
    audit: AuditSink | None = None  # the audit store every answer is recorded in
    model: str | None = None  # the LLM's model, recorded with each answer
    metrics: Metrics = field(default_factory=Metrics)  # GET /metrics in HTTP mode
