"""Writes of evaluations: questionnaires and questions (``questionnaires``),
answers, submissions and scores (``answers``)."""
