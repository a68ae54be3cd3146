"""``python -m referral_desk``: the command line (``referral-desk``)."""

import sys

from referral_desk.cli import main

sys.exit(main())
