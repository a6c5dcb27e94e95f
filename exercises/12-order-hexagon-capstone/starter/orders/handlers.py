"""Reactions to order events (to write): each handler gets one event and the one port it needs."""
