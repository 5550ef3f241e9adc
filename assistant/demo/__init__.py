"""The demo company, Northwind Cloud: fixed records the docs rely on plus generated ones."""
