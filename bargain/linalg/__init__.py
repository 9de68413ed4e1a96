"""Linear algebra, the only copies in the package: :mod:`.exact` (Fraction) and :mod:`.batched` (float).

Beside the model layer: the model and every layer above may import it; it imports nothing from
*bargain* except :mod:`bargain.errors` and :mod:`bargain.model.numbers`.
"""
