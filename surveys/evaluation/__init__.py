"""Evaluation of development events at four levels: reaction, learning, behaviour, results."""
