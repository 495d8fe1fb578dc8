"""The vetting report as Markdown: what `policybot vet --md` prints and what Slack offers to download."""

from __future__ import annotations

from bot.rules.model import VERDICT_LABEL, Verdict
from bot.vetting.model import Party
from bot.vetting.report import UseCaseReport, VetReport

VERDICT_MEANING = {
    Verdict.PROHIBITED: "at least one use case is prohibited: do not sign the deal as it stands",
    Verdict.PERMITTED: "every use case is permitted, subject to the approvals listed",
    Verdict.NEEDS_CLARIFICATION: "ask the customer the questions below; the answers decide the verdict",
    Verdict.NEEDS_REVIEW: "no rule clearly covers a use case: ask the policy team to review it",
    Verdict.INFORMATIONAL: "the deal asks about the policy itself rather than a use of our AI services",
    Verdict.OUT_OF_SCOPE: "nothing in the deal is about using our AI services",
}


def party_line(party: Party) -> str:
    parts = [party.name or "(unnamed)"]
    where = ", ".join(p for p in (party.region, party.country) if p)
    kind = party.type.value.replace("_", " ") if party.type else "type not given"
    return f"{parts[0]} ({kind}{'; ' + where if where else ''})"


def deal_title(report: VetReport) -> str:
    return report.customer.name or report.deal_id or "deal"


def report_markdown(report: VetReport) -> str:
    lines = [
        f"# Deal vetting: {_inline(deal_title(report))}",
        "",
        f"**Overall verdict: {VERDICT_LABEL[report.verdict]}** — {VERDICT_MEANING[report.verdict]}.",
        "",
        f"- Customer: {_inline(party_line(report.customer))}",
    ]
    if report.end_user is not None:
        lines.append(f"- End user: {_inline(party_line(report.end_user))}")
    if report.services:
        lines.append(f"- Services: {_inline(', '.join(report.services))}")
    lines.append(f"- Policy as of {report.as_of}: {', '.join(report.policy_versions) or 'no policy in force'}")
    if report.deal_id:
        lines.append(f"- Deal: {_inline(report.deal_id)}")
    lines += ["", "| # | Use case | Verdict |", "|---|---|---|"]
    for i, use in enumerate(report.use_cases, start=1):
        lines.append(f"| {i} | {_cell(use.name)} | {VERDICT_LABEL[use.verdict]} |")
    if report.approvals:
        lines += ["", "## Approvals and registrations required", ""]
        lines += [f"- {_inline(a)}" for a in report.approvals]
    if report.questions:
        lines += ["", "## Questions to ask the customer", ""]
        for i, q in enumerate(report.questions, start=1):
            lines.append(f"{i}. {_inline(q.question)} _(use cases: {_inline(', '.join(q.use_cases))})_")
    several = len(report.use_cases) > 1
    for i, use in enumerate(report.use_cases, start=1):
        lines += ["", *_use_case_markdown(i, use, lists=several)]
    if report.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {_inline(w)}" for w in report.warnings]
    return "\n".join(lines).rstrip() + "\n"


def _use_case_markdown(index: int, use: UseCaseReport, *, lists: bool) -> list[str]:
    """One use case; its approvals and questions too when the deal has several (else the lists above say it all)."""
    lines = [f"## {index}. {_inline(use.name)} — {VERDICT_LABEL[use.verdict]}", ""]
    if use.description:
        lines += [_blockquote(use.description), ""]
    lines.append(use.answer)
    if use.approvals and lists:
        heading = "Approvals required" if use.verdict is Verdict.PERMITTED else "Approvals required if it goes ahead"
        lines += ["", f"**{heading}:**", *(f"- {_inline(a)}" for a in use.approvals)]
    if use.questions and lists:
        lines += ["", "**Questions for the customer:**", *(f"- {_inline(q)}" for q in use.questions)]
    if use.citations:
        lines += ["", "**Cited clauses:**", ""]
        for c in use.citations:
            lines += [
                f"- **{c.clause_id}** ({_inline(c.title)}, version {c.version})",
                "",
                _blockquote(c.quote, "  "),
                "",
            ]
        if lines[-1] == "":
            lines.pop()
    if use.notes:
        lines += ["", "**How the deal was read:**", *(f"- {_inline(n)}" for n in use.notes)]
    return lines


def _blockquote(text: str, indent: str = "") -> str:
    return "\n".join(f"{indent}> {line}" if line else f"{indent}>" for line in text.splitlines())


def _inline(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")
