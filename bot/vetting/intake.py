"""Deal files → Deal: the usual names for each field are accepted; anything wrong is one line naming file and field.

The canonical shape (knowledge/deals/*.yaml holds examples):

    customer: {name: ..., type: police_department, country: US, region: TX}
    end_user: {type: police_department, country: US}       # optional: whom the customer builds for
    services: [face, language]
    as_of: 2024-06-01                                       # optional: vet under the policy in force then
    use_cases:
      - name: ...
        description: free text, read like a question
        details: {capabilities: [...], cameras: body-worn, real_time: true, setting: uncontrolled,
                  consent: false, apprehended_suspect: false, purpose: identity_verification}
        customer: {type: ..., country: ...}                 # optional overrides for this use case
    expected: {verdict: prohibited, use_cases: [prohibited, permitted]}   # example deals only

Unknown fields in a use case are errors (they may be facts we would otherwise miss); unknown
top-level fields are set aside with a warning, since they cannot change a verdict.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.errors import DealError
from bot.rules.extract import extract_facts
from bot.rules.model import Verdict
from bot.vetting import values
from bot.vetting.model import Deal, DealUseCase, Details, Expected, Party

MAX_DEAL_BYTES = 1_000_000

_TOP = {
    "id": ("id", "deal_id", "deal", "title", "deal_name", "opportunity"),
    "customer": ("customer", "client", "account", "organisation", "organization"),
    "customer_name": ("customer_name", "client_name", "account_name", "organisation_name", "organization_name"),
    "customer_type": ("customer_type", "client_type", "type", "sector", "segment", "actor_type", "kind"),
    "country": ("country", "customer_country"),
    "region": ("region", "state", "us_state", "province", "customer_region", "customer_state"),
    "end_user": ("end_user", "end_users", "end_customer", "end_customers", "sells_to", "sold_to", "on_behalf_of"),
    "services": ("services", "services_used", "service", "products"),
    "use_cases": ("use_cases", "usecases", "uses", "use_case", "scenarios", "workloads"),
    "description": ("description", "use", "what"),
    "as_of": ("as_of", "vet_as_of", "date"),
    "notes": ("notes", "note", "comments", "comment"),
    "expected": ("expected", "expect", "expected_outcome"),
    "name": ("name",),
}
_PARTY = {
    "name": ("name", "customer_name", "organisation", "organization"),
    "type": ("type", "customer_type", "kind", "sector", "segment", "actor_type"),
    "country": ("country",),
    "region": ("region", "state", "us_state", "province"),
}
_DETAILS = {
    "capabilities": ("capabilities", "capability", "ai_capabilities", "features", "functions"),
    "camera_type": ("cameras", "camera", "camera_type", "camera_types"),
    "setting": ("setting", "settings", "environment", "where", "place"),
    "real_time": ("real_time", "realtime", "live", "timing"),
    "consent": ("consent", "consented", "with_consent", "consent_given"),
    "apprehended_suspect": ("apprehended_suspect", "apprehended_suspects", "apprehended", "in_custody", "custody"),
    "purpose": ("purpose", "face_use_case", "approved_use", "approved_use_case", "use_case_type"),
}
_USE_CASE = {
    "name": ("name", "title", "id", "label"),
    "description": ("description", "text", "summary", "what", "use"),
    "details": ("details", "facts", "structured"),
    "customer": ("customer",),
    "customer_type": ("customer_type", "actor_type", "type"),
    "country": ("country",),
    "region": ("region", "state", "us_state", "province"),
    "end_user": _TOP["end_user"],
    "services": _TOP["services"],
    "notes": _TOP["notes"],
}


def _canonical(key: str) -> str:
    return str(key).strip().lower().replace("-", "_").replace(" ", "_")


def _aliases(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: name for name, names in table.items() for alias in names}


class _Reader:
    """Walks the raw YAML keeping the path as the user wrote it, so every error can name its field."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: list[str] = []

    def fail(self, path: str, problem: str) -> DealError:
        return DealError(f"{self.source}: {path}: {problem}" if path else f"{self.source}: {problem}")

    def fields(
        self, raw: dict[Any, Any], table: dict[str, tuple[str, ...]], path: str, *, strict: bool
    ) -> dict[str, tuple[str, Any]]:
        """canonical name → (path as written, value); unknown keys fail (strict) or are set aside."""
        aliases = _aliases(table)
        out: dict[str, tuple[str, Any]] = {}
        for key, value in raw.items():
            where = f"{path}.{key}" if path else str(key)
            name = aliases.get(_canonical(key))
            if name is None:
                near = difflib.get_close_matches(_canonical(key), list(aliases), n=1, cutoff=0.75)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                if strict:
                    raise self.fail(where, f"unknown field{hint}; known fields: {', '.join(table)}")
                self.warnings.append(f"{where}: unknown field, ignored{hint}")
                continue
            if name in out:
                raise self.fail(where, f"given twice (also as {out[name][0]!r})")
            out[name] = (where, value)
        return out

    def read(self, where: str, value: Any, reader: Callable[[Any], Any]) -> Any:
        try:
            return reader(value)
        except ValueError as exc:
            raise self.fail(where, str(exc)) from None

    def text(self, where: str, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value).strip() or None
        raise self.fail(where, f"expected text, got {type(value).__name__}")

    def mapping(self, where: str, value: Any) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping of fields, got {type(value).__name__}")
        return value

    def party(self, where: str, value: Any, *, string_is: str) -> Party | None:
        """A mapping, or a bare string: a name (customer) or, when it reads as one, a type (end user)."""
        if value is None:
            return None
        if isinstance(value, str):
            if string_is == "type":
                try:
                    return Party(type=values.read_actor(value))
                except ValueError:
                    pass
            return Party(name=value.strip() or None)
        f = self.fields(self.mapping(where, value), _PARTY, where, strict=True)
        return self.build_party(f, fallback_name=None)

    def build_party(self, f: dict[str, tuple[str, Any]], fallback_name: str | None) -> Party:
        name = self.text(*f["name"]) if "name" in f else fallback_name
        actor = self.read(*f["type"], values.read_actor) if "type" in f else None
        country = self.read(*f["country"], values.read_country) if "country" in f else None
        region = self.text(*f["region"]) if "region" in f else None
        us_state = values.read_us_state(region) if region else None
        if us_state and country is None and region and region.strip().upper() == us_state:
            country = "US"  # "TX" can only be a US state; "Georgia" alone could be a country
        if us_state and country not in (None, "US"):
            us_state = None
        return Party(name=name, type=actor, country=country, region=region, us_state=us_state)


