"""Deal vetting: a deal's intake model, the report on it, and its renderings (Markdown, Slack Block Kit).

load_deal(path) / parse_deal(data)   deal file or form values → Deal (DealError names file and field)
vet_deal(service, deal, as_of)       Deal → VetReport, every use case through PolicyService
report_markdown(report)              the report as Markdown (CLI --md, Slack download)
build_vet_modal() / parse_vet_submission(view) / build_report_blocks(report)   Slack, pure
"""

from bot.vetting.intake import load_deal, parse_deal
from bot.vetting.model import Deal, DealUseCase, Details, Party
from bot.vetting.render import report_markdown
from bot.vetting.report import VetReport, vet_deal

__all__ = [
    "Deal",
    "DealUseCase",
    "Details",
    "Party",
    "VetReport",
    "load_deal",
    "parse_deal",
    "report_markdown",
    "vet_deal",
]
