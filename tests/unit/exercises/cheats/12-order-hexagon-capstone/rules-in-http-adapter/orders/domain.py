"""The domain (nothing here: the rules live at the edge)."""
