"""The OpenAPI schema: every operation documents the JSON errors it can answer."""

ERROR = {"$ref": "#/components/schemas/Error"}
ERRORS = {
    "400": "Invalid input: each field (or `detail`) with its messages.",
    "401": "No valid API token or session.",
    "403": "Not allowed for this user or token.",
    "404": "Not found, or not yours.",
    "429": "Too many requests for this token: wait and retry.",
}

UNSUPPORTED = "Send the body as JSON (`Content-Type: application/json`)."


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
        "type": "object",
        "description": "`detail` for most errors; one key per invalid field for a 400, or "
        "`detail` with the list of a service's messages (a conflict, an archived program).",
        "additionalProperties": True,
        "properties": {
            "detail": {
                "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
            }
        },
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            errors = ERRORS | ({"415": UNSUPPORTED} if "requestBody" in operation else {})
            for status, description in errors.items():
                content = {"application/json": {"schema": ERROR}}
                responses.setdefault(status, {"description": description, "content": content})
    return result
