"""deskhand: a conversational sales and support assistant on a CRM."""

__version__ = "0.1.0"
