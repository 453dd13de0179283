"""The Calendar v3 discovery document as the emulator's rule book.

google-api-python-client builds its request methods from the discovery document it bundles
(``googleapiclient/discovery_cache/documents/calendar.v3.json``). The emulator reads the same
document, so a request the real client can make is one the emulator recognises, and anything
the document forbids is refused here with Google's 400/404: an unknown path, an unknown or
repeated query parameter, an ill-typed value, a value outside ``enum``/``minimum``/``maximum``,
a missing ``required`` parameter, and request bodies whose fields are not in the schema
(checked all the way down, including the per-method ``annotations.required`` fields such as
``start``/``end`` for ``events.insert``). Nothing about the API is hand-copied, so it cannot
drift from the client.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from googleapiclient import discovery_cache
from tests.google_emulator import errors

_INT32 = (-(2**31), 2**31 - 1)
_INTEGER = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Parameter:
    """One query or path parameter as the discovery document describes it."""

    name: str
    type: str
    location: str
    required: bool
    repeated: bool
    enum: tuple[str, ...] | None
    minimum: int | None
    maximum: int | None
    format: str | None

    @classmethod
    def read(cls, name: str, spec: Mapping[str, Any]) -> Parameter:
        return cls(
            name=name,
            type=spec.get("type", "string"),
            location=spec.get("location", "query"),
            required=bool(spec.get("required", False)),
            repeated=bool(spec.get("repeated", False)),
            enum=tuple(spec["enum"]) if "enum" in spec else None,
            minimum=int(spec["minimum"]) if "minimum" in spec else None,
            maximum=int(spec["maximum"]) if "maximum" in spec else None,
            format=spec.get("format"),
        )


@dataclass(frozen=True)
class Method:
    """One API method: its id (``calendar.events.list``), HTTP verb, path and parameters."""

    id: str
    http_method: str
    path: str
    parameters: Mapping[str, Parameter]
    request: str | None
    response: str | None
    scopes: frozenset[str]

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.path.split("/"))

    def match(self, segments: tuple[str, ...]) -> dict[str, str] | None:
        """The path parameters when ``segments`` (already unquoted) fit this method's path."""
        if len(segments) != len(self.segments):
            return None
        found: dict[str, str] = {}
        for pattern, given in zip(self.segments, segments, strict=True):
            if pattern.startswith("{") and pattern.endswith("}"):
                if not given:
                    return None
                found[pattern.strip("{}+")] = given
            elif pattern != given:
                return None
        return found

    @property
    def literal_segments(self) -> int:
        return sum(not s.startswith("{") for s in self.segments)


class Query:
    """Validated query parameters, converted to Python values (str, int, bool, list, datetime)."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self._values = dict(values)

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def names(self) -> frozenset[str]:
        return frozenset(self._values)

    def text(self, name: str) -> str | None:
        value = self._values.get(name)
        return value if isinstance(value, str) else None

    def texts(self, name: str) -> list[str]:
        value = self._values.get(name, [])
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._values.get(name, default)
        return value if isinstance(value, bool) else default

    def number(self, name: str) -> int | None:
        value = self._values.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def moment(self, name: str) -> datetime | None:
        value = self._values.get(name)
        return value if isinstance(value, datetime) else None


def parse_rfc3339(text: str, offset_required: bool = True) -> datetime | None:
    """A timestamp as Google writes them (``2024-05-01T10:00:00Z``, ``...+02:00``), else None."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)?", text):
        return None
    try:
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        return None
    if offset_required and moment.tzinfo is None:
        return None
    return moment


