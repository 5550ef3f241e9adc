"""`python -m assistant` runs the deskhand command."""

from assistant.cli import main

main()
