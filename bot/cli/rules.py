"""`policybot rules check` and `policybot check --facts JSON`: the rule book without text extraction."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.options import AsOfOption, KbOption, day_of, load_kb, print_json

rules_app = typer.Typer(no_args_is_help=True, help="Inspect the rule book.")


def register(app: typer.Typer) -> None:
    from bot.cli.rules_growth import register as register_growth

    app.command("check")(check)
    register_growth(rules_app)  # policybot rules coverage|draft
    app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check(kb: KbOption = None) -> None:
    """Validate rules.yaml and vocabulary.yaml against each other and the knowledge base."""
    from bot.cli.render import out
    from bot.rules.checks import vocabulary_problems

    base = load_kb(kb)
    problems = vocabulary_problems(base.vocabulary, base.rules, base.clauses)
    if problems:
        for problem in problems:
            typer.echo(problem, err=True)
        raise typer.Exit(1)
    out.print(
        f"{len(base.rules)} rules over {len(base.clauses)} clauses in {len(base.documents)} documents, "
        f"{sum(len(f.values) for f in base.vocabulary.facts.values())} vocabulary values: OK"
    )


def check(
    facts: Annotated[str, typer.Option("--facts", help='Facts as JSON, e.g. \'{"actor_type": "police_department"}\'')],
    as_of: AsOfOption = None,
    kb: KbOption = None,
) -> None:
    """Evaluate the rule book on facts given as JSON (no text extraction)."""
    from datetime import date

    from pydantic import ValidationError

    from bot.answer.service import PolicyService
    from bot.errors import QuestionError
    from bot.rules.facts import Facts

    try:
        parsed = Facts.model_validate_json(facts)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "facts"
        raise QuestionError(f"--facts: {where}: {first['msg']}") from None
    service = PolicyService(load_kb(kb))
    day = day_of(as_of) or date.today()
    print_json(service.decide(parsed, day).model_dump(mode="json"))
