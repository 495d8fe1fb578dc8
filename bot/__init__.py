"""Policy Assistant: answers "may we do this?" from the AI services code of conduct."""

__version__ = "0.1.0"
