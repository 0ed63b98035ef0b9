"""The labelled corpus, the training command and the evaluation report for the categoriser."""
