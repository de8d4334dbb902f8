"""``python -m <package>._cli``: the same as the console script."""

from . import main

main()
