"""marshmallow schemas of the API: request arguments (…ArgsSchema) and response bodies."""
