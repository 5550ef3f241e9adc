"""Tools the agent can call: thin typed functions over the CRM services."""
