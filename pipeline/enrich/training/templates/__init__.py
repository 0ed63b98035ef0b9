"""Template families of the labelled corpus, one module per language."""
