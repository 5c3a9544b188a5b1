"""The article record: the item and its loader, the JSON Schema, ids and canonical URLs, reprint signatures."""
