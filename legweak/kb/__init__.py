"""The knowledge base: versioned, validated data files and their loader."""
