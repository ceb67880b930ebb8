"""The prompt gallery: cards, their models, the prompt dialog and the collections menu."""
