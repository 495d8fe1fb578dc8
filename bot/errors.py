"""The exception hierarchy. Every error a user can cause is a PolicyBotError with a one-line message.

PolicyBotError
├── ConfigError              a setting is missing or invalid
├── QuestionError            the question cannot be answered as given (empty, bad date)
└── KnowledgeBaseError       the knowledge base folder cannot be used
    ├── DocumentError        a policy document cannot be read or parsed
    ├── RulesError           rules.yaml is malformed or refers to unknown clauses or facts
    └── ClauseNotFound       no clause has the requested id
"""

from __future__ import annotations


class PolicyBotError(Exception):
    """Base of every expected failure; str(error) is the message shown to the user."""


class ConfigError(PolicyBotError):
    pass


class QuestionError(PolicyBotError):
    pass


class KnowledgeBaseError(PolicyBotError):
    pass


class DocumentError(KnowledgeBaseError):
    pass


class RulesError(KnowledgeBaseError):
    pass


class ClauseNotFound(KnowledgeBaseError):
    pass
