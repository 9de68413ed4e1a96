"""``python -m bargain`` runs the command line (the same as the ``bargain`` command)."""

from bargain.cli import main

if __name__ == "__main__":
    main()
