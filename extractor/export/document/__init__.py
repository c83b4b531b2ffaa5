"""Per-document outputs besides the contract JSON (``export/json.py``): the long CSV and its data package."""
