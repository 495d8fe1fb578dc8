"""The exception hierarchy. Every error a user can cause is a PolicyBotError with a one-line message.

PolicyBotError
├── ConfigError              a setting is missing or invalid
│   └── PromptError          a prompt file is malformed, or a variable is missing or undeclared
├── QuestionError            the question cannot be answered as given (empty, bad date)
├── DealError                a deal file cannot be read, or a field of it is invalid (names file and field)
├── AuditError               the audit store cannot record or read (after retries on a locked database)
├── AnnounceError            Slack refused or could not be reached to announce a new policy version
└── KnowledgeBaseError       the knowledge base folder cannot be used
    ├── DocumentError        a policy document cannot be read or parsed
    ├── RulesError           rules.yaml is malformed or refers to unknown clauses or facts
    └── ClauseNotFound       no clause has the requested id
LLMError                     the LLM failed (never shown raw: the answer falls back to extractive)
├── LLMUnavailable           timeouts, 429s, 5xx or refusals outlasted the retries or the time budget
└── LLMInvalidOutput         the reply was not valid JSON of the expected shape, even after one retry
"""

from __future__ import annotations


class PolicyBotError(Exception):
    """Base of every expected failure; str(error) is the message shown to the user."""


class ConfigError(PolicyBotError):
    pass


class PromptError(ConfigError):
    pass


class QuestionError(PolicyBotError):
    pass


class DealError(PolicyBotError):
    pass


class AnnounceError(PolicyBotError):
    pass


class KnowledgeBaseError(PolicyBotError):
    pass


class DocumentError(KnowledgeBaseError):
    pass


class RulesError(KnowledgeBaseError):
    pass


class ClauseNotFound(KnowledgeBaseError):
    pass


class AuditError(PolicyBotError):
    pass


class LLMError(Exception):
    """Not a PolicyBotError: an LLM failure is caught by the service and turned into a warning."""


class LLMUnavailable(LLMError):
    pass


class LLMInvalidOutput(LLMError):
    pass


class Terminated(KeyboardInterrupt):
    """SIGTERM (kill, timeout, docker stop), raised where Ctrl-C would be, so the same clean-up runs."""
