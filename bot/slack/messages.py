"""Every sentence the Slack app says to a person, in one place (docs/architecture.md, "House style")."""

from __future__ import annotations

WORKING = "Checking the code of conduct…"
WORKING_DETAILS = ["Reading the rules…", "Finding the clauses…", "Writing the answer…"]

GREETING = (
    "Hi! Ask me whether a use of our AI services is allowed, and I'll answer from the code of conduct, "
    "quoting the clauses that say so. Follow-up questions in this thread keep the context."
)
SUGGESTED_PROMPTS_TITLE = "Try asking"
SUGGESTED_PROMPTS = [
    ("Police and facial recognition", "Can a police department in Texas use the service for facial recognition?"),
    ("Emotions at work", "Can we infer employees' emotions from webcam video during meetings?"),
    ("Summarising interviews", "Can a police department use the model to summarize witness interviews?"),
    ("Face verification", "Can a retailer in Canada use face verification for loyalty sign-up?"),
]

ANNOUNCEMENT_TITLE = "New policy version"
ANNOUNCEMENT_CUT = "_…and more changes: `policybot diff` lists them all._"
ANNOUNCEMENT_HINT = "Ask me what changed, or whether something is still allowed: I answer from the version in force."

HELP_TITLE = "Policy Assistant"
HELP = (
    "I answer *may we do this?* about our AI services from the code of conduct, quoting the clauses "
    "that decide it. A rule check makes sure a prohibited use is never answered as permitted.\n\n"
    "• `/policy <question>`: ask privately; a *Share in channel* button posts the answer for everyone\n"
    "• `/policy clause <id>`: show a clause in full, e.g. `/policy clause coc-2024/3.1`\n"
    "• `/policy search <words>`: find the clauses that match some words\n"
    "• `/policy help`: this message\n\n"
    "You can also mention me in a channel (I answer in the thread) or write to me directly. "
    "Follow-up questions in a thread keep its context: _and what about in Canada?_"
)

VERDICT_LABELS = {
    "prohibited": "Prohibited",
    "permitted": "Permitted",
    "needs_clarification": "Needs clarification",
    "needs_review": "Needs review",
    "informational": "About the policy",
    "out_of_scope": "Out of scope",
}
VERDICT_EMOJI = {
    "prohibited": ":no_entry:",
    "permitted": ":white_check_mark:",
    "needs_clarification": ":question:",
    "needs_review": ":mag:",
    "informational": ":information_source:",
    "out_of_scope": ":speech_balloon:",
}
VERDICT_MEANINGS = {
    "prohibited": "a rule of the code of conduct forbids it",
    "permitted": "a rule allows it (obligations may apply)",
    "needs_clarification": "it depends on facts the question leaves open: I say which",
    "needs_review": "no rule decides it: ask the responsible AI team",
    "informational": "what the policy says (what changed, a clause, whom to ask): no use is judged",
    "out_of_scope": "not a question about using our AI services",
}

LLM_FALLBACK = "The AI model was unavailable, so this answer comes straight from the rules and the policy text."
LONG_QUESTION = "Your question was very long, so I read only its beginning."
SHORTENED = "_The answer was shortened to fit in Slack._"
MORE_CITATIONS = "{count} more clause(s) apply: {ids}. Use `/policy clause <id>` to read them."
POLICY_AS_OF = "Policy in force on {day}: {versions}"
REFERENCE = "Reference {ref}"
SHARED_BY = "Shared by <@{user}>"
DISCLAIMER = "Answers come from the code of conduct; when in doubt, ask the responsible AI team."

SHARE_BUTTON = "Share in channel"
SHOW_CLAUSE_BUTTON = "Show full clause"
HELPFUL_BUTTON = "👍 Helpful"
NOT_HELPFUL_BUTTON = "👎 Not helpful"

FEEDBACK_TITLE = "Thanks for the feedback"
FEEDBACK_THANKS_UP = "Thanks! Glad it helped."
FEEDBACK_THANKS_DOWN = "Thanks for telling us. It has been recorded."
FEEDBACK_REASON_LABEL = "Anything to add? (optional)"
FEEDBACK_REASON_HINT = "What was wrong or missing? The answer's reference is kept with your note."
FEEDBACK_SUBMIT = "Send"
FEEDBACK_CLOSE = "Close"
CLAUSE_MODAL_CLOSE = "Close"

SEARCH_HEADER = "Clauses matching “{query}”"
SEARCH_NONE = "No clause matches “{query}”. Try other words, or ask a question with `/policy <question>`."
EMPTY_QUESTION = (
    "What would you like to check? Ask me whether a use of our AI services is allowed, e.g. "
    "_Can a police department in Texas use facial recognition?_"
)
SEARCH_EMPTY = "What should I search for? For example: `/policy search facial recognition`"
CLAUSE_EMPTY = "Which clause? For example: `/policy clause coc-2024/3.1`"

HOME_TITLE = "Policy Assistant"
HOME_COVERS = "*What I cover*\nWhether a use of our AI services is allowed under these policies:"
HOME_HOW = (
    "*How to ask*\n"
    "• Write to me in the *Messages* tab or the assistant pane\n"
    "• Mention me in a channel: I answer in the thread\n"
    "• `/policy <question>` answers privately; `/policy clause <id>` and `/policy search <words>` look things up"
)
HOME_VERDICTS = "*What my answers mean*"
HOME_NO_DOCUMENTS = "No policy document is in force today."


def apology(ref: str) -> str:
    return (
        "Sorry, something went wrong while I was answering. Please try again in a moment; if it keeps "
        f"happening, tell the Policy Assistant team and quote reference `{ref}`."
    )


def question_problem(reason: str) -> str:
    return f"I couldn't read that as a question: {reason}."


def no_such_clause(clause_id: str) -> str:
    return f"There is no clause `{clause_id}`. Try `/policy search <words>` to find the one you mean."


def rate_limited(seconds: float) -> str:
    wait = max(1, round(seconds))
    unit = "second" if wait == 1 else "seconds"
    return (
        "You've asked several questions in a short time, so I'm pausing for a moment to keep answers quick "
        f"for everyone. Please ask again in about {wait} {unit}."
    )


CHANNEL_NOT_ALLOWED = (
    "I'm not set up to answer in this channel. Ask me in a direct message, or ask a workspace admin to add "
    "this channel."
)
TEAM_NOT_ALLOWED = "Policy Assistant is not enabled for this workspace."
SHARE_FAILED = "I couldn't post the answer in this channel. Invite me with `/invite @Policy Assistant` and try again."
SHARE_EXPIRED = "That answer is no longer available to share. Please ask again."
