"""ankunft's own OParl 1.1 endpoint (`/oparl/`): the public council data of each
municipality as one OParl Body. Read-only, no login; nothing of cases."""
