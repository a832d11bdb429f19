"""Views of the case module's referrals pages."""
