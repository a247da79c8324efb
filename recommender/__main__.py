"""``python -m recommender …`` — see :mod:`recommender.cli`."""

import sys

from recommender.cli import main

sys.exit(main())
