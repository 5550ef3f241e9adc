"""The CRM store: typed ORM models, scoping, and services that read and write them."""