def load_deal(path: Path) -> Deal:
    """Read one deal file; any problem is a DealError naming the file (and the field)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DealError(f"{source}: no such file") from None
    except OSError as exc:
        raise DealError(f"{source}: cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_DEAL_BYTES:
        raise DealError(f"{source}: the file is larger than {MAX_DEAL_BYTES:,} bytes; is it a deal file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DealError(f"{source}: not UTF-8 text; save the deal as a UTF-8 YAML file") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid syntax"
        raise DealError(f"{source}: not valid YAML{where}: {problem}") from None
    return parse_deal(raw, source)


def parse_deal(raw: Any, source: str = "deal") -> Deal:
    """A Deal from already-parsed data (a YAML document, a Slack form's values)."""
    r = _Reader(source)
    if raw is None:
        raise r.fail("", "the deal is empty; give at least a customer and one use case")
    if not isinstance(raw, dict):
        raise r.fail("", f"a deal must be a mapping with customer and use_cases, got {type(raw).__name__}")
    f = r.fields(raw, _TOP, "", strict=False)

    customer = _customer(r, f)
    end_user = r.party(*f["end_user"], string_is="type") if "end_user" in f else None
    services = tuple(r.read(*f["services"], values.read_text_list)) if "services" in f else ()
    use_cases = _use_cases(r, f)
    as_of = r.read(*f["as_of"], _date) if "as_of" in f else None
    expected = _expected(r, *f["expected"], [u.name for u in use_cases]) if "expected" in f else None
    if expected is not None and expected.use_cases and len(expected.use_cases) != len(use_cases):
        raise r.fail(
            f["expected"][0] + ".use_cases",
            f"{len(expected.use_cases)} verdicts for {len(use_cases)} use cases; give one per use case, in order",
        )
    deal_id = r.text(*f["id"]) if "id" in f else None
    if "name" in f and deal_id is None and customer.name is not None:
        deal_id = r.text(*f["name"])
    try:
        return Deal(
            id=deal_id,
            customer=customer,
            end_user=end_user if end_user is not None and not end_user.is_empty() else None,
            services=services,
            use_cases=use_cases,
            as_of=as_of,
            notes=r.text(*f["notes"]) if "notes" in f else None,
            expected=expected,
            source=source,
            warnings=tuple(r.warnings),
        )
    except ValidationError as exc:  # a bug in the readers above, not in the file; still one line
        first = exc.errors()[0]
        raise r.fail(".".join(map(str, first["loc"])), first["msg"]) from None


def _customer(r: _Reader, f: dict[str, tuple[str, Any]]) -> Party:
    """The customer: a mapping, a name, or flat fields (customer_name, customer_type, country, region)."""
    flat = {k: f[k] for k in ("customer_type", "country", "region") if k in f}
    name = r.text(*f["customer_name"]) if "customer_name" in f else None
    if name is None and "name" in f and "customer" not in f:
        name = r.text(*f["name"])
    party = Party(name=name)
    if "customer" in f:
        where, value = f["customer"]
        nested = r.party(where, value, string_is="name")
        party = nested if nested is not None else party
        if name and not party.name:
            party = party.model_copy(update={"name": name})
    if flat:
        given = {"type" if k == "customer_type" else k: v for k, v in flat.items()}
        from_flat = r.build_party(given, fallback_name=None)
        for field_name, (where, _) in given.items():
            if getattr(party, field_name) is not None:
                raise r.fail(where, f"also given under customer; give the customer's {field_name} once")
        update = {k: v for k, v in from_flat.model_dump().items() if v is not None and k != "name"}
        party = party.model_copy(update=update)
    if party.type is None and party.name:
        guessed = extract_facts(party.name)  # "Phoenix Police Department" says what it is
        update = {"type": guessed.actor_type}
        if party.country is None and guessed.country:
            update |= {"country": guessed.country, "us_state": party.us_state or guessed.us_state}
        party = party.model_copy(update={k: v for k, v in update.items() if v is not None})
    return party


def _use_cases(r: _Reader, f: dict[str, tuple[str, Any]]) -> tuple[DealUseCase, ...]:
    if "use_cases" in f:
        where, raw = f["use_cases"]
        items = raw if isinstance(raw, list) else [raw]
        if isinstance(raw, dict) and raw and not set(map(_canonical, raw)) & set(_aliases({**_USE_CASE, **_DETAILS})):
            items = [_named_use_case(name, item) for name, item in raw.items()]  # {name: use case, ...}
        if not items or raw is None:
            raise r.fail(where, "no use cases; give at least one, each with a description")
        return tuple(_use_case(r, f"{where}[{i}]", item, i) for i, item in enumerate(items))
    if "description" in f:
        return (_use_case(r, f["description"][0], f["description"][1], 0),)
    raise r.fail("use_cases", "missing; give at least one use case, each with a description")


def _named_use_case(name: Any, item: Any) -> Any:
    if isinstance(item, str):
        return {"name": str(name), "description": item}
    if isinstance(item, dict) and not any(_canonical(k) in _USE_CASE["name"] for k in item):
        return {"name": str(name), **item}
    return item


def _use_case(r: _Reader, where: str, raw: Any, index: int) -> DealUseCase:
    default_name = f"Use case {index + 1}"
    if isinstance(raw, str):
        if not raw.strip():
            raise r.fail(where, "an empty use case; describe what the customer will do")
        return DealUseCase(name=default_name, description=raw.strip())
    f = r.fields(r.mapping(where, raw), {**_USE_CASE, **_DETAILS}, where, strict=True)
    details_raw: dict[str, tuple[str, Any]] = {k: f[k] for k in _DETAILS if k in f}
    if "details" in f:
        dwhere, dvalue = f["details"]
        if dvalue is not None:
            for name, item in r.fields(r.mapping(dwhere, dvalue), _DETAILS, dwhere, strict=True).items():
                if name in details_raw:
                    raise r.fail(item[0], f"also given as {details_raw[name][0]!r}; give it once")
                details_raw[name] = item
    readers = {
        "capabilities": values.read_capabilities,
        "camera_type": values.read_camera,
        "setting": values.read_setting,
        "real_time": values.read_real_time,
        "consent": values.read_consent,
        "apprehended_suspect": values.read_bool,
        "purpose": values.read_purpose,
    }
    details = Details(**{name: r.read(w, v, readers[name]) for name, (w, v) in details_raw.items()})
    description = (r.text(*f["description"]) or "") if "description" in f else ""
    if not description and not details.given():
        raise r.fail(where, "give a description (or details) of what the customer will do")
    customer = None
    if "customer" in f:
        customer = r.party(*f["customer"], string_is="type")
    overrides = {k: f[k] for k in ("customer_type", "country", "region") if k in f}
    if overrides:
        if customer is not None:
            raise r.fail(next(iter(overrides.values()))[0], "give it under this use case's customer instead")
        renamed = {"type" if k == "customer_type" else k: v for k, v in overrides.items()}
        customer = r.build_party(renamed, fallback_name=None)
    end_user = r.party(*f["end_user"], string_is="type") if "end_user" in f else None
    if "services" in f:
        r.read(*f["services"], values.read_text_list)  # checked; the deal's list is what the report shows
    return DealUseCase(
        name=(r.text(*f["name"]) if "name" in f else None) or default_name,
        description=description,
        details=details,
        customer=customer if customer is not None and not customer.is_empty() else None,
        end_user=end_user if end_user is not None and not end_user.is_empty() else None,
    )


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _expected(r: _Reader, where: str, raw: Any, names: list[str]) -> Expected:
    """The overall verdict, and one per use case: a list in order, items {name, verdict}, or {name: verdict}."""

    def verdict(w: str, v: Any) -> Verdict:
        if isinstance(v, dict) and len(v) == 2 and "verdict" in v:
            v = v["verdict"]
        try:
            return Verdict(str(v).strip().lower().replace(" ", "_").replace("-", "_"))
        except ValueError:
            raise r.fail(w, f"{v!r} is not a verdict; use one of {', '.join(x.value for x in Verdict)}") from None

    if isinstance(raw, str):
        return Expected(verdict=verdict(where, raw))
    f = r.fields(
        r.mapping(where, raw), {"verdict": ("verdict", "overall"), "use_cases": ("use_cases",)}, where, strict=True
    )
    if "verdict" not in f:
        raise r.fail(where, "give the expected overall verdict")
    per_use: tuple[Verdict, ...] = ()
    if "use_cases" in f:
        uwhere, items = f["use_cases"]
        if isinstance(items, dict) and set(map(str, items)) == set(names):
            items = [items[n] for n in names]
        if not isinstance(items, list):
            raise r.fail(uwhere, "expected a list of verdicts, one per use case in order (or {use case name: verdict})")
        per_use = tuple(verdict(f"{uwhere}[{i}]", v) for i, v in enumerate(items))
    return Expected(verdict=verdict(*f["verdict"]), use_cases=per_use)
