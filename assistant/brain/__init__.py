"""The built-in request engine: a LangChain chat model that needs no LLM.

It maps a request to tool calls (intent by sentence-embedding similarity plus patterns;
arguments by resolving mentions against the records the caller may see, synonyms, a date
parser and amount rules) and turns tool results into plain answers with templates. It is
honest about its limits: below its confidence threshold it asks instead of guessing, and it
never proposes a write it is unsure of.
"""