class Discovery:
    """The methods, parameters and schemas of Calendar v3, from the bundled document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.service_path: str = document["servicePath"]
        self.schemas: Mapping[str, Any] = document["schemas"]
        self.global_parameters = {
            name: Parameter.read(name, spec) for name, spec in document["parameters"].items()
        }
        found: dict[str, Method] = {}
        _collect(document["resources"], found)
        self.methods: Mapping[str, Method] = found

    def route(self, http_method: str, segments: tuple[str, ...]) -> tuple[Method, dict[str, str]]:
        """The method a request means, and its path parameters; 404 when none fits."""
        fits = [
            (method, params)
            for method in self.methods.values()
            if method.http_method == http_method and (params := method.match(segments)) is not None
        ]
        if not fits:
            raise errors.not_found()
        return max(fits, key=lambda fit: fit[0].literal_segments)

    def query(self, method: Method, raw: Mapping[str, list[str]]) -> Query:
        """Check every query parameter against ``method``; return them typed."""
        values: dict[str, object] = {}
        for name, given in raw.items():
            parameter = method.parameters.get(name) or self.global_parameters.get(name)
            if parameter is None or parameter.location != "query":
                raise errors.bad_parameter(name, _unknown(name), reason="badRequest")
            if len(given) > 1 and not parameter.repeated:
                raise errors.bad_parameter(name, f"Parameter '{name}' may be given only once.")
            converted = [_convert(parameter, text) for text in given]
            values[name] = converted if parameter.repeated else converted[0]
        for parameter in method.parameters.values():
            if parameter.required and parameter.location == "query" and parameter.name not in raw:
                raise errors.required(f"Required parameter: {parameter.name}", parameter.name)
        return Query(values)

    def check_body(self, method: Method, body: object) -> None:
        """Refuse a request body that does not fit ``method``'s request schema."""
        if method.request is None:
            return
        if not isinstance(body, dict):
            raise errors.bad_request("Parse Error: the request body must be a JSON object.")
        for name, spec in self.schemas[method.request]["properties"].items():
            needed = spec.get("annotations", {}).get("required", [])
            if method.id in needed and body.get(name) is None:
                raise errors.required(f"Missing {name}.", name)
        self.check_value(body, {"$ref": method.request}, "resource")

    def check_value(self, value: object, spec: Mapping[str, Any], where: str) -> None:
        """Check ``value`` against one schema node (``$ref``, type, properties, items)."""
        if value is None:  # patch clears a field with null
            return
        if "$ref" in spec:
            spec = self.schemas[spec["$ref"]]
        kind = spec.get("type", "object" if "properties" in spec else "any")
        if not _fits_type(value, kind, spec.get("format")):
            raise errors.bad_request(
                f"Invalid value at '{where}': expected {kind}.", location=where
            )
        if isinstance(value, dict):
            self._check_object(value, spec, where)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_value(item, spec.get("items", {}), f"{where}[{index}]")

    def _check_object(self, value: dict[str, Any], spec: Mapping[str, Any], where: str) -> None:
        properties: Mapping[str, Any] = spec.get("properties", {})
        extra = spec.get("additionalProperties")
        if not properties and extra is None:
            return  # a free-form object ("type": "object" with no shape)
        for name, item in value.items():
            shape = properties.get(name, extra)
            if shape is None:
                message = f"Invalid JSON payload received. Unknown name \"{name}\" at '{where}'."
                raise errors.bad_request(message, reason="invalid", location=f"{where}.{name}")
            self.check_value(item, shape, f"{where}.{name}")


def _collect(resources: Mapping[str, Any], into: dict[str, Method]) -> None:
    for resource in resources.values():
        for spec in resource.get("methods", {}).values():
            into[spec["id"]] = Method(
                id=spec["id"],
                http_method=spec["httpMethod"],
                path=spec.get("flatPath", spec["path"]),
                parameters={
                    name: Parameter.read(name, p) for name, p in spec.get("parameters", {}).items()
                },
                request=spec.get("request", {}).get("$ref"),
                response=spec.get("response", {}).get("$ref"),
                scopes=frozenset(spec.get("scopes", [])),
            )
        _collect(resource.get("resources", {}), into)


def _unknown(name: str) -> str:
    return (
        f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
        f"Field '{name}' could not be found in request message."
    )


def _convert(parameter: Parameter, text: str) -> object:
    converters = {"boolean": _boolean, "integer": _integer}
    value = converters.get(parameter.type, _string)(parameter, text)
    if parameter.enum is not None and value not in parameter.enum:
        raise errors.bad_parameter(
            parameter.name, f"Invalid value '{text}'. Allowed values: {', '.join(parameter.enum)}."
        )
    return value


def _boolean(parameter: Parameter, text: str) -> bool:
    if text not in ("true", "false"):
        raise errors.bad_parameter(parameter.name, f"Invalid boolean value: '{text}'.")
    return text == "true"


def _integer(parameter: Parameter, text: str) -> int:
    if not _INTEGER.fullmatch(text) or not _INT32[0] <= int(text) <= _INT32[1]:
        raise errors.bad_parameter(parameter.name, f"Invalid int32 value: '{text}'.")
    low = parameter.minimum if parameter.minimum is not None else _INT32[0]
    high = parameter.maximum if parameter.maximum is not None else _INT32[1]
    if not low <= int(text) <= high:
        message = f"Invalid value '{text}'. Values must be within the range: [{low}, {high}]"
        raise errors.bad_parameter(parameter.name, message)
    return int(text)


def _string(parameter: Parameter, text: str) -> object:
    if parameter.format != "date-time":
        return text
    moment = parse_rfc3339(text)
    if moment is None:
        raise errors.bad_request("Bad Request", location=parameter.name)
    return moment


def _fits_type(value: object, kind: str, format_: str | None) -> bool:
    if kind == "string":
        return _fits_string(value, format_)
    checks: dict[str, Any] = {
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
    }
    check = checks.get(kind)
    return check is None or bool(check(value))


def _fits_string(value: object, format_: str | None) -> bool:
    if format_ == "int64" and isinstance(value, int) and not isinstance(value, bool):
        return True
    if not isinstance(value, str):
        return False
    if format_ == "int64":
        return _INTEGER.fullmatch(value) is not None
    if format_ == "date":
        return _is_date(value)
    if format_ == "date-time":
        return parse_rfc3339(value, offset_required=False) is not None
    return True


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d\d-\d\d", text) is not None


@cache
def calendar_v3() -> Discovery:
    """The discovery document google-api-python-client ships for Calendar v3."""
    text = discovery_cache.get_static_doc("calendar", "v3")
    if text is None:
        raise RuntimeError("google-api-python-client ships no calendar v3 discovery document")
    return Discovery(json.loads(text))
