"""Linear algebra, the only copies in the package: :mod:`.exact` (Fraction), :mod:`.batched` (float) and
:mod:`.tableau` (an integer-pivoting simplex tableau with free variables and the lexicographic rule).

Beside the model layer: the model and every layer above may import it; it imports nothing from
*bargain* except :mod:`bargain.errors` and :mod:`bargain.model.numbers`.
"""
